import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { servicesFor, withDemo } from '../support/factories';

for (const kind of DATABASES) {
  describe(`cohort demo on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      classId = (await withDemo(services)).classId;
    });
    after(() => t.drop());

    test('holds the seed class with its four groups and their representatives', async () => {
      const cls = await services.classes.getClass(null, classId);
      assert.equal(cls.title, '2020年“科技兴藏人才培养工程”西藏科技管理干部培训班');
      assert.equal(cls.programmeName, '科技兴藏人才培养工程');
      assert.equal(cls.startsOn, '2020-10-12');
      assert.equal(cls.endsOn, '2020-10-26');
      assert.equal(cls.timeZone, 'Asia/Shanghai');
      assert.equal(cls.status, 'completed');
      assert.deepEqual(
        cls.staff.map((s) => [s.displayName, s.role]).find((s) => s[0] === '于长宏'),
        ['于长宏', 'project_lead'],
      );
      const groups = await services.roster.listGroups(classId);
      assert.deepEqual(
        groups.map((g) => [g.name, g.leader?.name, g.leader?.workUnit]),
        [
          ['第一组', '徐爱国', '西藏自治区高原生物研究所'],
          ['第二组', '张建武', '西藏自治区党委组织部人才工作处'],
          ['第三组', '扎西旺拉', '西藏自治区日喀则市白朗县科技局'],
          ['第四组', '黄海明', '西藏自治区昌都市科技局办公室'],
        ],
      );
      assert.ok(groups.every((g) => g.members.length >= 6));
      const roster = await services.roster.listRoster(classId);
      assert.ok(roster.filter((e) => e.person.isSample).length >= 20, 'further trainees are marked as samples');
      assert.ok(roster.filter((e) => !e.person.isSample).every((e) => ['徐爱国', '张建武', '扎西旺拉', '黄海明'].includes(e.person.name)));
    });

    test('has the three site visits in the bulletin order, 东部中心 on 20 October afternoon', async () => {
      const visits = await services.timetable.listSessions(classId, { kind: 'site_visit' });
      assert.deepEqual(
        visits.map((v) => v.site?.name),
        ['上海微技术工业研究院', '上海科技馆', '国家技术转移东部中心'],
      );
      assert.equal(visits[1].lecturers[0]?.name, '张春羽');
      const east = visits[2];
      assert.equal(services.timetable.localDate(east.startsAt, 'Asia/Shanghai'), '2020-10-20');
      const hour = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', hour: 'numeric', hourCycle: 'h23' }).format(new Date(east.startsAt)));
      assert.ok(hour >= 12, `starts in the afternoon, got ${hour}h`);
      const all = await services.timetable.listSessions(classId);
      assert.ok(all.filter((s) => s.kind === 'lecture').length >= 8);
      assert.ok(all.filter((s) => s.kind === 'discussion').length >= 4);
    });

    test('has the graduation agenda: four speeches in group order, certificates, 张庆杰, 肖建新 attending', async () => {
      const [ceremony] = await services.timetable.listSessions(classId, { kind: 'ceremony' });
      const speeches = ceremony.agenda.filter((a) => a.kind === 'speech');
      assert.deepEqual(
        speeches.map((s) => s.speakerName),
        ['徐爱国', '张建武', '扎西旺拉', '黄海明'],
      );
      assert.ok(ceremony.agenda.some((a) => a.kind === 'certificates'));
      assert.equal(ceremony.agenda.find((a) => a.kind === 'leader_speech')?.speakerName, '张庆杰');
      assert.equal(ceremony.agenda.find((a) => a.kind === 'attendance')?.speakerName, '肖建新');
      const order = ceremony.agenda.map((a) => a.kind);
      assert.ok(order.lastIndexOf('speech') < order.indexOf('certificates') && order.indexOf('certificates') < order.indexOf('leader_speech'));
    });

    test('loading it again changes nothing', async () => {
      const count = async (table: 'people' | 'sessions' | 'enrolments' | 'users' | 'groups') =>
        Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0].n);
      const before = await Promise.all((['people', 'sessions', 'enrolments', 'users', 'groups'] as const).map(count));
      const again = await withDemo(services);
      assert.equal(again.classId, classId);
      const afterCounts = await Promise.all((['people', 'sessions', 'enrolments', 'users', 'groups'] as const).map(count));
      assert.deepEqual(afterCounts, before);
    });
  });
}
