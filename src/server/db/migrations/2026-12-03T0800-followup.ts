import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// Action plans (行动计划) and the follow-up months after the class (#19): the trainee's plan
// items (with the progress they report at the follow-up), the class's follow-up settings, the
// follow-up's opening (one row per class, written by the scheduler on its date), the supervisor
// each trainee names (the nonce signs their link), and the responses of trainees and supervisors
// with their answers (one row per answer, as in the evaluations, so the report counts in SQL).
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('action_plan_items'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('text', 'text', notNull)
    .addColumn('due_on', 'text')
    .addColumn('measure', 'text')
    .addColumn('sort_order', 'integer', notNull)
    .addColumn('progress', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('action_plan_items_enrolment').on('action_plan_items').columns(['enrolment_id', 'sort_order']).execute();
  await db.schema.createIndex('action_plan_items_class').on('action_plan_items').columns(['class_id', 'progress']).execute();
  await db.schema
    .createTable('followup_settings')
    .addColumn('class_id', 'integer', (c) => c.primaryKey().references('classes.id'))
    .addColumn('months', 'integer', notNull)
    .addColumn('window_days', 'integer', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createTable('followup_surveys')
    .addColumn('class_id', 'integer', (c) => c.primaryKey().references('classes.id'))
    .addColumn('due_on', 'text', notNull)
    .addColumn('opened_at', 'text', notNull)
    .addColumn('closes_at', 'text', notNull)
    .execute();
  await db.schema
    .createTable('followup_supervisors')
    .addColumn('enrolment_id', 'integer', (c) => c.primaryKey().references('enrolments.id'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('name', 'text', notNull)
    .addColumn('contact', 'text', notNull)
    .addColumn('nonce', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await withId(db, db.schema.createTable('followup_responses'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('respondent', 'text', notNull)
    .addColumn('submitted_at', 'text', notNull)
    .addUniqueConstraint('followup_responses_once', ['enrolment_id', 'respondent'])
    .execute();
  await db.schema.createIndex('followup_responses_class').on('followup_responses').columns(['class_id', 'respondent']).execute();
  await db.schema
    .createTable('followup_answers')
    .addColumn('response_id', 'integer', (c) => c.notNull().references('followup_responses.id').onDelete('cascade'))
    .addColumn('question_id', 'text', notNull)
    .addColumn('rating', 'integer')
    .addColumn('option_id', 'text')
    .addColumn('text', 'text')
    .execute();
  await db.schema.createIndex('followup_answers_response').on('followup_answers').column('response_id').execute();
}

export async function down(db: Kysely<any>) {
  for (const t of ['followup_answers', 'followup_responses', 'followup_supervisors', 'followup_surveys', 'followup_settings', 'action_plan_items'])
    await db.schema.dropTable(t).execute();
}
