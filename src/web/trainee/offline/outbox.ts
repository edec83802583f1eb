import type { LeaveRequest, OfflineCheckInResult } from '../../../contracts/attendance';
import { call, setCsrf, TraineeApiError } from '../api';
import { newScanId } from '../scanner/queue';
import { run } from './store';

// Writes a trainee makes with no network, kept on the phone and sent when it returns (#15):
// - a scan of the projected check-in code: the code proves its time window, the server judges
//   the scan time against it and the class's offline window (POST /api/v1/me/offline-check-ins);
// - a leave request, sent as it was written.
// Each item belongs to the trainee signed in when it was made and is only ever sent in their name.
export type OutboxItem = {
  id: string;
  personId: number;
  createdAt: string;
  state: 'queued' | 'done' | 'refused';
  message?: string;
} & (
  | { kind: 'check-in'; code: string; result?: Pick<OfflineCheckInResult, 'sessionTitle' | 'status' | 'review' | 'outcome'> }
  | { kind: 'leave'; enrolmentId: number; body: Record<string, unknown> }
);

const put = (item: OutboxItem) => run('outbox', 'readwrite', (s) => s.put(item));
const all = () => run('outbox', 'readonly', (s) => s.getAll()) as Promise<OutboxItem[]>;
/** Sent or refused items are shown for a day, then forgotten. */
const SHOWN_MS = 24 * 3600_000;

export async function outboxOf(personId: number): Promise<OutboxItem[]> {
  const items = (await all()).filter((i) => i.personId === personId);
  for (const i of items) if (i.state !== 'queued' && Date.now() - Date.parse(i.createdAt) > SHOWN_MS) await run('outbox', 'readwrite', (s) => s.delete(i.id));
  return items.filter((i) => i.state === 'queued' || Date.now() - Date.parse(i.createdAt) <= SHOWN_MS).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

const changed = new EventTarget();
export const onOutboxChange = (fn: () => void) => {
  changed.addEventListener('change', fn);
  return () => changed.removeEventListener('change', fn);
};
const announce = () => changed.dispatchEvent(new Event('change'));

export async function queueCheckIn(personId: number, code: string) {
  const item: OutboxItem = { id: newScanId(), personId, createdAt: new Date().toISOString(), state: 'queued', kind: 'check-in', code };
  await put(item);
  announce();
  return item;
}

export async function queueLeave(personId: number, enrolmentId: number, body: Record<string, unknown>) {
  const item: OutboxItem = { id: newScanId(), personId, createdAt: new Date().toISOString(), state: 'queued', kind: 'leave', enrolmentId, body };
  await put(item);
  announce();
  return item;
}

/** A failure worth trying again later (no network, signed out, the server down) rather than a refusal. */
const retryLater = (e: unknown) =>
  !(e instanceof TraineeApiError) || e.status === 0 || e.status === 401 || e.status === 429 || e.status >= 500 || e.code === 'auth.csrf';

let sending: Promise<boolean> | null = null;

/** Sends the signed-in trainee's queued items, oldest first; true when one of them changed. */
export function syncOutbox(personId: number): Promise<boolean> {
  sending ??= (async () => {
    const queued = (await all()).filter((i) => i.personId === personId && i.state === 'queued').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    if (!queued.length) return false;
    // A fresh CSRF token: the one the page has may be from the phone's kept copy.
    const me = await call<{ csrfToken: string }>('GET', '/api/v1/me').catch(() => null);
    if (!me) return false;
    setCsrf(me.csrfToken);
    let any = false;
    for (const item of queued) {
      try {
        if (item.kind === 'check-in') {
          const r = await call<OfflineCheckInResult>('POST', '/api/v1/me/offline-check-ins', { code: item.code, scannedAt: item.createdAt, personId });
          await put({ ...item, state: 'done', result: { sessionTitle: r.sessionTitle, status: r.status, review: r.review, outcome: r.outcome } });
        } else {
          await call<LeaveRequest>('POST', `/api/v1/me/enrolments/${item.enrolmentId}/leave-requests`, item.body);
          await put({ ...item, state: 'done' });
        }
      } catch (e) {
        if (retryLater(e)) break;
        await put({ ...item, state: 'refused', message: (e as Error).message });
      }
      any = true;
    }
    if (any) announce();
    return any;
  })().finally(() => {
    sending = null;
  });
  return sending;
}
