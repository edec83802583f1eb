import type { Services } from '../../src/server/app';
import { makeClass } from './factories';

// A small finished class with crafted attendance, for completion and certificate tests: seven
// three-hour lectures (21 hours; 6/7 attendance and 1/7 leave are exactly 18 and 3 hours).

export type Craft = { name: string; nameBo?: string; leave?: number; absent?: number; withdrawn?: boolean };

export const SESSION_HOURS = 3;
export const SESSION_COUNT = 7;

export async function craftedClass(
  services: Services,
  trainees: Craft[],
  opts: { title?: string; institution?: { institutionId: number; programmeId: number } } = {},
) {
  let ids: { institutionId: number; programmeId: number; classId: number };
  if (opts.institution) {
    const classId = await services.classes.createClass(null, opts.institution.programmeId, {
      title: opts.title ?? `第二个培训班${Math.random().toString(36).slice(2, 6)}`,
      startsOn: '2026-03-02',
      endsOn: '2026-03-13',
      timeZone: 'Asia/Shanghai',
      leaveLimitRatio: 1 / 7,
      minAttendanceRatio: 6 / 7,
      lateGraceMinutes: 10,
    });
    ids = { ...opts.institution, classId };
  } else {
    ids = await makeClass(services, { title: opts.title });
  }
  const { classId } = ids;
  const { database, roster, timetable, classes, attendance } = services;
  const enrolments = new Map<string, number>();
  await database.transaction(async (trx) => {
    const sessionIds: number[] = [];
    for (let d = 0; d < SESSION_COUNT; d++) {
      const day = `2026-03-0${d + 2}`;
      sessionIds.push(
        await timetable.createSessionIn(trx, null, classId, {
          kind: 'lecture',
          title: `专题讲座 ${d + 1}`,
          startsAt: `${day}T09:00:00+08:00`,
          endsAt: `${day}T12:00:00+08:00`,
          hours: SESSION_HOURS,
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
    // Sessions from the start: the first `leave` are on leave, the next `absent` have no record, the rest present.
    type Row = { sessionId: number; enrolmentId: number; status: 'leave' | 'present'; checkedInAt: string | null; reason?: string };
    const records = trainees.flatMap((t) =>
      sessionIds.flatMap((sessionId, i): Row[] => {
        const leave = t.leave ?? 0;
        const absent = t.absent ?? 0;
        if (i < leave) return [{ sessionId, enrolmentId: enrolments.get(t.name)!, status: 'leave', checkedInAt: null, reason: '公务' }];
        if (i < leave + absent) return [];
        return [{ sessionId, enrolmentId: enrolments.get(t.name)!, status: 'present', checkedInAt: `2026-03-0${i + 2}T00:55:00.000Z` }];
      }),
    );
    await attendance.importHistoricalRecord(trx, classId, records);
  });
  for (const t of trainees) {
    // The system withdraws (no actor); the audit entry then names nobody.
    if (t.withdrawn) await roster.withdraw(null as never, enrolments.get(t.name)!, '工作调动');
  }
  await classes.transition(null, classId, 'completed');
  return { ...ids, enrolments };
}
