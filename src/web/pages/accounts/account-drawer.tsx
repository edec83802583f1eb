import { DeleteOutlined, KeyOutlined, LinkOutlined, LockOutlined, LogoutOutlined, StopOutlined, UnlockOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Empty, Form, Grid, Input, List, Popconfirm, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { UpdateAccountBody } from '../../../contracts';
import { useClasses, useMe, useProgrammes } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { fieldsIn, useProblem } from '../../lib/problems';
import { useContractCheck } from '../../lib/validation';
import { type AccountT, accountApi, accountKeys, type IssuedT, useInstitutions } from './api';
import { when } from './format';
import { type AcT, useAcT } from './messages';
import { AccountStatus } from './status';

type GrantRole = 'organizer' | 'sponsor' | 'class_teacher' | 'lecturer' | 'hotel' | 'transport';
const SCOPE_OF: Record<GrantRole, 'institution' | 'programme' | 'class'> = {
  organizer: 'institution',
  sponsor: 'programme',
  class_teacher: 'class',
  lecturer: 'class',
  hotel: 'class',
  transport: 'class',
};

/** One staff account: details, sign-in and security, and (for administrators) its roles. */
export function AccountDrawer({
  accountId,
  isAdmin,
  institutionOptions,
  onClose,
  onIssued,
}: {
  accountId: number | null;
  isAdmin: boolean;
  institutionOptions: Array<{ value: number; label: string }>;
  onClose: () => void;
  onIssued: (issued: IssuedT) => void;
}) {
  const t = useAcT();
  const screens = Grid.useBreakpoint();
  const q = useQuery({ queryKey: accountKeys.account(accountId ?? 0), queryFn: () => accountApi.account(accountId!), enabled: accountId !== null });
  const a = q.data;
  return (
    <Drawer
      open={accountId !== null}
      onClose={onClose}
      destroyOnHidden
      size={screens.sm ? 600 : '100%'}
      title={a ? t('ac.detail.title', { name: a.displayName }) : ''}
      className="account-drawer"
    >
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState error={q.error} />
      ) : a ? (
        <AccountBody a={a} isAdmin={isAdmin} institutionOptions={institutionOptions} onIssued={onIssued} t={t} />
      ) : null}
    </Drawer>
  );
}

function useAccountUpdate(id: number) {
  const qc = useQueryClient();
  return async (updated?: AccountT) => {
    if (updated) qc.setQueryData(accountKeys.account(id), updated);
    await qc.invalidateQueries({ queryKey: accountKeys.accounts });
  };
}

function AccountBody({
  a,
  isAdmin,
  institutionOptions,
  onIssued,
  t,
}: {
  a: AccountT;
  isAdmin: boolean;
  institutionOptions: Array<{ value: number; label: string }>;
  onIssued: (issued: IssuedT) => void;
  t: AcT;
}) {
  const { data: me } = useMe();
  const { message } = App.useApp();
  const problem = useProblem();
  const updated = useAccountUpdate(a.id);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (key: string, fn: () => Promise<unknown>) => {
    setBusy(key);
    try {
      await fn();
    } catch (e) {
      problem(e);
    } finally {
      setBusy(null);
    }
  };
  const reset = (credential: 'one_time_password' | 'invitation_link') =>
    run(credential, async () => {
      const issued = await accountApi.resetCredential(a.id, credential);
      await updated(issued.account);
      onIssued(issued);
    });
  const self = me?.id === a.id;
  const mayManage = isAdmin || !a.isAdmin;

  return (
    <div className="account-body">
      <Space orientation="vertical" size={4} className="account-head">
        <Typography.Text type="secondary" className="mono">
          {a.username}
        </Typography.Text>
        <AccountStatus a={a} t={t} />
      </Space>

      <Typography.Title level={5} className="drawer-section">
        {t('ac.detail.basics')}
      </Typography.Title>
      <BasicsForm a={a} isAdmin={isAdmin} institutionOptions={institutionOptions} t={t} />

      <Typography.Title level={5} className="drawer-section">
        {t('ac.detail.security')}
      </Typography.Title>
      {a.lockedUntil && (
        <Alert
          type="error"
          showIcon
          icon={<LockOutlined />}
          className="account-alert"
          title={t('ac.detail.locked_until', { time: when(a.lockedUntil) })}
          action={
            <Button
              size="small"
              icon={<UnlockOutlined />}
              loading={busy === 'unlock'}
              onClick={() =>
                run('unlock', async () => {
                  await updated(await accountApi.unlock(a.id));
                  message.success(t('ac.detail.unlocked'));
                })
              }
              data-testid="unlock"
            >
              {t('ac.detail.unlock')}
            </Button>
          }
        />
      )}
      <Descriptions column={1} size="small" className="account-facts">
        <Descriptions.Item label={t('ac.acc.last_sign_in')}>{a.lastSignInAt ? when(a.lastSignInAt) : t('ac.acc.never')}</Descriptions.Item>
        <Descriptions.Item label={t('ac.me.sessions')}>{t('ac.acc.sessions', { n: a.activeSessions })}</Descriptions.Item>
        {a.invitationExpiresAt && (
          <Descriptions.Item label={t('ac.cred.link')}>{t('ac.detail.invitation_pending', { time: when(a.invitationExpiresAt) })}</Descriptions.Item>
        )}
        {a.hasPassword && a.mustChangePassword && <Descriptions.Item label={t('ac.detail.password')}>{t('ac.detail.must_change')}</Descriptions.Item>}
      </Descriptions>
      {mayManage && (
        <div className="account-actions">
          <Typography.Text strong>{t('ac.detail.reset')}</Typography.Text>
          <Space wrap>
            <Popconfirm title={t('ac.detail.reset_otp')} description={t('ac.detail.reset_confirm')} onConfirm={() => reset('one_time_password')}>
              <Button icon={<KeyOutlined />} loading={busy === 'one_time_password'} data-testid="reset-otp">
                {t('ac.detail.reset_otp')}
              </Button>
            </Popconfirm>
            <Popconfirm title={t('ac.detail.reset_link')} description={t('ac.detail.reset_confirm')} onConfirm={() => reset('invitation_link')}>
              <Button icon={<LinkOutlined />} loading={busy === 'invitation_link'}>
                {t('ac.detail.reset_link')}
              </Button>
            </Popconfirm>
          </Space>
          <Space wrap className="account-actions-row">
            <Popconfirm
              title={t('ac.detail.sign_out_confirm')}
              onConfirm={() =>
                run('signout', async () => {
                  const r = await accountApi.signOutEverywhere(a.id);
                  await updated();
                  message.success(t('ac.detail.signed_out', { n: r.ended }));
                })
              }
            >
              <Button icon={<LogoutOutlined />} loading={busy === 'signout'} disabled={a.activeSessions === 0}>
                {t('ac.detail.sign_out')}
              </Button>
            </Popconfirm>
            {a.disabled ? (
              <Button
                loading={busy === 'enable'}
                onClick={() =>
                  run('enable', async () => {
                    await updated(await accountApi.updateAccount(a.id, { disabled: false }));
                    message.success(t('ac.detail.enabled', { name: a.displayName }));
                  })
                }
                data-testid="enable"
              >
                {t('ac.detail.enable')}
              </Button>
            ) : (
              !self && (
                <Popconfirm
                  title={t('ac.detail.disable')}
                  description={t('ac.detail.disable_confirm')}
                  onConfirm={() =>
                    run('disable', async () => {
                      await updated(await accountApi.updateAccount(a.id, { disabled: true }));
                      message.success(t('ac.detail.disabled', { name: a.displayName }));
                    })
                  }
                >
                  <Button danger icon={<StopOutlined />} loading={busy === 'disable'} data-testid="disable">
                    {t('ac.detail.disable')}
                  </Button>
                </Popconfirm>
              )
            )}
          </Space>
        </div>
      )}

      <Typography.Title level={5} className="drawer-section">
        {t('ac.detail.grants')}
      </Typography.Title>
      <Grants a={a} isAdmin={isAdmin} t={t} />
    </div>
  );
}

function BasicsForm({
  a,
  isAdmin,
  institutionOptions,
  t,
}: {
  a: AccountT;
  isAdmin: boolean;
  institutionOptions: Array<{ value: number; label: string }>;
  t: AcT;
}) {
  const [form] = Form.useForm<{ displayName: string; institutionId: number | null }>();
  const { message } = App.useApp();
  const problem = useProblem();
  const check = useContractCheck();
  const updated = useAccountUpdate(a.id);
  const [busy, setBusy] = useState(false);
  useEffect(() => form.setFieldsValue({ displayName: a.displayName, institutionId: a.institutionId }), [a, form]);
  const submit = async (values: { displayName: string; institutionId: number | null }) => {
    const raw = isAdmin && !a.isAdmin ? { displayName: values.displayName, institutionId: values.institutionId ?? null } : { displayName: values.displayName };
    const body = check(UpdateAccountBody, raw, form);
    if (!body.ok) return;
    setBusy(true);
    try {
      await updated(await accountApi.updateAccount(a.id, body.data));
      message.success(t('ac.detail.saved'));
    } catch (e) {
      problem(e, form, fieldsIn('displayName', 'institutionId'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} className="account-basics">
      <Form.Item name="displayName" label={t('ac.acc.name')}>
        <Input maxLength={100} />
      </Form.Item>
      {isAdmin && !a.isAdmin ? (
        <Form.Item name="institutionId" label={t('ac.acc.institution')}>
          <Select allowClear options={institutionOptions} placeholder={t('ac.acc.no_institution')} />
        </Form.Item>
      ) : (
        <Form.Item label={t('ac.acc.institution')}>
          <Typography.Text>{a.institutionName ?? '—'}</Typography.Text>
        </Form.Item>
      )}
      <Button htmlType="submit" loading={busy}>
        {t('ac.detail.save_name')}
      </Button>
    </Form>
  );
}

function Grants({ a, isAdmin, t }: { a: AccountT; isAdmin: boolean; t: AcT }) {
  const { message } = App.useApp();
  const problem = useProblem();
  const updated = useAccountUpdate(a.id);
  const [role, setRole] = useState<GrantRole>('organizer');
  const [scopeId, setScopeId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const institutions = useInstitutions();
  const programmes = useProgrammes();
  const classes = useClasses();
  const scopeOptions =
    SCOPE_OF[role] === 'institution'
      ? (institutions.data ?? []).map((i) => ({ value: i.id, label: i.name }))
      : SCOPE_OF[role] === 'programme'
        ? (programmes.data ?? []).map((p) => ({ value: p.id, label: p.name }))
        : (classes.data ?? []).map((c) => ({ value: c.id, label: `${c.title}（${c.startsOn}）` }));
  const add = async () => {
    if (!scopeId) return;
    setBusy(true);
    try {
      await updated(await accountApi.grant(a.id, { role, scopeType: SCOPE_OF[role], scopeId }));
      message.success(t('ac.detail.grant_added'));
      setScopeId(null);
    } catch (e) {
      problem(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (grantId: number) => {
    try {
      await updated(await accountApi.revokeGrant(a.id, grantId));
      message.success(t('ac.detail.grant_removed'));
    } catch (e) {
      problem(e);
    }
  };
  return (
    <div className="account-grants">
      {a.grants.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ac.detail.no_grants')} className="compact-empty" />
      ) : (
        <List
          size="small"
          dataSource={a.grants}
          renderItem={(g) => (
            <List.Item
              actions={
                isAdmin
                  ? [
                      <Popconfirm key="r" title={t('ac.detail.grant_remove_confirm')} onConfirm={() => remove(g.id)}>
                        <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('ac.inst.remove')} />
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <span>
                <Typography.Text strong>{t(`ac.role.${g.role}`)}</Typography.Text> · {g.scopeName}
              </span>
            </List.Item>
          )}
        />
      )}
      {isAdmin && (
        <div className="grant-add">
          <Select<GrantRole>
            value={role}
            onChange={(r) => {
              setRole(r);
              setScopeId(null);
            }}
            aria-label={t('ac.detail.grant_role')}
            options={(['organizer', 'sponsor', 'class_teacher', 'lecturer', 'hotel', 'transport'] as const).map((r) => ({
              value: r,
              label: t(`ac.role.${r}`),
            }))}
            className="grant-role"
          />
          <Select<number>
            showSearch
            optionFilterProp="label"
            value={scopeId ?? undefined}
            onChange={setScopeId}
            placeholder={t('ac.detail.grant_scope')}
            aria-label={t('ac.detail.grant_scope')}
            options={scopeOptions}
            className="grant-scope"
          />
          <Button type="primary" onClick={add} loading={busy} disabled={!scopeId} data-testid="grant-add">
            {t('ac.detail.grant_add')}
          </Button>
        </div>
      )}
      <Typography.Paragraph type="secondary" className="grants-hint">
        {t('ac.detail.grants_hint')}
      </Typography.Paragraph>
    </div>
  );
}
