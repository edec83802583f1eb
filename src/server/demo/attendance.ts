import type { Services } from '../app';
import type { Trx } from '../db/connection';
import { USERS } from './seed-facts';

// The 2020 class's attendance record, as the 班主任 kept it: nearly everyone at every session,
// arriving a few minutes early; a few late arrivals; three absences; and one approved leave
// (a trainee called back to Lhasa for a day). Nobody passes the 1/7 leave limit, so the
// completion rule and the certificates have a real record to work from.
//
// The class is completed, so the live check-in path rightly refuses it; the record is written
// through the attendance service's importHistoricalRecord / importHistoricalLeave instead, which
// insert only what is missing: loading the demo twice changes nothing.

const LEAVE_REASON = '单位通知返藏参加全区科技工作会议，请假一天';
const at = (instant: string, minutes: number) => new Date(Date.parse(instant) + minutes * 60_000).toISOString();
/** A small deterministic spread of arrival times, so the record does not look machine-made. */
const spread = (i: number, k: number) => ((i * 37 + k * 11) % 23) + 2;

export async function loadAttendanceDemo(services: Services, trx: Trx, classId: number) {
  const { attendance } = services;
  const { sessions, enrolments } = await attendance.historicalFrame(trx, classId);
  const trainees = enrolments.filter((e) => e.status === 'enrolled');
  // Absences, late arrivals and leave fall on sessions that earn hours (报到 earns none).
  const counted = sessions.filter((s) => s.hours > 0);
  const expected = (s: (typeof sessions)[number], groupId: number | null) => s.groupIds.length === 0 || (groupId !== null && s.groupIds.includes(groupId));

  // Who missed what. Group leaders (the four who spoke at the graduation) never did.
  const members = trainees.filter((e) => e.role !== 'group_leader');
  const lectures = counted.filter((s) => s.kind === 'lecture');
  const onLeave = members[9];
  const leaveDay = lectures[6]?.startsAt.slice(0, 10);
  // The day's sessions, up to six hours: well inside the limit of about seven.
  const leaveSessions: typeof counted = [];
  for (const s of counted.filter((x) => x.startsAt.slice(0, 10) === leaveDay && expected(x, onLeave?.groupId ?? null))) {
    if (leaveSessions.reduce((sum, x) => sum + x.hours, 0) + s.hours <= 6) leaveSessions.push(s);
  }
  const absences = new Set([`${members[4]?.id}:${lectures[3]?.id}`, `${members[15]?.id}:${lectures[8]?.id}`, `${members[21]?.id}:${lectures[10]?.id}`]);
  const lateArrivals = new Set([
    `${members[2]?.id}:${lectures[1]?.id}`,
    `${members[7]?.id}:${lectures[5]?.id}`,
    `${members[12]?.id}:${lectures[2]?.id}`,
    `${members[18]?.id}:${lectures[7]?.id}`,
    `${members[23]?.id}:${counted[counted.length - 3]?.id}`,
  ]);

  let leaveRequestId: number | null = null;
  if (onLeave && leaveSessions.length) {
    const teacher = await services.auth.findUserByUsername(USERS.classTeacher.username, trx);
    leaveRequestId = await attendance.importHistoricalLeave(trx, {
      classId,
      enrolmentId: onLeave.id,
      sessionIds: leaveSessions.map((s) => s.id),
      reason: LEAVE_REASON,
      requestedAt: at(leaveSessions[0].startsAt, -20 * 60),
      decidedAt: at(leaveSessions[0].startsAt, -18 * 60),
      decidedBy: teacher?.id ?? null,
      comment: '同意。返沪后请补看讲座视频。',
    });
  }
  const onLeaveSessions = new Set(leaveSessions.map((s) => s.id));

  type Rec = Parameters<typeof attendance.importHistoricalRecord>[2][number];
  // Everyone came to 报到 as well, though it earns no hours.
  const records = trainees.flatMap((e, i) =>
    sessions
      .map((s, k) => ({ s, k }))
      .filter(({ s }) => expected(s, e.groupId))
      .flatMap(({ s, k }): Rec[] => {
        const key = `${e.id}:${s.id}`;
        if (e.id === onLeave?.id && onLeaveSessions.has(s.id)) {
          return [{ sessionId: s.id, enrolmentId: e.id, status: 'leave', checkedInAt: null, reason: LEAVE_REASON, leaveRequestId }];
        }
        if (absences.has(key)) return [];
        const late = lateArrivals.has(key);
        return [
          {
            sessionId: s.id,
            enrolmentId: e.id,
            status: late ? 'late' : 'present',
            checkedInAt: late ? at(s.startsAt, 12 + (k % 9)) : at(s.startsAt, -spread(i, k)),
            // Boarding the bus to a site visit is the badge scanner's business; in class, the projected code.
            method: s.kind === 'site_visit' ? 'badge' : 'qr',
          },
        ];
      }),
  );
  return attendance.importHistoricalRecord(trx, classId, records);
}
