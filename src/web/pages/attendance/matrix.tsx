import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { AttendanceMatrix } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { dateIn, timeIn } from '../../lib/time';
import { downloadFile } from '../roster-io/transfer';
import { attendanceApi } from './api';
import { type AtKey, useAtT } from './messages';

const CELL: Record<string, { cls: string; key: AtKey }> = {
  P: { cls: 'am-present', key: 'at.cell.present' },
  L: { cls: 'am-late', key: 'at.cell.late' },
  V: { cls: 'am-leave', key: 'at.cell.leave' },
  A: { cls: 'am-absent', key: 'at.cell.absent' },
  '.': { cls: 'am-pending', key: 'at.cell.pending' },
  '?': { cls: 'am-review', key: 'at.cell.review' },
  '-': { cls: 'am-none', key: 'at.cell.none' },
};
type Trainee = AttendanceMatrix['trainees'][number];

export const matrixKey = (classId: number, groupId?: number, day?: string) => ['attendance-matrix', classId, groupId ?? null, day ?? null] as const;

/** Trainees × sessions: a plain table (30,000 cells would be slow as components), sticky name column and header. */
export function MatrixView({ cls, onSession }: { cls: ClassDetailT; onSession: (sessionId: number) => void }) {
  const t = useAtT();
  const { message } = App.useApp();
  const problem = useProblem();
  const [groupId, setGroupId] = useState<number | undefined>();
  const [day, setDay] = useState<string | undefined>();
  const q = useQuery({ queryKey: matrixKey(cls.id, groupId, day), queryFn: () => attendanceApi.matrix(cls.id, { groupId, day }) });
  const exportXlsx = async () => {
    try {
      const query = new URLSearchParams({ ...(groupId ? { groupId: String(groupId) } : {}), ...(day ? { day } : {}) }).toString();
      const name = await downloadFile(`/api/v1/classes/${cls.id}/attendance-matrix.xlsx${query ? `?${query}` : ''}`, `attendance-${cls.id}.xlsx`);
      message.success(t('at.exported', { name }));
    } catch (e) {
      problem(e);
    }
  };
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const m: AttendanceMatrix = q.data;
  return (
    <div className="am">
      <Space wrap className="am-toolbar">
        <Select
          aria-label={t('at.filter.group')}
          style={{ minWidth: 140 }}
          value={groupId ?? 0}
          onChange={(v) => setGroupId(v || undefined)}
          options={[{ value: 0, label: t('at.filter.group.all') }, ...m.groups.map((g) => ({ value: g.id, label: g.name }))]}
        />
        <Select
          aria-label={t('at.filter.day')}
          style={{ minWidth: 140 }}
          value={day ?? ''}
          onChange={(v) => setDay(v || undefined)}
          options={[{ value: '', label: t('at.filter.day.all') }, ...m.days.map((d) => ({ value: d, label: d }))]}
        />
        <Button icon={<DownloadOutlined />} onClick={exportXlsx}>
          {t('at.export')}
        </Button>
        <Typography.Text type="secondary">{t('at.legend')}</Typography.Text>
      </Space>
      {m.overLimitCount > 0 && (
        <Alert
          type="warning"
          showIcon
          className="am-alert"
          message={t('at.over_limit_count', { n: m.overLimitCount, ratio: `${Math.round(m.leaveLimitRatio * 1000) / 10}%` })}
        />
      )}
      <div className="am-scroll" data-testid="attendance-matrix">
        <table className="am-table">
          <thead>
            <tr>
              <th className="am-sticky am-name">{t('at.col.name')}</th>
              {m.sessions.map((s) => (
                <th key={s.id} className="am-session" title={`${s.day} ${timeIn(s.startsAt, m.timeZone)} ${s.title}`}>
                  <button type="button" className="am-session-link" onClick={() => onSession(s.id)}>
                    <span className="am-day">{s.day.slice(5)}</span>
                    <span>{timeIn(s.startsAt, m.timeZone)}</span>
                    <span className="am-session-title">{s.title}</span>
                  </button>
                </th>
              ))}
              <th>{t('at.col.attended')}</th>
              <th>{t('at.col.leave')}</th>
              <th>{t('at.col.absent')}</th>
              <th>{t('at.col.total')}</th>
            </tr>
          </thead>
          <tbody>
            {m.trainees.map((r) => (
              <tr key={r.enrolmentId} data-enrolment={r.enrolmentId} className={r.hours.overLimit ? 'am-over' : undefined}>
                <th className="am-sticky am-name" scope="row">
                  <span>{r.name}</span>
                  {r.nameBo && <span className="am-bo"> {r.nameBo}</span>}
                  <span className="am-group">{r.groupName}</span>
                  {r.hours.overLimit && (
                    <Tag color="red" className="am-tag">
                      {t('at.over_limit')}
                    </Tag>
                  )}
                </th>
                <MatrixCells row={r} sessions={m.sessions} timeZone={m.timeZone} />
                <td className="am-num">{r.hours.attendedHours}</td>
                <td className="am-num">{r.hours.leaveHours}</td>
                <td className="am-num">{r.hours.absentHours}</td>
                <td className="am-num">{r.hours.totalHours}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th className="am-sticky am-name">{t('at.row.attended')}</th>
              {m.sessions.map((s) => (
                <td key={s.id} className="am-num">
                  {s.counts.present + s.counts.late}
                </td>
              ))}
              <td colSpan={4} />
            </tr>
            {m.sessions.some((s) => s.reviewCount > 0) && (
              <tr data-testid="matrix-review-row">
                <th className="am-sticky am-name">{t('at.row.review')}</th>
                {m.sessions.map((s) => (
                  <td key={s.id} className="am-num am-review-count">
                    {s.reviewCount || ''}
                  </td>
                ))}
                <td colSpan={4} />
              </tr>
            )}
            <tr>
              <th className="am-sticky am-name">{t('at.row.expected')}</th>
              {m.sessions.map((s) => (
                <td key={s.id} className="am-num">
                  {s.counts.expected}
                </td>
              ))}
              <td colSpan={4} />
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

/**
 * One trainee's cells. A record from an offline check-in (#15) carries a small 离线 mark and says
 * when it was scanned (the phone's clock) and synced (the server's); one waiting for the class
 * teacher shows as 待确认, neither present nor absent.
 */
function MatrixCells({ row, sessions, timeZone }: { row: Trainee; sessions: AttendanceMatrix['sessions']; timeZone: string }) {
  const t = useAtT();
  const offline = new Map(row.offline.map((o) => [o.sessionId, o]));
  const at = (iso: string | null) => (iso ? `${dateIn(iso, timeZone).slice(5)} ${timeIn(iso, timeZone)}` : '—');
  return (
    <>
      {[...row.cells].map((c, i) => {
        const o = offline.get(sessions[i].id);
        const title = o
          ? [
              t(CELL[c].key),
              t('at.offline.title', { scanned: at(o.scannedAt), synced: at(o.syncedAt) }),
              ...(o.review && o.review !== 'pending' ? [t(`of.filter.${o.review}` as AtKey)] : []),
            ].join(' · ')
          : t(CELL[c].key);
        return (
          <td key={sessions[i].id} className={`am-cell ${CELL[c].cls}${o ? ' am-offline' : ''}`} title={title} data-session={sessions[i].id}>
            {c === '?' ? t('at.cell.review') : c === '-' ? '' : c}
            {o && c !== '?' && <sup className="am-off">{t('at.offline.mark')}</sup>}
          </td>
        );
      })}
    </>
  );
}
