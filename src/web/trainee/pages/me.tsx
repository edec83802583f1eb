import { lazy, Suspense } from 'react';
import type { z } from 'zod';
import type { PersonHours } from '../../../contracts/attendance';
import type { TraineeBadge, TraineeGroup } from '../../../contracts/trainee';
import { actionPlanLabel, afterClassLabel } from '../after-class/labels';
import { call, setCsrf } from '../api';
import { useTrainee } from '../data';
import { LANGS, type Lang, useT } from '../i18n';
import { Stale, useKept } from '../offline/kept';
import { forgetAll } from '../offline/store';
import { Link, navigate } from '../router';
import { CalendarFeedCard } from './links';
import { Failed, useClassHours } from './today';

// The class committee and, for a group leader, roll call (#18).
const CommitteeCard = lazy(() => import('../roll-call/committee'));

const svgSrc = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/** /t/me: the trainee's menu — hours, group, badge, certificates, evaluations, language, sign out. */
export function MePage() {
  const { t, lang, setLang } = useT();
  const { me, enrolment, choose } = useTrainee();
  const enrolled = me.enrolments.filter((e) => e.status === 'enrolled');
  const signOut = async () => {
    await call('POST', '/api/v1/auth/logout').catch(() => {});
    setCsrf(null);
    // What this trainee kept on the phone goes with them (phones get shared).
    await forgetAll().catch(() => {});
    navigate('/t', true);
    window.location.reload();
  };
  const switchLang = (next: Lang) => {
    setLang(next);
    // The account keeps zh-CN or en for the server's own messages; Tibetan lives on this phone.
    if (next !== 'bo') call('PATCH', '/api/v1/auth/me', { locale: next }).catch(() => {});
  };
  return (
    <>
      <h1 className="t-title">
        {me.name} {me.nameBo && <span className="t-bo">{me.nameBo}</span>}
      </h1>
      {enrolled.length > 1 && (
        <label className="t-card t-block">
          {t('chooseClass')}
          <select value={enrolment?.enrolmentId} onChange={(e) => choose(Number(e.target.value))}>
            {enrolled.map((e) => (
              <option key={e.enrolmentId} value={e.enrolmentId}>
                {e.shortTitle ?? e.classTitle}
              </option>
            ))}
          </select>
        </label>
      )}
      <Suspense fallback={null}>
        <CommitteeCard />
      </Suspense>
      <CalendarFeedCard />
      <nav className="t-menu">
        {(enrolment?.classStatus === 'enrolling' || enrolment?.classStatus === 'running') && <Link to="/t/travel">{t('travel')}</Link>}
        <Link to="/t/hours">{t('hours')}</Link>
        <Link to="/t/group">{t('group')}</Link>
        <Link to="/t/badge">{t('badge')}</Link>
        <Link to="/t/evaluations">{t('evaluations')}</Link>
        <Link to="/t/certificates">{t('certificates')}</Link>
        <Link to="/t/reflection">{afterClassLabel(lang)}</Link>
        <Link to="/t/plan">{actionPlanLabel(lang)}</Link>
        <Link to="/t/outside">{t('outside')}</Link>
        {enrolment && (
          <a href={`/api/v1/me/enrolments/${enrolment.enrolmentId}/handbook.pdf?layout=a5`} download>
            {t('handbook')}
          </a>
        )}
        <fieldset className="t-langs" aria-label={t('language')}>
          {LANGS.map((l) => (
            <button key={l.lang} type="button" lang={l.lang} aria-pressed={l.lang === lang} onClick={() => switchLang(l.lang)}>
              {l.name}
            </button>
          ))}
        </fieldset>
        <button type="button" onClick={signOut}>
          {t('signOut')}
        </button>
      </nav>
    </>
  );
}

/** /t/hours: this class (with the leave limit), every class, per year, and five years. */
export function HoursPage() {
  const { t } = useT();
  const { enrolment } = useTrainee();
  const all = useKept('hours', () => call<PersonHours>('GET', '/api/v1/me/hours'));
  const mine = useClassHours();
  if (all.error) return <Failed message={all.error.message} retry={all.reload} />;
  if (!all.data) return <p className="t-muted">{t('loading')}</p>;
  const h = mine.data?.hours;
  const years = all.data.years;
  return (
    <>
      <h1 className="t-title">{t('hours')}</h1>
      <Stale at={all.savedAt} timeZone={enrolment?.timeZone} />
      {h && (
        <section className="t-card">
          <h2 className="t-subtitle">{t('hoursThisClass')}</h2>
          <div className="t-big-number">
            {h.attendedHours}
            <span className="t-muted"> / {h.totalHours}</span>
          </div>
          <dl className="t-dl">
            <dt>{t('hoursLeave')}</dt>
            <dd>{h.leaveHours}</dd>
            <dt>{t('hoursAbsent')}</dt>
            <dd>{h.absentHours}</dd>
            <dt>{t('hoursPending')}</dt>
            <dd>{h.pendingHours}</dd>
            <dt>{t('hoursLimit')}</dt>
            <dd>{h.limitHours}</dd>
          </dl>
          {h.overLimit && (
            <p className="t-warn" role="alert">
              {t('limitWarn', { used: h.leaveHours + h.absentHours, limit: h.limitHours })}
            </p>
          )}
        </section>
      )}
      <section className="t-card">
        <h2 className="t-subtitle">{t('hoursByYear')}</h2>
        <p className="t-small t-muted">{t('hoursYearNeed', { n: all.data.yearlyRequired })}</p>
        {years.map((y) => (
          <div key={y.year} className="t-bar-row">
            <span>{y.year}</span>
            <span className="t-bar">
              <span
                className={y.hours >= all.data!.yearlyRequired ? 't-bar-fill t-bar-ok' : 't-bar-fill'}
                style={{ width: `${Math.min(100, (100 * y.hours) / all.data!.yearlyRequired)}%` }}
              />
            </span>
            <span>
              {y.hours}
              {y.recognisedHours > 0 && <span className="t-small t-muted"> {t('outsideRecognised', { n: y.recognisedHours })}</span>}
            </span>
          </div>
        ))}
        <p>
          {t('hoursFiveYears', { from: all.data.fiveYears.fromYear, to: all.data.fiveYears.toYear })}: <strong>{all.data.fiveYears.hours}</strong>{' '}
          <span className="t-small t-muted">{t('hoursFiveNeed', { n: all.data.fiveYearRequired })}</span>
        </p>
      </section>
      <section className="t-card">
        <h2 className="t-subtitle">{t('hoursAllClasses')}</h2>
        {all.data.classes.map((c) => (
          <div key={c.enrolmentId} className="t-class-row">
            <div>{c.classTitle}</div>
            <div className="t-small t-muted">
              {c.startsOn} – {c.endsOn} · {t('hoursEarned')} {c.hours.attendedHours} / {c.hours.totalHours}
            </div>
          </div>
        ))}
      </section>
    </>
  );
}

/** /t/group: the trainee's group and its members. */
export function GroupPage() {
  const { t } = useT();
  const { enrolment } = useTrainee();
  const g = useKept(`group:${enrolment!.enrolmentId}`, () =>
    call<z.infer<typeof TraineeGroup>>('GET', `/api/v1/me/enrolments/${enrolment!.enrolmentId}/group`),
  );
  if (g.error) return <Failed message={g.error.message} retry={g.reload} />;
  if (!g.data) return <p className="t-muted">{t('loading')}</p>;
  if (!g.data.group) return <p className="t-card">{t('groupNone')}</p>;
  return (
    <>
      <h1 className="t-title">{g.data.group.name}</h1>
      <Stale at={g.savedAt} timeZone={enrolment?.timeZone} />
      <ul className="t-card t-members">
        {g.data.members.map((m) => (
          <li key={`${m.name}-${m.workUnit}`} className={m.isMe ? 't-me' : ''}>
            <div>
              {m.name} {m.nameBo && <span className="t-bo">{m.nameBo}</span>} {m.role === 'group_leader' && <span className="t-chip">{t('groupLeader')}</span>}
              {m.isMe && <span className="t-muted"> （{t('you')}）</span>}
            </div>
            {m.workUnit && <div className="t-small t-muted">{m.workUnit}</div>}
          </li>
        ))}
      </ul>
    </>
  );
}

/** /t/badge: the personal QR badge the class teacher scans (not the sign-in code). */
export function BadgePage() {
  const { t } = useT();
  const { enrolment } = useTrainee();
  // Kept on the phone: the badge is shown on the bus, with no network.
  const b = useKept(`badge:${enrolment!.enrolmentId}`, () =>
    call<z.infer<typeof TraineeBadge>>('GET', `/api/v1/me/enrolments/${enrolment!.enrolmentId}/badge`),
  );
  if (b.error) return <Failed message={b.error.message} retry={b.reload} />;
  if (!b.data) return <p className="t-muted">{t('loading')}</p>;
  return (
    <div className="t-badge">
      <h1 className="t-title">{t('badge')}</h1>
      <Stale at={b.savedAt} timeZone={enrolment?.timeZone} />
      <img src={svgSrc(b.data.svg)} alt={b.data.name} className="t-badge-qr" />
      <div className="t-badge-name">{b.data.name}</div>
      <div className="t-muted">{enrolment?.groupName}</div>
      <p className="t-small t-muted">{t('badgeHint')}</p>
    </div>
  );
}
