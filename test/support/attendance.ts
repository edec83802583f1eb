import type { Services } from '../../src/server/app';
import { makeCheckInCodes } from '../../src/server/modules/attendance/check-in-code';
import { localDay } from '../../src/server/modules/attendance/summary';
import { makeClass } from './factories';

/**
 * A class in `running` with sessions placed around the present moment, for check-in tests (the
 * demo class is completed). Sessions are given as minutes from now; a session may be for some
 * groups only.
 */
/** Four trainees and four sessions around now: one ended an hour ago, one on now, one ended half an hour ago (for an offline scan), one tomorrow. */
export const FOUR_AROUND_NOW = {
  trainees: 4,
  sessions: [
    { fromMin: -180, toMin: -120, hours: 3 },
    { fromMin: -5, toMin: 115, hours: 2 },
    { fromMin: -90, toMin: -30, hours: 4 },
    { fromMin: 24 * 60, toMin: 24 * 60 + 90, hours: 1.5 },
  ],
};

export async function runningClass(
  services: Services,
  opts: {
    trainees?: number;
    groups?: number;
    sessions?: Array<{ title?: string; fromMin: number; toMin: number; hours?: number; groups?: number[]; kind?: 'lecture' | 'site_visit' | 'discussion' }>;
    lateGraceMinutes?: number;
    names?: string[];
  } = {},
) {
  const now = Date.now();
  const tz = 'Asia/Shanghai';
  const { classId, institutionId, programmeId } = await makeClass(services, {
    startsOn: localDay(new Date(now - 3 * 86_400_000).toISOString(), tz),
    endsOn: localDay(new Date(now + 3 * 86_400_000).toISOString(), tz),
  });
  if (opts.lateGraceMinutes !== undefined) {
    await services.database.db.updateTable('classes').set({ late_grace_minutes: opts.lateGraceMinutes }).where('id', '=', classId).execute();
  }
  const site = await services.timetable.createSite(null, institutionId, { name: `测试教学点${classId}`, address: '上海市浦东新区测试路 1 号' });
  const groupIds: number[] = [];
  const enrolmentIds: number[] = [];
  const sessionIds: number[] = [];
  await services.database.transaction(async (trx) => {
    for (let g = 0; g < (opts.groups ?? 2); g++) groupIds.push(await services.roster.createGroupIn(trx, null, classId, { name: `第${g + 1}组` }));
    const n = opts.trainees ?? 6;
    for (let i = 0; i < n; i++) {
      const name = opts.names?.[i] ?? `学员${i + 1}`;
      enrolmentIds.push(await services.roster.enrolIn(trx, null, classId, { groupId: groupIds[i % groupIds.length], role: 'member', person: { name } }));
    }
    const sessions = opts.sessions ?? [{ fromMin: -5, toMin: 115 }];
    for (const [i, s] of sessions.entries()) {
      sessionIds.push(
        await services.timetable.createSessionIn(trx, null, classId, {
          kind: s.kind ?? 'lecture',
          title: s.title ?? `专题讲座${i + 1}`,
          startsAt: new Date(now + s.fromMin * 60_000).toISOString(),
          endsAt: new Date(now + s.toMin * 60_000).toISOString(),
          siteId: s.kind === 'site_visit' ? site.id : null,
          hours: s.hours ?? 3,
          lecturerIds: [],
          groupIds: (s.groups ?? []).map((g) => groupIds[g]),
        }),
      );
    }
    await services.classes.transition(null, classId, 'enrolling', trx);
    // Sessions may all start later today or tomorrow (in Beijing), lunch or clashes included: starting before the first session's day is an override (#9), the warnings are confirmed.
    await services.classes.transition(null, classId, 'running', trx, { override: true, reason: '测试：日程围绕当前时刻', confirmWarnings: true });
  });
  return { classId, institutionId, programmeId, groupIds, enrolmentIds, sessionIds, siteId: site.id };
}

/** Signs a trainee in as their phone would: issue an invitation, open it, return the Actor. */
export async function traineeActor(services: Services, enrolmentId: number) {
  const { token } = await services.trainee.issueInvitation(null, enrolmentId);
  const session = await services.trainee.openInvitation(token, { userAgent: 'test' });
  const actor = await services.auth.actorFromToken(session.token);
  return { actor: actor!, token: session.token, invitation: token };
}

/** A trainee's phone uploads a scan of the projected code it queued offline at `scannedAt` (#15). */
export async function uploadOfflineScan(services: Services, secretKey: Buffer, enrolmentId: number, sessionId: number, scannedAt: number) {
  const { actor } = await traineeActor(services, enrolmentId);
  const code = makeCheckInCodes(secretKey).codeFor(sessionId, scannedAt).code;
  return services.trainee.offlineCheckIn(actor, { code, scannedAt: new Date(scannedAt).toISOString(), personId: actor.personId! });
}
