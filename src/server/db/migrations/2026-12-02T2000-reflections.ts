import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// Reflections (心得体会, #19): one per trainee of a class, written on the phone (sanitised rich
// text), with at most one attachment (a photo or a file) in file storage, reviewed by the class
// teacher. The class's minimum length lives in reflection_settings (default when absent).
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('reflections'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().unique().references('enrolments.id'))
    .addColumn('body_html', 'text', notNull)
    .addColumn('word_count', 'integer', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('consent_quote', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attachment_key', 'text')
    .addColumn('attachment_name', 'text')
    .addColumn('attachment_type', 'text')
    .addColumn('attachment_bytes', 'integer')
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('reflections_class').on('reflections').columns(['class_id', 'status']).execute();
  await db.schema
    .createTable('reflection_settings')
    .addColumn('class_id', 'integer', (c) => c.primaryKey().references('classes.id'))
    .addColumn('min_words', 'integer', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('reflection_settings').execute();
  await db.schema.dropTable('reflections').execute();
}
