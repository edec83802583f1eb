// The institution's yearly 学时 report, aggregated in the database (#17): a session counts in the
// year of its day in the class's time zone (stored as sessions.local_date), so a class across New
// Year splits its hours at local midnight, not UTC midnight; pages and filters come from SQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeClass, servicesFor } from '../support/factories';

for (const kind of DATABASES) {
  describe(`institution hours report in SQL (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let institutionId: number;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      const made = await makeClass(services, { title: '跨年培训班', startsOn: '2024-12-30', endsOn: '2025-01-02' });
      institutionId = made.institutionId;
      const classId = made.classId;
      await t.database.transaction(async (trx) => {
        const people = [
          { name: '次仁', workUnit: '拉萨市科技局' },
          { name: '卓玛', workUnit: '林芝市科技局' },
          { name: '王强', workUnit: '拉萨市科技局' },
        ];
        const e: number[] = [];
        for (const person of people) e.push(await services.roster.enrolIn(trx, null, classId, { role: 'member', person }));
        const session = (startsAt: string, endsAt: string, hours: number, title: string) =>
          services.timetable.createSessionIn(trx, null, classId, { kind: 'lecture', title, startsAt, endsAt, hours, lecturerIds: [], groupIds: [] });
        // Local 2024-12-31 09:00; local 2025-01-01 01:00 and 07:00 — both still 2024-12-31 in UTC.
        const s1 = await session('2024-12-31T09:00:00+08:00', '2024-12-31T12:00:00+08:00', 3, '年末讲座');
        const s2 = await session('2025-01-01T01:00:00+08:00', '2025-01-01T06:00:00+08:00', 5, '跨年夜座谈');
        const s3 = await session('2025-01-01T07:00:00+08:00', '2025-01-01T07:59:00+08:00', 2, '元旦晨会');
        await services.classes.transition(null, classId, 'enrolling', trx);
        await services.classes.transition(null, classId, 'running', trx, { confirmWarnings: true });
        await services.classes.transition(null, classId, 'completed', trx);
        const present = (sessionId: number, enrolmentId: number, checkedInAt: string) => ({ sessionId, enrolmentId, status: 'present' as const, checkedInAt });
        await services.attendance.importHistoricalRecord(trx, classId, [
          present(s1, e[0], '2024-12-31T00:55:00.000Z'),
          present(s2, e[0], '2024-12-31T16:55:00.000Z'),
          present(s3, e[0], '2024-12-31T22:55:00.000Z'),
          present(s2, e[1], '2024-12-31T16:58:00.000Z'),
        ]);
      });
    });
    after(async () => {
      await t.drop();
    });

    const hoursOf = (report: Awaited<ReturnType<Services['hours']['institutionReport']>>) => Object.fromEntries(report.people.map((p) => [p.name, p.hours]));

    test('hours fall in the year of the local day, not of the UTC day', async () => {
      assert.deepEqual(hoursOf(await services.hours.institutionReport(institutionId, 2025)), { 次仁: 7, 卓玛: 5, 王强: 0 });
      assert.deepEqual(hoursOf(await services.hours.institutionReport(institutionId, 2024)), { 次仁: 3, 卓玛: 0, 王强: 0 });
      const five = await services.hours.institutionReport(institutionId, 2025);
      assert.deepEqual(Object.fromEntries(five.people.map((p) => [p.name, p.fiveYearHours])), { 次仁: 10, 卓玛: 5, 王强: 0 });
    });

    test('pages through the cursor in the same order as one page, with totals of the whole list', async () => {
      const whole = await services.hours.institutionReport(institutionId, 2025, { threshold: 6 });
      assert.deepEqual(
        whole.people.map((p) => [p.name, p.below]),
        [
          ['王强', true],
          ['卓玛', true],
          ['次仁', false],
        ],
      );
      assert.equal(whole.total, 3);
      assert.equal(whole.belowCount, 2);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await services.hours.institutionReport(institutionId, 2025, { threshold: 6, limit: 1, cursor });
        assert.equal(page.total, 3);
        paged.push(...page.people.map((p) => p.name));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(paged, ['王强', '卓玛', '次仁']);
      await assert.rejects(services.hours.institutionReport(institutionId, 2025, { cursor: 'not-a-cursor' }), (e: { status: number }) => e.status === 400);
    });

    test('filters below the threshold and by work unit in the database', async () => {
      const below = await services.hours.institutionReport(institutionId, 2025, { below: 'year' });
      assert.deepEqual(hoursOf(below), { 次仁: 7, 卓玛: 5, 王强: 0 }, 'all are below 90');
      const lhasa = await services.hours.institutionReport(institutionId, 2025, { workUnit: '拉萨市科技局' });
      assert.deepEqual(hoursOf(lhasa), { 次仁: 7, 王强: 0 });
      assert.equal(lhasa.total, 2);
    });

    test('each session stores its local day, written with the session', async () => {
      const rows = await t.database.db.selectFrom('sessions').select(['title', 'local_date']).orderBy('starts_at').execute();
      assert.deepEqual(
        rows.map((r) => [r.title, r.local_date]),
        [
          ['年末讲座', '2024-12-31'],
          ['跨年夜座谈', '2025-01-01'],
          ['元旦晨会', '2025-01-01'],
        ],
      );
    });
  });
}
