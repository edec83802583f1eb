import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// 结业鉴定 (#19): one form per trainee of a class — the trainee's self-appraisal, the group's and
// the class teacher's — locked once the class teacher signs it off (signed_off_at); an organizer
// may unlock it with a reason (kept here, and in the audit log).
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('appraisals'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().unique().references('enrolments.id'))
    .addColumn('self_text', 'text')
    .addColumn('group_text', 'text')
    .addColumn('group_by', 'text')
    .addColumn('teacher_text', 'text')
    .addColumn('signed_off_at', 'text')
    .addColumn('signed_off_by', 'integer', (c) => c.references('users.id'))
    .addColumn('unlock_reason', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('appraisals_class').on('appraisals').column('class_id').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('appraisals').execute();
}
