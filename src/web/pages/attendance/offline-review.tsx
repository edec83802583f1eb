import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { z } from 'zod';
import type { OfflineCheckInReviewItem } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { dateIn, timeIn } from '../../lib/time';
import { attendanceApi } from './api';
import type { AttendancePowers } from './index';
import { type AtKey, useAtT } from './messages';

type Item = z.infer<typeof OfflineCheckInReviewItem>;
const COLOR: Record<string, string> = { pending: 'orange', accepted: 'green', rejected: 'red', superseded: 'default' };

/**
 * 离线签到 (#15): check-ins scanned with no network that synced late, with when they were scanned
 * (the phone's clock) and synced (the server's); the class teacher accepts (the arrival stands
 * and counts for hours) or rejects (absent). Pending ones earn no hours until accepted.
 */
export function OfflineReviewView({ cls, powers }: { cls: ClassDetailT; powers: AttendancePowers }) {
  const t = useAtT();
  const { message } = App.useApp();
  const problem = useProblem();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<string>('pending');
  const q = useQuery({ queryKey: ['offline-check-ins', cls.id], queryFn: () => attendanceApi.offlineCheckIns(cls.id) });
  const review = useMutation({
    mutationFn: (v: { id: number; decision: 'accept' | 'reject' }) => attendanceApi.reviewOffline(cls.id, v.id, v.decision),
    onSuccess: (r) => {
      message.success(t('of.done', { name: r.name, review: t(`of.filter.${r.review}` as AtKey) }));
      qc.invalidateQueries({ queryKey: ['offline-check-ins', cls.id] });
      qc.invalidateQueries({ queryKey: ['attendance-matrix', cls.id] });
      qc.invalidateQueries({ queryKey: ['session-attendance'] });
    },
    onError: (e) => problem(e),
  });
  const at = (iso: string | null) => (iso ? `${dateIn(iso, cls.timeZone)} ${timeIn(iso, cls.timeZone)}` : '—');
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const rows = q.data.filter((r) => filter === 'all' || r.review === filter);
  return (
    <div className="ao">
      <Typography.Paragraph type="secondary">{t('of.intro')}</Typography.Paragraph>
      <Segmented
        value={filter}
        onChange={(v) => setFilter(String(v))}
        options={['pending', 'accepted', 'rejected', 'all'].map((s) => ({
          value: s,
          label: s === 'pending' ? `${t('of.filter.pending')} (${q.data.filter((r) => r.review === 'pending').length})` : t(`of.filter.${s}` as AtKey),
        }))}
      />
      {rows.length === 0 ? (
        <Empty description={t('of.empty')} />
      ) : (
        <Table<Item>
          size="small"
          rowKey="attendanceId"
          pagination={false}
          dataSource={rows}
          onRow={(r) => ({ 'data-attendance': r.attendanceId }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('of.col.name'), dataIndex: 'name' },
            { title: t('of.col.session'), dataIndex: 'sessionTitle' },
            { title: t('of.col.scanned'), render: (_, r) => at(r.scannedAt) },
            { title: t('of.col.synced'), render: (_, r) => at(r.syncedAt) },
            { title: t('of.col.status'), render: (_, r) => t(`of.status.${r.status}` as AtKey) },
            {
              title: t('of.col.review'),
              render: (_, r) =>
                r.review === 'pending' && powers.record ? (
                  <Space>
                    <Button size="small" type="primary" loading={review.isPending} onClick={() => review.mutate({ id: r.attendanceId, decision: 'accept' })}>
                      {t('of.accept')}
                    </Button>
                    <Button size="small" danger loading={review.isPending} onClick={() => review.mutate({ id: r.attendanceId, decision: 'reject' })}>
                      {t('of.reject')}
                    </Button>
                  </Space>
                ) : (
                  <Tag color={COLOR[r.review]}>{t(`of.filter.${r.review}` as AtKey)}</Tag>
                ),
            },
          ]}
        />
      )}
    </div>
  );
}
