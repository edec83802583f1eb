import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, type ReactNode, Suspense, useEffect, useRef } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ApiError, setUnauthenticatedHandler } from '../api/client';
import { keys, useMe } from '../api/queries';
import { ErrorState } from '../components/error-state';
import { Loading } from '../components/loading';
import { I18nProvider, useI18n } from '../i18n';
import { isProviderOnly } from '../pages/residence/provider';
import { AppLayout } from './layout';
import './styles.css';

// Each route is its own chunk: signing in downloads the login page only, the class workspace
// and each of its tabs arrive when opened.
const LoginPage = lazy(() => import('../pages/login'));
const HomePage = lazy(() => import('../pages/home'));
// A hotel's or bus company's account lands on its own home (#18).
const ProviderHome = lazy(() => import('../pages/residence/provider-home'));
const ProgrammePage = lazy(() => import('../pages/programme'));
const ClassWorkspace = lazy(() => import('../pages/class/workspace'));
const TimetablePrint = lazy(() => import('../pages/class/timetable/print'));
const NotFoundPage = lazy(() => import('../pages/not-found'));
const ProjectorPage = lazy(() => import('../pages/attendance/projector'));
const HoursReportPage = lazy(() => import('../pages/attendance/hours-report'));
// The institution's audit trail for the administrator (classes engineer).
const InstitutionAuditPage = lazy(() => import('../pages/audit/institution-audit'));
// Accounts, institutions and one's own account (#9).
const AccountsPage = lazy(() => import('../pages/accounts/accounts'));
const InstitutionsPage = lazy(() => import('../pages/accounts/institutions'));
const OwnAccountPage = lazy(() => import('../pages/accounts/own-account'));
const PasswordChangePage = lazy(() => import('../pages/accounts/password-change'));
const WelcomePage = lazy(() => import('../pages/accounts/welcome'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Refused reads (403/404) will not change by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
  },
});

/** Keeps the language the signed-in user chose last time (stored on their account). */
function LocaleFromAccount() {
  const { data: me } = useMe();
  const { setLocale } = useI18n();
  const applied = useRef<number | null>(null);
  useEffect(() => {
    if (me && applied.current !== me.id) {
      applied.current = me.id;
      if (me.locale === 'en' || me.locale === 'zh-CN') setLocale(me.locale);
    }
    if (!me) applied.current = null;
  }, [me, setLocale]);
  return null;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, error } = useMe();
  const location = useLocation();
  if (isPending) return <Loading />;
  if (error) return <ErrorState error={error} />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  // A one-time password opens nothing but its change (the server refuses everything else too).
  if (me.mustChangePassword) return <Navigate to={`/account/password?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

function IndexPage() {
  const { data: me } = useMe();
  return isProviderOnly(me) ? <ProviderHome /> : <HomePage />;
}

function SessionExpiry() {
  const qc = useQueryClient();
  useEffect(() => {
    setUnauthenticatedHandler(() => qc.setQueryData(keys.me, null));
    return () => setUnauthenticatedHandler(null);
  }, [qc]);
  return null;
}

function Themed({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d5fa7', borderRadius: 6, fontFamily: 'var(--cohort-font)' } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export default function AdminApp() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed>
          <SessionExpiry />
          <LocaleFromAccount />
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/welcome" element={<WelcomePage />} />
                <Route path="/account/password" element={<PasswordChangePage />} />
                <Route
                  path="/classes/:classId/timetable/print"
                  element={
                    <RequireAuth>
                      <TimetablePrint />
                    </RequireAuth>
                  }
                />
                <Route
                  path="/classes/:classId/projector/:sessionId"
                  element={
                    <RequireAuth>
                      <ProjectorPage />
                    </RequireAuth>
                  }
                />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route index element={<IndexPage />} />
                  <Route path="programmes/:programmeId" element={<ProgrammePage />} />
                  <Route path="classes/:classId/:tab?" element={<ClassWorkspace />} />
                  <Route path="hours" element={<HoursReportPage />} />
                  <Route path="institutions/:institutionId/audit" element={<InstitutionAuditPage />} />
                  <Route path="account" element={<OwnAccountPage />} />
                  <Route path="admin" element={<Navigate to="/admin/accounts" replace />} />
                  <Route path="admin/accounts" element={<AccountsPage />} />
                  <Route path="admin/institutions" element={<InstitutionsPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </Themed>
      </I18nProvider>
    </QueryClientProvider>
  );
}
