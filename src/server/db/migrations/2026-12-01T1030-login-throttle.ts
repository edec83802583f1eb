import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// One counter row per account name and client address (#11): a sign-in takes its slot with one
// atomic upsert before the password is checked, so parallel attempts cannot all slip past the
// limit, and one proxy address does not lock out everyone behind it. The audit log now keeps the
// history of sign-ins, so the per-attempt table goes.
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('login_throttle'))
    .addColumn('username', 'text', notNull)
    .addColumn('ip', 'text', notNull)
    .addColumn('window_started_at', 'text', notNull)
    .addColumn('attempts', 'integer', notNull)
    .addUniqueConstraint('login_throttle_key', ['username', 'ip'])
    .execute();
  await db.schema.dropTable('login_attempts').execute();
}

export async function down(db: Kysely<any>) {
  await withId(db, db.schema.createTable('login_attempts'))
    .addColumn('username', 'text', notNull)
    .addColumn('ip', 'text', notNull)
    .addColumn('at', 'text', notNull)
    .addColumn('succeeded', 'integer', notNull)
    .execute();
  await db.schema.dropTable('login_throttle').execute();
}
