import { LUNCH_MIN_MINUTES, type PlanningSessionRef, type PlanningWarning } from '../../../contracts/planning';
import type { SessionKind } from '../../../contracts/timetable';

// The planning rules, pure: given a class's sessions (with unsaved ones from the form in place of
// the saved versions) and the sessions of the institution's other classes around them, every
// warning. Loading the inputs is the planning service's job.
//
// - trainees: two sessions at once for the same trainees. A session without groups is the whole
//   class, so it clashes with every session of the class it overlaps; sessions for different
//   groups may run side by side.
// - lecturer: one lecturer in two sessions at once, in this class or any other of the institution.
// - venue / site: one place booked twice at once, across the institution. A session at a site
//   is at that site; one without a site is at the college, and there only the same venue (room)
//   clashes. At a site, two sessions in different named rooms do not clash.
// - travel: a session's times are the time spent at its place, so the journey lies between two
//   sessions of the same trainees at different places. From the college to a site, or back, takes
//   the site's travel time; between two sites the destination's (the only distance known, from the
//   college, stands in for it). Too short a gap is warned about.
// - lunch: the class's lunch window (its own zone) needs at least LUNCH_MIN_MINUTES free in one
//   piece for each group on each day that has a session in the window.

export type PlanSession = {
  /** Unique within one evaluation: `s<id>` for saved sessions, `c<index>` for candidates. */
  key: string;
  id: number | null;
  candidate: number | null;
  classId: number;
  classTitle: string;
  title: string;
  kind: SessionKind;
  startsAt: string;
  endsAt: string;
  groupIds: number[];
  lecturerIds: number[];
  siteId: number | null;
  venue: string | null;
};

export type PlanInput = {
  cls: { id: number; timeZone: string; lunchStarts: string; lunchEnds: string; groupIds: number[] };
  /** The class's sessions, candidates in place of the saved sessions they edit. */
  own: PlanSession[];
  /** Sessions of the institution's other classes that may overlap the class's. */
  others: PlanSession[];
  sites: Map<number, { name: string; travelMinutes: number | null }>;
  lecturers: Map<number, string>;
  groups: Map<number, string>;
  /** Only warnings naming one of these sessions (the form's candidates); every warning when absent. */
  focus?: Set<string>;
};

type Timed = PlanSession & { start: number; end: number };

const normalise = (venue: string | null) => (venue ?? '').replace(/\s+/g, '').toLowerCase();
const overlaps = (a: Timed, b: Timed) => a.start < b.end && b.start < a.end;

export function sharedAudience(a: Pick<PlanSession, 'groupIds'>, b: Pick<PlanSession, 'groupIds'>): number[] | null {
  if (a.groupIds.length === 0) return b.groupIds;
  if (b.groupIds.length === 0) return a.groupIds;
  const shared = a.groupIds.filter((g) => b.groupIds.includes(g));
  return shared.length ? shared : null;
}

/** Where a session takes place, for double bookings: null when it names no place. */
function placeOf(s: PlanSession, sites: PlanInput['sites']): { key: string; label: string; kind: 'venue' | 'site' } | null {
  if (s.siteId !== null) {
    const name = sites.get(s.siteId)?.name ?? `#${s.siteId}`;
    return { key: `site:${s.siteId}`, label: s.venue ? `${name}（${s.venue}）` : name, kind: 'site' };
  }
  const v = normalise(s.venue);
  return v ? { key: `venue:${v}`, label: s.venue!.trim(), kind: 'venue' } : null;
}

function samePlace(a: PlanSession, b: PlanSession, sites: PlanInput['sites']) {
  const pa = placeOf(a, sites);
  const pb = placeOf(b, sites);
  if (!pa || !pb || pa.key !== pb.key) return null;
  // Two rooms of one site: both named and different.
  if (pa.kind === 'site' && a.venue && b.venue && normalise(a.venue) !== normalise(b.venue)) return null;
  return pa;
}

const localParts = new Map<string, Intl.DateTimeFormat>();
/** Local date and minutes since midnight of an instant in a time zone. */
export function localClock(ms: number, timeZone: string): { date: string; minutes: number } {
  let f = localParts.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    localParts.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function planningWarnings(input: PlanInput): PlanningWarning[] {
  const timed = (s: PlanSession): Timed => ({ ...s, start: Date.parse(s.startsAt), end: Date.parse(s.endsAt) });
  const own = input.own.map(timed).filter((s) => s.end > s.start);
  const others = input.others.map(timed).filter((s) => s.end > s.start && s.classId !== input.cls.id);
  const focus = input.focus;
  const wanted = (...keys: Array<string | undefined>) => !focus || keys.some((k) => k !== undefined && focus.has(k));
  const out: PlanningWarning[] = [];
  const ref = (s: Timed): PlanningSessionRef => ({
    id: s.id,
    candidate: s.candidate,
    classId: s.classId,
    otherClassTitle: s.classId === input.cls.id ? null : s.classTitle,
    title: s.title,
    kind: s.kind,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    groups: s.groupIds.map((id) => ({ id, name: input.groups.get(id) ?? `#${id}` })),
  });
  const blank = { groups: [], lecturer: null, place: null, travelMinutes: null, gapMinutes: null, lunch: null };
  // The focused session first, so that the form reads "this session clashes with that one".
  const oriented = (a: Timed, b: Timed): [Timed, Timed] => (focus && !focus.has(a.key) && focus.has(b.key) ? [b, a] : [a, b]);

  // Pairs: within the class, and between the class and the others.
  const sorted = [...own].sort((a, b) => a.start - b.start);
  const pairs: Array<[Timed, Timed]> = [];
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length && sorted[j].start < sorted[i].end; j++) if (overlaps(sorted[i], sorted[j])) pairs.push([sorted[i], sorted[j]]);
  for (const a of sorted) for (const b of others) if (overlaps(a, b)) pairs.push([a, b]);

  for (const [x, y] of pairs) {
    if (!wanted(x.key, y.key)) continue;
    const [a, b] = oriented(x, y);
    if (a.classId === b.classId) {
      const shared = sharedAudience(a, b);
      if (shared)
        out.push({ ...blank, kind: 'trainees', session: ref(a), other: ref(b), groups: shared.map((id) => ({ id, name: input.groups.get(id) ?? `#${id}` })) });
    }
    for (const l of new Set(a.lecturerIds)) {
      if (b.lecturerIds.includes(l))
        out.push({ ...blank, kind: 'lecturer', session: ref(a), other: ref(b), lecturer: { id: l, name: input.lecturers.get(l) ?? `#${l}` } });
    }
    const place = samePlace(a, b, input.sites);
    if (place) out.push({ ...blank, kind: place.kind, session: ref(a), other: ref(b), place: place.label });
  }

  // Sequences of what each group (and trainees in no group) attends, for travel and lunch.
  const units: Array<number | null> = [...input.cls.groupIds, null];
  const sequenceOf = (g: number | null) => sorted.filter((s) => s.groupIds.length === 0 || (g !== null && s.groupIds.includes(g)));
  const seen = new Set<string>();

  for (const g of units) {
    const seq = sequenceOf(g);
    for (const x of seq) {
      let prev: Timed | null = null;
      for (const p of seq) if (p !== x && p.end <= x.start && (!prev || p.end > prev.end)) prev = p;
      if (!prev || prev.siteId === x.siteId) continue;
      const travel = x.siteId !== null ? input.sites.get(x.siteId)?.travelMinutes : input.sites.get(prev.siteId!)?.travelMinutes;
      if (travel == null) continue;
      const gap = Math.round((x.start - prev.end) / 60_000);
      const key = `travel:${prev.key}:${x.key}`;
      if (gap >= travel || seen.has(key) || !wanted(x.key, prev.key)) continue;
      seen.add(key);
      out.push({ ...blank, kind: 'travel', session: ref(x), other: ref(prev), travelMinutes: travel, gapMinutes: gap });
    }
  }

  const lunchStart = toMinutes(input.cls.lunchStarts);
  const lunchEnd = toMinutes(input.cls.lunchEnds);
  const need = Math.min(LUNCH_MIN_MINUTES, lunchEnd - lunchStart);
  if (need > 0) {
    for (const g of units) {
      const days = new Map<string, Array<{ s: Timed; from: number; to: number }>>();
      for (const s of sequenceOf(g)) {
        const a = localClock(s.start, input.cls.timeZone);
        const b = localClock(s.end, input.cls.timeZone);
        const from = a.minutes;
        const to = b.date === a.date ? b.minutes : 24 * 60;
        if (from < lunchEnd && to > lunchStart) days.set(a.date, [...(days.get(a.date) ?? []), { s, from, to }]);
      }
      for (const [date, busy] of days) {
        busy.sort((p, q) => p.from - q.from || p.to - q.to);
        let free = 0;
        let cursor = lunchStart;
        for (const b of busy) {
          free = Math.max(free, Math.min(b.from, lunchEnd) - cursor);
          cursor = Math.max(cursor, b.to);
        }
        free = Math.max(0, free, lunchEnd - cursor);
        if (free >= need) continue;
        // The session that closes the break is the last to start; it names the one before it.
        const last = busy[busy.length - 1];
        const before = busy.length > 1 ? busy[busy.length - 2] : null;
        const key = `lunch:${last.s.key}:${before?.s.key ?? ''}`;
        if (seen.has(key) || !wanted(last.s.key, before?.s.key)) continue;
        seen.add(key);
        out.push({
          ...blank,
          kind: 'lunch',
          session: ref(last.s),
          other: before ? ref(before.s) : null,
          lunch: { date, starts: input.cls.lunchStarts, ends: input.cls.lunchEnds, freeMinutes: free },
        });
      }
    }
  }
  return out;
}

/** The instant at which a wall clock in a time zone shows `date` and `minutes` past midnight. */
export function instantAt(date: string, minutes: number, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const wanted = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  let guess = wanted;
  // Two rounds settle any offset, including a DST change between the guess and the answer.
  for (let i = 0; i < 2; i++) {
    const seen = localClock(guess, timeZone);
    const [sy, sm, sd] = seen.date.split('-').map(Number);
    guess += wanted - Date.UTC(sy, sm - 1, sd, Math.floor(seen.minutes / 60), seen.minutes % 60);
  }
  return new Date(guess).toISOString();
}
