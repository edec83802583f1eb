import { useCallback, useEffect, useState } from 'react';
import { TraineeApiError } from '../api';
import { fmt, useT } from '../i18n';
import { keep, kept } from './store';
import { useOfflineT } from './words';

/** No answer at all (no network, or the fetch was cut): the kept copy may stand in. */
export const isNetworkError = (e: unknown) => (e instanceof TraineeApiError && e.status === 0) || e instanceof TypeError;

/**
 * The answer of `load`, kept on the phone under `key`; with no network, the kept copy and when it
 * was saved (`savedAt`, null when the answer is fresh). Any other failure is the page's to show.
 */
export async function loadKept<T>(key: string, load: () => Promise<T>): Promise<{ data: T; savedAt: number | null }> {
  try {
    const data = await load();
    keep(key, data).catch(() => {});
    return { data, savedAt: null };
  } catch (e) {
    if (!isNetworkError(e)) throw e;
    const copy = await kept<T>(key).catch(() => undefined);
    if (!copy) throw e;
    return { data: copy.value, savedAt: copy.savedAt };
  }
}

/** useLoad with the last-known copy: what a trainee page shows on the bus. */
export function useKept<T>(key: string, load: () => Promise<T>) {
  const [state, setState] = useState<{ data: T | null; savedAt: number | null; error: Error | null; loading: boolean }>({
    data: null,
    savedAt: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key names what the load depends on
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    loadKept(key, load).then(
      (r) => alive && setState({ data: r.data, savedAt: r.savedAt, error: null, loading: false }),
      (error: Error) => alive && setState({ data: null, savedAt: null, error, loading: false }),
    );
    return () => {
      alive = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  // Back online: fetch again, so the "last updated" note goes away by itself.
  useEffect(() => {
    if (state.savedAt === null) return;
    window.addEventListener('online', reload);
    return () => window.removeEventListener('online', reload);
  }, [state.savedAt, reload]);
  return { ...state, reload };
}

/** "离线 · 上次更新 14:05" above a page shown from the phone's copy. */
export function Stale({ at, timeZone }: { at: number | null; timeZone?: string }) {
  const { lang } = useT();
  const o = useOfflineT();
  if (at === null) return null;
  const tz = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const sameDay = fmt(at, tz, lang, 'day') === fmt(Date.now(), tz, lang, 'day');
  const time = sameDay ? fmt(at, tz, lang, 'time') : fmt(at, tz, lang, 'datetime');
  return (
    <p className="t-stale" role="note">
      {o('stale', { time })}
    </p>
  );
}
