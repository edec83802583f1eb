import type { Services } from '../app';
import { actorOf } from './after-class';
import { USERS } from './seed-facts';

// Outside hours (培训经历认定, #19) of trainees of the 2020 class: training they took elsewhere
// that year, recorded on the phone or by the 教务 office and recognised by 于长宏 — one still
// waiting, one rejected with a comment — so the 学时 report and the review queue show all three
// states. The trainings are written for the demo. Idempotent: skipped once any is recorded.

const RECORDS: Array<{
  name: string;
  by: 'trainee' | 'staff';
  organiser: string;
  title: string;
  startsOn: string;
  endsOn: string;
  hours: number;
  decision?: 'approve' | 'reject';
  comment?: string;
}> = [
  {
    name: '徐爱国',
    by: 'trainee',
    organiser: '中共西藏自治区委员会党校',
    title: '处级干部科技创新专题研修班',
    startsOn: '2020-05-11',
    endsOn: '2020-05-22',
    hours: 64,
    decision: 'approve',
    comment: '证书核实无误',
  },
  {
    name: '扎西旺拉',
    by: 'staff',
    organiser: '西藏自治区科学技术厅',
    title: '科技特派员能力提升培训',
    startsOn: '2020-07-06',
    endsOn: '2020-07-10',
    hours: 32,
    decision: 'approve',
  },
  {
    name: '张建武',
    by: 'trainee',
    organiser: '国家科技管理信息系统培训中心',
    title: '科技计划项目管理网络培训',
    startsOn: '2020-11-02',
    endsOn: '2020-11-27',
    hours: 20,
  },
  {
    name: '黄海明',
    by: 'trainee',
    organiser: '昌都市科学技术局',
    title: '科技工作会议',
    startsOn: '2020-03-16',
    endsOn: '2020-03-16',
    hours: 8,
    decision: 'reject',
    comment: '工作会议不属于培训，不予认定',
  },
];

export async function loadOutsideHoursDemo(services: Services, classId: number) {
  const { database, auth, roster, outsideTraining, classes } = services;
  const db = database.db;
  const institutionId = (await classes.getClass(null, classId)).institutionId;
  if ((await outsideTraining.list(institutionId, {})).length) return;
  const organizerUser = (await auth.findUserByUsername(USERS.organizer.username))!;
  const organizer = actorOf(organizerUser.id, USERS.organizer.displayName, null);
  const people = await roster.rosterIn(db, classId);
  for (const r of RECORDS) {
    const p = people.find((x) => x.name === r.name);
    if (!p) continue;
    const input = { organiser: r.organiser, title: r.title, startsOn: r.startsOn, endsOn: r.endsOn, hours: r.hours };
    let row: Awaited<ReturnType<typeof outsideTraining.recordFor>>;
    if (r.by === 'trainee') {
      const userId = await database.transaction((trx) => auth.traineeAccountOf(trx, p.person_id, p.name));
      row = await outsideTraining.recordMine(actorOf(userId, p.name, p.person_id), input);
    } else row = await outsideTraining.recordFor(organizer, institutionId, p.person_id, input);
    if (r.decision) await outsideTraining.review(organizer, institutionId, row.id, { decision: r.decision, comment: r.comment ?? null });
  }
}
