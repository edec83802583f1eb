import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// Evaluation (issue #6): questionnaire templates per institution, one questionnaire per session
// and one per class, anonymous responses, and a separate record of who has answered.
//
// Anonymity is structural: `evaluation_responses` and `evaluation_answers` hold no enrolment,
// person or user, and no time (a time could be matched against `evaluation_respondents.answered_at`);
// response ids are random text rather than a sequence for the same reason. The only bridge from a
// respondent to their response is `evaluation_respondents.response_ref`: the response id encrypted
// with the server's secret, used solely to let that trainee edit their own answers while the
// questionnaire is open, and erased once it has closed.
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('evaluation_templates'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('name', 'text', notNull)
    .addColumn('description', 'text')
    .addColumn('default_for', 'text')
    .addColumn('builtin_key', 'text')
    .addColumn('questions_json', 'text', notNull)
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('evaluation_templates_builtin', ['institution_id', 'builtin_key'])
    .execute();

  await db.schema
    .createTable('evaluation_class_settings')
    .addColumn('class_id', 'integer', (c) => c.primaryKey().references('classes.id'))
    .addColumn('close_after_hours', 'integer', notNull)
    .addColumn('open_before_end_minutes', 'integer', notNull)
    .addColumn('min_group_size', 'integer', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await withId(db, db.schema.createTable('evaluation_questionnaires'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('session_id', 'integer', (c) => c.references('sessions.id').onDelete('cascade'))
    // 'class' or 'session:<id>': one questionnaire per session and one per class (NULLs are distinct in unique keys).
    .addColumn('scope_key', 'text', notNull)
    .addColumn('template_id', 'integer', (c) => c.references('evaluation_templates.id'))
    .addColumn('enabled', 'integer', notNull)
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(1))
    // The questions as answered: copied from the template at the first response, null until then.
    .addColumn('questions_json', 'text')
    .addColumn('opens_at', 'text')
    .addColumn('closes_at', 'text')
    .addColumn('link_token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('evaluation_questionnaires_scope', ['class_id', 'scope_key'])
    .execute();

  await db.schema
    .createTable('evaluation_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('questionnaire_id', 'integer', (c) => c.notNull().references('evaluation_questionnaires.id').onDelete('cascade'))
    // The respondent's group, for breakdowns of groups large enough to stay anonymous.
    .addColumn('group_id', 'integer', (c) => c.references('groups.id').onDelete('set null'))
    // Only for questionnaires that are not anonymous.
    .addColumn('enrolment_id', 'integer', (c) => c.references('enrolments.id'))
    .execute();
  await db.schema.createIndex('evaluation_responses_questionnaire').on('evaluation_responses').column('questionnaire_id').execute();

  await db.schema
    .createTable('evaluation_answers')
    .addColumn('response_id', 'text', (c) => c.notNull().references('evaluation_responses.id').onDelete('cascade'))
    .addColumn('questionnaire_id', 'integer', (c) => c.notNull().references('evaluation_questionnaires.id').onDelete('cascade'))
    .addColumn('question_id', 'text', notNull)
    .addColumn('rating', 'integer')
    .addColumn('option_id', 'text')
    .addColumn('text', 'text')
    .execute();
  await db.schema.createIndex('evaluation_answers_question').on('evaluation_answers').columns(['questionnaire_id', 'question_id']).execute();
  await db.schema.createIndex('evaluation_answers_response').on('evaluation_answers').column('response_id').execute();

  await db.schema
    .createTable('evaluation_respondents')
    .addColumn('questionnaire_id', 'integer', (c) => c.notNull().references('evaluation_questionnaires.id').onDelete('cascade'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('answered_at', 'text', notNull)
    .addColumn('response_ref', 'text')
    .addPrimaryKeyConstraint('evaluation_respondents_pk', ['questionnaire_id', 'enrolment_id'])
    .execute();
  await db.schema.createIndex('evaluation_respondents_enrolment').on('evaluation_respondents').column('enrolment_id').execute();
}
