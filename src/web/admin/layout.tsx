import { IdcardOutlined, LogoutOutlined, SettingOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Dropdown, Layout } from 'antd';
import { Suspense } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { setCsrfToken } from '../api/client';
import { endpoints } from '../api/endpoints';
import { keys, useMe } from '../api/queries';
import { Loading } from '../components/loading';
import { LocaleSwitch } from '../components/locale-switch';
import { useT } from '../i18n';
import { useProblem } from '../lib/problems';
import { useAcT } from '../pages/accounts/messages';
import { isProviderOnly } from '../pages/residence/provider';

export function AppLayout() {
  const t = useT();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const problem = useProblem();
  const at = useAcT();
  const location = useLocation();
  // A service provider has its home and its own account, and no other page (#18).
  const provider = isProviderOnly(me);
  if (provider && location.pathname !== '/' && location.pathname !== '/account') return <Navigate to="/" replace />;
  // The admin area (#9): administrators keep institutions and accounts; an organizer (教务) the accounts of their institution's staff.
  const adminLink = me?.isAdmin
    ? { to: '/admin/accounts', icon: <SettingOutlined />, label: at('ac.nav.admin') }
    : me?.grants.some((g) => g.role === 'organizer')
      ? { to: '/admin/accounts', icon: <TeamOutlined />, label: at('ac.nav.accounts') }
      : null;
  const logout = async () => {
    try {
      await endpoints.logout();
    } catch (e) {
      problem(e);
      return;
    }
    setCsrfToken(null);
    qc.clear();
    qc.setQueryData(keys.me, null);
    navigate('/login', { replace: true });
  };
  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header no-print">
        <Link to="/" className="app-brand">
          <span className="app-brand-mark">C</span>
          <span className="app-brand-name">Cohort</span>
          <span className="app-brand-sub">{t('app.subtitle')}</span>
        </Link>
        <div className="app-header-right">
          {adminLink && (
            <Link to={adminLink.to} className="app-nav-link" data-testid="nav-admin">
              {adminLink.icon}
              <span className="app-nav-label">{adminLink.label}</span>
            </Link>
          )}
          <LocaleSwitch />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'account', icon: <IdcardOutlined />, label: <Link to="/account">{at('ac.nav.my_account')}</Link> },
                { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), onClick: logout },
              ],
            }}
          >
            <Button type="text" icon={<UserOutlined />} className="app-user">
              <span className="app-user-name">{me?.displayName}</span>
            </Button>
          </Dropdown>
        </div>
      </Layout.Header>
      <Layout.Content className="app-content">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
