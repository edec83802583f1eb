import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { precompile, precompileLists } from '../../src/server/db/precompiled';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';

// Precompiled queries swap values into SQL compiled once per dialect (and per list shape): the
// answers must be those of the same query built afresh, whatever the lengths and values.
for (const kind of DATABASES) {
  describe(`precompiled queries (${kind})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await freshDatabase(kind);
      const { db } = t.database;
      await db
        .insertInto('audit_log')
        .values(
          Array.from({ length: 12 }, (_, i) => ({
            at: `2020-10-${String(10 + i).padStart(2, '0')}T00:00:00Z`,
            action: `a${i % 3}`,
            entity: 'x',
            entity_id: i,
          })),
        )
        .execute();
    });
    after(() => t.drop());

    const byAction = precompile((db, action: string) => db.selectFrom('audit_log').select('entity_id').where('action', '=', action).orderBy('entity_id'));
    const byIds = precompileLists((db, ids: number[], actions: string[]) =>
      db.selectFrom('audit_log').select(['entity_id', 'action']).where('entity_id', 'in', ids).where('action', 'in', actions).orderBy('entity_id'),
    );
    const insertRows = precompileLists((db, rows: unknown[][]) =>
      db
        .insertInto('audit_log')
        .values(rows.map(([at, action, entity_id]) => ({ at: at as string, action: action as string, entity: 'y', entity_id: entity_id as number | null })))
        .returning(['entity_id', 'action']),
    );

    test('a fixed query answers with the values of each call', async () => {
      const { db } = t.database;
      assert.deepEqual(
        (await byAction(db, 'a1')).map((r) => r.entity_id),
        [1, 4, 7, 10],
      );
      assert.deepEqual(
        (await byAction(db, 'a2')).map((r) => r.entity_id),
        [2, 5, 8, 11],
      );
      assert.deepEqual(await byAction(db, 'none'), []);
    });

    test('list queries of every shape answer as the query built afresh', async () => {
      const { db } = t.database;
      const cases: Array<[number[], string[]]> = [
        [[1], ['a1']],
        [[1, 2, 3, 4], ['a1']],
        [
          [1, 2, 3, 4],
          ['a0', 'a2'],
        ],
        [
          [4, 3],
          ['a1', 'a0'],
        ],
        [
          [11, 0, 5, 7, 9],
          ['a2', 'a0', 'a1'],
        ],
        [[1], ['a1']],
      ];
      for (const [ids, actions] of cases) {
        const fresh = await db
          .selectFrom('audit_log')
          .select(['entity_id', 'action'])
          .where('entity_id', 'in', ids)
          .where('action', 'in', actions)
          .orderBy('entity_id')
          .execute();
        assert.deepEqual(await byIds(db, ids, actions), fresh, `${ids} × ${actions}`);
      }
    });

    test('multi-row inserts keep every value of every row, nulls included, in a transaction too', async () => {
      const { db } = t.database;
      assert.deepEqual(await insertRows(db, [['2020-11-01T00:00:00Z', 'b1', 100]]), [{ entity_id: 100, action: 'b1' }]);
      const rows = await t.database.transaction((trx) =>
        insertRows(trx, [
          ['2020-11-02T00:00:00Z', 'b2', 101],
          ['2020-11-03T00:00:00Z', 'b3', null],
          ['2020-11-04T00:00:00Z', 'b4', 103],
        ]),
      );
      assert.deepEqual(rows, [
        { entity_id: 101, action: 'b2' },
        { entity_id: null, action: 'b3' },
        { entity_id: 103, action: 'b4' },
      ]);
      const stored = await db.selectFrom('audit_log').select(['at', 'action', 'entity_id']).where('entity', '=', 'y').orderBy('at').execute();
      assert.deepEqual(
        stored.map((r) => `${r.at}|${r.action}|${r.entity_id}`),
        ['2020-11-01T00:00:00Z|b1|100', '2020-11-02T00:00:00Z|b2|101', '2020-11-03T00:00:00Z|b3|null', '2020-11-04T00:00:00Z|b4|103'],
      );
    });

    if (kind === 'postgres')
      test('on PostgreSQL a fixed query is a named statement, kept by the connection; the list queries are not', async () => {
        const { db } = t.database;
        const kept = await db.connection().execute(async (c) => {
          assert.deepEqual(
            (await byAction(c, 'a1')).map((r) => r.entity_id),
            [1, 4, 7, 10],
          );
          assert.deepEqual(
            (await byAction(c, 'a0')).map((r) => r.entity_id),
            [0, 3, 6, 9],
          );
          await byIds(c, [1, 2], ['a1']);
          return (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(c)).rows.map((r) => r.statement);
        });
        assert.equal(kept.filter((q) => /"action" = \$1/.test(q) && !/ in \(/.test(q)).length, 1, `the fixed query, once: ${kept.join(' | ')}`);
        assert.equal(kept.filter((q) => / in \(/.test(q)).length, 0, 'no list query');
      });
  });
}
