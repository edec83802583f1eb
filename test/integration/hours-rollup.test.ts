// The institution's 学时 report reads the hours module's rollup (hours_by_enrolment, #17), which
// triggers mark stale and the store rebuilds before every read: after each kind of write the report
// must say what the record says — the same sums as the report's old query straight from attendance
// — and two refreshes at once must not count a class twice.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Services } from '../../src/server/app';
import type { Actor } from '../../src/server/lib/permissions';
import { makeCheckInCodes } from '../../src/server/modules/attendance/check-in-code';
import { makeHoursStore } from '../../src/server/modules/hours/store';
import { FOUR_AROUND_NOW, runningClass, traineeActor } from '../support/attendance';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

for (const kind of DATABASES) {
  describe(`hours rollup follows the record (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let teacher: Actor;
    let c: Awaited<ReturnType<typeof runningClass>>;
    let crossYear: { classId: number; sessionIds: number[]; enrolmentIds: number[] };
    const YEARS = [2024, 2025, 2026];

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      teacher = await makeActor(services, 'admin');
      // This year's running class: a session that ended an hour ago, one on now, one that ended half an hour ago (for an offline scan).
      c = await runningClass(services, FOUR_AROUND_NOW);
      // The same trainees in a class of the same institution across New Year 2024/2025, recorded afterwards.
      const classId = await services.classes.createClass(null, c.programmeId, {
        title: '跨年培训班',
        startsOn: '2024-12-30',
        endsOn: '2025-01-02',
        timeZone: 'Asia/Shanghai',
        leaveLimitRatio: 1 / 7,
        minAttendanceRatio: 6 / 7,
        lateGraceMinutes: 10,
      });
      crossYear = await t.database.transaction(async (trx) => {
        const people = await trx.selectFrom('enrolments').select('person_id').where('class_id', '=', c.classId).orderBy('id').execute();
        const enrolmentIds: number[] = [];
        for (const p of people) enrolmentIds.push(await services.roster.enrolIn(trx, null, classId, { role: 'member', personId: p.person_id }));
        const session = (startsAt: string, endsAt: string, hours: number, title: string) =>
          services.timetable.createSessionIn(trx, null, classId, { kind: 'lecture', title, startsAt, endsAt, hours, lecturerIds: [], groupIds: [] });
        const sessionIds = [
          await session('2024-12-31T09:00:00+08:00', '2024-12-31T12:00:00+08:00', 3, '年末讲座'),
          await session('2025-01-01T09:00:00+08:00', '2025-01-01T12:00:00+08:00', 5, '元旦讲座'),
        ];
        await services.classes.transition(null, classId, 'enrolling', trx);
        await services.classes.transition(null, classId, 'running', trx, { confirmWarnings: true });
        await services.classes.transition(null, classId, 'completed', trx);
        await services.attendance.importHistoricalRecord(trx, classId, [
          { sessionId: sessionIds[0], enrolmentId: enrolmentIds[0], status: 'present', checkedInAt: '2024-12-31T00:55:00.000Z' },
          { sessionId: sessionIds[1], enrolmentId: enrolmentIds[0], status: 'late', checkedInAt: '2025-01-01T01:15:00.000Z' },
          { sessionId: sessionIds[0], enrolmentId: enrolmentIds[1], status: 'present', checkedInAt: '2024-12-31T00:58:00.000Z' },
          { sessionId: sessionIds[1], enrolmentId: enrolmentIds[2], status: 'leave', checkedInAt: null },
        ]);
        return { classId, sessionIds, enrolmentIds };
      });
      // Work units for the unit filter, and a class of another programme in 2025 with a trainee of
      // its own, for the programme filter to leave out.
      const units = ['拉萨市科技局', '林芝市科技局', '拉萨市科技局', null];
      const people = await t.database.db.selectFrom('enrolments').select('person_id').where('class_id', '=', c.classId).orderBy('id').execute();
      for (const [i, p] of people.entries()) await t.database.db.updateTable('people').set({ work_unit: units[i] }).where('id', '=', p.person_id).execute();
      const other = await services.classes.createProgramme(null, { institutionId: c.institutionId, name: '另一项目' });
      const otherClass = await services.classes.createClass(null, other, {
        title: '另一项目培训班',
        startsOn: '2025-06-02',
        endsOn: '2025-06-06',
        timeZone: 'Asia/Shanghai',
        leaveLimitRatio: 1 / 7,
        minAttendanceRatio: 6 / 7,
        lateGraceMinutes: 10,
      });
      await t.database.transaction((trx) =>
        services.roster.enrolIn(trx, null, otherClass, { role: 'member', person: { name: '边巴', workUnit: '林芝市科技局' } }),
      );
    });
    after(() => t.drop());

    /**
     * The report's hours as its old query computed them, from attendance at the time of asking:
     * per person (and per class) the attended hours whose session's local day is in the year and in
     * the five years up to it, plus approved outside training in the year it ended.
     */
    async function fromTheRecord(year: number) {
      const { rows } = await sql<{ person_id: number; class_id: number; hours: number; five: number }>`
        select e.person_id, e.class_id,
          sum(case when s.local_date >= ${`${year}-01-01`} then s.hours else 0 end) as hours, sum(s.hours) as five
        from enrolments e
        join classes c on c.id = e.class_id
        join programmes pr on pr.id = c.programme_id
        join attendance a on a.enrolment_id = e.id
        join sessions s on s.id = a.session_id
        where pr.institution_id = ${c.institutionId} and a.status in ('present', 'late') and (a.review is null or a.review <> 'pending')
          and s.local_date >= ${`${year - 4}-01-01`} and s.local_date <= ${`${year}-12-31`}
        group by e.person_id, e.class_id`.execute(t.database.db);
      const recognised = await t.database.db
        .selectFrom('outside_trainings')
        .select(['person_id', 'ends_on', 'hours'])
        .where('institution_id', '=', c.institutionId)
        .where('status', '=', 'approved')
        .execute();
      const people = new Map<number, { hours: number; five: number; recognised: number; classes: Map<number, number> }>();
      const of = (id: number) => people.get(id) ?? people.set(id, { hours: 0, five: 0, recognised: 0, classes: new Map() }).get(id)!;
      for (const r of rows) {
        const p = of(r.person_id);
        p.hours += Number(r.hours);
        p.five += Number(r.five);
        p.classes.set(r.class_id, Number(r.hours));
      }
      for (const o of recognised) {
        const y = Number(o.ends_on.slice(0, 4));
        if (y > year || y < year - 4) continue;
        const p = of(o.person_id);
        p.five += Number(o.hours);
        if (y === year) {
          p.hours += Number(o.hours);
          p.recognised += Number(o.hours);
        }
      }
      // The year's trainees: enrolled in a class of the institution that runs during the year, or recognised training that ended in it.
      const enrolled = await t.database.db
        .selectFrom('enrolments as e')
        .innerJoin('classes as c', 'c.id', 'e.class_id')
        .innerJoin('programmes as pr', 'pr.id', 'c.programme_id')
        .select('e.person_id')
        .where('pr.institution_id', '=', c.institutionId)
        .where('e.status', '=', 'enrolled')
        .where('c.starts_on', '<=', `${year}-12-31`)
        .where('c.ends_on', '>=', `${year}-01-01`)
        .execute();
      const trainees = new Set([
        ...enrolled.map((r) => r.person_id),
        ...recognised.filter((o) => o.ends_on.slice(0, 4) === String(year)).map((o) => o.person_id),
      ]);
      return { people, trainees };
    }

    /** The report of every year equals the record, page by page and in the XLSX's row stream. */
    async function reportMatchesRecord(label: string) {
      for (const year of YEARS) {
        const report = await services.hours.institutionReport(c.institutionId, year, { limit: 1000 });
        const { people: expected, trainees } = await fromTheRecord(year);
        assert.ok(report.people.length > 0, `${label}: ${year} has trainees`);
        assert.deepEqual(
          report.people.map((p) => p.personId).sort((a, b) => a - b),
          [...trainees].sort((a, b) => a - b),
          `${label}: the trainees of ${year}`,
        );
        assert.equal(report.total, trainees.size);
        assert.equal(report.belowCount, report.people.filter((p) => p.below).length, `${label}: below-90 count of ${year}`);
        for (let i = 1; i < report.people.length; i++)
          assert.ok(report.people[i - 1].hours <= report.people[i].hours, `${label}: ${year} in order of hours (below 90 first)`);
        // The below-90 and five-year lists are the whole report's rows below, and the report pages by the cursor.
        const fiveYears = await services.hours.institutionReport(c.institutionId, year, { below: 'five_years', limit: 1000 });
        assert.deepEqual(
          fiveYears.people,
          report.people.filter((p) => p.fiveYearHours < 550),
          `${label}: below 550 of ${year}`,
        );
        const below = await services.hours.institutionReport(c.institutionId, year, { below: 'year', limit: 1000 });
        assert.deepEqual(
          below.people,
          report.people.filter((p) => p.below),
          `${label}: below 90 of ${year}`,
        );
        assert.equal(below.total, report.belowCount);
        const paged = [];
        for (let cursor: string | undefined, n = 0; n < 50; n++) {
          const page = await services.hours.institutionReport(c.institutionId, year, { limit: 1, cursor });
          paged.push(...page.people);
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        assert.deepEqual(paged, report.people, `${label}: ${year} page by page`);
        for (const p of report.people) {
          const e = expected.get(p.personId) ?? { hours: 0, five: 0, recognised: 0, classes: new Map<number, number>() };
          assert.deepEqual([p.hours, p.fiveYearHours, p.recognisedHours], [e.hours, e.five, e.recognised], `${label}: ${p.name} in ${year} (report, record)`);
          for (const cl of p.classes) assert.equal(cl.hours, e.classes.get(cl.classId) ?? 0, `${label}: ${p.name}, class ${cl.classId}, ${year}`);
        }
        // A programme's report is the year's trainees of its classes, a unit's the trainees of
        // that unit: the same rows as the whole report's (classes and hours too), only fewer.
        const ofProgramme = new Set(
          (
            await t.database.db
              .selectFrom('enrolments as e')
              .innerJoin('classes as c', 'c.id', 'e.class_id')
              .select('e.person_id')
              .where('c.programme_id', '=', c.programmeId)
              .where('e.status', '=', 'enrolled')
              .where('c.starts_on', '<=', `${year}-12-31`)
              .where('c.ends_on', '>=', `${year}-01-01`)
              .execute()
          ).map((r) => r.person_id),
        );
        const byProgramme = await services.hours.institutionReport(c.institutionId, year, { programmeId: c.programmeId, limit: 1000 });
        assert.deepEqual(
          byProgramme.people,
          report.people.filter((p) => ofProgramme.has(p.personId)),
          `${label}: programme's report of ${year}`,
        );
        assert.equal(byProgramme.total, ofProgramme.size);
        const otherProgramme = await services.hours.institutionReport(c.institutionId, year, { programmeId: c.programmeId + 1000, limit: 1000 });
        assert.deepEqual([otherProgramme.people, otherProgramme.total], [[], 0], `${label}: no such programme, nobody`);
        for (const unit of new Set(report.people.map((p) => p.workUnit).filter((u) => u !== null))) {
          const ofUnit = report.people.filter((p) => p.workUnit === unit);
          const byUnit = await services.hours.institutionReport(c.institutionId, year, { workUnit: unit, limit: 1000 });
          assert.deepEqual(byUnit.people, ofUnit, `${label}: ${unit}'s report of ${year}`);
          assert.deepEqual([byUnit.total, byUnit.belowCount], [ofUnit.length, ofUnit.filter((p) => p.below).length]);
          const belowOfUnit = await services.hours.institutionReport(c.institutionId, year, { workUnit: unit, below: 'year', limit: 1 });
          assert.deepEqual(belowOfUnit.people, ofUnit.filter((p) => p.below).slice(0, 1), `${label}: ${unit} below 90, first page of one`);
        }
        const streamed = [];
        for await (const batch of services.hours.institutionReportRows(c.institutionId, year)) streamed.push(...batch.people);
        assert.deepEqual(streamed, report.people, `${label}: the XLSX rows of ${year} are the report's`);
      }
      const stale = await t.database.db.selectFrom('hours_stale').selectAll().execute();
      assert.deepEqual(stale, [], `${label}: nothing left stale after a read`);
      assert.deepEqual(await t.database.db.selectFrom('hours_stale_people').selectAll().execute(), [], `${label}: no person left stale`);
    }
    const staleClasses = async () => (await t.database.db.selectFrom('hours_stale').select('class_id').orderBy('class_id').execute()).map((r) => r.class_id);

    test('the migration filled the rollup, and the report is the record before any write', async () => {
      await reportMatchesRecord('start');
    });

    test('a check-in with the projected code', async () => {
      const { actor } = await traineeActor(services, c.enrolmentIds[0]);
      const code = await services.attendance.checkInCode(c.sessionIds[1]);
      assert.equal((await services.trainee.checkIn(actor, code.code)).outcome, 'recorded');
      assert.deepEqual(await staleClasses(), [c.classId], 'the trigger marked the class');
      await reportMatchesRecord('check-in');
    });

    test('a manual mark, then the mark changed', async () => {
      await services.attendance.markAttendance(teacher, c.sessionIds[0], c.enrolmentIds[1], { status: 'late', reason: null });
      await reportMatchesRecord('marked late');
      await services.attendance.markAttendance(teacher, c.sessionIds[0], c.enrolmentIds[1], { status: 'absent', reason: '未到' });
      await reportMatchesRecord('changed to absent');
      await services.attendance.markAttendance(teacher, c.sessionIds[0], c.enrolmentIds[2], { status: 'present', reason: null });
      await reportMatchesRecord('another present');
    });

    test('leave approved', async () => {
      const { actor } = await traineeActor(services, c.enrolmentIds[3]);
      const leave = await services.trainee.requestLeave(actor, c.enrolmentIds[3], { sessionIds: [c.sessionIds[3]], reason: '家中有事' });
      await services.attendance.decideLeave(teacher, c.classId, leave.id, { decision: 'approve' });
      await reportMatchesRecord('leave');
    });

    test("a session's hours changed", async () => {
      await services.timetable.updateSession(teacher, c.sessionIds[0], { hours: 3.5 });
      assert.deepEqual(await staleClasses(), [c.classId]);
      await reportMatchesRecord('hours changed');
    });

    test('a session moved across New Year', async () => {
      const before = (await services.hours.institutionReport(c.institutionId, 2024)).people.find((p) => p.hours > 0);
      assert.ok(before, 'someone has hours in 2024');
      await services.timetable.updateSession(teacher, crossYear.sessionIds[0], { startsAt: '2025-01-02T09:00:00+08:00', endsAt: '2025-01-02T12:00:00+08:00' });
      assert.deepEqual(await staleClasses(), [crossYear.classId]);
      await reportMatchesRecord('moved to 2025');
      const moved = (await services.hours.institutionReport(c.institutionId, 2024)).people.find((p) => p.personId === before.personId);
      assert.equal(moved?.hours ?? 0, 0, 'the hours left 2024');
    });

    test('an enrolment withdrawn', async () => {
      await services.roster.withdraw(teacher, c.enrolmentIds[2], '工作调动');
      assert.deepEqual(await staleClasses(), [c.classId]);
      await reportMatchesRecord('withdrawn');
    });

    test('outside training approved', async () => {
      const person = await t.database.db.selectFrom('enrolments').select('person_id').where('id', '=', c.enrolmentIds[1]).executeTakeFirstOrThrow();
      const o = await services.outsideTraining.recordFor(teacher, c.institutionId, person.person_id, {
        organiser: '中共西藏自治区委员会党校',
        title: '科技管理专题研修班',
        startsOn: '2026-05-11',
        endsOn: '2026-05-15',
        hours: 24,
      });
      await services.outsideTraining.review(teacher, c.institutionId, o.id, { decision: 'approve' });
      await reportMatchesRecord('outside training');
    });

    test('an offline check-in: pending earns nothing, accepted earns the session', async () => {
      const { actor } = await traineeActor(services, c.enrolmentIds[3]);
      const scannedAt = Date.now() - 80 * 60_000;
      const r = await services.trainee.offlineCheckIn(actor, {
        code: makeCheckInCodes(t.config.secretKey).codeFor(c.sessionIds[2], scannedAt).code,
        scannedAt: new Date(scannedAt).toISOString(),
        personId: actor.personId!,
      });
      assert.equal(r.review, 'pending');
      await reportMatchesRecord('pending offline');
      const pending = (await services.attendance.offlineCheckIns(c.classId)).find((x) => x.enrolmentId === c.enrolmentIds[3])!;
      await services.attendance.reviewOfflineCheckIn(teacher, c.classId, pending.attendanceId, 'accept');
      assert.deepEqual(await staleClasses(), [c.classId]);
      await reportMatchesRecord('offline accepted');
    });

    test('a write by hand in SQL is seen too (the triggers, not the services, mark the class)', async () => {
      await t.database.db.updateTable('attendance').set({ status: 'late' }).where('session_id', '=', crossYear.sessionIds[1]).execute();
      await t.database.db.deleteFrom('attendance').where('session_id', '=', c.sessionIds[1]).execute();
      assert.deepEqual(
        await staleClasses(),
        [c.classId, crossYear.classId].sort((a, b) => a - b),
      );
      await reportMatchesRecord('by hand');
    });

    test('a rename, a class moved to other dates and an enrolment deleted, by hand (the summary follows)', async () => {
      const person = await t.database.db.selectFrom('enrolments').select('person_id').where('id', '=', c.enrolmentIds[0]).executeTakeFirstOrThrow();
      await t.database.db.updateTable('people').set({ name: '阿阿阿改名' }).where('id', '=', person.person_id).execute();
      await reportMatchesRecord('renamed');
      const renamed = (await services.hours.institutionReport(c.institutionId, 2026)).people.find((p) => p.personId === person.person_id);
      assert.equal(renamed?.name, '阿阿阿改名');
      await t.database.db.updateTable('classes').set({ starts_on: '2023-12-30' }).where('id', '=', crossYear.classId).execute();
      assert.deepEqual(await staleClasses(), [crossYear.classId], 'new dates mark the class');
      await reportMatchesRecord('class dates');
      const in2023 = await services.hours.institutionReport(c.institutionId, 2023);
      assert.ok(in2023.total > 0, 'the class now runs in 2023 too');
      await t.database.db.deleteFrom('attendance').where('enrolment_id', '=', crossYear.enrolmentIds[3]).execute();
      await t.database.db.deleteFrom('enrolments').where('id', '=', crossYear.enrolmentIds[3]).execute();
      await reportMatchesRecord('enrolment deleted');
      await t.database.db.updateTable('classes').set({ starts_on: '2024-12-30' }).where('id', '=', crossYear.classId).execute();
      await reportMatchesRecord('dates back');
    });

    test('refreshes running at once rebuild each class once and count nothing twice', async () => {
      const store = makeHoursStore();
      const rollup = async () =>
        (await t.database.db.selectFrom('hours_by_enrolment').selectAll().orderBy('class_id').orderBy('person_id').orderBy('year').execute()).map((r) => ({
          ...r,
          hours: Number(r.hours),
        }));
      const built = await rollup();
      for (let round = 0; round < 3; round++) {
        await t.database.db.insertInto('hours_stale').columns(['class_id']).expression(t.database.db.selectFrom('classes').select('id')).execute();
        const rebuilt = await Promise.all([store.refreshHours(t.database.db), store.refreshHours(t.database.db), store.refreshHours(t.database.db)]);
        assert.equal(
          rebuilt.reduce((n, x) => n + x, 0),
          (await t.database.db.selectFrom('classes').select('id').execute()).length,
          'each stale class rebuilt by exactly one of them',
        );
        assert.deepEqual(await rollup(), built, 'the same rows as before, none twice');
      }
      // And reports asked at once while a class is stale agree with the record.
      await services.attendance.markAttendance(teacher, c.sessionIds[2], c.enrolmentIds[0], { status: 'present', reason: null });
      const pages = await Promise.all(
        YEARS.map((y) => services.hours.institutionReport(c.institutionId, y)).concat(services.hours.institutionReport(c.institutionId, 2026)),
      );
      assert.deepEqual(pages[3], pages[2]);
      await reportMatchesRecord('after concurrent reads');
    });
  });
}
