import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { CheckInPreview, CheckInResult } from '../../../contracts/attendance';
import { call } from '../api';
import { useLoad, useTrainee } from '../data';
import { fmt, useT } from '../i18n';
import { isNetworkError } from '../offline/kept';
import { type OutboxItem, outboxOf, queueCheckIn } from '../offline/outbox';
import { OfflineCheckIns } from '../offline/queued';
import { useOfflineT } from '../offline/words';
import { Link } from '../router';

type Preview = z.infer<typeof CheckInPreview>;

/** /t/c/<code>: the projected code, scanned in the app or opened from the phone camera's link. */
export function CheckInPage({ code }: { code: string }) {
  const { t, lang } = useT();
  const { me, enrolment } = useTrainee();
  const o = useOfflineT();
  const tz = enrolment?.timeZone ?? 'Asia/Shanghai';
  const preview = useLoad(() => call<Preview>('GET', `/api/v1/me/check-in-codes/${encodeURIComponent(code)}`), [code]);
  const [result, setResult] = useState<CheckInResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [queued, setQueued] = useState<OutboxItem | null>(null);

  // No network: the scan is kept on the phone (its time is now) and sent when the network returns.
  const offline = preview.error && isNetworkError(preview.error);
  useEffect(() => {
    if (!offline) return;
    let alive = true;
    (async () => {
      const same = (await outboxOf(me.personId)).find((i) => i.kind === 'check-in' && i.code === code);
      const item = same ?? (await queueCheckIn(me.personId, code));
      if (alive) setQueued(item);
    })().catch((e: Error) => alive && setError(e.message));
    return () => {
      alive = false;
    };
  }, [offline, code, me.personId]);

  const checkIn = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await call<CheckInResult>('POST', '/api/v1/me/check-ins', { code }));
    } catch (e) {
      if (isNetworkError(e)) setQueued(await queueCheckIn(me.personId, code));
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const done = result ?? preview.data?.already ?? null;
  if (done) {
    return (
      <div className="t-result" role="status">
        <div className={`t-result-mark t-result-${done.status}`}>✓</div>
        <h1 className="t-title">{done.outcome === 'already' ? t('alreadyCheckedIn') : done.status === 'late' ? t('checkedInLate') : t('checkedIn')}</h1>
        <p className="t-card">
          {done.sessionTitle}
          {done.checkedInAt && <span className="t-muted"> · {fmt(done.checkedInAt, tz, lang, 'time')}</span>}
        </p>
        <Link to="/t" className="t-button">
          {t('backHome')}
        </Link>
      </div>
    );
  }
  if (queued) {
    return (
      <div className="t-result" role="status">
        <div className="t-result-mark t-result-queued">⋯</div>
        <h1 className="t-title">{o('queued')}</h1>
        <p className="t-card">{o('checkInQueued')}</p>
        <OfflineCheckIns />
        <Link to="/t" className="t-button">
          {t('backHome')}
        </Link>
      </div>
    );
  }
  if (preview.loading || offline) return <p className="t-muted">{t('loading')}</p>;
  const p = preview.data;
  const reasons = { 'checkin.code_expired': 'codeExpired', 'checkin.code_invalid': 'codeInvalid', 'checkin.not_enrolled': 'notEnrolled' } as const;
  const reason = p && !p.valid ? t(reasons[p.reason as keyof typeof reasons] ?? 'errorGeneric') : null;
  const problem = error ?? (preview.error ? preview.error.message : reason);
  return (
    <>
      <h1 className="t-title">{t('checkIn')}</h1>
      {p?.sessionTitle && (
        <div className="t-card">
          <div className="t-small t-muted">{t('checkInFor')}</div>
          <div className="t-session-title">{p.sessionTitle}</div>
          {p.startsAt && <div className="t-muted">{fmt(p.startsAt, tz, lang, 'datetime')}</div>}
        </div>
      )}
      {problem && (
        <p className="t-card t-warn" role="alert">
          {problem}
        </p>
      )}
      {p?.valid && (
        <button type="button" className="t-button t-button-big" disabled={busy} onClick={checkIn}>
          {t('confirmCheckIn')}
        </button>
      )}
      <p>
        <Link to="/t/scan" className="t-link">
          {t('scanAgain')}
        </Link>
      </p>
    </>
  );
}
