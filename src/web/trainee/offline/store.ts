import { makeIdb } from './idb';

// The trainee's phone memory (IndexedDB): the last answer of each page's GET (timetable, hours,
// group, badge, certificates, who is signed in) and the outbox of writes made with no network
// (check-ins scanned offline, leave requests). Cleared on sign-out: phones get shared.
export const run = makeIdb<'data' | 'outbox'>('cohort-trainee', 1, (db) => {
  db.createObjectStore('data');
  db.createObjectStore('outbox', { keyPath: 'id' });
});

export type Kept<T> = { value: T; savedAt: number };

export const keep = (key: string, value: unknown) => run('data', 'readwrite', (s) => s.put({ value, savedAt: Date.now() } satisfies Kept<unknown>, key));
export const kept = <T>(key: string) => run('data', 'readonly', (s) => s.get(key)) as Promise<Kept<T> | undefined>;

/** Forget everything of the signed-in trainee on this phone (sign-out). */
export const forgetAll = () => Promise.all([run('data', 'readwrite', (s) => s.clear()), run('outbox', 'readwrite', (s) => s.clear())]);
