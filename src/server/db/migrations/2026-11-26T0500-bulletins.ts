import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// Bulletins (简报): one row per issue holding the current content as JSON, and one version row per
// save so that any earlier state can be listed and restored.
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('bulletins'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('issue_number', 'integer', notNull)
    .addColumn('title', 'text', notNull)
    .addColumn('issue_date', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('content_json', 'text', notNull)
    .addColumn('revision', 'integer', notNull)
    .addColumn('public_token', 'text', (c) => c.unique())
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('bulletins_issue_unique', ['class_id', 'issue_number'])
    .execute();
  await withId(db, db.schema.createTable('bulletin_versions'))
    .addColumn('bulletin_id', 'integer', (c) => c.notNull().references('bulletins.id').onDelete('cascade'))
    .addColumn('revision', 'integer', notNull)
    .addColumn('title', 'text', notNull)
    .addColumn('issue_date', 'text', notNull)
    .addColumn('content_json', 'text', notNull)
    .addColumn('event', 'text', notNull)
    .addColumn('detail', 'text')
    .addColumn('note', 'text')
    .addColumn('saved_by', 'integer', (c) => c.references('users.id'))
    .addColumn('saved_at', 'text', notNull)
    .addUniqueConstraint('bulletin_versions_unique', ['bulletin_id', 'revision'])
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('bulletin_versions').execute();
  await db.schema.dropTable('bulletins').execute();
}
