import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { ScannerData } from '../../../contracts/attendance';
import type { BoardingData, BoardingResults } from '../../../contracts/buses';
import { fmt, useT } from '../i18n';
import { QrCamera } from '../qr-camera';
import { BoardingEntry } from './boarding-entry';
import { useBoardingWords } from './boarding-words';
import { loadData, newScanId, putScan, putScans, type QueuedScan, saveData, scansOf } from './queue';
import { ScanLog } from './scan-log';

type Buses = z.infer<typeof BoardingData>;
type Leg = 'outbound' | 'return';
const RETRY_MS = [3_000, 10_000, 30_000];

/**
 * The scanner's boarding mode (登车): the 班主任 picks the site visit, the leg and the bus, and
 * scans each trainee's badge at the door. The buses and their manifests stay on the phone; scans
 * wait in IndexedDB and go to the server when the network is back, which marks who boarded which
 * bus (or answers "rides 2号车"). The bus's missing list is what the phone and server know.
 */
export function BoardingMode({
  classId,
  data,
  csrf,
  online,
  onSignedOut,
}: {
  classId: number;
  data: z.infer<typeof ScannerData>;
  csrf: string | null;
  online: boolean;
  onSignedOut: () => void;
}) {
  const { t, lang } = useT();
  const w = useBoardingWords();
  const [buses, setBuses] = useState<Buses | null>(null);
  const [sessionId, setSessionId] = useState<number | null>(null);
  const [leg, setLeg] = useState<Leg>('outbound');
  const [vehicleId, setVehicleId] = useState<number | null>(null);
  const [scans, setScans] = useState<QueuedScan[]>([]);
  const [last, setLast] = useState<{ text: string; ok: boolean } | null>(null);
  const syncing = useRef(false);
  const retry = useRef({ attempt: 0, timer: 0 });
  const key = `boarding-data:${classId}`;

  const refreshScans = useCallback(async () => setScans((await scansOf(classId)).filter((s) => s.vehicleId !== undefined)), [classId]);
  const loadBuses = useCallback(async () => {
    try {
      const res = await fetch(`/api/v1/classes/${classId}/boarding-data`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (res.status === 401 || res.status === 403) return onSignedOut();
      if (!res.ok) throw new Error(String(res.status));
      const b = (await res.json()) as Buses;
      setBuses(b);
      await saveData(key, b);
    } catch {
      setBuses((await loadData<Buses>(key)) ?? null);
    }
  }, [classId, key, onSignedOut]);
  useEffect(() => {
    void loadBuses();
    void refreshScans();
  }, [loadBuses, refreshScans]);

  const visits = data.sessions.filter((s) => buses?.vehicles.some((v) => v.sessionId === s.id));
  // The visit of today that has not ended, else the next, else the last.
  useEffect(() => {
    if (sessionId || !visits.length) return;
    const now = Date.now();
    setSessionId((visits.find((s) => Date.parse(s.endsAt) >= now) ?? visits[visits.length - 1]).id);
  }, [visits, sessionId]);
  const onBus = buses?.vehicles.filter((v) => v.sessionId === sessionId && v.leg === leg) ?? [];
  const vehicle = onBus.find((v) => v.id === vehicleId) ?? onBus[0] ?? null;

  const sync = useCallback(async () => {
    if (syncing.current || !csrf) return;
    const waiting = (await scansOf(classId)).filter((s) => s.vehicleId !== undefined && s.state === 'queued');
    if (!waiting.length) return;
    syncing.current = true;
    window.clearTimeout(retry.current.timer);
    try {
      const res = await fetch(`/api/v1/classes/${classId}/boarding-scans`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': lang === 'en' ? 'en' : 'zh-CN', 'x-csrf-token': csrf },
        body: JSON.stringify({ scans: waiting.map((s) => ({ clientId: s.clientId, vehicleId: s.vehicleId, badge: s.badge, scannedAt: s.scannedAt })) }),
      });
      if (res.status === 401 || res.status === 403) return onSignedOut();
      if (!res.ok) throw new Error(String(res.status));
      const { results } = (await res.json()) as z.infer<typeof BoardingResults>;
      const byId = new Map(results.map((r) => [r.clientId, r]));
      await putScans(
        waiting.map((s) => {
          const r = byId.get(s.clientId);
          if (!r) return s;
          const ok = r.outcome === 'boarded' || r.outcome === 'already';
          return { ...s, state: ok ? 'synced' : 'conflict', outcome: r.outcome, message: r.message };
        }),
      );
      retry.current.attempt = 0;
      await loadBuses();
    } catch {
      const delay = RETRY_MS[Math.min(retry.current.attempt, RETRY_MS.length - 1)];
      retry.current.attempt += 1;
      retry.current.timer = window.setTimeout(() => void sync(), delay);
    } finally {
      syncing.current = false;
      await refreshScans();
    }
  }, [classId, csrf, lang, loadBuses, onSignedOut, refreshScans]);
  // Back online (the shell's useOnlineSync tells us through `online`), send what waits.
  useEffect(() => {
    if (online) void sync();
  }, [online, sync]);

  const record = async (raw: string) => {
    const badge = raw.trim();
    if (!vehicle || !badge) return;
    const known = data.badges.find((b) => b.badge === badge);
    if (!known) {
      setLast({ text: t('scannerUnknown'), ok: false });
      return;
    }
    if (scans.some((s) => s.vehicleId === vehicle.id && s.badge === badge && s.state !== 'conflict')) {
      setLast({ text: w('already', { name: known.name }), ok: true });
      return;
    }
    // The manifest on the phone already says whether this is the right bus.
    const rides = onBus.find((v) => v.enrolmentIds.includes(known.enrolmentId));
    if (rides && rides.id !== vehicle.id) {
      setLast({ text: w('wrongBus', { name: known.name, label: rides.label }), ok: false });
      return;
    }
    await putScan({
      clientId: newScanId(),
      classId,
      sessionId: vehicle.sessionId,
      vehicleId: vehicle.id,
      badge,
      scannedAt: new Date().toISOString(),
      name: known.name,
      state: 'queued',
    });
    setLast({ text: rides ? w('boarded', { name: known.name, label: vehicle.label }) : w('notOnManifest', { name: known.name }), ok: !!rides });
    await refreshScans();
    if (navigator.onLine) void sync();
  };

  if (!buses) return <p className="t-card">{t('scannerNoData')}</p>;
  if (!visits.length) return <p className="t-card">{w('noBuses')}</p>;
  const here = scans.filter((s) => vehicle && s.vehicleId === vehicle.id && s.state !== 'conflict');
  const boarded = new Set([...(vehicle?.boardedIds ?? []), ...here.map((s) => data.badges.find((b) => b.badge === s.badge)?.enrolmentId)]);
  const missing = (vehicle?.enrolmentIds ?? []).filter((id) => !boarded.has(id));
  const nameOf = (id: number) => data.badges.find((b) => b.enrolmentId === id)?.name ?? `#${id}`;
  const queued = scans.filter((s) => s.state === 'queued').length;
  const departs = vehicle?.departsAt ?? null;
  const late = departs !== null && Date.now() >= Date.parse(departs);
  return (
    <>
      <label className="t-card t-block">
        {w('visit')}
        <select value={sessionId ?? ''} onChange={(e) => setSessionId(Number(e.target.value))}>
          {visits.map((s) => (
            <option key={s.id} value={s.id}>
              {fmt(s.startsAt, data.timeZone, lang, 'datetime')} {s.title}
            </option>
          ))}
        </select>
      </label>
      <div className="t-card">
        <div className="t-segmented">
          {(['outbound', 'return'] as const).map((l) => (
            <button key={l} type="button" aria-pressed={leg === l} className={leg === l ? 'active' : ''} onClick={() => setLeg(l)}>
              {w(l)}
            </button>
          ))}
        </div>
        <label className="t-block" style={{ marginTop: 10 }}>
          {w('bus')}
          <select value={vehicle?.id ?? ''} onChange={(e) => setVehicleId(Number(e.target.value))}>
            {onBus.map((v) => (
              <option key={v.id} value={v.id}>
                {v.label} {v.plate}
              </option>
            ))}
          </select>
        </label>
      </div>
      {vehicle ? (
        <>
          <QrCamera onCode={(text) => void record(text)} labels={{ starting: t('cameraStarting'), denied: t('cameraDenied'), none: t('cameraNone') }} />
          {last && (
            <div className={`s-last ${last.ok ? 't-ok' : 't-warn'}`} role="status">
              {last.text}
            </div>
          )}
          <BoardingEntry
            badges={data.badges}
            boarded={boarded}
            busOf={(id) => onBus.find((v) => v.enrolmentIds.includes(id))?.label}
            onPick={(badge) => void record(badge)}
          />
          <section className={`t-card ${missing.length && late ? 't-warn' : ''}`} data-testid="boarding-missing">
            <div className="s-status">
              <strong>{w('count', { b: vehicle.enrolmentIds.length - missing.length, n: vehicle.enrolmentIds.length })}</strong>
              {departs && <span className="t-muted t-small">{w('departs', { at: fmt(departs, data.timeZone, lang, 'time') })}</span>}
            </div>
            {missing.length ? (
              <p className="t-small">
                {w(late ? 'missingLate' : 'missing', { n: missing.length })}
                {missing.map(nameOf).join('、')}
              </p>
            ) : (
              <p className="t-ok t-small">{w('allAboard')}</p>
            )}
          </section>
        </>
      ) : (
        <p className="t-card">{w('noBusOnLeg')}</p>
      )}
      <ScanLog
        scans={scans}
        queued={queued}
        online={online}
        sync={sync}
        timeZone={data.timeZone}
        detail={(s) => buses.vehicles.find((v) => v.id === s.vehicleId)?.label}
      />
    </>
  );
}
