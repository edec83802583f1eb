import { DownloadOutlined, FilePdfOutlined, LockOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Appraisal } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { fieldsIn, useProblem } from '../../lib/problems';
import type { ClassPowers } from '../class/powers';
import { afterApi, afterKeys, useAppraisals } from './api';
import { useAfterT } from './messages';

/** The class's 结业鉴定 tab: every trainee's form, filled in and signed off here; PDFs per trainee and per work unit. */
export default function AppraisalsTab({ cls }: { cls: ClassDetailT; powers?: ClassPowers }) {
  const t = useAfterT();
  const q = useAppraisals(cls.id);
  const problem = useProblem();
  const [open, setOpen] = useState<number | null>(null);
  const [unit, setUnit] = useState<string | null>(null);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data;
  const editing = data.rows.find((r) => r.enrolmentId === open);
  return (
    <div>
      <Typography.Paragraph type="secondary">{t('ap.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          style={{ minWidth: 260 }}
          showSearch
          placeholder={t('ap.batch_unit')}
          value={unit}
          onChange={setUnit}
          options={data.workUnits.map((w) => ({ value: w, label: w }))}
          aria-label={t('ap.batch_unit')}
        />
        <Button icon={<DownloadOutlined />} disabled={!unit} onClick={() => unit && afterApi.batch(cls.id, unit).catch(problem)}>
          {t('ap.batch')}
        </Button>
      </Space>
      <Table<Appraisal>
        rowKey="enrolmentId"
        size="small"
        pagination={false}
        dataSource={data.rows}
        columns={[
          { title: t('ap.col.name'), key: 'name', render: (_, r) => (r.nameBo ? `${r.name} ${r.nameBo}` : r.name) },
          { title: t('ap.col.unit'), key: 'unit', render: (_, r) => r.workUnit ?? '—' },
          { title: t('ap.col.hours'), key: 'hours', render: (_, r) => `${r.hours.attendedHours} / ${r.hours.totalHours}` },
          {
            title: t('ap.col.self'),
            key: 'self',
            render: (_, r) => (r.selfText ? t('ap.written') : <Typography.Text type="secondary">{t('ap.missing')}</Typography.Text>),
          },
          {
            title: t('ap.col.state'),
            key: 'state',
            render: (_, r) =>
              r.signedOffAt ? (
                <Tag color="success" icon={<LockOutlined />}>
                  {t('ap.signed')}
                </Tag>
              ) : (
                <Tag>{t('ap.open')}</Tag>
              ),
          },
          {
            title: '',
            key: 'actions',
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => setOpen(r.enrolmentId)}>
                  {t('ap.edit')}
                </Button>
                <Button size="small" icon={<FilePdfOutlined />} onClick={() => afterApi.pdf(cls.id, r.enrolmentId, r.name).catch(problem)}>
                  {t('ap.pdf')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && <AppraisalDrawer cls={cls} row={editing} onClose={() => setOpen(null)} />}
    </div>
  );
}

function AppraisalDrawer({ cls, row, onClose }: { cls: ClassDetailT; row: Appraisal; onClose: () => void }) {
  const t = useAfterT();
  const qc = useQueryClient();
  const problem = useProblem();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ groupText?: string; groupBy?: string; teacherText?: string }>();
  const [reason, setReason] = useState('');
  const mayUnlock = cls.abilities.includes('appraisal.unlock');
  const refresh = () => qc.invalidateQueries({ queryKey: afterKeys.appraisals(cls.id) });
  const act = async (fn: () => Promise<unknown>, done = t('ap.saved')) => {
    try {
      await fn();
      message.success(done);
      await refresh();
    } catch (e) {
      problem(e, form, fieldsIn('groupText', 'groupBy', 'teacherText'));
    }
  };
  const save = () => afterApi.saveAppraisal(cls.id, row.enrolmentId, form.getFieldsValue());
  const locked = !!row.signedOffAt;
  return (
    <Drawer open onClose={onClose} width={680} title={`${row.name} · ${row.workUnit ?? ''}`}>
      <Typography.Paragraph>{`${row.position ?? ''} · ${row.groupName ?? ''} · ${row.hours.attendedHours} / ${row.hours.totalHours}`}</Typography.Paragraph>
      {locked && (
        <Alert type="success" showIcon icon={<LockOutlined />} message={t('ap.locked_by', { by: row.signedOffBy ?? '' })} style={{ marginBottom: 12 }} />
      )}
      {row.unlockReason && <Alert type="info" message={t('ap.unlocked_because', { reason: row.unlockReason })} style={{ marginBottom: 12 }} />}
      <Typography.Title level={5}>{t('ap.self_text')}</Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{row.selfText ?? '—'}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        disabled={locked}
        initialValues={{ groupText: row.groupText ?? '', groupBy: row.groupBy ?? row.groupName ?? '', teacherText: row.teacherText ?? '' }}
      >
        <Form.Item name="groupText" label={t('ap.group_text')}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="groupBy" label={t('ap.group_by')}>
          <Input />
        </Form.Item>
        <Form.Item name="teacherText" label={t('ap.teacher_text')}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Space>
          <Button onClick={() => act(save)}>{t('ap.save')}</Button>
          <Button
            type="primary"
            icon={<LockOutlined />}
            onClick={() =>
              act(async () => {
                await save();
                await afterApi.signOff(cls.id, row.enrolmentId);
              }, t('ap.signed'))
            }
          >
            {t('ap.sign_off')}
          </Button>
        </Space>
      </Form>
      {locked && mayUnlock && (
        <Space style={{ marginTop: 16 }}>
          <Input
            placeholder={t('ap.unlock_reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-label={t('ap.unlock_reason')}
            style={{ width: 320 }}
          />
          <Button danger onClick={() => act(() => afterApi.unlock(cls.id, row.enrolmentId, reason), t('ap.open'))}>
            {t('ap.unlock')}
          </Button>
        </Space>
      )}
    </Drawer>
  );
}
