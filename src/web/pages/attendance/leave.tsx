import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Input, Modal, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { LeaveRequest } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { dateIn, timeIn } from '../../lib/time';
import { attendanceApi } from './api';
import type { AttendancePowers } from './index';
import { type AtKey, useAtT } from './messages';

const COLOR: Record<string, string> = { pending: 'orange', approved: 'green', rejected: 'red', cancelled: 'default' };

/** Leave requests of the class, pending first; the class teacher approves or rejects with a comment. */
export function LeaveView({ cls, powers }: { cls: ClassDetailT; powers: AttendancePowers }) {
  const t = useAtT();
  const [status, setStatus] = useState<string>('pending');
  const q = useQuery({
    queryKey: ['leave-requests', cls.id, status],
    queryFn: () => attendanceApi.leaves(cls.id, status === 'all' ? undefined : status),
  });
  const [deciding, setDeciding] = useState<{ leave: LeaveRequest; decision: 'approve' | 'reject' } | null>(null);
  return (
    <div className="al">
      <Segmented
        value={status}
        onChange={(v) => setStatus(String(v))}
        options={['pending', 'approved', 'rejected', 'all'].map((s) => ({ value: s, label: t(`lv.status.${s}` as AtKey) }))}
      />
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.length === 0 ? (
        <Empty description={t('lv.empty')} />
      ) : (
        q.data.map((l) => (
          <Card key={l.id} size="small" className="al-card" data-leave={l.id}>
            <div className="al-head">
              <Space wrap>
                <Typography.Text strong>{l.name}</Typography.Text>
                {l.nameBo && <span className="am-bo">{l.nameBo}</span>}
                <span className="am-group">{l.groupName}</span>
                <Tag color={COLOR[l.status]}>{t(`lv.status.${l.status}` as AtKey)}</Tag>
                <span>{t('lv.hours', { n: l.hours })}</span>
              </Space>
              <Typography.Text type="secondary">
                {dateIn(l.requestedAt, cls.timeZone)} {timeIn(l.requestedAt, cls.timeZone)}
              </Typography.Text>
            </div>
            <p className="al-reason">{l.reason}</p>
            {l.startsAt && l.endsAt && (
              <p>
                {t('lv.span', {
                  from: `${dateIn(l.startsAt, cls.timeZone)} ${timeIn(l.startsAt, cls.timeZone)}`,
                  to: `${dateIn(l.endsAt, cls.timeZone)} ${timeIn(l.endsAt, cls.timeZone)}`,
                })}
              </p>
            )}
            <ul className="al-sessions">
              {l.sessions.map((s) => (
                <li key={s.id}>
                  {dateIn(s.startsAt, cls.timeZone)} {timeIn(s.startsAt, cls.timeZone)} {s.title}（{s.hours}）
                </li>
              ))}
            </ul>
            <Typography.Text type={l.usage.overLimit ? 'danger' : 'secondary'}>
              {t('lv.usage', { leave: l.usage.leaveHours, absent: l.usage.absentHours, limit: l.usage.limitHours })}
            </Typography.Text>
            {l.usage.wouldExceed && <Alert type="warning" showIcon message={t('lv.would_exceed')} className="am-alert" />}
            {l.decisionComment && <p>“{l.decisionComment}”</p>}
            {l.decidedBy && l.decidedAt && (
              <Typography.Text type="secondary">
                {t('lv.decided_by', { by: l.decidedBy, at: `${dateIn(l.decidedAt, cls.timeZone)} ${timeIn(l.decidedAt, cls.timeZone)}` })}
              </Typography.Text>
            )}
            {l.status === 'pending' && powers.decideLeave && (
              <Space className="al-actions">
                <Button type="primary" onClick={() => setDeciding({ leave: l, decision: 'approve' })}>
                  {t('lv.approve')}
                </Button>
                <Button danger onClick={() => setDeciding({ leave: l, decision: 'reject' })}>
                  {t('lv.reject')}
                </Button>
              </Space>
            )}
          </Card>
        ))
      )}
      {deciding && <DecideModal cls={cls} leave={deciding.leave} decision={deciding.decision} onClose={() => setDeciding(null)} />}
    </div>
  );
}

function DecideModal({ cls, leave, decision, onClose }: { cls: ClassDetailT; leave: LeaveRequest; decision: 'approve' | 'reject'; onClose: () => void }) {
  const t = useAtT();
  const { message } = App.useApp();
  const problem = useProblem();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const decide = useMutation({
    mutationFn: () => attendanceApi.decide(cls.id, leave.id, { decision, comment: comment.trim() || null }),
    onSuccess: (l) => {
      message.success(t('lv.decided', { name: l.name, status: t(`lv.status.${l.status}` as AtKey) }));
      qc.invalidateQueries({ queryKey: ['leave-requests', cls.id] });
      qc.invalidateQueries({ queryKey: ['attendance-matrix', cls.id] });
      qc.invalidateQueries({ queryKey: ['session-attendance'] });
      onClose();
    },
    onError: (e) => problem(e),
  });
  return (
    <Modal
      open
      title={`${decision === 'approve' ? t('lv.approve') : t('lv.reject')} · ${leave.name}`}
      okText={decision === 'approve' ? t('lv.approve') : t('lv.reject')}
      okButtonProps={{ danger: decision === 'reject', loading: decide.isPending }}
      onOk={() => decide.mutate()}
      onCancel={onClose}
    >
      <p>{leave.reason}</p>
      <Input.TextArea
        aria-label={t('lv.comment')}
        placeholder={t('lv.comment')}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        maxLength={500}
        rows={3}
      />
    </Modal>
  );
}
