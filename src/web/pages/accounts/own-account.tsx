import { LaptopOutlined, MobileOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Form, Grid, Input, List, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ChangePasswordBody } from '../../../contracts';
import { keys, useMe } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { fieldsIn, useProblem } from '../../lib/problems';
import { accountApi, accountKeys, type OwnSessionT } from './api';
import { when } from './format';
import { type AcT, useAcT } from './messages';
import { NewPasswordFields } from './password-fields';
import './accounts.css';

type PasswordValues = { currentPassword: string; newPassword: string; newPasswordRepeat: string };

/** Current password, then the new one twice; on success the server has ended the other sessions. */
export function ChangePasswordForm({
  onChanged,
  submitLabel,
  autoFocus,
}: {
  onChanged: (endedSessions: number) => void;
  submitLabel: string;
  autoFocus?: boolean;
}) {
  const t = useAcT();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const problem = useProblem();
  const [form] = Form.useForm<PasswordValues>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: PasswordValues) => {
    const body = ChangePasswordBody.safeParse(values);
    if (!body.success) return;
    setBusy(true);
    try {
      const res = await accountApi.changePassword(body.data);
      qc.setQueryData(keys.me, res.user);
      form.resetFields();
      onChanged(res.endedSessions);
    } catch (e) {
      problem(e, form, fieldsIn('currentPassword', 'newPassword', 'newPasswordRepeat'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} className="password-form">
      <Form.Item name="currentPassword" label={t('ac.me.current')} rules={[{ required: true, message: ' ' }]}>
        <Input.Password autoComplete="current-password" autoFocus={autoFocus} />
      </Form.Item>
      <NewPasswordFields account={{ username: me?.username ?? '', displayName: me?.displayName }} />
      <Button type="primary" htmlType="submit" loading={busy} data-testid="change-password">
        {submitLabel}
      </Button>
    </Form>
  );
}

const deviceIcon = (s: OwnSessionT) => (/iOS|Android|HarmonyOS|Mobile/.test(s.device ?? s.userAgent ?? '') ? <MobileOutlined /> : <LaptopOutlined />);

function DeviceName({ s, t }: { s: OwnSessionT; t: AcT }) {
  return (
    <Space size={6} wrap>
      {deviceIcon(s)}
      <span>{s.device ?? t('ac.me.unknown_device')}</span>
      {s.current && <Tag color="blue">{t('ac.me.this_device')}</Tag>}
    </Space>
  );
}

export default function OwnAccountPage() {
  const t = useAcT();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const problem = useProblem();
  const screens = Grid.useBreakpoint();
  const sessions = useQuery({ queryKey: accountKeys.ownSessions, queryFn: accountApi.ownSessions });
  const refresh = () => qc.invalidateQueries({ queryKey: accountKeys.ownSessions });
  const endOne = useMutation({
    mutationFn: (id: number) => accountApi.endSession(id),
    onSuccess: () => {
      message.success(t('ac.me.ended', { n: 1 }));
      refresh();
    },
    onError: (e) => problem(e),
  });
  const endOthers = useMutation({
    mutationFn: accountApi.endOtherSessions,
    onSuccess: (r) => {
      message.success(t('ac.me.ended', { n: r.ended }));
      refresh();
    },
    onError: (e) => problem(e),
  });
  const others = (sessions.data ?? []).filter((s) => !s.current).length;
  const endButton = (s: OwnSessionT) =>
    s.current ? null : (
      <Popconfirm title={t('ac.me.end_confirm')} onConfirm={() => endOne.mutate(s.id)}>
        <Button size="small" danger>
          {t('ac.me.end')}
        </Button>
      </Popconfirm>
    );

  return (
    <div className="page account-page">
      <Typography.Title level={3} className="page-title">
        {t('ac.me.title')}
      </Typography.Title>
      <Typography.Text type="secondary" className="count-line">
        {me?.displayName} · {me?.username}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card title={t('ac.me.password')}>
            <ChangePasswordForm
              submitLabel={t('ac.me.change')}
              onChanged={(n) => {
                message.success(t('ac.me.changed', { n }));
                refresh();
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card
            title={t('ac.me.sessions')}
            extra={
              <Popconfirm title={t('ac.me.end_others_confirm')} onConfirm={() => endOthers.mutate()} disabled={others === 0}>
                <Button danger disabled={others === 0} loading={endOthers.isPending} data-testid="end-other-sessions">
                  {t('ac.me.end_others')}
                </Button>
              </Popconfirm>
            }
          >
            {sessions.error ? (
              <ErrorState error={sessions.error} onRetry={() => sessions.refetch()} />
            ) : screens.md ? (
              <Table<OwnSessionT>
                rowKey="id"
                size="small"
                loading={sessions.isPending}
                dataSource={sessions.data ?? []}
                pagination={false}
                className="session-table"
                columns={[
                  { title: t('ac.me.device'), key: 'device', render: (_, s) => <DeviceName s={s} t={t} /> },
                  { title: t('ac.me.address'), dataIndex: 'ip', width: 130, render: (v) => v ?? '—' },
                  { title: t('ac.me.signed_in'), dataIndex: 'createdAt', width: 150, render: (v) => when(v) },
                  { title: t('ac.me.last_seen'), dataIndex: 'lastSeenAt', width: 150, render: (v) => when(v) },
                  { title: '', key: 'end', width: 80, render: (_, s) => endButton(s) },
                ]}
              />
            ) : (
              <List
                loading={sessions.isPending}
                dataSource={sessions.data ?? []}
                renderItem={(s) => (
                  <List.Item actions={[endButton(s)].filter(Boolean)}>
                    <List.Item.Meta
                      title={<DeviceName s={s} t={t} />}
                      description={`${s.ip ?? ''} · ${t('ac.me.signed_in')} ${when(s.createdAt)} · ${t('ac.me.last_seen')} ${when(s.lastSeenAt)}`}
                    />
                  </List.Item>
                )}
              />
            )}
            {sessions.data && others === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ac.me.only_this')} className="compact-empty" />}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
