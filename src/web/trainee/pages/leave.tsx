import { type FormEvent, useEffect, useState } from 'react';
import type { LeaveRequest } from '../../../contracts/attendance';
import { call } from '../api';
import { isoToZoned, useTrainee, zonedToIso } from '../data';
import { colon, fmt, useT } from '../i18n';
import { isNetworkError, Stale, useKept } from '../offline/kept';
import { onOutboxChange, queueLeave } from '../offline/outbox';
import { OutboxRow } from '../offline/queued';
import { useOutbox } from '../offline/use-outbox';
import { useOfflineT } from '../offline/words';
import { Failed, LimitWarning, useTimetable } from './today';

/** /t/leave: ask for leave for some sessions or a time span, and follow the requests. */
export function LeavePage() {
  const { t, lang } = useT();
  const { me, enrolment } = useTrainee();
  const o = useOfflineT();
  const tz = enrolment!.timeZone;
  const tt = useTimetable();
  const mine = useKept(`leave:${enrolment!.enrolmentId}`, () => call<LeaveRequest[]>('GET', `/api/v1/me/enrolments/${enrolment!.enrolmentId}/leave-requests`));
  // Requests written with no network, kept on the phone until they are sent.
  const outbox = useOutbox(me.personId, 'leave');
  const waiting = outbox.items.filter((i) => i.kind === 'leave' && i.enrolmentId === enrolment!.enrolmentId && i.state !== 'done');
  const [queuedNow, setQueuedNow] = useState(false);
  useEffect(() => onOutboxChange(mine.reload), [mine.reload]);
  const [mode, setMode] = useState<'sessions' | 'span'>('sessions');
  const [chosen, setChosen] = useState<number[]>([]);
  const [from, setFrom] = useState(() => isoToZoned(Date.now(), tz));
  const [to, setTo] = useState(() => isoToZoned(Date.now() + 4 * 3600_000, tz));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<LeaveRequest | null>(null);
  const [busy, setBusy] = useState(false);

  const taken = new Set((mine.data ?? []).filter((l) => l.status === 'pending' || l.status === 'approved').flatMap((l) => l.sessions.map((s) => s.id)));
  const open = (tt.data?.sessions ?? []).filter((s) => Date.parse(s.endsAt) > Date.now() && !taken.has(s.id));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setQueuedNow(false);
    const body = mode === 'sessions' ? { sessionIds: chosen, reason } : { startsAt: zonedToIso(from, tz), endsAt: zonedToIso(to, tz), reason };
    try {
      const created = await call<LeaveRequest>('POST', `/api/v1/me/enrolments/${enrolment!.enrolmentId}/leave-requests`, body);
      setDone(created);
      setChosen([]);
      setReason('');
      mine.reload();
      tt.reload();
    } catch (err) {
      if (isNetworkError(err)) {
        await queueLeave(me.personId, enrolment!.enrolmentId, body);
        setQueuedNow(true);
        setDone(null);
        setChosen([]);
        setReason('');
      } else setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async (id: number) => {
    try {
      await call('POST', `/api/v1/me/leave-requests/${id}/cancel`);
      mine.reload();
      tt.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <>
      <h1 className="t-title">{t('leaveTitle')}</h1>
      <LimitWarning />
      <form className="t-card t-form" onSubmit={submit}>
        <div className="t-segmented">
          {(['sessions', 'span'] as const).map((m) => (
            <button key={m} type="button" aria-pressed={mode === m} className={mode === m ? 'active' : ''} onClick={() => setMode(m)}>
              {m === 'sessions' ? t('leaveBySessions') : t('leaveBySpan')}
            </button>
          ))}
        </div>
        {mode === 'sessions' ? (
          <fieldset className="t-choices">
            <legend className="t-small t-muted">{t('leaveChoose')}</legend>
            {tt.loading && <p className="t-muted">{t('loading')}</p>}
            {open.map((s) => (
              <label key={s.id} className="t-choice">
                <input
                  type="checkbox"
                  checked={chosen.includes(s.id)}
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, s.id] : c.filter((x) => x !== s.id)))}
                />
                <span>
                  <span className="t-muted">{fmt(s.startsAt, tz, lang, 'datetime')}</span> {s.title}{' '}
                  <span className="t-muted">
                    ({s.hours} {t('hoursUnit')})
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : (
          <div className="t-span">
            <label>
              {t('leaveFrom')}
              <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
            </label>
            <label>
              {t('leaveTo')}
              <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
            </label>
          </div>
        )}
        <label className="t-block">
          {t('leaveReason')}
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={500} required />
        </label>
        {error && (
          <p className="t-warn" role="alert">
            {error}
          </p>
        )}
        {queuedNow && (
          <p className="t-ok" role="status">
            {o('leaveQueued')}
          </p>
        )}
        {done && (
          <p className="t-ok" role="status">
            {t('leaveSubmitted')}
            {done.usage.wouldExceed && <span className="t-warn"> {t('leaveWarn', { limit: done.usage.limitHours })}</span>}
          </p>
        )}
        <button type="submit" className="t-button t-button-big" disabled={busy || (mode === 'sessions' && chosen.length === 0) || !reason.trim()}>
          {t('leaveSubmit')}
        </button>
      </form>

      <h2 className="t-subtitle">{t('leaveMine')}</h2>
      <Stale at={mine.savedAt} timeZone={tz} />
      {waiting.map((i) => (
        <article key={i.id} className="t-card t-leave t-leave-queued">
          <ul className="t-outbox">
            <OutboxRow item={i} />
          </ul>
          {i.kind === 'leave' && <div>{String(i.body.reason ?? '')}</div>}
        </article>
      ))}
      {mine.error && <Failed message={mine.error.message} retry={mine.reload} />}
      {mine.data?.length === 0 && !waiting.length && <p className="t-muted">{t('leaveNone')}</p>}
      {mine.data?.map((l) => (
        <article key={l.id} className="t-card t-leave" data-leave={l.id}>
          <div className="t-leave-head">
            <span className={`t-chip t-chip-leave-${l.status}`}>{t(`leave_${l.status}`)}</span>
            <span className="t-muted t-small">{fmt(l.requestedAt, tz, lang, 'datetime')}</span>
          </div>
          <div>{l.reason}</div>
          <ul className="t-small">
            {l.sessions.map((s) => (
              <li key={s.id}>
                {fmt(s.startsAt, tz, lang, 'datetime')} {s.title}
              </li>
            ))}
          </ul>
          <div className="t-small t-muted">
            {t('leaveHours')}
            {colon(lang)}
            {l.hours}
          </div>
          {l.decisionComment && (
            <div className="t-small">
              {t('leaveComment')}
              {colon(lang)}
              {l.decisionComment}
            </div>
          )}
          {l.status === 'pending' && l.usage.wouldExceed && <div className="t-small t-warn">{t('leaveWarn', { limit: l.usage.limitHours })}</div>}
          {l.status === 'pending' && (
            <button type="button" className="t-button t-button-small t-button-quiet" onClick={() => cancel(l.id)}>
              {t('leaveCancel')}
            </button>
          )}
        </article>
      ))}
    </>
  );
}
