import type { Kysely } from 'kysely';
import { notNull, realType, withId } from './helpers';

// Outside hours (培训经历认定, #19): training a person took elsewhere, with its certificate in file
// storage; approved rows count in the 学时 ledger in the year of ends_on.
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('outside_trainings'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('organiser', 'text', notNull)
    .addColumn('title', 'text', notNull)
    .addColumn('starts_on', 'text', notNull)
    .addColumn('ends_on', 'text', notNull)
    .addColumn('hours', realType(db), notNull)
    .addColumn('note', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('certificate_key', 'text')
    .addColumn('certificate_name', 'text')
    .addColumn('certificate_type', 'text')
    .addColumn('certificate_bytes', 'integer')
    .addColumn('submitted_by', 'text', notNull)
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('outside_trainings_person').on('outside_trainings').columns(['person_id', 'status']).execute();
  await db.schema.createIndex('outside_trainings_institution').on('outside_trainings').columns(['institution_id', 'status', 'ends_on']).execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('outside_trainings').execute();
}
