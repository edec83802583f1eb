import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Grid, Input, List, Result, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useMe } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { AccountDrawer } from './account-drawer';
import { AdminHeading } from './admin-nav';
import { type AccountT, accountApi, accountKeys, type IssuedT, useInstitutions } from './api';
import { CreateAccountDrawer } from './create-account';
import { CredentialModal } from './credential-modal';
import { when } from './format';
import { useAcT } from './messages';
import { AccountStatus, GrantTags } from './status';
import './accounts.css';

/**
 * Staff accounts. An administrator sees every account (filter by institution); an organizer (教务)
 * sees the staff of the institution(s) they organize and creates accounts there.
 */
export default function AccountsPage() {
  const t = useAcT();
  const { data: me } = useMe();
  const screens = Grid.useBreakpoint();
  const institutions = useInstitutions();
  const organized = useMemo(() => (me?.grants ?? []).filter((g) => g.role === 'organizer' && g.scopeType === 'institution').map((g) => g.scopeId), [me]);
  const isAdmin = !!me?.isAdmin;
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [institutionId, setInstitutionId] = useState<number | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const [issued, setIssued] = useState<{ credential: IssuedT; reset: boolean } | null>(null);

  const orgInstitution = isAdmin ? undefined : (institutionId ?? organized[0]);
  const scope = isAdmin ? `all-${institutionId ?? ''}` : `inst-${orgInstitution ?? ''}`;
  const list = useQuery({
    queryKey: accountKeys.list(scope, search),
    queryFn: () =>
      isAdmin ? accountApi.accounts({ q: search || undefined, institutionId }) : accountApi.institutionAccounts(orgInstitution!, search || undefined),
    enabled: isAdmin || orgInstitution !== undefined,
  });

  if (!isAdmin && organized.length === 0) return <Result status="403" title={t('ac.acc.title')} />;
  const institutionOptions = (institutions.data ?? [])
    .filter((i) => isAdmin || organized.includes(i.id))
    .map((i) => ({ value: i.id, label: i.shortName ? `${i.name}（${i.shortName}）` : i.name }));
  const orgName = institutions.data?.find((i) => i.id === orgInstitution)?.name ?? '';
  const manage = (a: AccountT) => (
    <Button size="small" onClick={() => setOpenId(a.id)} data-testid={`manage-${a.username}`}>
      {t('ac.acc.manage')}
    </Button>
  );

  return (
    <div className="page admin-page">
      <AdminHeading title={t('ac.acc.title')} create={t('ac.acc.create')} onCreate={() => setCreating(true)} disabled={!isAdmin && !orgInstitution} />
      {!isAdmin && organized.length === 1 && (
        <Typography.Text type="secondary" className="count-line">
          {t('ac.acc.subtitle_org', { institution: orgName })}
        </Typography.Text>
      )}
      <div className="toolbar">
        <Space wrap className="account-filters">
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('ac.acc.search')}
            aria-label={t('ac.acc.search')}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              if (!e.target.value) setSearch('');
            }}
            onPressEnter={() => setSearch(q.trim())}
            onBlur={() => setSearch(q.trim())}
            className="toolbar-search account-search"
          />
          {(isAdmin || organized.length > 1) && (
            <Select
              allowClear={isAdmin}
              placeholder={t('ac.acc.all_institutions')}
              aria-label={t('ac.acc.institution')}
              value={isAdmin ? institutionId : orgInstitution}
              onChange={(v) => setInstitutionId(v ?? undefined)}
              options={institutionOptions}
              className="account-institution-filter"
            />
          )}
        </Space>
        {list.data && (
          <Typography.Text type="secondary" className="account-count">
            {t('ac.acc.count', { n: list.data.length })}
          </Typography.Text>
        )}
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : screens.md ? (
        <Table<AccountT>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ac.acc.empty')} /> }}
          onRow={(a) => ({ onDoubleClick: () => setOpenId(a.id) })}
          className="account-table"
          columns={[
            {
              title: t('ac.acc.name'),
              key: 'name',
              render: (_, a) => (
                <div className="account-name">
                  <span>{a.displayName}</span>
                  <Typography.Text type="secondary" className="account-username">
                    {a.username}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t('ac.acc.institution'),
              key: 'inst',
              width: 200,
              render: (_, a) => a.institutionName ?? <Typography.Text type="secondary">—</Typography.Text>,
            },
            { title: t('ac.acc.roles'), key: 'roles', render: (_, a) => <GrantTags a={a} t={t} /> },
            { title: t('ac.acc.status'), key: 'status', width: 170, render: (_, a) => <AccountStatus a={a} t={t} /> },
            { title: t('ac.acc.last_sign_in'), key: 'last', width: 150, render: (_, a) => (a.lastSignInAt ? when(a.lastSignInAt) : t('ac.acc.never')) },
            { title: '', key: 'manage', width: 80, render: (_, a) => manage(a) },
          ]}
        />
      ) : (
        <List
          loading={list.isPending}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('ac.acc.empty') }}
          className="account-list"
          renderItem={(a) => (
            <List.Item actions={[manage(a)]}>
              <List.Item.Meta
                title={
                  <span>
                    {a.displayName} <Typography.Text type="secondary">{a.username}</Typography.Text>
                  </span>
                }
                description={
                  <Space orientation="vertical" size={4}>
                    <AccountStatus a={a} t={t} />
                    {a.grants.length > 0 && <GrantTags a={a} t={t} />}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
      <CreateAccountDrawer
        open={creating}
        isAdmin={isAdmin}
        institutionOptions={institutionOptions}
        defaultInstitutionId={isAdmin ? institutionId : orgInstitution}
        onClose={() => setCreating(false)}
        onCreated={(credential) => {
          setCreating(false);
          setIssued({ credential, reset: false });
        }}
      />
      <AccountDrawer
        accountId={openId}
        isAdmin={isAdmin}
        institutionOptions={institutionOptions}
        onClose={() => setOpenId(null)}
        onIssued={(credential) => setIssued({ credential, reset: true })}
      />
      <CredentialModal issued={issued?.credential ?? null} reset={issued?.reset} onClose={() => setIssued(null)} />
    </div>
  );
}
