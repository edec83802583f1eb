import type { AttendanceStatus } from './tables';

// How a trainee's hours are counted (pure, so the rules can be tested on their own):
// - a trainee is expected at a session open to the whole class or to their group;
// - present and late earn the session's hours; leave and absence do not;
// - a session that has ended without a record counts as absent; one that has not is pending;
// - leave + absence beyond the class's leave limit (default 1/7 of the trainee's class hours)
//   puts completion at risk.
export type SessionLite = { id: number; hours: number; startsAt: string; endsAt: string; groupIds: number[] };
export type Effective = AttendanceStatus | 'pending' | 'none';

export const isExpected = (s: Pick<SessionLite, 'groupIds'>, groupId: number | null) =>
  s.groupIds.length === 0 || (groupId !== null && s.groupIds.includes(groupId));

export function effectiveStatus(
  s: Pick<SessionLite, 'endsAt' | 'groupIds'>,
  groupId: number | null,
  recorded: AttendanceStatus | undefined,
  nowMs: number,
): Effective {
  if (recorded) return recorded;
  if (!isExpected(s, groupId)) return 'none';
  return Date.parse(s.endsAt) <= nowMs ? 'absent' : 'pending';
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
  statusOf: (sessionId: number) => AttendanceStatus | undefined,
  nowMs: number,
  leaveLimitRatio: number,
): HoursSummary {
  let attended = 0;
  let leave = 0;
  let absent = 0;
  let pending = 0;
  let total = 0;
  for (const s of sessions) {
    const recorded = statusOf(s.id);
    const eff = effectiveStatus(s, groupId, recorded, nowMs);
    // A record for a session the trainee was not expected at (moved group later) still counts.
    if (eff === 'none') continue;
    total += s.hours;
    if (eff === 'present' || eff === 'late') attended += s.hours;
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
