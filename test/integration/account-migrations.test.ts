// The account migrations of #9/#11 on an install that already has accounts, on both databases:
// trainees' device accounts (trainee-<personId>) become their own kind under a name no staff
// member can choose, staff accounts get the institution their grants lie in, and the old
// per-attempt table gives way to the counters.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Migration, Migrator } from 'kysely';
import type { Database } from '../../src/server/db/connection';
import { migrateToLatest } from '../../src/server/db/migrate';
import { DATABASES, freshDatabase } from '../support/db';

const FIRST_OF_MINE = '2026-12-01T1000';
const dir = join(import.meta.dirname, '..', '..', 'src', 'server', 'db', 'migrations');

/** The migrations an install had before the account changes. */
async function earlierMigrations(): Promise<Record<string, Migration>> {
  const out: Record<string, Migration> = {};
  for (const f of readdirSync(dir)
    .filter((n) => /^\d{4}-\d{2}-\d{2}T\d{4}-[\w-]+\.ts$/.test(n) && n < FIRST_OF_MINE)
    .sort()) {
    out[f.replace(/\.ts$/, '')] = (await import(join(dir, f))) as Migration;
  }
  return out;
}

for (const kind of DATABASES) {
  describe(`account migrations over existing accounts on ${kind}`, () => {
    let database: Database;
    let drop: () => Promise<void>;
    const ids: Record<string, number> = {};

    before(async () => {
      const t = await freshDatabase(kind, { migrate: false });
      database = t.database;
      drop = t.drop;
      const migrations = await earlierMigrations();
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
      const { error } = await migrator.migrateToLatest();
      assert.ifError(error);
      // What such an install holds: an institution with a programme and a class, staff with
      // grants, an administrator, and a trainee's device account under the old name.
      const db = database.db as never as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
      const at = '2026-01-01T00:00:00.000Z';
      const insert = async (table: string, row: Record<string, unknown>) =>
        Number((await db.insertInto(table).values(row).returning('id').executeTakeFirstOrThrow()).id);
      ids.inst = await insert('institutions', { name: '上海科技管理干部学院', code: 'SKGY', created_at: at });
      ids.inst2 = await insert('institutions', { name: '别的学院', code: 'OTHER', created_at: at });
      ids.programme = await insert('programmes', { institution_id: ids.inst, name: '科技兴藏', created_at: at });
      ids.class = await insert('classes', {
        programme_id: ids.programme,
        title: '2020 班',
        starts_on: '2020-10-20',
        ends_on: '2020-11-03',
        time_zone: 'Asia/Shanghai',
        status: 'completed',
        leave_limit_ratio: 1 / 7,
        min_attendance_ratio: 6 / 7,
        late_grace_minutes: 10,
        created_at: at,
        updated_at: at,
      });
      const user = (username: string, extra: Record<string, unknown> = {}) =>
        insert('users', { username, display_name: username, password_hash: 'x', is_admin: 0, locale: 'zh-CN', disabled: 0, created_at: at, ...extra });
      ids.admin = await user('admin', { is_admin: 1 });
      ids.teacher = await user('banzhuren');
      ids.organizer = await user('yuchanghong');
      ids.both = await user('two-places');
      ids.loose = await user('nobody-grants');
      ids.trainee = await user('trainee-7', { password_hash: null, person_id: 7 });
      const grant = (user_id: number, role: string, scope_type: string, scope_id: number) =>
        insert('role_grants', { user_id, role, scope_type, scope_id, created_at: at });
      await grant(ids.teacher, 'class_teacher', 'class', ids.class);
      await grant(ids.organizer, 'organizer', 'institution', ids.inst);
      await grant(ids.both, 'organizer', 'institution', ids.inst);
      await grant(ids.both, 'organizer', 'institution', ids.inst2);
      await insert('login_attempts', { username: 'banzhuren', ip: '10.0.0.1', at, succeeded: 0 });
      await migrateToLatest(database.db);
    });
    after(() => drop());

    const userRow = (id: number) => database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    test("the trainee's device account becomes a trainee account under a reserved name", async () => {
      const row = await userRow(ids.trainee);
      assert.equal(row.kind, 'trainee');
      assert.equal(row.username, 'trainee:7');
      assert.equal((await userRow(ids.teacher)).kind, 'staff');
    });

    test('the old name is free for staff, and a second device account for the same person is impossible', async () => {
      const at = new Date().toISOString();
      await database.db
        .insertInto('users')
        .values({
          username: 'trainee-7',
          display_name: '员工',
          is_admin: 0,
          locale: 'zh-CN',
          disabled: 0,
          created_at: at,
          kind: 'staff',
          password_hash: null,
          person_id: null,
        })
        .execute();
      await assert.rejects(
        database.db
          .insertInto('users')
          .values({
            username: 'trainee:7b',
            display_name: 'x',
            is_admin: 0,
            locale: 'zh-CN',
            disabled: 0,
            created_at: at,
            kind: 'trainee',
            password_hash: null,
            person_id: 7,
          })
          .execute(),
      );
    });

    test('staff accounts belong to the institution their grants lie in, when there is one', async () => {
      assert.equal((await userRow(ids.teacher)).institution_id, ids.inst, 'through the class');
      assert.equal((await userRow(ids.organizer)).institution_id, ids.inst);
      assert.equal((await userRow(ids.both)).institution_id, null, 'grants in two institutions: left to the administrator');
      assert.equal((await userRow(ids.loose)).institution_id, null);
      assert.equal((await userRow(ids.admin)).institution_id, null);
      assert.equal((await userRow(ids.teacher)).must_change_password, 0);
    });

    test('sign-in counters replace the per-attempt table', async () => {
      const rows = await database.db.selectFrom('login_throttle').selectAll().execute();
      assert.deepEqual(rows, []);
      await assert.rejects(
        database.db
          .selectFrom('login_attempts' as never)
          .selectAll()
          .execute(),
      );
    });
  });
}
