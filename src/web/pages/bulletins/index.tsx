import { FilePdfOutlined, FileWordOutlined, GlobalOutlined, LinkOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, DatePicker, Form, Modal, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { BulletinSummary, SessionKind } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { kindKey } from '../../components/labels';
import { Loading } from '../../components/loading';
import { useT } from '../../i18n';
import { useProblem } from '../../lib/problems';
import { type Dayjs, dayjs, inZone } from '../../lib/time';
import type { ClassPowers } from '../class/powers';
import { bulletinApi, bulletinKeys } from './api';
import { canWriteBulletins, StatusOf } from './common';
import { BulletinEditor } from './editor';
import { useBuT } from './messages';
import './bulletins.css';

const KINDS: SessionKind[] = ['opening', 'lecture', 'site_visit', 'discussion', 'ceremony', 'other'];

/** The bulletins tab: the list of issues, or one issue's editor when ?issue=ID is in the address. */
export default function BulletinsTab({ cls }: { cls: ClassDetailT; powers: ClassPowers }) {
  const [params, setParams] = useSearchParams();
  const issue = Number(params.get('issue'));
  const open = (id: number | null) => setParams(id ? { issue: String(id) } : {});
  if (issue > 0) return <BulletinEditor cls={cls} bulletinId={issue} onBack={() => open(null)} />;
  return <BulletinList cls={cls} onOpen={open} />;
}

function BulletinList({ cls, onOpen }: { cls: ClassDetailT; onOpen: (id: number) => void }) {
  const t = useBuT();
  const q = useQuery({ queryKey: bulletinKeys.list(cls.id), queryFn: () => bulletinApi.list(cls.id) });
  const write = canWriteBulletins(cls);
  const [drafting, setDrafting] = useState(false);
  const qc = useQueryClient();
  const showProblem = useProblem();
  const { message } = App.useApp();
  const blank = useMutation({
    mutationFn: () => bulletinApi.create(cls.id, {}),
    onSuccess: (b) => {
      qc.invalidateQueries({ queryKey: bulletinKeys.list(cls.id) });
      onOpen(b.id);
    },
    onError: (e) => showProblem(e),
  });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return (
    <div className="bulletin-list">
      <Typography.Paragraph type="secondary">{t('bu.intro')}</Typography.Paragraph>
      {write && (
        <Space wrap className="bulletin-actions">
          <Button type="primary" icon={<ThunderboltOutlined />} onClick={() => setDrafting(true)}>
            {t('bu.new_draft')}
          </Button>
          <Button icon={<PlusOutlined />} loading={blank.isPending} onClick={() => blank.mutate()}>
            {t('bu.new_blank')}
          </Button>
        </Space>
      )}
      <Table<BulletinSummary>
        rowKey="id"
        dataSource={q.data}
        pagination={false}
        locale={{ emptyText: t('bu.empty') }}
        scroll={{ x: 760 }}
        columns={[
          { title: t('bu.col.issue'), dataIndex: 'issueNumber', width: 90, render: (n: number) => t('bu.issue', { n }) },
          { title: t('bu.col.title'), dataIndex: 'title' },
          { title: t('bu.col.date'), dataIndex: 'issueDate', width: 120 },
          { title: t('bu.col.status'), dataIndex: 'status', width: 100, render: (s: BulletinSummary['status']) => <StatusOf status={s} t={t} /> },
          { title: t('bu.col.updated'), dataIndex: 'updatedAt', width: 160, render: (at: string) => inZone(at, cls.timeZone).format('YYYY-MM-DD HH:mm') },
          {
            title: t('bu.col.actions'),
            key: 'actions',
            width: 300,
            render: (_, b) => (
              <Space wrap size={4}>
                <Button size="small" type="link" onClick={() => onOpen(b.id)}>
                  {write && b.status === 'draft' ? t('bu.open') : t('bu.view')}
                </Button>
                <Button size="small" type="link" icon={<FilePdfOutlined />} href={bulletinApi.fileUrl(b.id, 'pdf')}>
                  {t('bu.pdf')}
                </Button>
                <Button size="small" type="link" icon={<FileWordOutlined />} href={bulletinApi.fileUrl(b.id, 'docx')}>
                  {t('bu.docx')}
                </Button>
                <Button size="small" type="link" icon={<GlobalOutlined />} href={bulletinApi.fileUrl(b.id, 'page')} target="_blank" rel="noopener">
                  {t('bu.page')}
                </Button>
                {b.publicPath && (
                  <Button size="small" type="link" icon={<LinkOutlined />} href={b.publicPath} target="_blank" rel="noopener">
                    {t('bu.public_link')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {drafting && (
        <DraftModal
          cls={cls}
          onClose={() => setDrafting(false)}
          onCreated={(id, n) => {
            message.success(t('bu.draft.created', { n }));
            qc.invalidateQueries({ queryKey: bulletinKeys.list(cls.id) });
            onOpen(id);
          }}
        />
      )}
    </div>
  );
}

type DraftForm = { range: [Dayjs, Dayjs]; kinds: SessionKind[]; includeEmpty: boolean };

function DraftModal({ cls, onClose, onCreated }: { cls: ClassDetailT; onClose: () => void; onCreated: (id: number, n: number) => void }) {
  const t = useBuT();
  const tApp = useT();
  const [form] = Form.useForm<DraftForm>();
  const showProblem = useProblem();
  const create = useMutation({
    mutationFn: (v: DraftForm) =>
      bulletinApi.create(cls.id, {
        draft: { from: v.range[0].format('YYYY-MM-DD'), to: v.range[1].format('YYYY-MM-DD'), kinds: v.kinds, includeEmpty: v.includeEmpty },
      }),
    onSuccess: (b) => {
      onClose();
      onCreated(b.id, b.issueNumber);
    },
    onError: (e) => showProblem(e, form),
  });
  return (
    <Modal
      open
      title={t('bu.draft.title')}
      onCancel={onClose}
      okText={t('bu.draft.go')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<DraftForm>
        form={form}
        layout="vertical"
        initialValues={{ range: [dayjs(cls.startsOn), dayjs(cls.endsOn)], kinds: KINDS, includeEmpty: false }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="range" label={t('bu.draft.range')} rules={[{ required: true }]}>
          <DatePicker.RangePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.format('YYYY-MM-DD') < cls.startsOn || d.format('YYYY-MM-DD') > cls.endsOn}
            defaultPickerValue={[dayjs(cls.startsOn), dayjs(cls.endsOn)]}
          />
        </Form.Item>
        <Form.Item name="kinds" label={t('bu.draft.kinds')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Checkbox.Group options={KINDS.map((k) => ({ value: k, label: tApp(kindKey(k)) }))} />
        </Form.Item>
        <Form.Item name="includeEmpty" valuePropName="checked" label={t('bu.draft.include_empty')}>
          <Switch />
        </Form.Item>
      </Form>
      <Alert type="info" showIcon message={t('bu.intro')} />
    </Modal>
  );
}
