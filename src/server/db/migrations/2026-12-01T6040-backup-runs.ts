import type { Kysely } from 'kysely';
import { withId } from './helpers';

// Scheduled backups inside `cohort serve` (#14): one row per scheduled time, so that of several
// instances on one database only the one that claims the slot makes the backup.
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('backup_runs'))
    .addColumn('scheduled_for', 'text', (c) => c.notNull().unique())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('archive', 'text')
    .addColumn('error', 'text')
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('backup_runs').execute();
}
