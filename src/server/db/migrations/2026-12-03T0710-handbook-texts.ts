import type { Kysely } from 'kysely';
import { notNull } from './helpers';

// The trainee handbook (学员手册, #19): its texts per institution (the 学员守则 all its classes
// start from) and per class (welcome, own rules, the staff's phone numbers as JSON).
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('handbook_texts')
    .addColumn('scope_type', 'text', notNull)
    .addColumn('scope_id', 'integer', notNull)
    .addColumn('welcome', 'text')
    .addColumn('rules', 'text')
    .addColumn('staff_phones', 'text')
    .addColumn('updated_at', 'text', notNull)
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('handbook_texts_pk', ['scope_type', 'scope_id'])
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('handbook_texts').execute();
}
