import { PaperClipOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ReflectionList, ReflectionStatus } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { fieldsIn, useProblem } from '../../lib/problems';
import type { ClassPowers } from '../class/powers';
import { afterApi, afterKeys, useReflections } from './api';
import { useAfterT } from './messages';

type Row = ReflectionList['rows'][number];
const COLOR: Record<ReflectionStatus, string> = { draft: 'default', submitted: 'processing', revision: 'warning', accepted: 'success' };

/** The class's 心得体会 tab: who has written, the minimum length, and the review of each. */
export default function ReflectionsTab({ cls }: { cls: ClassDetailT; powers?: ClassPowers }) {
  const t = useAfterT();
  const q = useReflections(cls.id);
  const qc = useQueryClient();
  const problem = useProblem();
  const { message } = App.useApp();
  const [open, setOpen] = useState<Row | null>(null);
  const [min, setMin] = useState<number | null>(null);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data;
  const saveMin = async () => {
    try {
      qc.setQueryData(afterKeys.reflections(cls.id), await afterApi.setMinWords(cls.id, min ?? data.minWords));
      message.success(t('ap.saved'));
    } catch (e) {
      problem(e);
    }
  };
  return (
    <div>
      <Typography.Paragraph type="secondary">{t('rf.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <span>{t('rf.min')}</span>
        <InputNumber min={0} max={20000} step={100} value={min ?? data.minWords} onChange={(v) => setMin(v)} aria-label={t('rf.min')} />
        <Button onClick={saveMin}>{t('rf.min_save')}</Button>
      </Space>
      <Table<Row>
        rowKey="enrolmentId"
        size="small"
        pagination={false}
        dataSource={data.rows}
        columns={[
          { title: t('rf.col.name'), key: 'name', render: (_, r) => (r.nameBo ? `${r.name} ${r.nameBo}` : r.name) },
          { title: t('rf.col.group'), key: 'group', render: (_, r) => r.groupName ?? '—' },
          {
            title: t('rf.col.status'),
            key: 'status',
            render: (_, r) => (r.status ? <Tag color={COLOR[r.status]}>{t(`rf.status.${r.status}`)}</Tag> : <Tag>{t('rf.status.none')}</Tag>),
          },
          { title: t('rf.col.words'), key: 'words', render: (_, r) => `${r.wordCount} / ${r.minWords}` },
          { title: t('rf.col.consent'), key: 'consent', render: (_, r) => (r.status ? (r.consentQuote ? t('rf.yes') : t('rf.no')) : '—') },
          { title: t('rf.col.submitted'), key: 'at', render: (_, r) => (r.submittedAt ? new Date(r.submittedAt).toLocaleString() : '—') },
          {
            title: '',
            key: 'open',
            render: (_, r) =>
              r.status && r.status !== 'draft' ? (
                <Button size="small" type={r.status === 'submitted' ? 'primary' : 'default'} onClick={() => setOpen(r)}>
                  {t('rf.open')}
                </Button>
              ) : null,
          },
        ]}
      />
      {open && <ReviewDrawer classId={cls.id} row={open} onClose={() => setOpen(null)} />}
    </div>
  );
}

function ReviewDrawer({ classId, row, onClose }: { classId: number; row: Row; onClose: () => void }) {
  const t = useAfterT();
  const qc = useQueryClient();
  const problem = useProblem();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ comment?: string }>();
  const q = useQuery({ queryKey: afterKeys.reflection(classId, row.enrolmentId), queryFn: () => afterApi.reflection(classId, row.enrolmentId) });
  const decide = async (decision: 'accept' | 'revise') => {
    try {
      await afterApi.review(classId, row.enrolmentId, { decision, comment: form.getFieldValue('comment') ?? null });
      message.success(decision === 'accept' ? t('rf.done_accept') : t('rf.done_revise'));
      await qc.invalidateQueries({ queryKey: afterKeys.reflections(classId) });
      onClose();
    } catch (e) {
      problem(e, form, fieldsIn('comment'));
    }
  };
  const r = q.data;
  return (
    <Drawer open onClose={onClose} width={720} title={`${row.name} · ${t(`rf.status.${row.status ?? 'draft'}`)}`}>
      {!r ? (
        <Loading />
      ) : (
        <>
          <Typography.Text type="secondary">{`${r.wordCount} / ${r.minWords}`}</Typography.Text>
          {/* The server's sanitised HTML (the bulletin whitelist). */}
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server */}
          <div className="reflection-body" style={{ lineHeight: 1.8, margin: '12px 0' }} dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
          {r.attachment && (
            <p>
              <PaperClipOutlined /> {t('rf.attachment')}: <a href={`/api/v1/classes/${classId}/reflections/${r.enrolmentId}/attachment`}>{r.attachment.name}</a>
            </p>
          )}
          {r.reviewComment && <Alert type="info" showIcon message={`${t('rf.previous_comment')}: ${r.reviewComment}`} style={{ marginBottom: 12 }} />}
          {r.status === 'submitted' && (
            <Form form={form} layout="vertical">
              <Form.Item name="comment" label={t('rf.comment')}>
                <Input.TextArea rows={3} placeholder={t('rf.comment_placeholder')} />
              </Form.Item>
              <Space>
                <Button type="primary" onClick={() => decide('accept')}>
                  {t('rf.accept')}
                </Button>
                <Button danger onClick={() => decide('revise')}>
                  {t('rf.revise')}
                </Button>
              </Space>
            </Form>
          )}
        </>
      )}
    </Drawer>
  );
}
