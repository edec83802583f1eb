import './tables';
import type { Executor } from '../../db/connection';
import type { NewRow, Patch } from '../../db/schema';

// All SQL of evaluations. Responses and answers are only ever read in aggregate or by response id;
// no query here joins a response to a respondent. The one read of another module's table is the
// trainee's own enrolments (by person), the identity a trainee's device session carries.

const num = (v: unknown) => Number(v ?? 0);

export const makeEvaluationStore = () => ({
  // Templates
  listTemplates: (db: Executor, institutionId: number) =>
    db.selectFrom('evaluation_templates').selectAll().where('institution_id', '=', institutionId).where('archived', '=', 0).orderBy('id').execute(),
  templatesByIds: (db: Executor, ids: number[]) =>
    ids.length ? db.selectFrom('evaluation_templates').selectAll().where('id', 'in', ids).execute() : Promise.resolve([]),
  findTemplate: (db: Executor, id: number) => db.selectFrom('evaluation_templates').selectAll().where('id', '=', id).executeTakeFirst(),
  countBuiltins: async (db: Executor, institutionId: number) =>
    num(
      (
        await db
          .selectFrom('evaluation_templates')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('institution_id', '=', institutionId)
          .where('builtin_key', 'is not', null)
          .executeTakeFirstOrThrow()
      ).n,
    ),
  insertTemplate: (db: Executor, row: NewRow<'evaluation_templates'>) =>
    db
      .insertInto('evaluation_templates')
      .values(row)
      .onConflict((oc) => oc.columns(['institution_id', 'builtin_key']).doNothing())
      .returning('id')
      .executeTakeFirst(),
  updateTemplate: (db: Executor, id: number, patch: Patch<'evaluation_templates'>) =>
    db
      .updateTable('evaluation_templates')
      .set((eb) => ({ ...patch, revision: eb('revision', '+', 1) }))
      .where('id', '=', id)
      .execute(),
  clearDefaultFor: (db: Executor, institutionId: number, target: string, exceptId: number | null) => {
    let q = db.updateTable('evaluation_templates').set({ default_for: null }).where('institution_id', '=', institutionId).where('default_for', '=', target);
    if (exceptId !== null) q = q.where('id', '!=', exceptId);
    return q.execute();
  },
  templateUsage: async (db: Executor, templateIds: number[]) =>
    templateIds.length
      ? (
          await db
            .selectFrom('evaluation_questionnaires')
            .select((eb) => ['template_id', eb.fn.countAll().as('n')])
            .where('template_id', 'in', templateIds)
            .where('enabled', '=', 1)
            .groupBy('template_id')
            .execute()
        ).map((r) => ({ templateId: num(r.template_id), n: num(r.n) }))
      : [],

  // Class settings
  findSettings: (db: Executor, classId: number) => db.selectFrom('evaluation_class_settings').selectAll().where('class_id', '=', classId).executeTakeFirst(),
  upsertSettings: (db: Executor, row: NewRow<'evaluation_class_settings'>) =>
    db
      .insertInto('evaluation_class_settings')
      .values(row)
      .onConflict((oc) =>
        oc.column('class_id').doUpdateSet({
          close_after_hours: row.close_after_hours,
          open_before_end_minutes: row.open_before_end_minutes,
          min_group_size: row.min_group_size,
          updated_at: row.updated_at,
        }),
      )
      .execute(),

  // Questionnaires
  questionnairesOfClass: (db: Executor, classId: number) =>
    db.selectFrom('evaluation_questionnaires').selectAll().where('class_id', '=', classId).orderBy('id').execute(),
  questionnairesOfSessions: (db: Executor, sessionIds: number[]) =>
    sessionIds.length ? db.selectFrom('evaluation_questionnaires').selectAll().where('session_id', 'in', sessionIds).execute() : Promise.resolve([]),
  findQuestionnaire: (db: Executor, id: number) => db.selectFrom('evaluation_questionnaires').selectAll().where('id', '=', id).executeTakeFirst(),
  findQuestionnaireByToken: (db: Executor, token: string) =>
    db.selectFrom('evaluation_questionnaires').selectAll().where('link_token', '=', token).executeTakeFirst(),
  insertQuestionnaires: (db: Executor, rows: Array<NewRow<'evaluation_questionnaires'>>) =>
    db
      .insertInto('evaluation_questionnaires')
      .values(rows)
      .onConflict((oc) => oc.columns(['class_id', 'scope_key']).doNothing())
      .execute(),
  updateQuestionnaire: (db: Executor, id: number, patch: Patch<'evaluation_questionnaires'>) =>
    db.updateTable('evaluation_questionnaires').set(patch).where('id', '=', id).execute(),

  // Who has answered (never joined to what they answered)
  respondentsOf: (db: Executor, questionnaireIds: number[]) =>
    questionnaireIds.length
      ? db.selectFrom('evaluation_respondents').select(['questionnaire_id', 'enrolment_id']).where('questionnaire_id', 'in', questionnaireIds).execute()
      : Promise.resolve([]),
  findRespondent: (db: Executor, questionnaireId: number, enrolmentId: number) =>
    db
      .selectFrom('evaluation_respondents')
      .selectAll()
      .where('questionnaire_id', '=', questionnaireId)
      .where('enrolment_id', '=', enrolmentId)
      .executeTakeFirst(),
  /** Inserts unless the trainee has answered already; true when this call recorded them. */
  insertRespondentOnce: async (db: Executor, row: NewRow<'evaluation_respondents'>) =>
    (await db
      .insertInto('evaluation_respondents')
      .values(row)
      .onConflict((oc) => oc.columns(['questionnaire_id', 'enrolment_id']).doNothing())
      .returning('enrolment_id')
      .executeTakeFirst()) !== undefined,
  /** Classes with a questionnaire whose respondents still carry a link to their response. */
  classesWithResponseRefs: async (db: Executor) =>
    (
      await db
        .selectFrom('evaluation_respondents as r')
        .innerJoin('evaluation_questionnaires as q', 'q.id', 'r.questionnaire_id')
        .select('q.class_id')
        .distinct()
        .where('r.response_ref', 'is not', null)
        .execute()
    ).map((r) => r.class_id),
  /** Cuts the link from respondents to their responses once editing is over. */
  forgetResponseRefs: (db: Executor, questionnaireIds: number[]) =>
    questionnaireIds.length
      ? db
          .updateTable('evaluation_respondents')
          .set({ response_ref: null })
          .where('questionnaire_id', 'in', questionnaireIds)
          .where('response_ref', 'is not', null)
          .execute()
      : Promise.resolve([]),

  // Responses
  insertResponse: (db: Executor, row: NewRow<'evaluation_responses'>) => db.insertInto('evaluation_responses').values(row).execute(),
  findResponse: (db: Executor, id: string) => db.selectFrom('evaluation_responses').selectAll().where('id', '=', id).executeTakeFirst(),
  answersOfResponse: (db: Executor, responseId: string) =>
    db.selectFrom('evaluation_answers').select(['question_id', 'rating', 'option_id', 'text']).where('response_id', '=', responseId).execute(),
  replaceAnswers: async (
    db: Executor,
    responseId: string,
    questionnaireId: number,
    rows: Array<{ question_id: string; rating: number | null; option_id: string | null; text: string | null }>,
  ) => {
    await db.deleteFrom('evaluation_answers').where('response_id', '=', responseId).execute();
    if (rows.length) {
      await db
        .insertInto('evaluation_answers')
        .values(rows.map((r) => ({ ...r, response_id: responseId, questionnaire_id: questionnaireId })))
        .execute();
    }
  },

  // Aggregates
  responseCounts: async (db: Executor, questionnaireIds: number[]) =>
    questionnaireIds.length
      ? (
          await db
            .selectFrom('evaluation_responses')
            .select((eb) => ['questionnaire_id', eb.fn.countAll().as('n')])
            .where('questionnaire_id', 'in', questionnaireIds)
            .groupBy('questionnaire_id')
            .execute()
        ).map((r) => ({ questionnaireId: num(r.questionnaire_id), count: num(r.n) }))
      : [],
  ratingCounts: async (db: Executor, questionnaireIds: number[]) =>
    questionnaireIds.length
      ? (
          await db
            .selectFrom('evaluation_answers')
            .select((eb) => ['questionnaire_id', 'question_id', 'rating', eb.fn.countAll().as('n')])
            .where('questionnaire_id', 'in', questionnaireIds)
            .where('rating', 'is not', null)
            .groupBy(['questionnaire_id', 'question_id', 'rating'])
            .execute()
        ).map((r) => ({ questionnaireId: num(r.questionnaire_id), question_id: r.question_id, rating: num(r.rating), count: num(r.n) }))
      : [],
  optionCounts: async (db: Executor, questionnaireId: number) =>
    (
      await db
        .selectFrom('evaluation_answers')
        .select((eb) => ['question_id', 'option_id', eb.fn.countAll().as('n')])
        .where('questionnaire_id', '=', questionnaireId)
        .where('option_id', 'is not', null)
        .groupBy(['question_id', 'option_id'])
        .execute()
    ).map((r) => ({ question_id: r.question_id, option_id: r.option_id as string, count: num(r.n) })),
  /** Responses that answered each question (a multiple choice counts once). */
  answeredCounts: async (db: Executor, questionnaireId: number) =>
    (
      await db
        .selectFrom('evaluation_answers')
        .select((eb) => ['question_id', eb.fn.count('response_id').distinct().as('n')])
        .where('questionnaire_id', '=', questionnaireId)
        .groupBy('question_id')
        .execute()
    ).map((r) => ({ question_id: r.question_id, count: num(r.n) })),
  /**
   * Free-text answers, in the order of the random response ids (not the order they came in). The
   * enrolment is read only from responses of non-anonymous questionnaires, where it is stored.
   */
  textAnswers: (db: Executor, questionnaireId: number) =>
    db
      .selectFrom('evaluation_answers as a')
      .innerJoin('evaluation_responses as r', 'r.id', 'a.response_id')
      .select(['a.question_id', 'a.text', 'r.enrolment_id'])
      .where('a.questionnaire_id', '=', questionnaireId)
      .where('a.text', 'is not', null)
      .orderBy('a.response_id')
      .execute(),
  /** Per respondent group: responses, and the sum and count of their rating answers. */
  groupTotals: async (db: Executor, questionnaireId: number) =>
    (
      await db
        .selectFrom('evaluation_responses as r')
        .leftJoin('evaluation_answers as a', (j) => j.onRef('a.response_id', '=', 'r.id').on('a.rating', 'is not', null))
        .select((eb) => [
          'r.group_id',
          eb.fn.count('r.id').distinct().as('responses'),
          eb.fn.sum('a.rating').as('total'),
          eb.fn.count('a.rating').as('ratings'),
        ])
        .where('r.questionnaire_id', '=', questionnaireId)
        .groupBy('r.group_id')
        .execute()
    ).map((r) => ({ groupId: r.group_id, responses: num(r.responses), total: num(r.total), ratings: num(r.ratings) })),

  // The trainee's identity: which classes the person is enrolled in.
  enrolmentsOfPerson: (db: Executor, personId: number) =>
    db.selectFrom('enrolments').select(['id', 'class_id', 'group_id', 'status']).where('person_id', '=', personId).execute(),
});
export type EvaluationStore = ReturnType<typeof makeEvaluationStore>;
