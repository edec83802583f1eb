import './tables';
import type { Executor } from '../../db/connection';
import type { NewRow } from '../../db/schema';

// All SQL of the credential signing keys.
export const makeCredentialStore = () => ({
  activeKey: (db: Executor, institutionId: number) =>
    db.selectFrom('signing_keys').selectAll().where('institution_id', '=', institutionId).where('retired_at', 'is', null).executeTakeFirst(),
  /** Inserts unless the institution already has an active key (two first uses at once); returns whether it did. */
  insertIfNoActive: async (db: Executor, row: NewRow<'signing_keys'>) =>
    (
      await db
        .insertInto('signing_keys')
        .values(row)
        .onConflict((oc) => oc.column('institution_id').where('retired_at', 'is', null).doNothing())
        .returning('id')
        .execute()
    ).length > 0,
  retireActive: (db: Executor, institutionId: number, at: string) =>
    db.updateTable('signing_keys').set({ retired_at: at }).where('institution_id', '=', institutionId).where('retired_at', 'is', null).execute(),
  findByKid: (db: Executor, kid: string) => db.selectFrom('signing_keys').selectAll().where('kid', '=', kid).executeTakeFirst(),
  listPublic: (db: Executor, institutionId?: number) => {
    let q = db.selectFrom('signing_keys').select(['id', 'institution_id', 'kid', 'public_jwk', 'created_at', 'retired_at']).orderBy('id');
    if (institutionId !== undefined) q = q.where('institution_id', '=', institutionId);
    return q.execute();
  },
  findInstitution: (db: Executor, id: number) => db.selectFrom('institutions').select(['id', 'name', 'code']).where('id', '=', id).executeTakeFirst(),
  findInstitutionByCode: (db: Executor, code: string) =>
    db.selectFrom('institutions').select(['id', 'name', 'code']).where('code', '=', code).executeTakeFirst(),
});
export type CredentialStore = ReturnType<typeof makeCredentialStore>;
