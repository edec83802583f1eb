import './tables';
import type { Executor } from '../../db/connection';
import type { NewRow } from '../../db/schema';

// All SQL of completion rules and exceptions.
export const makeCompletionStore = () => ({
  findRule: (db: Executor, classId: number) => db.selectFrom('completion_rules').selectAll().where('class_id', '=', classId).executeTakeFirst(),
  /** Creates the class's rule row with defaults unless it exists. */
  ensureRule: (db: Executor, row: NewRow<'completion_rules'>) =>
    db
      .insertInto('completion_rules')
      .values(row)
      .onConflict((oc) => oc.column('class_id').doNothing())
      .execute(),
  updateRule: (db: Executor, classId: number, patch: Partial<NewRow<'completion_rules'>>) =>
    db.updateTable('completion_rules').set(patch).where('class_id', '=', classId).execute(),
  /**
   * Takes the class's rule row for update: in PostgreSQL a second issuance of the same class waits
   * here until the first has committed (SQLite runs one write transaction at a time anyway).
   */
  lockRule: (db: Executor, classId: number) =>
    db
      .updateTable('completion_rules')
      .set((eb) => ({ updated_at: eb.ref('updated_at') }))
      .where('class_id', '=', classId)
      .execute(),

  listExceptions: (db: Executor, classId: number) =>
    db
      .selectFrom('completion_exceptions as x')
      .leftJoin('users as u', 'u.id', 'x.decided_by')
      .selectAll('x')
      .select('u.display_name as decided_by_name')
      .where('x.class_id', '=', classId)
      .execute(),
  findException: (db: Executor, enrolmentId: number) =>
    db.selectFrom('completion_exceptions').selectAll().where('enrolment_id', '=', enrolmentId).executeTakeFirst(),
  upsertException: (db: Executor, row: NewRow<'completion_exceptions'>) =>
    db
      .insertInto('completion_exceptions')
      .values(row)
      .onConflict((oc) =>
        oc.column('enrolment_id').doUpdateSet({ decision: row.decision, reason: row.reason, decided_by: row.decided_by, decided_at: row.decided_at }),
      )
      .execute(),
  deleteException: (db: Executor, enrolmentId: number) => db.deleteFrom('completion_exceptions').where('enrolment_id', '=', enrolmentId).execute(),

  institutionOfClass: (db: Executor, classId: number) =>
    db
      .selectFrom('classes as c')
      .innerJoin('programmes as p', 'p.id', 'c.programme_id')
      .innerJoin('institutions as i', 'i.id', 'p.institution_id')
      .select(['i.id', 'i.name', 'i.code'])
      .where('c.id', '=', classId)
      .executeTakeFirst(),
});
export type CompletionStore = ReturnType<typeof makeCompletionStore>;
