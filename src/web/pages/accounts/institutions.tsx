import { DeleteOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Form, Grid, Image, Input, List, Popconfirm, Result, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { InstitutionBody, type InstitutionImageKind, UpdateInstitutionBody } from '../../../contracts';
import { ApiError } from '../../api/client';
import { useMe } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { fieldsIn, useProblem } from '../../lib/problems';
import { useContractCheck } from '../../lib/validation';
import { AdminHeading } from './admin-nav';
import { accountApi, accountKeys, type InstitutionT, useInstitutions } from './api';
import { type AcT, useAcT } from './messages';
import './accounts.css';

const TOKENS = { year: '{year}', month: '{month}', inst: '{inst}', class: '{class}' };

function Thumb({ inst, kind, t }: { inst: InstitutionT; kind: InstitutionImageKind; t: AcT }) {
  const img = inst.images[kind];
  return img ? (
    <img src={img.url} alt={t(kind === 'logo' ? 'ac.inst.logo' : 'ac.inst.seal')} className="institution-thumb" />
  ) : (
    <Typography.Text type="secondary">{t('ac.inst.none')}</Typography.Text>
  );
}

export default function InstitutionsPage() {
  const t = useAcT();
  const screens = Grid.useBreakpoint();
  const list = useInstitutions();
  const [editing, setEditing] = useState<{ open: boolean; id: number | null }>({ open: false, id: null });
  const current = editing.id ? (list.data?.find((i) => i.id === editing.id) ?? null) : null;
  const { data: me } = useMe();
  const pattern = (i: InstitutionT) =>
    i.serialPattern ? (
      <Typography.Text code>{i.serialPattern}</Typography.Text>
    ) : (
      <Typography.Text type="secondary">{t('ac.inst.serial_default', { pattern: i.defaultSerialPattern })}</Typography.Text>
    );
  const edit = (i: InstitutionT) => (
    <Button
      type="text"
      size="small"
      icon={<EditOutlined />}
      onClick={() => setEditing({ open: true, id: i.id })}
      aria-label={`${t('ac.inst.edit')} ${i.name}`}
    />
  );

  if (me && !me.isAdmin) return <Result status="403" title={t('ac.inst.title')} />;
  return (
    <div className="page admin-page">
      <AdminHeading title={t('ac.inst.title')} create={t('ac.inst.create')} onCreate={() => setEditing({ open: true, id: null })} />
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data?.length === 0 ? (
        <Empty description={t('ac.inst.empty')} />
      ) : screens.md ? (
        <Table<InstitutionT>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data ?? []}
          pagination={false}
          className="institution-table"
          columns={[
            {
              title: t('ac.inst.name'),
              key: 'name',
              render: (_, i) => (
                <span>
                  {i.name}
                  {i.shortName && <Typography.Text type="secondary">（{i.shortName}）</Typography.Text>}
                </span>
              ),
            },
            { title: t('ac.inst.code'), dataIndex: 'code', width: 110, render: (v) => <Tag>{v}</Tag> },
            { title: t('ac.inst.serial'), key: 'serial', width: 300, render: (_, i) => pattern(i) },
            { title: t('ac.inst.logo'), key: 'logo', width: 110, render: (_, i) => <Thumb inst={i} kind="logo" t={t} /> },
            { title: t('ac.inst.seal'), key: 'seal', width: 90, render: (_, i) => <Thumb inst={i} kind="seal" t={t} /> },
            { title: '', key: 'edit', width: 56, render: (_, i) => edit(i) },
          ]}
        />
      ) : (
        <List
          loading={list.isPending}
          dataSource={list.data ?? []}
          renderItem={(i) => (
            <List.Item actions={[edit(i)]} extra={<Thumb inst={i} kind="seal" t={t} />}>
              <List.Item.Meta
                title={
                  <span>
                    {i.name} <Tag>{i.code}</Tag>
                  </span>
                }
                description={pattern(i)}
              />
            </List.Item>
          )}
        />
      )}
      <InstitutionDrawer
        open={editing.open}
        institution={current}
        onCreated={(id) => setEditing({ open: true, id })}
        onClose={() => setEditing({ open: false, id: null })}
      />
    </div>
  );
}

type Values = { name: string; shortName?: string; code: string; serialPattern?: string; sponsorsSeePhones?: boolean };

function InstitutionDrawer({
  open,
  institution,
  onCreated,
  onClose,
}: {
  open: boolean;
  institution: InstitutionT | null;
  onCreated: (id: number) => void;
  onClose: () => void;
}) {
  const t = useAcT();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const problem = useProblem();
  const check = useContractCheck();
  const [busy, setBusy] = useState(false);
  const id = institution?.id ?? null;
  // Filled when the drawer opens on an institution, not again when an image upload refreshes it.
  const latest = useRef(institution);
  latest.current = institution;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const i = id === null ? null : latest.current;
    if (i)
      form.setFieldsValue({
        name: i.name,
        shortName: i.shortName ?? '',
        code: i.code,
        serialPattern: i.serialPattern ?? '',
        sponsorsSeePhones: i.sponsorsSeePhones,
      });
  }, [open, id, form]);

  const submit = async (values: Values) => {
    const raw = {
      name: values.name ?? '',
      shortName: values.shortName ?? '',
      code: (values.code ?? '').trim(),
      serialPattern: values.serialPattern ?? '',
      sponsorsSeePhones: values.sponsorsSeePhones ?? false,
    };
    setBusy(true);
    try {
      if (institution) {
        const body = check(UpdateInstitutionBody, raw, form);
        if (!body.ok) return;
        await accountApi.updateInstitution(institution.id, body.data);
        message.success(t('ac.inst.saved', { name: raw.name }));
        await qc.invalidateQueries({ queryKey: ['institutions'] });
        onClose();
      } else {
        const body = check(InstitutionBody, raw, form);
        if (!body.ok) return;
        const created = await accountApi.createInstitution(body.data);
        await qc.invalidateQueries({ queryKey: ['institutions'] });
        message.success(t('ac.inst.created', { name: created.name }));
        onCreated(created.id);
      }
    } catch (e) {
      problem(e, form, fieldsIn('name', 'shortName', 'code', 'serialPattern'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDrawer
      open={open}
      title={institution ? `${t('ac.inst.edit')}：${institution.name}` : t('ac.inst.create')}
      width={560}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={submit}
      saveTestId="institution-save"
      className="institution-form"
    >
      <Form.Item name="name" label={t('ac.inst.name')} required>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="shortName" label={t('ac.inst.short_name')}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="code" label={t('ac.inst.code')} extra={t('ac.inst.code_hint')} required normalize={(v: string) => v?.toUpperCase()}>
        <Input maxLength={20} className="mono" />
      </Form.Item>
      <Form.Item
        name="serialPattern"
        label={t('ac.inst.serial')}
        extra={t('ac.inst.serial_hint', { pattern: institution?.defaultSerialPattern ?? '{inst}-{year}-{class}-{seq:3}', ...TOKENS })}
      >
        <Input maxLength={60} className="mono" placeholder={institution?.defaultSerialPattern ?? '{inst}-{year}-{class}-{seq:3}'} />
      </Form.Item>
      <Form.Item name="sponsorsSeePhones" label={t('ac.inst.sponsors_see_phones')} extra={t('ac.inst.sponsors_see_phones_hint')} valuePropName="checked">
        <Switch data-testid="sponsors-see-phones" />
      </Form.Item>
      {institution && (
        <div className="drawer-section">
          <Typography.Title level={5}>{t('ac.inst.images')}</Typography.Title>
          <Typography.Paragraph type="secondary" className="form-note-plain">
            {t('ac.inst.images_hint')}
          </Typography.Paragraph>
          <div className="image-slots">
            <ImageSlot institution={institution} kind="logo" />
            <ImageSlot institution={institution} kind="seal" />
          </div>
        </div>
      )}
    </FormDrawer>
  );
}

function ImageSlot({ institution, kind }: { institution: InstitutionT; kind: InstitutionImageKind }) {
  const t = useAcT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const problem = useProblem();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const img = institution.images[kind];
  const label = t(kind === 'logo' ? 'ac.inst.logo' : 'ac.inst.seal');
  const done = async () => qc.invalidateQueries({ queryKey: accountKeys.institutions });
  const upload = async (file: File) => {
    setBusy(true);
    setRefusal(null);
    try {
      await accountApi.uploadImage(institution.id, kind, file);
      await done();
      message.success(t('ac.inst.uploaded', { kind: label }));
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors?.length) setRefusal(e.problem.errors.map((x) => x.message).join('；'));
      else problem(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    try {
      await accountApi.removeImage(institution.id, kind);
      await done();
      message.success(t('ac.inst.removed', { kind: label }));
    } catch (e) {
      problem(e);
    }
  };
  return (
    <div className="image-slot" data-kind={kind}>
      <Typography.Text strong>{label}</Typography.Text>
      <div className={`image-preview${kind === 'seal' ? ' is-seal' : ''}`}>
        {img ? (
          <Image src={img.url} alt={label} height={kind === 'seal' ? 120 : 80} />
        ) : (
          <Typography.Text type="secondary">{t('ac.inst.none')}</Typography.Text>
        )}
      </div>
      {img && (
        <Typography.Text type="secondary" className="image-size">
          {t('ac.inst.image_size', { width: img.width, height: img.height })}
        </Typography.Text>
      )}
      <Space wrap>
        <Upload
          accept="image/png,image/jpeg"
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} data-testid={`upload-${kind}`}>
            {img ? t('ac.inst.replace') : t('ac.inst.upload')}
          </Button>
        </Upload>
        {img && (
          <Popconfirm title={t('ac.inst.remove_confirm')} onConfirm={remove}>
            <Button icon={<DeleteOutlined />} danger>
              {t('ac.inst.remove')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      {refusal && <Alert type="error" showIcon title={refusal} className="image-refusal" />}
    </div>
  );
}
