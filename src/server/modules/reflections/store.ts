import './tables';
import type { Executor } from '../../db/connection';
import type { NewRow } from '../../db/schema';

// All SQL of reflections and their per-class settings.
export const makeReflectionStore = () => ({
  ofEnrolment: (db: Executor, enrolmentId: number) =>
    db
      .selectFrom('reflections as r')
      .leftJoin('users as u', 'u.id', 'r.reviewed_by')
      .selectAll('r')
      .select('u.display_name as reviewed_by_name')
      .where('r.enrolment_id', '=', enrolmentId)
      .executeTakeFirst(),
  ofClass: (db: Executor, classId: number) =>
    db
      .selectFrom('reflections as r')
      .leftJoin('users as u', 'u.id', 'r.reviewed_by')
      .selectAll('r')
      .select('u.display_name as reviewed_by_name')
      .where('r.class_id', '=', classId)
      .execute(),
  insert: (db: Executor, row: NewRow<'reflections'>) => db.insertInto('reflections').values(row).returning('id').executeTakeFirstOrThrow(),
  update: (db: Executor, id: number, patch: Partial<NewRow<'reflections'>>) => db.updateTable('reflections').set(patch).where('id', '=', id).execute(),
  acceptedCounts: async (db: Executor, classId: number) =>
    (
      await db
        .selectFrom('reflections')
        .select(['enrolment_id', (eb) => eb.fn.countAll().as('n')])
        .where('class_id', '=', classId)
        .where('status', '=', 'accepted')
        .groupBy('enrolment_id')
        .execute()
    ).map((r) => ({ enrolmentId: r.enrolment_id, count: Number(r.n) })),
  minWords: async (db: Executor, classId: number) =>
    (await db.selectFrom('reflection_settings').select('min_words').where('class_id', '=', classId).executeTakeFirst())?.min_words,
  setMinWords: (db: Executor, row: NewRow<'reflection_settings'>) =>
    db
      .insertInto('reflection_settings')
      .values(row)
      .onConflict((oc) => oc.column('class_id').doUpdateSet({ min_words: row.min_words, updated_at: row.updated_at, updated_by: row.updated_by }))
      .execute(),
});
export type ReflectionStore = ReturnType<typeof makeReflectionStore>;
