import type { Services } from '../../src/server/app';
import { makeActor, makeClass } from './factories';

/**
 * A class of 2026-03-02 to 03-13 in `enrolling`, with two groups, trainees of the given genders
 * (group 1 the first half), one afternoon lecture on 03-03 and a hotel of the institution.
 */
export async function residentialClass(services: Services, genders: Array<'male' | 'female'>, overrides: { title?: string; institutionId?: number } = {}) {
  const made = overrides.institutionId
    ? await sameInstitutionClass(services, overrides.institutionId, overrides.title ?? `住宿班${Math.random().toString(36).slice(2, 6)}`)
    : await makeClass(services, { title: overrides.title });
  const { classId, institutionId } = made;
  const enrolmentIds: number[] = [];
  const groupIds: number[] = [];
  await services.database.transaction(async (trx) => {
    for (const name of ['第一组', '第二组']) groupIds.push(await services.roster.createGroupIn(trx, null, classId, { name }));
    for (const [i, gender] of genders.entries()) {
      const groupId = groupIds[i < genders.length / 2 ? 0 : 1];
      enrolmentIds.push(
        await services.roster.enrolIn(trx, null, classId, {
          groupId,
          role: 'member',
          person: { name: `学员${classId}-${i + 1}`, gender, workUnit: `单位${i % 3}` },
        }),
      );
    }
    await services.timetable.createSessionIn(trx, null, classId, {
      kind: 'lecture',
      title: '专题讲座',
      startsAt: '2026-03-03T05:00:00.000Z',
      endsAt: '2026-03-03T09:00:00.000Z',
      siteId: null,
      hours: 4,
      lecturerIds: [],
      groupIds: [],
    });
    await services.classes.transition(null, classId, 'enrolling', trx);
  });
  const teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
  return { classId, institutionId, enrolmentIds, groupIds, teacher };
}

async function sameInstitutionClass(services: Services, institutionId: number, title: string) {
  const programmeId = await services.classes.createProgramme(null, { institutionId, name: `${title}项目` });
  const classId = await services.classes.createClass(null, programmeId, {
    title,
    startsOn: '2026-03-02',
    endsOn: '2026-03-13',
    timeZone: 'Asia/Shanghai',
    leaveLimitRatio: 1 / 7,
    minAttendanceRatio: 6 / 7,
    lateGraceMinutes: 10,
  });
  return { classId, institutionId, programmeId };
}
