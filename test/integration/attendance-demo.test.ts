import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { servicesFor, withDemo } from '../support/factories';

for (const kind of DATABASES) {
  describe(`the demo class's attendance record on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      classId = (await withDemo(services)).classId;
    });
    after(() => t.drop());

    test('mostly present, a few late arrivals and absences, one approved leave, nobody past the limit', async () => {
      const m = await services.attendance.matrix(classId);
      assert.equal(m.trainees.length, 32);
      const cells = m.trainees.map((r) => r.cells).join('');
      const count = (c: string) => [...cells].filter((x) => x === c).length;
      assert.ok(count('P') > 600, `present: ${count('P')}`);
      assert.equal(count('.'), 0, 'the class is over: nothing pending');
      assert.ok(count('L') >= 3 && count('L') <= 6, `late: ${count('L')}`);
      assert.equal(count('A'), 3);
      assert.ok(count('V') >= 1 && count('V') <= 3, `leave: ${count('V')}`);
      assert.equal(m.overLimitCount, 0);
      const leaves = await services.attendance.listLeaves(classId);
      assert.equal(leaves.length, 1);
      assert.equal(leaves[0].status, 'approved');
      assert.ok(leaves[0].decidedBy, 'decided by the class teacher');
      assert.ok(leaves[0].hours <= 6);
      // The leave shows in the matrix where the request says.
      const row = m.trainees.find((r) => r.enrolmentId === leaves[0].enrolmentId)!;
      assert.equal(row.hours.leaveHours, leaves[0].hours);
      // Group leaders (the graduation speakers) were at everything.
      const leaders = (await services.roster.listGroups(classId)).map((g) => g.leader!.enrolmentId);
      for (const id of leaders) assert.ok(!/[LAV]/.test(m.trainees.find((r) => r.enrolmentId === id)!.cells));
      // Hours count: a trainee present throughout earns the class's hours.
      const full = m.trainees.find((r) => leaders.includes(r.enrolmentId))!;
      assert.equal(full.hours.attendedHours, full.hours.totalHours);
      assert.ok(full.hours.totalHours > 40);
      // The 2020 report: everyone of the class, with the hours of the matrix; a 15-day class alone is below 90.
      const report = await services.hours.institutionReport((await services.classes.getClass(null, classId)).institutionId, 2020);
      assert.equal(report.people.length, 32);
      // …except 徐爱国, whose 64 recognised hours of outside training (培训经历认定, demo) lift him over.
      assert.equal(report.belowCount, 31);
      assert.deepEqual(
        report.people.filter((p) => !p.below).map((p) => p.name),
        ['徐爱国'],
      );
      const leader = report.people.find((p) => p.name === full.name)!;
      assert.equal(leader.hours, full.hours.attendedHours + leader.recognisedHours);
    });

    test('loading the demo again adds no record', async () => {
      const count = async () =>
        Number(
          (
            await t.database.db
              .selectFrom('attendance')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      await withDemo(services);
      assert.equal(await count(), before);
      assert.equal((await services.attendance.listLeaves(classId)).length, 1);
    });
  });
}
