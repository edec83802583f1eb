import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { TraineeMe, TraineeStart } from '../../contracts/trainee';
import { call, prime, TraineeApiError } from './api';

// What every trainee page knows: who is signed in and which of their classes is shown.
export type Enrolment = TraineeMe['enrolments'][number];
export const TraineeContext = createContext<{ me: TraineeMe; enrolment: Enrolment | null; choose: (enrolmentId: number) => void; reload: () => void } | null>(
  null,
);

export function useTrainee() {
  const ctx = useContext(TraineeContext);
  if (!ctx) throw new Error('useTrainee outside the trainee shell');
  return ctx;
}

/** Loads something for a page; `reload` fetches it again (after a write, or a retry). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => alive && setState({ data, error: null, loading: false }),
      (error: Error) => alive && setState({ data: null, error, loading: false }),
    );
    return () => {
      alive = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/**
 * The class to show: the one the trainee chose on this phone if it is still theirs, else the
 * server's pick (one running, else enrolling, else the latest: GET /api/v1/me/start).
 */
export function pickEnrolment(me: TraineeMe, serverPick: number | null): Enrolment | null {
  const saved = Number(localStorage.getItem('cohort.enrolment'));
  const enrolled = me.enrolments.filter((e) => e.status === 'enrolled');
  return enrolled.find((e) => e.enrolmentId === saved) ?? enrolled.find((e) => e.enrolmentId === serverPick) ?? null;
}

let started: TraineeStart | null = null;
/**
 * The first screen's one round trip (t.html preloads it): who is signed in, and the timetable and
 * hours of the class the server picks, kept for the pages' first GETs of them. Later loads (a
 * reload after a write) ask for who is signed in only.
 */
export async function loadStart(): Promise<TraineeStart> {
  if (started) return { me: await call<TraineeMe>('GET', '/api/v1/me'), enrolmentId: started.enrolmentId, timetable: null, hours: null };
  let start: TraineeStart;
  try {
    start = await call<TraineeStart>('GET', '/api/v1/me/start');
  } catch (e) {
    // A preload made before this phone signed in (an invitation opened on a phone whose service
    // worker serves the one page for every /t/ address) answers "signed out": ask once more.
    if (!(e instanceof TraineeApiError && e.status === 401)) throw e;
    start = await call<TraineeStart>('GET', '/api/v1/me/start?again=1');
  }
  started = start;
  if (start.enrolmentId !== null) {
    if (start.timetable) prime(`/api/v1/me/enrolments/${start.enrolmentId}/timetable`, start.timetable);
    if (start.hours) prime(`/api/v1/me/enrolments/${start.enrolmentId}/hours`, start.hours);
  }
  return start;
}

export const loadMe = () => call<TraineeMe>('GET', '/api/v1/me');

/** "YYYY-MM-DDTHH:mm" in a time zone (what a datetime-local input shows) → an ISO instant. */
export function zonedToIso(local: string, timeZone: string): string {
  const [d, t] = local.split('T');
  const [y, m, day] = d.split('-').map(Number);
  const [hh, mm] = t.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, day, hh, mm);
  let utc = wall - offsetMs(wall, timeZone);
  utc = wall - offsetMs(utc, timeZone);
  return new Date(utc).toISOString();
}

/** An instant as "YYYY-MM-DDTHH:mm" wall time in a time zone. */
export function isoToZoned(instant: string | number, timeZone: string): string {
  const p = parts(new Date(instant).getTime(), timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

function parts(utcMs: number, timeZone: string) {
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs)))
    out[p.type] = p.value;
  return out as { year: string; month: string; day: string; hour: string; minute: string; second: string };
}

function offsetMs(utcMs: number, timeZone: string) {
  const p = parts(utcMs, timeZone);
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - Math.floor(utcMs / 1000) * 1000;
}
