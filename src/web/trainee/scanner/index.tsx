import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { BadgeScanResults, ScannerData } from '../../../contracts/attendance';
import { fmt, useT } from '../i18n';
import { QrCamera } from '../qr-camera';
import { BoardingMode } from './boarding';
import { useBoardingWords } from './boarding-words';
import { loadData, newScanId, putScan, putScans, type QueuedScan, saveData, scansOf } from './queue';
import { ScanLog } from './scan-log';
import { useOnlineSync } from './use-online-sync';

type Data = z.infer<typeof ScannerData>;
const BADGE_PREFIX = 'cohort-badge:';
const RETRY_MS = [3_000, 10_000, 30_000];

/**
 * /t/scanner/<classId>: the class teacher's phone scans trainees' badges — boarding the bus to a
 * site visit, at the door of a venue — with or without network. A service worker keeps the page
 * and the class's data; scans wait in IndexedDB and are sent when the network is back (the online
 * event, a retry timer, or a tap). The server judges each scan at the time it was made and answers
 * per scan; a batch sent twice gets the same answers.
 */
export default function BadgeScanner({ classId }: { classId: number }) {
  const { t, lang } = useT();
  const [data, setData] = useState<Data | null>(null);
  const [csrf, setCsrf] = useState<string | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  const [sessionId, setSessionId] = useState<number | null>(null);
  const [scans, setScans] = useState<QueuedScan[]>([]);
  const [last, setLast] = useState<{ text: string; ok: boolean } | null>(null);
  const [manual, setManual] = useState('');
  const syncing = useRef(false);
  const retry = useRef({ attempt: 0, timer: 0 });

  // 登车 (boarding) scans badges at a bus's door; ?mode=boarding opens it (the buses page links so).
  const [mode, setMode] = useState<'check-in' | 'boarding'>(() => (new URLSearchParams(location.search).get('mode') === 'boarding' ? 'boarding' : 'check-in'));
  const bw = useBoardingWords();
  const refreshScans = useCallback(async () => setScans((await scansOf(classId)).filter((s) => s.vehicleId === undefined)), [classId]);

  // The page and its scripts stay on the phone (the trainee pages' worker, offline/register.ts).
  // The class's sessions and badges, and the signed-in user's CSRF token: from the network, else
  // from the last time.
  useEffect(() => {
    (async () => {
      try {
        const [dataRes, meRes] = await Promise.all([
          fetch(`/api/v1/classes/${classId}/scanner-data`, { credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': lang } }),
          fetch('/api/v1/auth/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } }),
        ]);
        if (dataRes.status === 401 || meRes.status === 401 || dataRes.status === 403) {
          setSignedOut(true);
          return;
        }
        if (!dataRes.ok || !meRes.ok) throw new Error(String(dataRes.status));
        const d = (await dataRes.json()) as Data;
        const me = (await meRes.json()) as { csrfToken: string };
        setData(d);
        setCsrf(me.csrfToken);
        await saveData(`scanner-data:${classId}`, d);
        await saveData('csrf', me.csrfToken);
      } catch {
        setData((await loadData<Data>(`scanner-data:${classId}`)) ?? null);
        setCsrf((await loadData<string>('csrf')) ?? null);
      }
      await refreshScans();
    })();
  }, [classId, lang, refreshScans]);

  // The session now open, else the next one.
  useEffect(() => {
    if (!data || sessionId) return;
    const now = Date.now();
    const open = data.sessions.find((s) => Date.parse(s.opensAt) <= now && now <= Date.parse(s.endsAt));
    const next = data.sessions.find((s) => Date.parse(s.startsAt) > now);
    setSessionId((open ?? next ?? data.sessions[data.sessions.length - 1])?.id ?? null);
  }, [data, sessionId]);

  const sync = useCallback(async () => {
    if (syncing.current || !csrf) return;
    const waiting = (await scansOf(classId)).filter((s) => s.vehicleId === undefined && s.state === 'queued');
    if (!waiting.length) return;
    syncing.current = true;
    window.clearTimeout(retry.current.timer);
    try {
      const res = await fetch(`/api/v1/classes/${classId}/badge-scans`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': lang, 'x-csrf-token': csrf },
        body: JSON.stringify({ scans: waiting.map(({ clientId, sessionId, badge, scannedAt }) => ({ clientId, sessionId, badge, scannedAt })) }),
      });
      if (res.status === 401 || res.status === 403) {
        setSignedOut(true);
        return;
      }
      if (!res.ok) throw new Error(String(res.status));
      const { results } = (await res.json()) as z.infer<typeof BadgeScanResults>;
      const byId = new Map(results.map((r) => [r.clientId, r]));
      await putScans(
        waiting.map((s) => {
          const r = byId.get(s.clientId);
          if (!r) return s;
          const ok = r.outcome === 'recorded' || r.outcome === 'duplicate';
          return { ...s, name: r.name ?? s.name, state: ok ? 'synced' : 'conflict', outcome: r.outcome, message: r.message };
        }),
      );
      retry.current.attempt = 0;
    } catch {
      // No network after all, or the server is away: try again a little later.
      const delay = RETRY_MS[Math.min(retry.current.attempt, RETRY_MS.length - 1)];
      retry.current.attempt += 1;
      retry.current.timer = window.setTimeout(() => void sync(), delay);
    } finally {
      syncing.current = false;
      await refreshScans();
    }
  }, [classId, csrf, lang, refreshScans]);

  const online = useOnlineSync(sync);

  const record = async (raw: string) => {
    const badge = raw.trim();
    if (!data || !sessionId || !badge) return;
    const known = data.badges.find((b) => b.badge === badge);
    if (!badge.startsWith(BADGE_PREFIX) || !known) {
      setLast({ text: t('scannerUnknown'), ok: false });
      return;
    }
    // Held in front of the camera, a badge reads again and again: one scan per session is enough.
    if ((await scansOf(classId)).some((s) => s.vehicleId === undefined && s.sessionId === sessionId && s.badge === badge && s.state !== 'conflict')) {
      setLast({ text: t('scannerAlready', { name: known.name }), ok: true });
      return;
    }
    const scan: QueuedScan = { clientId: newScanId(), classId, sessionId, badge, scannedAt: new Date().toISOString(), name: known.name, state: 'queued' };
    await putScan(scan);
    setLast({ text: `${known.name} ✓`, ok: true });
    await refreshScans();
    if (navigator.onLine) void sync();
  };

  const onManual = (e: FormEvent) => {
    e.preventDefault();
    void record(manual.startsWith(BADGE_PREFIX) ? manual : `${BADGE_PREFIX}${manual}`);
    setManual('');
  };

  if (signedOut) {
    return (
      <main className="t-page">
        <h1 className="t-title">{t('scannerTitle')}</h1>
        <p className="t-card">
          {t('scannerSignIn')}{' '}
          <a className="t-link" href={`/login?next=${encodeURIComponent(location.pathname)}`}>
            {t('scannerSignInLink')}
          </a>
        </p>
      </main>
    );
  }
  const queued = scans.filter((s) => s.state === 'queued').length;
  const session = data?.sessions.find((s) => s.id === sessionId);
  return (
    <main className="t-page s-page">
      <h1 className="t-title">{mode === 'boarding' ? bw('title') : t('scannerTitle')}</h1>
      <div className="t-segmented s-modes" style={{ marginBottom: 8 }}>
        {(['check-in', 'boarding'] as const).map((m) => (
          <button key={m} type="button" aria-pressed={mode === m} className={mode === m ? 'active' : ''} onClick={() => setMode(m)}>
            {m === 'boarding' ? bw('modeBoarding') : bw('modeCheckIn')}
          </button>
        ))}
      </div>
      <div className="s-status" role="status" data-online={online}>
        <span className={online ? 's-dot' : 's-dot s-dot-off'} />
        {online ? t('scannerOnline') : t('scannerOffline')}
      </div>
      {data && mode === 'boarding' ? (
        <BoardingMode classId={classId} data={data} csrf={csrf} online={online} onSignedOut={() => setSignedOut(true)} />
      ) : !data ? (
        <p className="t-card">{t('scannerNoData')}</p>
      ) : (
        <>
          <p className="t-muted t-small">{data.classTitle}</p>
          <label className="t-card t-block">
            {t('scannerSession')}
            <select value={sessionId ?? ''} onChange={(e) => setSessionId(Number(e.target.value))}>
              {data.sessions.map((s) => (
                <option key={s.id} value={s.id}>
                  {fmt(s.startsAt, data.timeZone, lang, 'datetime')} {s.title}
                </option>
              ))}
            </select>
          </label>
          {session && (
            <QrCamera onCode={(text) => void record(text)} labels={{ starting: t('cameraStarting'), denied: t('cameraDenied'), none: t('cameraNone') }} />
          )}
          {last && (
            <div className={`s-last ${last.ok ? 't-ok' : 't-warn'}`} role="status">
              {last.text}
            </div>
          )}
          <form className="t-card t-form" onSubmit={onManual}>
            <label>
              {t('scannerManual')}
              <input value={manual} onChange={(e) => setManual(e.target.value)} className="s-manual" autoComplete="off" />
            </label>
            <button type="submit" className="t-button t-button-small" disabled={!manual.trim()}>
              {t('scannerAdd')}
            </button>
          </form>
        </>
      )}
      {mode === 'check-in' && (
        <ScanLog
          scans={scans}
          queued={queued}
          online={online}
          sync={sync}
          timeZone={data?.timeZone ?? 'Asia/Shanghai'}
          detail={(s) => data?.sessions.find((x) => x.id === s.sessionId)?.title}
        />
      )}
    </main>
  );
}
