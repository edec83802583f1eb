import type { Services } from '../app';
import { actorOf } from './after-class';
import { USERS } from './seed-facts';

// The 2020 class's action plans (行动计划, #19), written on the class's last days, and the
// follow-up three months later: opened by the scheduler on 2021-01-26 and answered that January
// by five of the eight trainees with a plan and three of their six supervisors. Each step runs on
// the date it happened (the service on a demo clock), so the record reads as it would have.
// Idempotent: skipped once the class has any plan.

type DemoPlan = {
  name: string;
  items: Array<{ text: string; dueOn?: string; measure?: string; progress: 'done' | 'partly' | 'not_yet' }>;
  supervisor?: { name: string; contact: string; answer?: { change: number; areas: string[]; instance?: string; at: string } };
  answer?: { applied: number; effect: string; example?: string; obstacles?: string; at: string };
};

const PLANS: DemoPlan[] = [
  {
    name: '徐爱国',
    items: [
      { text: '建立研究所科技成果登记和转化台账', dueOn: '2020-12-31', measure: '台账覆盖近五年全部成果', progress: 'done' },
      { text: '与国家技术转移东部中心对接两项高原生物资源成果', dueOn: '2021-06-30', measure: '签订合作意向 2 项', progress: 'partly' },
    ],
    supervisor: {
      name: '次仁（所长，示例）',
      contact: '13908900001',
      answer: { change: 4, areas: ['method', 'results'], instance: '牵头建立了成果转化台账，并组织了两次成果对接会。', at: '2021-01-27T03:20:00Z' },
    },
    answer: { applied: 4, effect: 'clear', example: '成果台账已建成，收录成果 46 项；与东部中心的对接已进入项目评估。', at: '2021-01-26T06:10:00Z' },
  },
  {
    name: '张建武',
    items: [
      { text: '起草完善科技人才分类评价办法的建议', dueOn: '2021-01-15', progress: 'done' },
      { text: '在组织部内部做一次培训成果分享', dueOn: '2020-11-30', progress: 'done' },
    ],
    supervisor: {
      name: '王处长（示例）',
      contact: 'wang.chu@example.cn',
      answer: { change: 5, areas: ['knowledge', 'method', 'sharing'], instance: '起草的人才评价建议已提交部务会讨论。', at: '2021-01-28T02:00:00Z' },
    },
    answer: { applied: 5, effect: 'clear', example: '人才分类评价建议稿已报部务会。', at: '2021-01-26T09:40:00Z' },
  },
  {
    name: '扎西旺拉',
    items: [
      { text: '把技术转移的做法用于县里的青稞加工企业', dueOn: '2021-03-31', measure: '促成 1 项技术合同', progress: 'partly' },
      { text: '组织一次全县科技特派员培训', dueOn: '2020-12-15', progress: 'done' },
    ],
    supervisor: { name: '白朗县科技局局长（示例）', contact: '13908900003' },
    answer: { applied: 3, effect: 'some', obstacles: '县里缺少技术经纪人，希望学院能推荐上海的服务机构。', at: '2021-01-29T04:30:00Z' },
  },
  {
    name: '黄海明',
    items: [{ text: '梳理昌都市科技局办公室的公文和督办流程', dueOn: '2021-01-31', progress: 'not_yet' }],
    supervisor: {
      name: '昌都市科技局副局长（示例）',
      contact: '13908900004',
      answer: { change: 2, areas: ['attitude'], at: '2021-01-30T08:00:00Z' },
    },
    answer: { applied: 2, effect: 'none', obstacles: '年底工作繁忙，计划推迟到春节后。', at: '2021-01-30T07:00:00Z' },
  },
  {
    name: '央金卓玛',
    items: [{ text: '在拉萨市推广科技型中小企业评价入库', dueOn: '2021-06-30', measure: '入库企业 30 家', progress: 'partly' }],
    supervisor: { name: '拉萨市科技局局长（示例）', contact: '13908900005' },
    answer: { applied: 4, effect: 'some', example: '已组织两场政策宣讲，12 家企业完成入库。', at: '2021-01-27T10:15:00Z' },
  },
  {
    name: '格桑顿珠',
    items: [{ text: '建立山南市科技项目全过程管理台账', dueOn: '2021-03-31', progress: 'not_yet' }],
    supervisor: { name: '山南市科技局副局长（示例）', contact: '13908900006' },
  },
  { name: '李晓燕', items: [{ text: '申报一项自治区科技成果转化项目', dueOn: '2021-04-30', progress: 'not_yet' }] },
  { name: '陈敏', items: [{ text: '修订西藏大学科研项目经费管理细则', dueOn: '2021-05-31', progress: 'not_yet' }] },
];

export async function loadFollowupDemo(services: Services, classId: number) {
  const { database, auth, roster } = services;
  const db = database.db;
  if ((await services.followup.classView(classId)).rows.some((r) => r.items.length)) return;
  const at = (iso: string) => services.followup.atClock(() => Date.parse(iso));
  const people = await roster.rosterIn(db, classId);
  const teacherUser = (await auth.findUserByUsername(USERS.classTeacher.username))!;
  const teacher = actorOf(teacherUser.id, USERS.classTeacher.displayName, null);
  const trainee = async (name: string) => {
    const p = people.find((x) => x.name === name)!;
    const userId = await database.transaction((trx) => auth.traineeAccountOf(trx, p.person_id, p.name));
    return { p, actor: actorOf(userId, p.name, p.person_id) };
  };

  // Written on the last two days of the class (it ended on 2020-10-26).
  const writing = at('2020-10-25T12:00:00Z');
  for (const plan of PLANS) {
    const { p, actor } = await trainee(plan.name);
    for (const item of plan.items) await writing.addItem(actor, p.id, { text: item.text, dueOn: item.dueOn ?? null, measure: item.measure ?? null });
    if (plan.supervisor) await writing.setMySupervisor(actor, p.id, { name: plan.supervisor.name, contact: plan.supervisor.contact });
  }
  await writing.setSettings(teacher, classId, { months: 3 });

  // 2021-01-26 09:00 in Shanghai: the scheduler opens it.
  await at('2021-01-26T01:00:00Z').openDue();
  const links = new Map((await at('2021-01-26T01:05:00Z').classView(classId)).rows.map((r) => [r.name, r.supervisorLink]));
  for (const plan of PLANS) {
    const { p, actor } = await trainee(plan.name);
    if (plan.answer) {
      const { at: when, ...answers } = plan.answer;
      const service = at(when);
      const items = (await service.mine(actor, p.id)).items;
      const progress = Object.fromEntries(items.map((i, n) => [String(i.id), plan.items[n].progress]));
      await service.answer(actor, p.id, { progress, answers });
    }
    const s = plan.supervisor?.answer;
    const link = links.get(plan.name);
    if (s && link) {
      const { at: when, ...answers } = s;
      await at(when).answerAsSupervisor(link.split('/t/s/')[1], answers);
    }
  }
}
