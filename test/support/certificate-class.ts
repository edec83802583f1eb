import type { Services } from '../../src/server/app';
import { makeClass } from './factories';

// A small class with crafted attendance, for completion and certificate tests. By default seven
// three-hour lectures in March 2026 (21 hours; 6/7 attendance and 1/7 leave are exactly 18 and 3
// hours), completed; a test may give its own sessions (hours, times) and leave the class running.

export type Craft = {
  name: string;
  nameBo?: string;
  /** The first `leave` sessions on leave, the next `absent` with no record, the rest present. */
  leave?: number;
  absent?: number;
  /** Sessions (by index) with no record, besides the `absent` ones. */
  missing?: number[];
  withdrawn?: boolean;
};

export const SESSION_HOURS = 3;
export const SESSION_COUNT = 7;

export type CraftedSession = { startsAt: string; endsAt: string; hours: number };

const DEFAULT_SESSIONS: CraftedSession[] = Array.from({ length: SESSION_COUNT }, (_, d) => ({
  startsAt: `2026-03-0${d + 2}T09:00:00+08:00`,
  endsAt: `2026-03-0${d + 2}T12:00:00+08:00`,
  hours: SESSION_HOURS,
}));

/** A day relative to today (UTC), as YYYY-MM-DD. */
export const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export async function craftedClass(
  services: Services,
  trainees: Craft[],
  opts: {
    title?: string;
    institution?: { institutionId: number; programmeId: number };
    /** The class's dates and sessions (default: 2026-03-02 to 03-13, seven 3-hour lectures). */
    schedule?: { startsOn: string; endsOn: string; sessions: CraftedSession[] };
    /** Where the class is left: completed (default) or still running. */
    status?: 'running' | 'completed';
  } = {},
) {
  const schedule = opts.schedule ?? { startsOn: '2026-03-02', endsOn: '2026-03-13', sessions: DEFAULT_SESSIONS };
  let ids: { institutionId: number; programmeId: number; classId: number };
  if (opts.institution) {
    const classId = await services.classes.createClass(null, opts.institution.programmeId, {
      title: opts.title ?? `第二个培训班${Math.random().toString(36).slice(2, 6)}`,
      startsOn: schedule.startsOn,
      endsOn: schedule.endsOn,
      timeZone: 'Asia/Shanghai',
      leaveLimitRatio: 1 / 7,
      minAttendanceRatio: 6 / 7,
      lateGraceMinutes: 10,
    });
    ids = { ...opts.institution, classId };
  } else {
    ids = await makeClass(services, { title: opts.title, startsOn: schedule.startsOn, endsOn: schedule.endsOn });
  }
  const { classId } = ids;
  const { database, roster, timetable, classes, attendance } = services;
  const enrolments = new Map<string, number>();
  const sessionIds: number[] = [];
  await database.transaction(async (trx) => {
    for (const [d, s] of schedule.sessions.entries()) {
      sessionIds.push(
        await timetable.createSessionIn(trx, null, classId, {
          kind: 'lecture',
          title: `专题讲座 ${d + 1}`,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          hours: s.hours,
          lecturerIds: [],
          groupIds: [],
        }),
      );
    }
    for (const t of trainees) {
      const id = await roster.enrolIn(trx, null, classId, { role: 'member', person: { name: t.name, nameBo: t.nameBo ?? null } });
      enrolments.set(t.name, id);
    }
    await classes.transition(null, classId, 'enrolling', trx);
    await classes.transition(null, classId, 'running', trx);
    type Row = { sessionId: number; enrolmentId: number; status: 'leave' | 'present'; checkedInAt: string | null; reason?: string };
    const records = trainees.flatMap((t) =>
      sessionIds.flatMap((sessionId, i): Row[] => {
        const leave = t.leave ?? 0;
        const absent = t.absent ?? 0;
        if (i < leave) return [{ sessionId, enrolmentId: enrolments.get(t.name)!, status: 'leave', checkedInAt: null, reason: '公务' }];
        if (i < leave + absent || t.missing?.includes(i)) return [];
        const checkedInAt = new Date(Date.parse(schedule.sessions[i].startsAt) - 5 * 60_000).toISOString();
        return [{ sessionId, enrolmentId: enrolments.get(t.name)!, status: 'present', checkedInAt }];
      }),
    );
    await attendance.importHistoricalRecord(trx, classId, records);
  });
  for (const t of trainees) {
    // The system withdraws (no actor); the audit entry then names nobody.
    if (t.withdrawn) await roster.withdraw(null as never, enrolments.get(t.name)!, '工作调动');
  }
  if ((opts.status ?? 'completed') === 'completed') await classes.transition(null, classId, 'completed');
  return { ...ids, enrolments, sessionIds };
}
