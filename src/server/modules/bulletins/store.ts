import './tables';
import { sql } from 'kysely';
import type { Executor } from '../../db/connection';
import type { NewRow, Patch } from '../../db/schema';

export const makeBulletinStore = () => ({
  find: (db: Executor, id: number) => db.selectFrom('bulletins').selectAll().where('id', '=', id).executeTakeFirst(),
  findByToken: (db: Executor, token: string) => db.selectFrom('bulletins').selectAll().where('public_token', '=', token).executeTakeFirst(),
  listOfClass: (db: Executor, classId: number) =>
    db.selectFrom('bulletins').selectAll().where('class_id', '=', classId).orderBy('issue_number', 'desc').execute(),
  publishedOfClass: (db: Executor, classId: number) =>
    db.selectFrom('bulletins').select(['id', 'issue_number', 'content_json']).where('class_id', '=', classId).where('status', '=', 'published').execute(),
  issueTaken: async (db: Executor, classId: number, issueNumber: number, exceptId?: number) => {
    let q = db.selectFrom('bulletins').select('id').where('class_id', '=', classId).where('issue_number', '=', issueNumber);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return Boolean(await q.executeTakeFirst());
  },
  nextIssueNumber: async (db: Executor, classId: number) => {
    const row = await db
      .selectFrom('bulletins')
      .select(sql<number>`coalesce(max(issue_number), 0)`.as('max'))
      .where('class_id', '=', classId)
      .executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  },
  insert: (db: Executor, row: NewRow<'bulletins'>) => db.insertInto('bulletins').values(row).returning('id').executeTakeFirstOrThrow(),
  /** Updates only when the row is still at `revision`; returns whether it did. */
  updateAtRevision: async (db: Executor, id: number, revision: number, patch: Patch<'bulletins'>) => {
    const r = await db.updateTable('bulletins').set(patch).where('id', '=', id).where('revision', '=', revision).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  update: (db: Executor, id: number, patch: Patch<'bulletins'>) => db.updateTable('bulletins').set(patch).where('id', '=', id).execute(),
  delete: async (db: Executor, id: number) => {
    await db.deleteFrom('bulletin_versions').where('bulletin_id', '=', id).execute();
    await db.deleteFrom('bulletins').where('id', '=', id).execute();
  },

  insertVersion: (db: Executor, row: NewRow<'bulletin_versions'>) => db.insertInto('bulletin_versions').values(row).execute(),
  listVersions: (db: Executor, bulletinId: number) =>
    db
      .selectFrom('bulletin_versions as v')
      .leftJoin('users as u', 'u.id', 'v.saved_by')
      .select(['v.revision', 'v.title', 'v.issue_date', 'v.event', 'v.detail', 'v.note', 'v.saved_at', 'v.content_json', 'u.display_name as saved_by_name'])
      .where('v.bulletin_id', '=', bulletinId)
      .orderBy('v.revision', 'desc')
      .execute(),
  findVersion: (db: Executor, bulletinId: number, revision: number) =>
    db.selectFrom('bulletin_versions').selectAll().where('bulletin_id', '=', bulletinId).where('revision', '=', revision).executeTakeFirst(),
});
export type BulletinStore = ReturnType<typeof makeBulletinStore>;
