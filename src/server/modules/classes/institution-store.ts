import { sql } from 'kysely';
import type { Executor } from '../../db/connection';
import type { NewRow, Patch } from '../../db/schema';
import './institution-tables';

/** A unique constraint refused the write (SQLite and PostgreSQL name it differently). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(err?.message ?? '');
}

export const makeInstitutionStore = () => ({
  /** Inserts unless the code is taken; undefined then (no exception, so a PostgreSQL transaction stays usable). */
  insert: (db: Executor, row: NewRow<'institutions'>) =>
    db
      .insertInto('institutions')
      .values(row)
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst(),
  update: (db: Executor, id: number, patch: Patch<'institutions'>) => db.updateTable('institutions').set(patch).where('id', '=', id).execute(),
  find: (db: Executor, id: number) => db.selectFrom('institutions').selectAll().where('id', '=', id).executeTakeFirst(),
  findByCode: (db: Executor, code: string) => db.selectFrom('institutions').selectAll().where('code', '=', code).executeTakeFirst(),
  codeTakenByOther: async (db: Executor, code: string, id: number) =>
    !!(await db.selectFrom('institutions').select('id').where('code', '=', code).where('id', '<>', id).executeTakeFirst()),
  list: (db: Executor, ids: number[] | 'all') => {
    let q = db.selectFrom('institutions').selectAll().orderBy('id');
    if (ids !== 'all') q = ids.length ? q.where('id', 'in', ids) : q.where(sql<boolean>`1 = 0`);
    return q.execute();
  },

  images: (db: Executor, institutionIds: number[]) =>
    institutionIds.length ? db.selectFrom('institution_images').selectAll().where('institution_id', 'in', institutionIds).execute() : Promise.resolve([]),
  image: (db: Executor, institutionId: number, kind: 'logo' | 'seal') =>
    db.selectFrom('institution_images').selectAll().where('institution_id', '=', institutionId).where('kind', '=', kind).executeTakeFirst(),
  /** One image per kind: a new upload replaces the row (the caller deletes the old file afterwards). */
  putImage: (db: Executor, row: NewRow<'institution_images'>) =>
    db
      .insertInto('institution_images')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['institution_id', 'kind']).doUpdateSet({
          storage_key: row.storage_key,
          content_type: row.content_type,
          width: row.width,
          height: row.height,
          bytes: row.bytes,
          uploaded_at: row.uploaded_at,
          uploaded_by: row.uploaded_by ?? null,
        }),
      )
      .execute(),
  deleteImage: (db: Executor, institutionId: number, kind: 'logo' | 'seal') =>
    db.deleteFrom('institution_images').where('institution_id', '=', institutionId).where('kind', '=', kind).execute(),
});
export type InstitutionStore = ReturnType<typeof makeInstitutionStore>;
