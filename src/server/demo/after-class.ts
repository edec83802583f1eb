import type { Services } from '../app';
import type { Actor } from '../lib/permissions';
import { USERS } from './seed-facts';

// The 2020 class after it ended (#19): reflections (心得体会) of three group leaders — two accepted
// with consent to be quoted, one sent back for a revision — and 结业鉴定 forms of the four group
// leaders, signed off by the class teacher. The texts are written for the demo (the bulletin holds
// the leaders' speeches, not their reflections). Idempotent: skipped once the class has any.

const REFLECTIONS: Array<{ name: string; paragraphs: string[]; outcome: 'accept' | 'revise'; consent: boolean }> = [
  {
    name: '徐爱国',
    consent: true,
    outcome: 'accept',
    paragraphs: [
      '十五天的学习紧凑而充实。从专题讲座到现场教学，我对科技成果转化的全链条有了系统的认识，尤其是上海在技术转移服务体系建设方面的做法，给我留下了很深的印象。',
      '在国家技术转移东部中心，我看到科研成果怎样经过评估、对接和孵化走向市场；在上海科技馆，我体会到科学普及同样是科技工作的重要部分。',
      '回到高原生物研究所后，我将推动建立成果登记和转化台账，主动对接上海的技术转移机构，让更多高原特色生物资源的研究成果服务于西藏的产业发展。',
    ],
  },
  {
    name: '张建武',
    consent: true,
    outcome: 'accept',
    paragraphs: [
      '这次培训让我从人才工作的角度重新思考了科技创新。上海集聚人才的政策体系完整、服务细致，“引得进、留得住、用得好”的经验值得我们结合区情借鉴。',
      '结构化研讨中，各组围绕科技人才评价改革展开讨论，大家既谈困难也谈办法，这种方式本身就是一次很好的学习。',
      '下一步，我将把学到的人才评价和激励机制的做法整理成建议，推动完善我区科技人才分类评价办法，为科技兴藏提供更有力的人才支撑。',
    ],
  },
  {
    name: '黄海明',
    consent: false,
    outcome: 'revise',
    paragraphs: [
      '通过学习，我对科技管理工作有了新的认识，开阔了视野，增长了见识，收获很大。今后我将把所学运用到工作中，努力做好本职工作，为昌都市的科技事业贡献力量。',
      '培训期间，学院的安排周到细致，老师们的讲授深入浅出，同学们相互交流、共同进步，我深受教育。',
    ],
  },
];

const APPRAISALS: Record<string, { self: string; group: string; teacher: string }> = {
  徐爱国: {
    self: '培训期间能遵守学院各项规定，按时参加每一次学习，认真做好笔记，积极参与小组研讨并担任第一组组长，较好地完成了学习任务。',
    group: '学习认真，组织小组研讨有条理，乐于分享本单位的经验。',
    teacher: '该同志学习态度端正，组织纪律性强，作为组长协助班委做了大量工作，圆满完成本期培训学习任务。',
  },
  张建武: {
    self: '本人珍惜学习机会，全程参加各项教学活动，结合人才工作实际思考问题，在研讨中积极发言。',
    group: '理论功底扎实，研讨中发言有深度，能带动全组讨论。',
    teacher: '该同志学习刻苦，思考深入，发言质量高，在结业式上代表学员作交流发言，完成本期培训学习任务。',
  },
  扎西旺拉: {
    self: '本人全程参加了培训，认真学习了科技成果转化和科技管理的有关内容，将把学到的做法带回白朗县，用于推动县域科技工作。',
    group: '学习积极，与大家交流本县科技工作的情况，团结同学。',
    teacher: '该同志学习态度认真，遵守纪律，联系基层实际思考问题，完成本期培训学习任务。',
  },
  黄海明: {
    self: '本人在培训期间遵守纪律，按时参加学习，认真听讲，积极参加现场教学和小组讨论。',
    group: '学习认真，作为第四组组长组织讨论积极。',
    teacher: '该同志学习认真，遵守纪律，完成本期培训学习任务。',
  },
};

/** An actor for demo writes made in someone's name (a trainee's phone, the class teacher). */
export const actorOf = (userId: number, displayName: string, personId: number | null): Actor => ({
  userId,
  username: '',
  displayName,
  isAdmin: false,
  personId,
  locale: 'zh-CN',
  grants: [],
  authSessionId: 0,
  csrfToken: '',
});

export async function loadAfterClassDemo(services: Services, classId: number) {
  const { database, auth, roster, reflections, appraisals } = services;
  const db = database.db;
  if ((await reflections.listOfClass(classId)).rows.some((r) => r.status !== null)) return;
  const teacherUser = (await auth.findUserByUsername(USERS.classTeacher.username))!;
  const teacher = actorOf(teacherUser.id, USERS.classTeacher.displayName, null);
  const people = await roster.rosterIn(db, classId);
  const trainee = async (name: string) => {
    const p = people.find((x) => x.name === name)!;
    const userId = await database.transaction((trx) => auth.traineeAccountOf(trx, p.person_id, p.name));
    return { p, actor: actorOf(userId, p.name, p.person_id) };
  };
  // A demo length that the demo texts meet; a college sets its own (1,500 字 is the default).
  await reflections.setMinWords(teacher, classId, 100);
  for (const r of REFLECTIONS) {
    const { p, actor } = await trainee(r.name);
    const bodyHtml = r.paragraphs.map((x) => `<p>${x}</p>`).join('');
    await reflections.submit(actor, p.id, { bodyHtml, consentQuote: r.consent });
    await reflections.review(
      teacher,
      classId,
      p.id,
      r.outcome === 'accept' ? { decision: 'accept' } : { decision: 'revise', comment: '请结合本单位的具体工作，写一两件打算落实的事。' },
    );
  }
  for (const [name, a] of Object.entries(APPRAISALS)) {
    const { p, actor } = await trainee(name);
    await appraisals.saveSelf(actor, p.id, { selfText: a.self });
    await appraisals.saveStaff(teacher, classId, p.id, { groupText: a.group, groupBy: `${p.group_name ?? ''}`, teacherText: a.teacher });
    await appraisals.signOff(teacher, classId, p.id);
  }
}
