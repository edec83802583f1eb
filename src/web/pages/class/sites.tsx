import { EditOutlined, EnvironmentOutlined, PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Form, Grid, Input, InputNumber, List, Row, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { CreateSiteBody, UpdateSiteBody } from '../../../contracts';
import { type ClassDetailT, endpoints, type SiteT } from '../../api/endpoints';
import { keys, useClassSites, useSites } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { Loading } from '../../components/loading';
import { useT } from '../../i18n';
import { fieldsIn, useProblem } from '../../lib/problems';
import { inZone } from '../../lib/time';
import { useContractCheck, useZodRule } from '../../lib/validation';
import type { ClassPowers } from './powers';
import { usePlT } from './timetable/messages';

export default function SitesTab({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const classSites = useClassSites(cls.id);
  const pool = useSites(cls.institutionId);
  const [editing, setEditing] = useState<{ open: boolean; site: SiteT | null }>({ open: false, site: null });
  const pt = usePlT();

  if (classSites.isPending) return <Loading />;
  if (classSites.error) return <ErrorState error={classSites.error} onRetry={() => classSites.refetch()} />;

  return (
    <div>
      <Typography.Title level={5}>{t('sites.of_class')}</Typography.Title>
      {classSites.data.length === 0 && <Empty description={t('sites.none_in_class')} className="compact-empty" />}
      <Row gutter={[16, 16]}>
        {classSites.data.map((s) => (
          <Col key={s.id} xs={24} md={12} xl={8}>
            <Card
              className="site-card"
              title={
                <span>
                  {s.name}
                  {s.shortName && s.shortName !== s.name && <Typography.Text type="secondary">{t('fmt.paren', { text: s.shortName })}</Typography.Text>}
                </span>
              }
            >
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                {(s.address || s.district) && (
                  <span>
                    <EnvironmentOutlined /> {[s.district, s.address].filter(Boolean).join(' · ')}
                  </span>
                )}
                {s.travelMinutes !== null && <span>{`${pt('pl.site.travel_col')}：${pt('pl.site.travel_value', { n: s.travelMinutes })}`}</span>}
                {s.host && <span>{t('site.host_is', { host: s.host })}</span>}
                {(s.contactName || s.contactPhone) && (
                  <span>
                    <PhoneOutlined /> {[s.contactName, s.contactPhone].filter(Boolean).join(' ')}
                  </span>
                )}
                {s.description && (
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true, symbol: t('action.expand') }} className="site-description">
                    {s.description}
                  </Typography.Paragraph>
                )}
                <div className="site-sessions">
                  <Typography.Text strong>{t('sites.sessions_here')}</Typography.Text>
                  <ul>
                    {s.sessions.map((x) => (
                      <li key={x.id}>
                        <span className="mono">{inZone(x.startsAt, cls.timeZone).format('M/D HH:mm')}</span> {x.title}
                      </li>
                    ))}
                  </ul>
                </div>
              </Space>
            </Card>
          </Col>
        ))}
      </Row>

      <div className="toolbar section-gap">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('sites.pool')}
        </Typography.Title>
        {powers.manageInstitution && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing({ open: true, site: null })}>
            {t('sites.create')}
          </Button>
        )}
      </div>
      {pool.error ? (
        <ErrorState error={pool.error} onRetry={() => pool.refetch()} />
      ) : screens.md ? (
        <Table<SiteT>
          rowKey="id"
          size="small"
          loading={pool.isPending}
          dataSource={pool.data ?? []}
          pagination={false}
          columns={[
            { title: t('site.name'), dataIndex: 'name', render: (_, s) => (s.shortName ? s.name + t('fmt.paren', { text: s.shortName }) : s.name) },
            { title: t('site.address'), dataIndex: 'address', render: (v, s) => [s.district, v].filter(Boolean).join(' · ') || '—' },
            {
              title: pt('pl.site.travel_col'),
              dataIndex: 'travelMinutes',
              width: 100,
              render: (v: number | null) => (v === null ? '—' : pt('pl.site.travel_value', { n: v })),
            },
            { title: t('site.host'), dataIndex: 'host', width: 200, render: (v) => v ?? '—' },
            { title: t('site.contact'), key: 'contact', width: 180, render: (_, s) => [s.contactName, s.contactPhone].filter(Boolean).join(' ') || '—' },
            ...(powers.manageInstitution
              ? [
                  {
                    title: '',
                    key: 'edit',
                    width: 56,
                    render: (_: unknown, s: SiteT) => (
                      <Button
                        type="text"
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setEditing({ open: true, site: s })}
                        aria-label={t('action.edit')}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      ) : (
        <List
          loading={pool.isPending}
          dataSource={pool.data ?? []}
          renderItem={(s) => (
            <List.Item
              actions={
                powers.manageInstitution
                  ? [
                      <Button
                        key="e"
                        type="text"
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setEditing({ open: true, site: s })}
                        aria-label={t('action.edit')}
                      />,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={s.name}
                description={[s.district, s.address, s.host, s.travelMinutes !== null ? pt('pl.site.travel_value', { n: s.travelMinutes }) : null]
                  .filter(Boolean)
                  .join(' · ')}
              />
            </List.Item>
          )}
        />
      )}
      <SiteDrawer institutionId={cls.institutionId} classId={cls.id} state={editing} onClose={() => setEditing({ open: false, site: null })} />
    </div>
  );
}

type SiteValues = {
  name: string;
  shortName?: string;
  address?: string;
  district?: string;
  travelMinutes?: number | null;
  host?: string;
  contactName?: string;
  contactPhone?: string;
  description?: string;
};
const SITE_FIELDS = ['name', 'shortName', 'address', 'district', 'host', 'contactName', 'contactPhone', 'description'] as const;

/** Creates or edits a site of the pool; also opened from the session form, which then selects it. */
export function SiteDrawer({
  institutionId,
  classId,
  state,
  onClose,
  onSaved,
}: {
  institutionId: number;
  classId: number;
  state: { open: boolean; site: SiteT | null };
  onClose: () => void;
  onSaved?: (site: SiteT) => void;
}) {
  const pt = usePlT();
  const t = useT();
  const [form] = Form.useForm<SiteValues>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const problem = useProblem();
  const check = useContractCheck();
  const rule = useZodRule();
  const [busy, setBusy] = useState(false);
  const f = CreateSiteBody.shape;

  useEffect(() => {
    if (!state.open) return;
    form.resetFields();
    const s = state.site;
    if (s) form.setFieldsValue({ ...Object.fromEntries(SITE_FIELDS.map((k) => [k, s[k] ?? ''])), travelMinutes: s.travelMinutes } as SiteValues);
  }, [state, form]);

  const submit = async (values: SiteValues) => {
    const raw: Record<string, string | number | null> = {
      ...Object.fromEntries(SITE_FIELDS.map((k) => [k, values[k] ?? ''])),
      travelMinutes: values.travelMinutes ?? null,
    };
    setBusy(true);
    try {
      let saved: SiteT;
      if (state.site) {
        const body = check(UpdateSiteBody, raw, form);
        if (!body.ok) return;
        saved = await endpoints.updateSite(state.site.id, body.data);
      } else {
        const body = check(CreateSiteBody, raw, form);
        if (!body.ok) return;
        saved = await endpoints.createSite(institutionId, body.data);
      }
      await Promise.all([
        qc.invalidateQueries({ queryKey: keys.sites(institutionId) }),
        qc.invalidateQueries({ queryKey: keys.classSites(classId) }),
        qc.invalidateQueries({ queryKey: keys.sessions(classId) }),
      ]);
      message.success(t('sites.saved', { name: raw.name as string }));
      onSaved?.(saved);
      onClose();
    } catch (e) {
      problem(e, form, fieldsIn(...SITE_FIELDS, 'travelMinutes'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDrawer
      open={state.open}
      onClose={onClose}
      title={state.site ? t('sites.edit_title', { name: state.site.name }) : t('sites.create')}
      width={560}
      form={form}
      busy={busy}
      onFinish={submit}
    >
      <Form.Item name="name" label={t('site.name')} required rules={[rule(f.name)]}>
        <Input />
      </Form.Item>
      <Form.Item name="shortName" label={t('site.short_name')} rules={[rule(f.shortName)]}>
        <Input />
      </Form.Item>
      <Form.Item name="address" label={t('site.address')} rules={[rule(f.address)]}>
        <Input />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="district" label={pt('pl.site.district')} rules={[rule(f.district)]}>
            <Input placeholder={pt('pl.site.district_hint')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="travelMinutes" label={pt('pl.site.travel')} rules={[rule(f.travelMinutes)]}>
            <InputNumber min={0} max={600} step={5} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Typography.Paragraph type="secondary" className="form-note">
            {pt('pl.site.travel_hint')}
          </Typography.Paragraph>
        </Col>
      </Row>
      <Form.Item name="host" label={t('site.host')} rules={[rule(f.host)]}>
        <Input />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="contactName" label={t('site.contact_name')} rules={[rule(f.contactName)]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="contactPhone" label={t('site.contact_phone')} rules={[rule(f.contactPhone)]}>
            <Input inputMode="tel" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t('site.description')} rules={[rule(f.description)]}>
        <Input.TextArea rows={5} />
      </Form.Item>
    </FormDrawer>
  );
}
