import { QrcodeOutlined, ScanOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { AttendanceEntry } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { useSessions } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { dateIn, timeIn } from '../../lib/time';
import { attendanceApi } from './api';
import type { AttendancePowers } from './index';
import { type AtKey, useAtT } from './messages';

const STATUS_COLOR: Record<string, string> = { present: 'green', late: 'orange', leave: 'blue', absent: 'red', pending: 'default' };

/** One session: everyone expected there, how and when they checked in; marks by hand; the projector and the scanner. */
export function SessionView({
  cls,
  powers,
  sessionId,
  onSession,
}: {
  cls: ClassDetailT;
  powers: AttendancePowers;
  sessionId: number | null;
  onSession: (id: number) => void;
}) {
  const t = useAtT();
  const sessions = useSessions(cls.id);
  const list = sessions.data ?? [];
  // Without a choice: the session running now, else the next, else the last.
  const chosen = useMemo(() => {
    if (sessionId) return sessionId;
    const now = Date.now();
    return (
      list.find((s) => Date.parse(s.startsAt) - 30 * 60_000 <= now && now <= Date.parse(s.endsAt))?.id ??
      list.find((s) => Date.parse(s.startsAt) > now)?.id ??
      list[list.length - 1]?.id ??
      null
    );
  }, [list, sessionId]);
  if (sessions.isPending) return <Loading />;
  if (sessions.error) return <ErrorState error={sessions.error} onRetry={() => sessions.refetch()} />;
  return (
    <div className="as">
      <Space wrap className="am-toolbar">
        <Select
          aria-label={t('at.session.choose')}
          showSearch
          optionFilterProp="label"
          style={{ minWidth: 360 }}
          value={chosen ?? undefined}
          onChange={onSession}
          options={list.map((s) => ({ value: s.id, label: `${dateIn(s.startsAt, cls.timeZone)} ${timeIn(s.startsAt, cls.timeZone)} ${s.title}` }))}
        />
        {chosen && powers.record && (
          <Button icon={<QrcodeOutlined />} href={`/classes/${cls.id}/projector/${chosen}`} target="_blank">
            {t('at.projector')}
          </Button>
        )}
        {powers.record && (
          <Button icon={<ScanOutlined />} href={`/t/scanner/${cls.id}`} target="_blank">
            {t('at.scanner')}
          </Button>
        )}
      </Space>
      {!powers.record && <Alert type="info" showIcon message={cls.status === 'running' ? t('at.readonly') : t('at.locked')} className="am-alert" />}
      {chosen && <SessionTable cls={cls} sessionId={chosen} canMark={powers.record} />}
    </div>
  );
}

function SessionTable({ cls, sessionId, canMark }: { cls: ClassDetailT; sessionId: number; canMark: boolean }) {
  const t = useAtT();
  const q = useQuery({ queryKey: ['session-attendance', sessionId], queryFn: () => attendanceApi.session(sessionId), refetchInterval: 10_000 });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const a = q.data;
  const tz = a.timeZone;
  return (
    <>
      <div className="as-head">
        <Typography.Title level={5}>{a.session.title}</Typography.Title>
        <Space wrap>
          <Tag color={a.window.isOpen ? 'green' : 'default'}>{a.window.isOpen ? t('at.session.open') : t('at.session.closed')}</Tag>
          <span>{t('at.session.window', { from: `${dateIn(a.window.opensAt, tz)} ${timeIn(a.window.opensAt, tz)}`, to: timeIn(a.window.closesAt, tz) })}</span>
          <span>{t('at.session.late_after', { time: timeIn(a.session.lateAfter, tz) })}</span>
        </Space>
        <div className="as-counts">{t('at.session.counts', a.counts)}</div>
      </div>
      <Table<AttendanceEntry>
        rowKey="enrolmentId"
        size="small"
        pagination={false}
        dataSource={a.entries}
        columns={[
          {
            title: t('at.col.name'),
            render: (_, e) => (
              <span>
                {e.name} {e.nameBo && <span className="am-bo">{e.nameBo}</span>}
              </span>
            ),
          },
          { title: t('at.col.group'), dataIndex: 'groupName' },
          {
            title: t('at.col.status'),
            render: (_, e) =>
              e.review === 'pending' ? (
                <Tag color="gold">{t('at.cell.review')}</Tag>
              ) : (
                <Tag color={STATUS_COLOR[e.status]}>{t(`at.cell.${e.status}` as AtKey)}</Tag>
              ),
          },
          { title: t('at.col.method'), render: (_, e) => (e.method ? t(`at.method.${e.method}` as AtKey) : '') },
          { title: t('at.col.time'), render: (_, e) => (e.checkedInAt ? timeIn(e.checkedInAt, tz) : '') },
          { title: t('at.mark.reason'), dataIndex: 'reason' },
          { title: t('at.col.by'), dataIndex: 'recordedBy' },
          ...(canMark
            ? [{ title: t('at.col.actions'), render: (_: unknown, e: AttendanceEntry) => <MarkControls cls={cls} sessionId={sessionId} entry={e} /> }]
            : []),
        ]}
      />
    </>
  );
}

function MarkControls({ cls, sessionId, entry }: { cls: ClassDetailT; sessionId: number; entry: AttendanceEntry }) {
  const t = useAtT();
  const { message } = App.useApp();
  const problem = useProblem();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string>(entry.recorded ?? 'present');
  const [reason, setReason] = useState(entry.reason ?? '');
  const refresh = () => {
    qc.invalidateQueries({ queryKey: ['session-attendance', sessionId] });
    qc.invalidateQueries({ queryKey: ['attendance-matrix', cls.id] });
  };
  const mark = useMutation({
    mutationFn: () => attendanceApi.mark(sessionId, entry.enrolmentId, { status, reason: reason.trim() || null }),
    onSuccess: (e) => {
      message.success(t('at.mark.saved', { name: e.name, status: t(`at.cell.${e.status}` as AtKey) }));
      refresh();
    },
    onError: (e) => problem(e),
  });
  const clear = useMutation({
    mutationFn: () => attendanceApi.clear(sessionId, entry.enrolmentId),
    onSuccess: () => {
      message.success(t('at.mark.cleared', { name: entry.name }));
      refresh();
    },
    onError: (e) => problem(e),
  });
  const needsReason = (status === 'absent' || status === 'leave') && !reason.trim();
  return (
    <Space.Compact>
      <Select
        aria-label={t('at.mark')}
        size="small"
        value={status}
        onChange={setStatus}
        style={{ width: 88 }}
        options={(['present', 'late', 'absent', 'leave'] as const).map((s) => ({ value: s, label: t(`at.cell.${s}`) }))}
      />
      <Input size="small" placeholder={t('at.mark.reason')} value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 120 }} maxLength={500} />
      <Button
        size="small"
        type="primary"
        loading={mark.isPending}
        disabled={needsReason}
        title={needsReason ? t('at.mark.reason_needed') : undefined}
        onClick={() => mark.mutate()}
      >
        {t('at.mark')}
      </Button>
      {entry.recorded && (
        <Button size="small" loading={clear.isPending} onClick={() => clear.mutate()}>
          {t('at.mark.clear')}
        </Button>
      )}
    </Space.Compact>
  );
}
