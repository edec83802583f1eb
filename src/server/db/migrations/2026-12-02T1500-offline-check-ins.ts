import type { Kysely } from 'kysely';

// Offline check-in (#15): a trainee's phone queues a scan of the projected code when there is no
// network and uploads it later. The class says how long after its code's window an upload is
// still accepted (default 2 h); a check-in records when it arrived, and one that arrived late
// waits for the class teacher's review ('pending' → 'accepted' or 'rejected').
export async function up(db: Kysely<any>) {
  await db.schema
    .alterTable('classes')
    .addColumn('offline_window_minutes', 'integer', (c) => c.notNull().defaultTo(120))
    .execute();
  await db.schema.alterTable('attendance').addColumn('synced_at', 'text').execute();
  await db.schema.alterTable('attendance').addColumn('review', 'text').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable('attendance').dropColumn('review').execute();
  await db.schema.alterTable('attendance').dropColumn('synced_at').execute();
  await db.schema.alterTable('classes').dropColumn('offline_window_minutes').execute();
}
