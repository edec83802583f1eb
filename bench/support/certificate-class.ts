import type { Services } from '../../src/server/app';

// A finished class for the certificate benchmarks: ten 3-hour sessions in October 2020, n trainees
// (60 % with a Tibetan name besides the Chinese one), full attendance, a serial pattern set.

const TIBETAN = [
  ['扎西旺拉', 'བཀྲ་ཤིས་དབང་ལྷ'],
  ['次仁多吉', 'ཚེ་རིང་རྡོ་རྗེ'],
  ['央金卓玛', 'དབྱངས་ཅན་སྒྲོལ་མ'],
  ['格桑顿珠', 'སྐལ་བཟང་དོན་གྲུབ'],
  ['德吉央宗', 'བདེ་སྐྱིད་དབྱངས་འཛོམས'],
  ['旦增平措', 'བསྟན་འཛིན་ཕུན་ཚོགས'],
  ['洛桑群培', 'བློ་བཟང་ཆོས་འཕེལ'],
];
const HAN = ['徐爱国', '张建武', '黄海明', '李晓燕', '王志强', '陈敏', '刘洋', '赵海波', '周丽'];

export async function finishedClass(services: Services, n: number, options: { code?: string; institutionId?: number } = {}) {
  const institutionId = options.institutionId ?? (await services.classes.createInstitution(null, { name: '上海科技管理干部学院', code: 'SKGY' }));
  const programmeId = await services.classes.createProgramme(null, { institutionId, name: `科技兴藏人才培养工程 ${options.code ?? ''}`.trim() });
  const classId = await services.classes.createClass(null, programmeId, {
    title: '2020年“科技兴藏人才培养工程”西藏科技管理干部培训班',
    code: options.code ?? 'XZ-2020',
    startsOn: '2020-10-12',
    endsOn: '2020-10-26',
    timeZone: 'Asia/Shanghai',
    leaveLimitRatio: 1 / 7,
    minAttendanceRatio: 6 / 7,
    lateGraceMinutes: 10,
  });
  await services.database.transaction(async (trx) => {
    const sessionIds: number[] = [];
    for (let d = 0; d < 10; d++) {
      const day = `2020-10-${String(12 + d).padStart(2, '0')}`;
      sessionIds.push(
        await services.timetable.createSessionIn(trx, null, classId, {
          kind: 'lecture',
          title: `专题讲座 ${d + 1}`,
          startsAt: `${day}T09:00:00+08:00`,
          endsAt: `${day}T12:00:00+08:00`,
          hours: 3,
          lecturerIds: [],
          groupIds: [],
        }),
      );
    }
    const enrolmentIds: number[] = [];
    for (let i = 0; i < n; i++) {
      const tibetan = i % 5 < 3;
      const [name, nameBo] = tibetan ? TIBETAN[i % TIBETAN.length] : [HAN[i % HAN.length], null];
      enrolmentIds.push(await services.roster.enrolIn(trx, null, classId, { role: 'member', person: { name: `${name}${i}`, nameBo } }));
    }
    await services.classes.transition(null, classId, 'enrolling', trx);
    await services.classes.transition(null, classId, 'running', trx);
    await services.attendance.importHistoricalRecord(
      trx,
      classId,
      enrolmentIds.flatMap((enrolmentId) => sessionIds.map((sessionId) => ({ sessionId, enrolmentId, status: 'present' as const, checkedInAt: null }))),
    );
    await services.classes.transition(null, classId, 'completed', trx);
    await services.completion.setSerialPatternIn(trx, classId, '{inst}-{year}-XZ-{seq:3}');
  });
  return { institutionId, programmeId, classId };
}
