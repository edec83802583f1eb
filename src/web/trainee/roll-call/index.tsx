import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { RollCallResults, RollCallSheet } from '../../../contracts/committee';
import { call, TraineeApiError } from '../api';
import { useTrainee } from '../data';
import { fmt, useT } from '../i18n';
import { loadData, newScanId, saveData } from '../scanner/queue';
import { useOnlineSync } from '../scanner/use-online-sync';
import { useRollCallT } from './words';

type Status = 'present' | 'late' | 'absent';
type QueuedMark = {
  clientId: string;
  sessionId: number;
  enrolmentId: number;
  status: Status;
  markedAt: string;
  state: 'queued' | 'synced' | 'refused' | 'kept';
  message?: string | null;
};
const RETRY_MS = [3_000, 10_000, 30_000];

/**
 * /t/roll-call: a group leader takes roll call of their own group for a session — present, late
 * or absent — with or without network, like the class teacher's badge scanner. The sheet (group,
 * sessions, what is recorded) and the marks not yet sent stay on the phone (IndexedDB); marks go
 * to the server when the network is back. The right ends with the class; the server says so.
 */
export default function RollCallPage() {
  const { lang } = useT();
  const w = useRollCallT();
  const { enrolment } = useTrainee();
  const enrolmentId = enrolment!.enrolmentId;
  const sheetKey = `roll-call-sheet:${enrolmentId}`;
  const queueKey = `roll-call-queue:${enrolmentId}`;
  const [sheet, setSheet] = useState<z.infer<typeof RollCallSheet> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sessionId, setSessionId] = useState<number | null>(null);
  const [marks, setMarks] = useState<QueuedMark[]>([]);
  const syncing = useRef(false);
  const retry = useRef({ attempt: 0, timer: 0 });

  const loadQueue = useCallback(async () => (await loadData<QueuedMark[]>(queueKey)) ?? [], [queueKey]);
  const saveQueue = useCallback(
    async (next: QueuedMark[]) => {
      await saveData(queueKey, next);
      setMarks(next);
    },
    [queueKey],
  );

  useEffect(() => {
    (async () => {
      setMarks(await loadQueue());
      try {
        const s = await call<z.infer<typeof RollCallSheet>>('GET', `/api/v1/me/enrolments/${enrolmentId}/roll-call`);
        setSheet(s);
        await saveData(sheetKey, s);
      } catch (e) {
        const kept = await loadData<z.infer<typeof RollCallSheet>>(sheetKey);
        if (kept && e instanceof TraineeApiError && e.status === 0) setSheet(kept);
        else setError(e instanceof Error ? e.message : String(e));
      }
    })();
  }, [enrolmentId, sheetKey, loadQueue]);

  useEffect(() => {
    if (!sheet || sessionId) return;
    const now = Date.now();
    const started = sheet.sessions.filter((s) => Date.parse(s.startsAt) - 30 * 60_000 <= now);
    setSessionId((started[started.length - 1] ?? sheet.sessions[0])?.id ?? null);
  }, [sheet, sessionId]);

  const sync = useCallback(async () => {
    if (syncing.current) return;
    const all = await loadQueue();
    const waiting = all.filter((m) => m.state === 'queued');
    if (!waiting.length) return;
    syncing.current = true;
    window.clearTimeout(retry.current.timer);
    try {
      const { results } = await call<z.infer<typeof RollCallResults>>('POST', `/api/v1/me/enrolments/${enrolmentId}/roll-call`, {
        marks: waiting.map(({ clientId, sessionId, enrolmentId, status, markedAt }) => ({ clientId, sessionId, enrolmentId, status, markedAt })),
      });
      const byId = new Map(results.map((r) => [r.clientId, r]));
      await saveQueue(
        (await loadQueue()).map((m) => {
          const r = byId.get(m.clientId);
          if (!r) return m;
          return { ...m, state: r.outcome === 'refused' ? 'refused' : r.outcome === 'kept' ? 'kept' : 'synced', message: r.message };
        }),
      );
      retry.current.attempt = 0;
    } catch (e) {
      if (e instanceof TraineeApiError && e.status !== 0) {
        // The whole roll call was refused (the class is over, no longer a leader): said on the page.
        setError(e.message);
        await saveQueue((await loadQueue()).map((m) => (m.state === 'queued' ? { ...m, state: 'refused', message: e.message } : m)));
      } else {
        const delay = RETRY_MS[Math.min(retry.current.attempt, RETRY_MS.length - 1)];
        retry.current.attempt += 1;
        retry.current.timer = window.setTimeout(() => void sync(), delay);
      }
    } finally {
      syncing.current = false;
    }
  }, [enrolmentId, loadQueue, saveQueue]);

  const online = useOnlineSync(sync);

  const mark = async (memberId: number, status: Status) => {
    if (!sessionId) return;
    const all = await loadQueue();
    // One waiting mark per person and session: a second tap replaces the first before it is sent.
    const rest = all.filter((m) => !(m.state === 'queued' && m.sessionId === sessionId && m.enrolmentId === memberId));
    await saveQueue([...rest, { clientId: newScanId(), sessionId, enrolmentId: memberId, status, markedAt: new Date().toISOString(), state: 'queued' }]);
    if (navigator.onLine) void sync();
  };

  if (error && !sheet) return <p className="t-card t-warn">{error}</p>;
  if (!sheet) return <p className="t-muted">{w('loading')}</p>;
  const session = sheet.sessions.find((s) => s.id === sessionId);
  const latest = (memberId: number) => [...marks].reverse().find((m) => m.sessionId === sessionId && m.enrolmentId === memberId && m.state !== 'refused');
  const recorded = (memberId: number) => sheet.records.find((r) => r.sessionId === sessionId && r.enrolmentId === memberId);
  const queued = marks.filter((m) => m.state === 'queued').length;
  return (
    <>
      <h1 className="t-title">{w('title', { group: sheet.group.name })}</h1>
      <div className="s-status" role="status" data-online={online}>
        <span className={online ? 's-dot' : 's-dot s-dot-off'} />
        {online ? w('online') : w('offline')}
      </div>
      <p className="t-muted t-small">{w('until', { date: fmt(sheet.rightEndsAt, sheet.timeZone, lang, 'datetime') })}</p>
      {error && <p className="t-card t-warn">{error}</p>}
      <label className="t-card t-block">
        {w('session')}
        <select value={sessionId ?? ''} onChange={(e) => setSessionId(Number(e.target.value))} aria-label={w('session')}>
          {sheet.sessions.map((s) => (
            <option key={s.id} value={s.id}>
              {fmt(s.startsAt, sheet.timeZone, lang, 'datetime')} {s.title}
            </option>
          ))}
        </select>
      </label>
      {session && (
        <section className="t-card">
          {sheet.members.map((m) => {
            const mine = latest(m.enrolmentId);
            const rec = recorded(m.enrolmentId);
            const shown = mine?.status ?? (rec?.status as Status | undefined);
            return (
              <div key={m.enrolmentId} className="rc-row" data-testid={`rc-${m.name}`}>
                <div>
                  {m.name} {m.nameBo && <span className="t-bo">{m.nameBo}</span>}
                  <div className="t-muted t-small">
                    {mine ? w(`state.${mine.state}`) : rec ? w('recorded', { how: w(`method.${rec.method}`) }) : w('none')}
                    {mine?.message ? ` · ${mine.message}` : ''}
                  </div>
                </div>
                <div className="rc-buttons">
                  {(['present', 'late', 'absent'] as const).map((s) => (
                    <button
                      key={s}
                      type="button"
                      className={`t-button t-button-small ${shown === s ? '' : 't-button-quiet'}`}
                      aria-pressed={shown === s}
                      onClick={() => void mark(m.enrolmentId, s)}
                    >
                      {w(`status.${s}`)}
                    </button>
                  ))}
                </div>
              </div>
            );
          })}
        </section>
      )}
      <div className="s-status t-small">
        <span>{w('count', { q: queued })}</span>
        {queued > 0 && online && (
          <button type="button" className="t-button t-button-small t-button-quiet" onClick={() => void sync()}>
            {w('syncNow')}
          </button>
        )}
      </div>
    </>
  );
}
