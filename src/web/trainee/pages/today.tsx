import { useEffect } from 'react';
import type { z } from 'zod';
import type { TraineeClassHours, TraineeSessionItem, TraineeTimetable } from '../../../contracts/trainee';
import { call } from '../api';
import { useTrainee } from '../data';
import { colon, fmt, useT } from '../i18n';
import { Stale, useKept } from '../offline/kept';
import { onOutboxChange } from '../offline/outbox';
import { OfflineCheckIns } from '../offline/queued';
import { Link } from '../router';
import { AddressLinks } from './links';

type Timetable = TraineeTimetable;
type Session = TraineeSessionItem;

export function useTimetable() {
  const { enrolment } = useTrainee();
  const tt = useKept(`timetable:${enrolment!.enrolmentId}`, () => call<Timetable>('GET', `/api/v1/me/enrolments/${enrolment!.enrolmentId}/timetable`));
  // A queued check-in or leave request that has just been sent changes the sessions' status.
  useEffect(() => onOutboxChange(tt.reload), [tt.reload]);
  return tt;
}

/** The trainee's hours in the current class (kept on the phone like the timetable). */
export function useClassHours() {
  const { enrolment } = useTrainee();
  const id = enrolment?.enrolmentId;
  return useKept(`class-hours:${id}`, () => (id ? call<z.infer<typeof TraineeClassHours>>('GET', `/api/v1/me/enrolments/${id}/hours`) : Promise.resolve(null)));
}

export function LimitWarning() {
  const { t } = useT();
  const h = useClassHours();
  if (!h.data?.hours.overLimit) return null;
  return (
    <p className="t-card t-warn" role="alert">
      {t('limitWarn', { used: h.data.hours.leaveHours + h.data.hours.absentHours, limit: h.data.hours.limitHours })}
    </p>
  );
}

export function TodayPage() {
  const { t, lang } = useT();
  const tt = useTimetable();
  if (tt.loading && !tt.data) return <p className="t-muted">{t('loading')}</p>;
  if (tt.error || !tt.data) return <Failed message={tt.error?.message} retry={tt.reload} />;
  const { sessions, today, enrolment } = tt.data;
  const tz = enrolment.timeZone;
  const todays = sessions.filter((s) => s.day === today);
  const next = sessions.find((s) => s.day > today);
  return (
    <>
      <h1 className="t-title">
        {t('today')} <span className="t-muted">{fmt(Date.now(), tz, lang, 'date')}</span>
      </h1>
      <Stale at={tt.savedAt} timeZone={tz} />
      <OfflineCheckIns />
      <LimitWarning />
      {todays.length ? todays.map((s) => <SessionCard key={s.id} s={s} tz={tz} />) : <p className="t-card t-muted">{t('nothingToday')}</p>}
      {next && (
        <>
          <h2 className="t-subtitle">
            {t('nextUp')} · {fmt(next.startsAt, tz, lang, 'date')}
          </h2>
          <SessionCard s={next} tz={tz} />
        </>
      )}
      <p>
        <Link to="/t/timetable" className="t-link">
          {t('allDays')} →
        </Link>
      </p>
    </>
  );
}

export function TimetablePage() {
  const { t, lang } = useT();
  const tt = useTimetable();
  if (tt.loading && !tt.data) return <p className="t-muted">{t('loading')}</p>;
  if (tt.error || !tt.data) return <Failed message={tt.error?.message} retry={tt.reload} />;
  const tz = tt.data.enrolment.timeZone;
  const days = [...new Set(tt.data.sessions.map((s) => s.day))];
  return (
    <>
      <h1 className="t-title">{t('timetable')}</h1>
      <Stale at={tt.savedAt} timeZone={tz} />
      {days.map((day) => {
        const list = tt.data!.sessions.filter((s) => s.day === day);
        return (
          <section key={day} className={day === tt.data!.today ? 't-day t-day-today' : 't-day'}>
            <h2 className="t-subtitle">{fmt(list[0].startsAt, tz, lang, 'date')}</h2>
            {list.map((s) => (
              <SessionCard key={s.id} s={s} tz={tz} compact />
            ))}
          </section>
        );
      })}
    </>
  );
}

export function SessionCard({ s, tz, compact }: { s: Session; tz: string; compact?: boolean }) {
  const { t, lang } = useT();
  const place = s.site ? s.site.name : s.venue;
  const status =
    s.leave === 'pending' || s.leave === 'approved'
      ? s.status === 'leave'
        ? 'status_leave'
        : `leave_${s.leave}`
      : s.review === 'pending' && (s.status === 'present' || s.status === 'late')
        ? 'status_review'
        : `status_${s.status}`;
  return (
    <article className={`t-card t-session t-session-${s.kind}${s.isOpen ? ' t-session-open' : ''}`} data-session={s.id}>
      <div className="t-session-time">
        {fmt(s.startsAt, tz, lang, 'time')}–{fmt(s.endsAt, tz, lang, 'time')}
        <span className="t-session-hours">
          {s.hours} {t('hoursUnit')}
        </span>
      </div>
      <div className="t-session-title">{s.title}</div>
      {place && (
        <div className="t-session-place">
          {t('where')}
          {colon(lang)}
          {place}
          {s.site?.address && <AddressLinks name={s.site.name} address={s.site.address} />}
        </div>
      )}
      {!compact && s.lecturers.length > 0 && (
        <div className="t-small">
          {t('lecturer')}
          {colon(lang)}
          {s.lecturers.map((l) => (l.title ? `${l.name}（${l.title}）` : l.name)).join(lang === 'zh-CN' ? '、' : ', ')}
        </div>
      )}
      {!compact && s.site?.contactName && (
        <div className="t-small t-muted">
          {t('contact')}
          {colon(lang)}
          {s.site.contactName} {s.site.contactPhone && <a href={`tel:${s.site.contactPhone.replace(/[^\d+]/g, '')}`}>{s.site.contactPhone}</a>}
        </div>
      )}
      {s.groups.length > 0 && <div className="t-small t-muted">{s.groups.join('、')}</div>}
      <div className="t-session-foot">
        {status !== 'status_none' && (
          <span className={`t-chip t-chip-${status === 'status_review' ? 'review' : s.status}`}>{t(status as 'status_present')}</span>
        )}
        {s.isOpen && s.status === 'pending' && s.leave !== 'approved' && (
          <Link to="/t/scan" className="t-button t-button-small">
            {t('scanToCheckIn')}
          </Link>
        )}
        {!s.isOpen && s.status === 'pending' && !compact && (
          <span className="t-small t-muted">
            {t('checkInOpens')} {fmt(s.opensAt, tz, lang, 'time')}
          </span>
        )}
      </div>
    </article>
  );
}

export function Failed({ message, retry }: { message?: string; retry: () => void }) {
  const { t } = useT();
  return (
    <div className="t-card t-warn">
      <p>{message || t('failed')}</p>
      <button type="button" className="t-button" onClick={retry}>
        {t('retry')}
      </button>
    </div>
  );
}
