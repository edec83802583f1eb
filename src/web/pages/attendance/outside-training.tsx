import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Segmented, Space, Table, Tag, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { z } from 'zod';
import { OutsideTraining } from '../../../contracts';
import { api } from '../../api/client';
import { fieldsIn, useProblem } from '../../lib/problems';
import { useHandbookT } from '../handbook/messages';
import { downloadFile, uploadForm } from '../roster-io/transfer';

type Status = 'pending' | 'approved' | 'rejected';
const COLOR: Record<Status, string> = { pending: 'gold', approved: 'green', rejected: 'red' };
const base = (institutionId: number) => `/api/v1/institutions/${institutionId}/outside-trainings`;

/** The 教务 office's queue of outside training (培训经历认定): certificates to look at, recognise or reject with a comment. */
export function OutsideTrainingReview({ institutionId }: { institutionId: number }) {
  const t = useHandbookT();
  const qc = useQueryClient();
  const problem = useProblem();
  const { message } = App.useApp();
  const [status, setStatus] = useState<Status | 'all'>('pending');
  const [rejecting, setRejecting] = useState<OutsideTraining | null>(null);
  const [comment, setComment] = useState('');
  const key = ['outside-trainings', institutionId, status];
  const q = useQuery({
    queryKey: key,
    queryFn: () => api('GET', base(institutionId), { query: status === 'all' ? {} : { status }, schema: z.array(OutsideTraining) }),
  });
  const decide = async (row: OutsideTraining, decision: 'approve' | 'reject', text?: string) => {
    try {
      await api('POST', `${base(institutionId)}/${row.id}/review`, { body: { decision, comment: text || null }, schema: OutsideTraining });
      message.success(t('ot.done'));
      setRejecting(null);
      setComment('');
      await qc.invalidateQueries({ queryKey: ['outside-trainings', institutionId] });
      await qc.invalidateQueries({ queryKey: ['hours-report'] });
    } catch (e) {
      problem(e);
    }
  };
  return (
    <section style={{ marginTop: 32 }} aria-label={t('ot.title')}>
      <Typography.Title level={4}>{t('ot.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('ot.intro')}</Typography.Paragraph>
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as Status | 'all')}
        options={(['pending', 'approved', 'rejected', 'all'] as const).map((s) => ({
          value: s,
          label: s === 'all' ? t('ot.filter.all') : t(`ot.status.${s}`),
        }))}
        style={{ marginBottom: 12 }}
      />
      <Table<OutsideTraining>
        rowKey="id"
        size="small"
        loading={q.isPending}
        pagination={false}
        locale={{ emptyText: t('ot.none') }}
        dataSource={q.data ?? []}
        columns={[
          { title: t('ot.col.name'), render: (_, r) => `${r.name}${r.nameBo ? ` ${r.nameBo}` : ''}${r.workUnit ? ` · ${r.workUnit}` : ''}` },
          { title: t('ot.col.training'), render: (_, r) => `${r.organiser} · ${r.title}` },
          { title: t('ot.col.dates'), render: (_, r) => `${r.startsOn} – ${r.endsOn}` },
          { title: t('ot.col.hours'), dataIndex: 'hours' },
          { title: t('ot.col.by'), render: (_, r) => t(`ot.by.${r.submittedBy}`) },
          {
            title: t('ot.col.certificate'),
            render: (_, r) =>
              r.certificate ? (
                <Button size="small" type="link" onClick={() => downloadFile(`${base(institutionId)}/${r.id}/certificate`, r.certificate!.name).catch(problem)}>
                  {r.certificate.name}
                </Button>
              ) : (
                '—'
              ),
          },
          {
            title: t('ot.col.status'),
            render: (_, r) =>
              r.status === 'pending' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => decide(r, 'approve')}>
                    {t('ot.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => setRejecting(r)}>
                    {t('ot.reject')}
                  </Button>
                </Space>
              ) : (
                <Space direction="vertical" size={0}>
                  <Tag color={COLOR[r.status]}>{t(`ot.status.${r.status}`)}</Tag>
                  {r.reviewComment && <Typography.Text type="secondary">{r.reviewComment}</Typography.Text>}
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={!!rejecting}
        title={rejecting ? `${t('ot.reject')} · ${rejecting.name} · ${rejecting.title}` : ''}
        okText={t('ot.reject')}
        okButtonProps={{ danger: true, disabled: !comment.trim() }}
        onOk={() => rejecting && decide(rejecting, 'reject', comment)}
        onCancel={() => setRejecting(null)}
      >
        <Input.TextArea
          aria-label={t('ot.comment')}
          placeholder={t('ot.comment_required')}
          rows={3}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </Modal>
    </section>
  );
}

type FormValues = { organiser: string; title: string; dates: [Dayjs, Dayjs]; hours: number };

/** Recording outside training for one person, on screen (the 教务 office), with the certificate. */
export function RecordOutsideTraining({
  institutionId,
  person,
  onClose,
}: {
  institutionId: number;
  person: { personId: number; name: string };
  onClose: () => void;
}) {
  const t = useHandbookT();
  const qc = useQueryClient();
  const problem = useProblem();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [file, setFile] = useState<File | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const row = await api('POST', `/api/v1/institutions/${institutionId}/people/${person.personId}/outside-trainings`, {
        body: { organiser: v.organiser, title: v.title, startsOn: v.dates[0].format('YYYY-MM-DD'), endsOn: v.dates[1].format('YYYY-MM-DD'), hours: v.hours },
        schema: OutsideTraining,
      });
      if (file) {
        const data = new FormData();
        data.append('file', file);
        await uploadForm(`${base(institutionId)}/${row.id}/certificate`, data, { schema: OutsideTraining });
      }
      message.success(t('ot.recorded'));
      await qc.invalidateQueries({ queryKey: ['outside-trainings', institutionId] });
      onClose();
    } catch (e) {
      problem(e, form, fieldsIn('organiser', 'title', 'hours'));
    }
  };
  return (
    <Modal open title={t('ot.record_for', { name: person.name })} okText={t('ot.save')} onOk={submit} onCancel={onClose}>
      <Form form={form} layout="vertical">
        <Form.Item name="organiser" label={t('ot.organiser')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="title" label={t('ot.training_title')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="dates" label={t('ot.dates')} rules={[{ required: true }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="hours" label={t('ot.hours')} rules={[{ required: true }]}>
          <InputNumber min={0.5} max={1000} step={0.5} />
        </Form.Item>
        <Form.Item label={t('ot.certificate')}>
          <Upload
            accept="image/jpeg,image/png,image/webp,application/pdf"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button>{t('ot.certificate')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
