import type { AttendanceStatus } from './tables';

// How a trainee's hours are counted (pure, so the rules can be tested on their own):
// - a trainee is expected at a session open to the whole class or to their group;
// - present and late earn the session's hours once the session has ended; leave and absence do not;
// - a session that has not ended is pending, whatever is recorded for it (a check-in at the start
//   or a leave approved ahead): hours are what happened, so none are earned before the end;
// - a session that has ended without a record counts as absent;
// - an offline check-in waiting for the class teacher (待确认, #15) is 'review': it earns nothing
//   and is not absent either until accepted (then it counts as recorded) or rejected (absent);
// - leave + absence beyond the class's leave limit (default 1/7 of the trainee's class hours)
//   puts completion at risk.
export type SessionLite = { id: number; hours: number; startsAt: string; endsAt: string; groupIds: number[]; endsAtMs?: number };
export type Effective = AttendanceStatus | 'pending' | 'none';

export const isExpected = (s: Pick<SessionLite, 'groupIds'>, groupId: number | null) =>
  s.groupIds.length === 0 || (groupId !== null && s.groupIds.includes(groupId));

/** Whether a session is over at nowMs: only then do its hours count as attended. */
export const hasEnded = (s: Pick<SessionLite, 'endsAt' | 'endsAtMs'>, nowMs: number) => (s.endsAtMs ?? Date.parse(s.endsAt)) <= nowMs;

export function effectiveStatus(
  s: Pick<SessionLite, 'endsAt' | 'groupIds' | 'endsAtMs'>,
  groupId: number | null,
  recorded: AttendanceStatus | 'review' | undefined,
  nowMs: number,
): Effective {
  if (recorded === 'review') return 'pending';
  if (recorded) return recorded;
  if (!isExpected(s, groupId)) return 'none';
  return hasEnded(s, nowMs) ? 'absent' : 'pending';
}

const CODES: AttendanceStatus[] = ['present', 'late', 'leave', 'absent'];
const codeOf = (a: number, b: number) => (a === 112 ? 0 : b === 97 ? 1 : b === 101 ? 2 : 3); // pr, la, le, ab

/**
 * Unpacks "12pr,13la,…" (see the store's packedStatusesOfClass) for many trainees at once into one
 * array of status codes, trainee by trainee and session by session: a class of 500 × 60 is 30,000
 * entries, read on every matrix request, so no Map or string per entry.
 */
export function unpackStatuses(rows: Array<{ enrolment_id: number; packed: string | null }>, sessionIds: number[]) {
  const col = new Map(sessionIds.map((id, i) => [id, i]));
  const row = new Map<number, number>();
  const codes = new Uint8Array(rows.length * sessionIds.length);
  rows.forEach((r, ri) => {
    row.set(r.enrolment_id, ri);
    const p = r.packed ?? '';
    let id = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c >= 48 && c <= 57) id = id * 10 + (c - 48);
      else {
        const ci = col.get(id);
        if (ci !== undefined) codes[ri * sessionIds.length + ci] = codeOf(c, p.charCodeAt(i + 1)) + 1;
        i += 2; // the second letter and the comma
        id = 0;
      }
    }
  });
  /** A trainee's statuses by the session's position in `sessionIds`. */
  const at = (enrolmentId: number) => {
    const ri = row.get(enrolmentId);
    if (ri === undefined) return () => undefined;
    const base = ri * sessionIds.length;
    return (index: number): AttendanceStatus | undefined => {
      const code = codes[base + index];
      return code ? CODES[code - 1] : undefined;
    };
  };
  /** A trainee's statuses by session id. */
  const of = (enrolmentId: number) => {
    const byIndex = at(enrolmentId);
    return (sessionId: number): AttendanceStatus | undefined => {
      const ci = col.get(sessionId);
      return ci === undefined ? undefined : byIndex(ci);
    };
  };
  return Object.assign(of, { at });
}

export const round2 = (x: number) => Math.round(x * 100) / 100;

export type HoursSummary = {
  attendedHours: number;
  leaveHours: number;
  absentHours: number;
  pendingHours: number;
  totalHours: number;
  limitHours: number;
  overLimit: boolean;
};

export function summarise(
  sessions: SessionLite[],
  groupId: number | null,
  statusOf: (sessionId: number) => AttendanceStatus | 'review' | undefined,
  nowMs: number,
  leaveLimitRatio: number,
): HoursSummary {
  return summariseAt(sessions, groupId, (i) => statusOf(sessions[i].id), nowMs, leaveLimitRatio);
}

/** summarise with the statuses by the session's position in `sessions` (the matrix's 60,000 cells read them so). */
export function summariseAt(
  sessions: SessionLite[],
  groupId: number | null,
  statusAt: (index: number) => AttendanceStatus | 'review' | undefined,
  nowMs: number,
  leaveLimitRatio: number,
): HoursSummary {
  let attended = 0;
  let leave = 0;
  let absent = 0;
  let pending = 0;
  let total = 0;
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i];
    const recorded = statusAt(i);
    const eff = effectiveStatus(s, groupId, recorded, nowMs);
    // A record for a session the trainee was not expected at (moved group later) still counts.
    if (eff === 'none') continue;
    total += s.hours;
    // Present or late only earns once the session is over; leave ahead of time stays leave (it
    // counts against the limit the moment it is approved) but is never attended.
    if ((eff === 'present' || eff === 'late') && !hasEnded(s, nowMs)) pending += s.hours;
    else if (eff === 'present' || eff === 'late') attended += s.hours;
    else if (eff === 'leave') leave += s.hours;
    else if (eff === 'absent') absent += s.hours;
    else pending += s.hours;
  }
  const limit = total * leaveLimitRatio;
  return {
    attendedHours: round2(attended),
    leaveHours: round2(leave),
    absentHours: round2(absent),
    pendingHours: round2(pending),
    totalHours: round2(total),
    limitHours: round2(limit),
    overLimit: leave + absent > limit + 1e-9,
  };
}

/** The calendar date and year of an instant in a time zone. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
export function localDay(instant: string, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "10-20 13:30" in the class's time zone, for messages. */
export function localTime(instant: string | number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value;
  return `${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
