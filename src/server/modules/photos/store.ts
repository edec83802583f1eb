import './tables';
import { sql } from 'kysely';
import type { Executor } from '../../db/connection';
import type { NewRow, Patch } from '../../db/schema';

export const makePhotoStore = () => ({
  find: (db: Executor, id: number) => db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst(),
  findMany: (db: Executor, ids: number[]) => (ids.length ? db.selectFrom('photos').selectAll().where('id', 'in', ids).execute() : Promise.resolve([])),
  listOfClass: (db: Executor, classId: number) =>
    db.selectFrom('photos').selectAll().where('class_id', '=', classId).orderBy('session_id').orderBy('position').orderBy('id').execute(),
  listOfSession: (db: Executor, sessionId: number) =>
    db.selectFrom('photos').selectAll().where('session_id', '=', sessionId).orderBy('position').orderBy('id').execute(),
  listOfSessions: (db: Executor, sessionIds: number[]) =>
    sessionIds.length
      ? db.selectFrom('photos').selectAll().where('session_id', 'in', sessionIds).orderBy('session_id').orderBy('position').orderBy('id').execute()
      : Promise.resolve([]),
  nextPosition: async (db: Executor, sessionId: number) => {
    const row = await db.selectFrom('photos').select(sql<number>`coalesce(max(position), 0)`.as('max')).where('session_id', '=', sessionId).executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  },
  insert: (db: Executor, row: NewRow<'photos'>) => db.insertInto('photos').values(row).returning('id').executeTakeFirstOrThrow(),
  update: (db: Executor, id: number, patch: Patch<'photos'>) => db.updateTable('photos').set(patch).where('id', '=', id).execute(),
  delete: (db: Executor, id: number) => db.deleteFrom('photos').where('id', '=', id).execute(),
});
export type PhotoStore = ReturnType<typeof makePhotoStore>;
