import { makeIdb } from '../offline/idb';

// The badge scanner's memory on the phone (IndexedDB): scans waiting to be sent, and the last
// copy of the class's sessions and badges, so that scanning works with no network at all.
export type QueuedScan = {
  clientId: string;
  classId: number;
  sessionId: number;
  /** Boarding mode: the bus the badge was scanned at (absent for a check-in scan). */
  vehicleId?: number;
  badge: string;
  scannedAt: string;
  name: string | null;
  state: 'queued' | 'synced' | 'conflict';
  outcome?: string;
  message?: string;
};

// The database name and stores stay as they were, so scans queued by an earlier version survive.
const run = makeIdb<'scans' | 'data'>('cohort-scanner', 1, (db) => {
  db.createObjectStore('scans', { keyPath: 'clientId' });
  db.createObjectStore('data');
});

export const putScan = (scan: QueuedScan) => run('scans', 'readwrite', (s) => s.put(scan));
export const putScans = async (scans: QueuedScan[]) => {
  for (const scan of scans) await putScan(scan);
};
export const scansOf = async (classId: number) =>
  ((await run('scans', 'readonly', (s) => s.getAll())) as QueuedScan[])
    .filter((s) => s.classId === classId)
    .sort((a, b) => b.scannedAt.localeCompare(a.scannedAt));
export const saveData = (key: string, value: unknown) => run('data', 'readwrite', (s) => s.put(value, key));
export const loadData = <T>(key: string) => run('data', 'readonly', (s) => s.get(key)) as Promise<T | undefined>;

/** An id for a scan, made on the phone (crypto.randomUUID needs a secure context; this does not). */
export function newScanId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
