// The report's unit suggestions read work_units (#17), which triggers on people keep: after every
// kind of write to people — one added, a batch added, a unit changed, moved to another
// institution, a column other than the unit changed, one erased or deleted — each institution's
// units and their numbers of people must be what a count of people says, and on PostgreSQL two
// transactions adding people to the same unit at once must both be counted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { Services } from '../../src/server/app';
import type { DB } from '../../src/server/db/schema';
import { DATABASES, freshDatabase, type TestDatabase, twoAtOnce } from '../support/db';
import { servicesFor } from '../support/factories';

for (const kind of DATABASES) {
  describe(`work units follow the people (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let db: Kysely<DB>;
    let a: number;
    let b: number;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      db = t.database.db;
      a = await services.classes.createInstitution(null, { name: '甲学院', code: 'WUA' });
      b = await services.classes.createInstitution(null, { name: '乙学院', code: 'WUB' });
    });
    after(() => t.drop());

    const person = (institutionId: number, name: string, workUnit: string | null) => {
      const at = new Date().toISOString();
      return { institution_id: institutionId, name, work_unit: workUnit, is_sample: 0, created_at: at, updated_at: at };
    };

    /** work_units (its units with people) against a count of people, per institution and unit. */
    async function matches(label: string) {
      const counted = await db
        .selectFrom('people')
        .select(['institution_id', 'work_unit', (eb) => eb.fn.countAll<number>().as('n')])
        .where('work_unit', 'is not', null)
        .groupBy(['institution_id', 'work_unit'])
        .execute();
      const kept = await db.selectFrom('work_units').selectAll().where('people', '>', 0).execute();
      const key = (i: number, u: string | null, n: number) => `${i}|${u}|${Number(n)}`;
      assert.deepEqual(
        kept.map((k) => key(k.institution_id, k.work_unit, k.people)).sort(),
        counted.map((c) => key(c.institution_id, c.work_unit, c.n)).sort(),
        `${label}: work_units = a count of people`,
      );
    }

    test('added one by one and in a batch, changed, moved, erased, deleted', async () => {
      await matches('start');
      const [first] = await db
        .insertInto('people')
        .values(person(a, '达娃', '拉萨市科技局'))
        .returning('id')
        .execute();
      await matches('one added');
      const batch = Array.from({ length: 30 }, (_, i) => person(i % 2 ? a : b, `学员${i}`, i % 3 ? '日喀则市科技局' : i % 5 ? null : '拉萨市科技局'));
      const ids = (await db.insertInto('people').values(batch).returning('id').execute()).map((r) => r.id);
      await matches('a batch added');
      await db.updateTable('people').set({ work_unit: '山南市科技局' }).where('id', '=', first.id).execute();
      await matches('unit changed');
      await db.updateTable('people').set({ institution_id: b }).where('id', 'in', ids.slice(0, 6)).execute();
      await matches('moved to another institution');
      // The unit named again as it was (kysely's patches set every field) and another column changed.
      await db.updateTable('people').set({ work_unit: sql`work_unit`, name: sql`name || '改'` }).where('id', 'in', ids).execute();
      await matches('other columns');
      // Erasure (personal data) clears the unit.
      await db.updateTable('people').set({ work_unit: null }).where('id', 'in', ids.slice(6, 12)).execute();
      await matches('units cleared');
      await db.deleteFrom('people').where('id', 'in', ids.slice(12, 20)).execute();
      await matches('deleted');
      // A unit nobody is in any more is not suggested; its name again is.
      await db.updateTable('people').set({ work_unit: '拉萨市科技局' }).where('id', '=', first.id).execute();
      assert.deepEqual(await services.hours.workUnits(a, '山南'), []);
      await db.updateTable('people').set({ work_unit: '山南市科技局' }).where('id', '=', first.id).execute();
      assert.deepEqual(await services.hours.workUnits(a, '山南'), [{ workUnit: '山南市科技局', people: 1 }]);
      await matches('end');
    });

    if (kind === 'postgres')
      test('two transactions adding people to one unit at once both count', async () => {
        const unit = '并发测试单位';
        await db
          .insertInto('people')
          .values(person(a, '先到', unit))
          .execute();
        // The second's trigger waits for the first's lock on the unit's row, and counts again
        // after the first committed, its person included.
        await twoAtOnce(
          db,
          (trx) =>
            trx
              .insertInto('people')
              .values(person(a, '甲', unit))
              .execute(),
          (trx) =>
            trx
              .insertInto('people')
              .values(person(a, '乙', unit))
              .execute(),
        );
        await matches('concurrent');
        assert.deepEqual(await services.hours.workUnits(a, '并发'), [{ workUnit: unit, people: 3 }]);
      });
  });
}
