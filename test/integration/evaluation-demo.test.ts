import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { USERS } from '../../src/server/demo/seed-facts';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor, withDemo } from '../support/factories';

for (const kind of DATABASES) {
  describe(`the demo's evaluations on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      classId = (await withDemo(services)).classId;
    });
    after(() => t.drop());

    test('every lecture, site visit, discussion and the class have plausible answers; ceremonies none', async () => {
      const admin = await makeActor(services, 'admin');
      const overview = await services.evaluations.classOverview(admin, classId);
      const used = overview.questionnaires.filter((q) => q.enabled);
      assert.deepEqual(
        overview.questionnaires.filter((q) => !q.enabled).map((q) => q.title),
        ['报到', '开班式', '结业式'],
      );
      assert.ok(used.length >= 20);
      for (const q of used) {
        assert.equal(q.state, 'closed');
        assert.ok(q.responseRate !== null && q.responseRate >= 0.6, `${q.title}: ${q.responseRate}`);
        assert.ok(q.average !== null && q.average >= 3.5 && q.average <= 5, `${q.title}: ${q.average}`);
      }
      const whole = used.find((q) => q.session === null)!;
      const results = await services.evaluations.results(admin, classId, whole.id);
      assert.ok(
        results.questions.filter((q) => q.kind === 'text').some((q) => q.comments.length > 0),
        'there are comments to read',
      );
      assert.equal(results.byGroup?.groups.length, 4, 'four groups of eight are large enough to show');
    });

    test('loading again adds nothing', async () => {
      const count = async () =>
        Number(
          (
            await t.database.db
              .selectFrom('evaluation_responses')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      await withDemo(services);
      assert.equal(await count(), before);
      assert.ok(before > 500);
    });

    test('张春羽 is tied to her account and sees her site visit only', async () => {
      const user = await services.auth.findUserByUsername(USERS.lecturer.username);
      const { token } = await services.auth.login({ username: USERS.lecturer.username, password: 'cohort-demo-2020', ip: '127.0.0.1' });
      const actor = (await services.auth.actorFromToken(token))!;
      assert.equal(actor.userId, user!.id);
      const overview = await services.evaluations.classOverview(actor, classId);
      assert.equal(overview.ownSessionsOnly, true);
      assert.deepEqual(
        overview.questionnaires.map((q) => q.title),
        ['播撒科学种子，培育创新沃土——上海科普工作的创新发展及思考'],
      );
    });
  });
}
