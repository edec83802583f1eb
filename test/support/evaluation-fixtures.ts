import type { Services } from '../../src/server/app';
import { makeEvaluationService } from '../../src/server/modules/evaluations/service';
import { makeEvaluationStore } from '../../src/server/modules/evaluations/store';
import type { TestDatabase } from './db';
import { makeClass } from './factories';

/** An evaluation service on the test database whose clock the test sets. */
export function evaluationsAt(t: TestDatabase, services: Services, clock: { now: Date }) {
  return makeEvaluationService({
    database: t.database,
    store: makeEvaluationStore(),
    audit: services.audit,
    classes: services.classes,
    timetable: services.timetable,
    roster: services.roster,
    secretKey: t.config.secretKey,
    publicUrl: 'https://cohort.example',
    now: () => clock.now,
  });
}

// Names no other text in a response could contain, so a test can search outputs for them.
export const GROUP_A = ['甲一测试', '甲二测试', '甲三测试', '甲四测试', '扎西测试'];
export const GROUP_B = ['乙一测试', '乙二测试', '乙三测试'];

/**
 * A class with two groups (five trainees and three), a lecture by a lecturer tied to a user, a
 * site visit, and a discussion for group A only. Days are given in Beijing time.
 */
export async function makeEvaluationClass(services: Services, opts: { startsOn?: string; endsOn?: string; day?: string; lectureEnds?: string } = {}) {
  const { institutionId, programmeId, classId } = await makeClass(services, { startsOn: opts.startsOn, endsOn: opts.endsOn });
  const day = opts.day ?? '2026-03-03';
  return services.database.transaction(async (trx) => {
    const groupA = await services.roster.createGroupIn(trx, null, classId, { name: '第一组', sortOrder: 1 });
    const groupB = await services.roster.createGroupIn(trx, null, classId, { name: '第二组', sortOrder: 2 });
    const trainees: Array<{ enrolmentId: number; personId: number; name: string; phone: string; groupId: number }> = [];
    let n = 0;
    for (const [groupId, names] of [
      [groupA, GROUP_A],
      [groupB, GROUP_B],
    ] as const) {
      for (const name of names) {
        n += 1;
        const phone = `1390000${String(1000 + n).slice(-4)}`;
        const enrolmentId = await services.roster.enrolIn(trx, null, classId, { groupId, role: 'member', person: { name, phone } });
        const row = (await services.roster.rosterIn(trx, classId)).find((e) => e.id === enrolmentId)!;
        trainees.push({ enrolmentId, personId: row.person_id, name, phone, groupId });
      }
    }
    const lecturerId = await services.timetable.createLecturer(null, institutionId, { name: '讲座测试教师' }, trx);
    const otherLecturerId = await services.timetable.createLecturer(null, institutionId, { name: '另一位教师' }, trx);
    const site = await services.timetable.createSite(null, institutionId, { name: '测试教学点' }, trx);
    const at = (time: string) => `${day}T${time}:00+08:00`;
    const lecture = await services.timetable.createSessionIn(trx, null, classId, {
      kind: 'lecture',
      title: '测试专题讲座',
      startsAt: at('09:00'),
      endsAt: at(opts.lectureEnds ?? '12:00'),
      hours: 3,
      lecturerIds: [lecturerId],
      groupIds: [],
    });
    const visit = await services.timetable.createSessionIn(trx, null, classId, {
      kind: 'site_visit',
      title: '测试现场教学',
      startsAt: at('13:30'),
      endsAt: at('16:00'),
      hours: 2.5,
      siteId: site.id,
      lecturerIds: [otherLecturerId],
      groupIds: [],
    });
    const discussion = await services.timetable.createSessionIn(trx, null, classId, {
      kind: 'discussion',
      title: '测试研讨（第一组）',
      startsAt: at('16:10'),
      endsAt: at('17:30'),
      hours: 1.5,
      lecturerIds: [],
      groupIds: [groupA],
    });
    const ceremony = await services.timetable.createSessionIn(trx, null, classId, {
      kind: 'ceremony',
      title: '测试结业式',
      startsAt: at('18:00'),
      endsAt: at('18:30'),
      hours: 0.5,
      lecturerIds: [],
      groupIds: [],
    });
    return { institutionId, programmeId, classId, groupA, groupB, trainees, lecturerId, otherLecturerId, sessions: { lecture, visit, discussion, ceremony } };
  });
}

/** A trainee's device session, as the invitation flow creates it: a users row tied to the person. */
export async function traineeActor(services: Services, personId: number, name: string) {
  const { token, csrfToken } = await services.database.transaction(async (trx) =>
    services.auth.startSession(trx, await services.auth.traineeAccountOf(trx, personId, name)),
  );
  const actor = (await services.auth.actorFromToken(token))!;
  return { actor, headers: { cookie: `cohort_session=${token}`, 'x-csrf-token': csrfToken } };
}
