import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { setCsrf, setLanguage, TraineeApiError } from './api';
import { loadStart, pickEnrolment, TraineeContext } from './data';
import { initialLang, type Lang, LangContext, makeT, useT } from './i18n';
import { InvitationPage } from './invitation';
import { PageBoundary } from './offline/boundary';
import { Stale, useKept } from './offline/kept';
import { registerTraineeWorker } from './offline/register';
import { useOutboxSync } from './offline/use-outbox';
import { CheckInPage } from './pages/check-in';
import { LeavePage } from './pages/leave';
import { BadgePage, GroupPage, HoursPage, MePage } from './pages/me';
import { OutsidePage } from './pages/outside';
import { TimetablePage, TodayPage } from './pages/today';
import { Link, navigate, usePath } from './router';
import './trainee.css';

// The trainee's phone (/t/…): plain React and a little CSS, no Ant Design and nothing of the
// office app. The camera scanner (jsQR) and the class teacher's badge scanner load on demand.
const ScanPage = lazy(() => import('./pages/scan'));
const BadgeScanner = lazy(() => import('./scanner'));
// Pages of other modules, shown in the trainee's shell (header and tab bar) with its router.
const TraineeEvaluations = lazy(() => import('./evaluations').then((m) => ({ default: m.TraineeEvaluations })));
const TraineeCertificates = lazy(() => import('./certificates').then((m) => ({ default: m.TraineeCertificates })));
// A group leader's roll call (#18), offline like the scanner.
const RollCallPage = lazy(() => import('./roll-call'));
// After the class (#19): the reflection (心得体会) and the self-appraisal (结业鉴定).
const AfterClassPage = lazy(() => import('./after-class'));
// Action plans and the follow-up (#19); the supervisor's page opens from a signed link, without an account.
const ActionPlanPage = lazy(() => import('./followup'));
const SupervisorPage = lazy(() => import('./followup/supervisor'));
// Arrivals and departures (接送站, #18): the trainee's own travel.
const TravelPage = lazy(() => import('./travel'));

export default function TraineeApp() {
  const path = usePath();
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem('cohort.lang', l);
    setLangState(l);
  }, []);
  setLanguage(lang);
  const value = useMemo(() => ({ lang, t: makeT(lang), setLang }), [lang, setLang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(registerTraineeWorker, []);

  let page: ReactNode;
  if (path.startsWith('/t/scanner/')) page = <BadgeScanner classId={Number(path.split('/')[3])} />;
  else if (path.startsWith('/t/s/')) page = <SupervisorPage token={decodeURIComponent(path.slice(5))} />;
  else if (path.startsWith('/t/i/')) page = <InvitationPage token={decodeURIComponent(path.slice(5))} />;
  else page = <SignedIn path={path} />;
  return (
    <LangContext.Provider value={value}>
      <PageBoundary key={path}>
        <Suspense fallback={<p className="t-muted t-pad">…</p>}>{page}</Suspense>
      </PageBoundary>
    </LangContext.Provider>
  );
}

function SignedIn({ path }: { path: string }) {
  const { t, lang } = useT();
  // Kept under a key of its own: the first screen's answer (who, timetable, hours), not /me's.
  const me = useKept('start', loadStart);
  const [chosen, setChosen] = useState<number | null>(null);
  const data = me.data?.me;
  const serverPick = me.data?.enrolmentId ?? null;
  if (data) setCsrf(data.csrfToken);
  // Check-ins scanned and leave written with no network go out when it returns, whatever the page.
  useOutboxSync(data?.personId ?? null);
  const enrolment = useMemo(() => {
    if (!data) return null;
    return data.enrolments.find((e) => e.enrolmentId === chosen) ?? pickEnrolment(data, serverPick);
  }, [data, chosen, serverPick]);
  const ctx = useMemo(
    () =>
      data && {
        me: data,
        enrolment,
        choose: (id: number) => {
          localStorage.setItem('cohort.enrolment', String(id));
          setChosen(id);
        },
        reload: me.reload,
      },
    [data, enrolment, me.reload],
  );

  // The camera page and its QR decoder load once the first screen is up and the phone is idle,
  // so 签到 opens at once later without weighing on the first visit.
  const shown = Boolean(data);
  useEffect(() => {
    if (!shown) return;
    const load = () => void import('./pages/scan');
    if ('requestIdleCallback' in window) {
      const id = window.requestIdleCallback(load, { timeout: 5000 });
      return () => window.cancelIdleCallback(id);
    }
    const id = globalThis.setTimeout(load, 3000);
    return () => globalThis.clearTimeout(id);
  }, [shown]);

  if (me.loading && !data) return <p className="t-muted t-pad">{t('loading')}</p>;
  if (me.error) {
    const signedOut = me.error instanceof TraineeApiError && (me.error.status === 401 || me.error.status === 403);
    return (
      <main className="t-page">
        <h1 className="t-title">{t('appTitle')}</h1>
        <p className="t-card">{signedOut ? t('signedOut') : me.error.message}</p>
        {!signedOut && (
          <button type="button" className="t-button" onClick={me.reload}>
            {t('retry')}
          </button>
        )}
      </main>
    );
  }
  if (!ctx) return null;

  const route = path.replace(/\/+$/, '') || '/t';
  let body: ReactNode;
  if (!enrolment && !['/t/me', '/t/hours', '/t/certificates', '/t/evaluations', '/t/outside'].includes(route)) body = <p className="t-card">{t('noClass')}</p>;
  else if (route === '/t') body = <TodayPage />;
  else if (route === '/t/timetable') body = <TimetablePage />;
  else if (route === '/t/scan') body = <ScanPage />;
  else if (route.startsWith('/t/c/')) body = <CheckInPage code={decodeURIComponent(route.slice(5))} />;
  else if (route === '/t/leave') body = <LeavePage />;
  else if (route === '/t/me') body = <MePage />;
  else if (route === '/t/hours') body = <HoursPage />;
  else if (route === '/t/group') body = <GroupPage />;
  else if (route === '/t/badge') body = <BadgePage />;
  else if (route === '/t/roll-call') body = <RollCallPage />;
  else if (route === '/t/reflection') body = <AfterClassPage />;
  else if (route === '/t/evaluations' || route.startsWith('/t/evaluations/')) body = <TraineeEvaluations path={route} navigate={navigate} />;
  else if (route === '/t/certificates') body = <TraineeCertificates lang={lang} />;
  else if (route === '/t/plan') body = <ActionPlanPage />;
  else if (route === '/t/outside') body = <OutsidePage />;
  else if (route === '/t/travel') body = <TravelPage />;
  else {
    navigate('/t', true);
    body = null;
  }
  const tab = route === '/t' ? 'today' : route.startsWith('/t/c/') || route === '/t/scan' ? 'scan' : route.slice(3).split('/')[0];
  return (
    <TraineeContext.Provider value={ctx}>
      <div className="t-app">
        <header className="t-header">
          <div className="t-header-name">{data?.name}</div>
          <div className="t-header-class">{enrolment?.shortTitle ?? enrolment?.classTitle ?? ''}</div>
        </header>
        <main className="t-page">
          {route === '/t/me' && <Stale at={me.savedAt} timeZone={enrolment?.timeZone} />}
          <PageBoundary key={route}>
            <Suspense fallback={<p className="t-muted">{t('loading')}</p>}>{body}</Suspense>
          </PageBoundary>
        </main>
        <nav className="t-tabs" aria-label={t('appTitle')}>
          <Tab to="/t" active={tab === 'today'} label={t('today')} icon="◷" />
          <Tab to="/t/timetable" active={tab === 'timetable'} label={t('timetable')} icon="☰" />
          <Tab to="/t/scan" active={tab === 'scan'} label={t('checkIn')} icon="⌗" primary />
          <Tab to="/t/leave" active={tab === 'leave'} label={t('leave')} icon="✎" />
          <Tab
            to="/t/me"
            active={['me', 'hours', 'group', 'badge', 'roll-call', 'reflection', 'evaluations', 'certificates', 'plan', 'outside', 'travel'].includes(tab)}
            label={t('me')}
            icon="☺"
          />
        </nav>
      </div>
    </TraineeContext.Provider>
  );
}

function Tab({ to, active, label, icon, primary }: { to: string; active: boolean; label: string; icon: string; primary?: boolean }) {
  return (
    <Link to={to} className={`t-tab${active ? ' t-tab-active' : ''}${primary ? ' t-tab-primary' : ''}`} aria-current={active ? 'page' : undefined}>
      <span className="t-tab-icon" aria-hidden="true">
        {icon}
      </span>
      <span>{label}</span>
    </Link>
  );
}
