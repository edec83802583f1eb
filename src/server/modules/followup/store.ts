import './tables';
import type { Executor } from '../../db/connection';
import type { NewRow } from '../../db/schema';

export type Respondent = 'trainee' | 'supervisor';
const num = (v: unknown) => Number(v ?? 0);

// All SQL of action plans and the follow-up.
export const makeFollowupStore = () => ({
  itemsOf: (db: Executor, enrolmentId: number) =>
    db.selectFrom('action_plan_items').selectAll().where('enrolment_id', '=', enrolmentId).orderBy('sort_order').orderBy('id').execute(),
  itemsOfClass: (db: Executor, classId: number) =>
    db.selectFrom('action_plan_items').selectAll().where('class_id', '=', classId).orderBy('enrolment_id').orderBy('sort_order').orderBy('id').execute(),
  insertItem: (db: Executor, row: NewRow<'action_plan_items'>) => db.insertInto('action_plan_items').values(row).returning('id').executeTakeFirstOrThrow(),
  updateItem: (db: Executor, id: number, patch: Partial<NewRow<'action_plan_items'>>) =>
    db.updateTable('action_plan_items').set(patch).where('id', '=', id).execute(),
  deleteItem: (db: Executor, id: number) => db.deleteFrom('action_plan_items').where('id', '=', id).execute(),

  settings: (db: Executor, classId: number) => db.selectFrom('followup_settings').selectAll().where('class_id', '=', classId).executeTakeFirst(),
  saveSettings: (db: Executor, row: NewRow<'followup_settings'>) =>
    db
      .insertInto('followup_settings')
      .values(row)
      .onConflict((oc) =>
        oc.column('class_id').doUpdateSet({ months: row.months, window_days: row.window_days, updated_at: row.updated_at, updated_by: row.updated_by }),
      )
      .execute(),

  survey: (db: Executor, classId: number) => db.selectFrom('followup_surveys').selectAll().where('class_id', '=', classId).executeTakeFirst(),
  surveysOf: (db: Executor, classIds: number[]) =>
    classIds.length ? db.selectFrom('followup_surveys').selectAll().where('class_id', 'in', classIds).execute() : Promise.resolve([]),
  /** A second instance's sweep that comes second inserts nothing. */
  openSurvey: async (db: Executor, row: NewRow<'followup_surveys'>) =>
    (await db
      .insertInto('followup_surveys')
      .values(row)
      .onConflict((oc) => oc.column('class_id').doNothing())
      .returning('class_id')
      .executeTakeFirst()) !== undefined,
  /** Classes with a plan or follow-up settings whose follow-up has not opened yet. */
  unopened: async (db: Executor) =>
    (
      await db
        .selectFrom((eb) => eb.selectFrom('action_plan_items').select('class_id').union(eb.selectFrom('followup_settings').select('class_id')).as('c'))
        .select('c.class_id')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('followup_surveys as s').select('s.class_id').whereRef('s.class_id', '=', 'c.class_id'))))
        .execute()
    ).map((r) => r.class_id),

  supervisor: (db: Executor, enrolmentId: number) =>
    db.selectFrom('followup_supervisors').selectAll().where('enrolment_id', '=', enrolmentId).executeTakeFirst(),
  supervisorsOfClass: (db: Executor, classId: number) => db.selectFrom('followup_supervisors').selectAll().where('class_id', '=', classId).execute(),
  saveSupervisor: (db: Executor, row: NewRow<'followup_supervisors'>) =>
    db
      .insertInto('followup_supervisors')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('enrolment_id')
          .doUpdateSet({ name: row.name, contact: row.contact, nonce: row.nonce, updated_at: row.updated_at, updated_by: row.updated_by }),
      )
      .execute(),

  response: (db: Executor, enrolmentId: number, respondent: Respondent) =>
    db.selectFrom('followup_responses').selectAll().where('enrolment_id', '=', enrolmentId).where('respondent', '=', respondent).executeTakeFirst(),
  responsesOfClass: (db: Executor, classId: number) => db.selectFrom('followup_responses').selectAll().where('class_id', '=', classId).execute(),
  insertResponse: (db: Executor, row: NewRow<'followup_responses'>) =>
    db.insertInto('followup_responses').values(row).returning('id').executeTakeFirstOrThrow(),
  touchResponse: (db: Executor, id: number, at: string) => db.updateTable('followup_responses').set({ submitted_at: at }).where('id', '=', id).execute(),
  replaceAnswers: async (db: Executor, responseId: number, rows: Array<Omit<NewRow<'followup_answers'>, 'response_id'>>) => {
    await db.deleteFrom('followup_answers').where('response_id', '=', responseId).execute();
    if (rows.length)
      await db
        .insertInto('followup_answers')
        .values(rows.map((r) => ({ ...r, response_id: responseId })))
        .execute();
  },
  answersOf: (db: Executor, responseId: number) =>
    db.selectFrom('followup_answers').select(['question_id', 'rating', 'option_id', 'text']).where('response_id', '=', responseId).execute(),

  // The report: counts per class, computed in the database.
  itemCounts: async (db: Executor, classIds: number[]) =>
    (
      await db
        .selectFrom('action_plan_items')
        .select(['class_id', 'progress', (eb) => eb.fn.countAll().as('n')])
        .where('class_id', 'in', classIds)
        .groupBy(['class_id', 'progress'])
        .execute()
    ).map((r) => ({ classId: r.class_id, progress: r.progress, count: num(r.n) })),
  planners: async (db: Executor, classIds: number[]) =>
    (
      await db
        .selectFrom('action_plan_items')
        .select(['class_id', (eb) => eb.fn.count('enrolment_id').distinct().as('n')])
        .where('class_id', 'in', classIds)
        .groupBy('class_id')
        .execute()
    ).map((r) => ({ classId: r.class_id, count: num(r.n) })),
  responseCounts: async (db: Executor, classIds: number[]) =>
    (
      await db
        .selectFrom('followup_responses')
        .select(['class_id', 'respondent', (eb) => eb.fn.countAll().as('n')])
        .where('class_id', 'in', classIds)
        .groupBy(['class_id', 'respondent'])
        .execute()
    ).map((r) => ({ classId: r.class_id, respondent: r.respondent, count: num(r.n) })),
  supervisorCounts: async (db: Executor, classIds: number[]) =>
    (
      await db
        .selectFrom('followup_supervisors')
        .select(['class_id', (eb) => eb.fn.countAll().as('n')])
        .where('class_id', 'in', classIds)
        .groupBy('class_id')
        .execute()
    ).map((r) => ({ classId: r.class_id, count: num(r.n) })),
  ratingCounts: async (db: Executor, classIds: number[], respondent: Respondent) =>
    (
      await db
        .selectFrom('followup_answers as a')
        .innerJoin('followup_responses as r', 'r.id', 'a.response_id')
        .select(['a.question_id', 'a.rating', (eb) => eb.fn.countAll().as('n')])
        .where('r.class_id', 'in', classIds)
        .where('r.respondent', '=', respondent)
        .where('a.rating', 'is not', null)
        .groupBy(['a.question_id', 'a.rating'])
        .execute()
    ).map((r) => ({ question_id: r.question_id, rating: num(r.rating), count: num(r.n) })),
  optionCounts: async (db: Executor, classIds: number[], respondent: Respondent) =>
    (
      await db
        .selectFrom('followup_answers as a')
        .innerJoin('followup_responses as r', 'r.id', 'a.response_id')
        .select(['a.question_id', 'a.option_id', (eb) => eb.fn.countAll().as('n')])
        .where('r.class_id', 'in', classIds)
        .where('r.respondent', '=', respondent)
        .where('a.option_id', 'is not', null)
        .groupBy(['a.question_id', 'a.option_id'])
        .execute()
    ).map((r) => ({ question_id: r.question_id, option_id: r.option_id ?? '', count: num(r.n) })),
  answeredCounts: async (db: Executor, classIds: number[], respondent: Respondent) =>
    (
      await db
        .selectFrom('followup_answers as a')
        .innerJoin('followup_responses as r', 'r.id', 'a.response_id')
        .select(['a.question_id', (eb) => eb.fn.count('a.response_id').distinct().as('n')])
        .where('r.class_id', 'in', classIds)
        .where('r.respondent', '=', respondent)
        .groupBy('a.question_id')
        .execute()
    ).map((r) => ({ question_id: r.question_id, count: num(r.n) })),
  comments: (db: Executor, classIds: number[], respondent: Respondent) =>
    db
      .selectFrom('followup_answers as a')
      .innerJoin('followup_responses as r', 'r.id', 'a.response_id')
      .select(['a.question_id', 'a.text', 'r.enrolment_id', 'r.class_id'])
      .where('r.class_id', 'in', classIds)
      .where('r.respondent', '=', respondent)
      .where('a.text', 'is not', null)
      .where('a.text', '!=', '')
      .orderBy('r.class_id')
      .orderBy('r.enrolment_id')
      .execute(),
});
export type FollowupStore = ReturnType<typeof makeFollowupStore>;
