import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// Subscribable calendar feeds: one per class and one per trainee. Only a hash of each token is
// stored; the token itself is derived from the nonce with the server's secret, so staff can be
// shown the URL again while a copy of the database alone does not reveal it.
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('calendar_feeds'))
    .addColumn('scope_key', 'text', (c) => c.notNull().unique())
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.references('enrolments.id'))
    .addColumn('nonce', 'text', notNull)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', notNull)
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('calendar_feeds_class').on('calendar_feeds').column('class_id').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('calendar_feeds').execute();
}
