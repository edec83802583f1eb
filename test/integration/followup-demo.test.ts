import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { servicesFor, withDemo } from '../support/factories';

// The demo (#19): the 2020 class's action plans, and the follow-up opened on 2021-01-26 and
// answered that January by some trainees and supervisors; loading twice adds nothing.
for (const kind of DATABASES) {
  describe(`follow-up demo (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      ({ classId } = await withDemo(services));
    });
    after(async () => t.drop());

    test('plans, a follow-up sent in January 2021 and answered then, and the report of it', async () => {
      await withDemo(services);
      const view = await services.followup.classView(classId);
      assert.equal(view.schedule.dueOn, '2021-01-26');
      assert.equal(view.schedule.openedAt, '2021-01-26T01:00:00.000Z');
      assert.equal(view.schedule.state, 'closed');
      assert.equal(view.rows.filter((r) => r.items.length).length, 8);
      const answered = view.rows.flatMap((r) => [r.traineeAnsweredAt, r.supervisorAnsweredAt]).filter((x): x is string => !!x);
      assert.equal(answered.length, 8);
      assert.ok(answered.every((x) => x.startsWith('2021-01-')));
      const r = await services.followup.classReport(classId);
      const c = r.classes[0];
      assert.deepEqual(
        [c.withPlan, c.items, c.done, c.partly, c.notYet, c.unreported, c.traineeResponses, c.supervisorsNamed, c.supervisorResponses],
        [8, 11, 4, 3, 1, 3, 5, 6, 3],
      );
      assert.equal(c.supervisorRate, 0.5);
      assert.equal(c.completionRate, 0.5, '4 of the 8 reported items done');
      assert.equal(r.trainee.find((q) => q.id === 'applied')!.average, 3.6, '(4 + 5 + 3 + 2 + 4) / 5');
    });
  });
}
