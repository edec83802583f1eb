import type { Kysely } from 'kysely';
import { notNull } from './helpers';

// The class committee (班委, #18): one trainee per role and class. Group leaders are the roster's
// own (enrolments.role = 'group_leader'), not repeated here.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('committee_roles')
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('role', 'text', notNull)
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('assigned_by', 'integer')
    .addColumn('assigned_at', 'text', notNull)
    .addPrimaryKeyConstraint('committee_roles_pk', ['class_id', 'role'])
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('committee_roles').execute();
}
