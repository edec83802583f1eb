import { type Executor, updateById } from '../../db/connection';
import { precompile, precompileLists } from '../../db/precompiled';
import type { DB, NewRow, Patch } from '../../db/schema';

const sessionSelect = (db: Executor) =>
  db
    .selectFrom('auth_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.token_hash',
      's.id as session_id',
      's.csrf_token',
      's.expires_at',
      's.last_seen_at',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'u.is_admin',
      'u.person_id',
      'u.locale',
      'u.disabled',
    ]);

// Read on every request: compiled once (db/precompiled.ts).
const sessionByHash = precompile((db: Executor, tokenHash: string) => sessionSelect(db).where('s.token_hash', '=', tokenHash));

const sessionsByHashes = precompileLists((db: Executor, tokenHashes: string[]) => sessionSelect(db).where('s.token_hash', 'in', tokenHashes));
const grantsByUsers = precompileLists((db: Executor, userIds: number[]) =>
  db.selectFrom('role_grants').select(['id', 'user_id', 'role', 'scope_type', 'scope_id']).where('user_id', 'in', userIds).orderBy('id'),
);

export const makeAuthStore = () => ({
  findUserByUsername: (db: Executor, username: string) => db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst(),
  findUserById: (db: Executor, id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
  listUsers: (db: Executor) => db.selectFrom('users').select(['id', 'username', 'display_name', 'is_admin', 'disabled', 'person_id']).orderBy('id').execute(),
  insertUser: (db: Executor, row: NewRow<'users'>) => db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow(),
  updateUser: (db: Executor, id: number, patch: Patch<'users'>) => updateById(db, 'users', id, patch),

  insertGrant: (db: Executor, row: NewRow<'role_grants'>) =>
    db
      .insertInto('role_grants')
      .values(row)
      .onConflict((oc) => oc.columns(['user_id', 'role', 'scope_type', 'scope_id']).doNothing())
      .returning('id')
      .executeTakeFirst(),
  findGrant: (db: Executor, row: Pick<DB['role_grants'], 'user_id' | 'role' | 'scope_type' | 'scope_id'>) =>
    db
      .selectFrom('role_grants')
      .select('id')
      .where('user_id', '=', row.user_id)
      .where('role', '=', row.role)
      .where('scope_type', '=', row.scope_type)
      .where('scope_id', '=', row.scope_id)
      .executeTakeFirst(),
  deleteGrant: (db: Executor, userId: number, grantId: number) =>
    db.deleteFrom('role_grants').where('id', '=', grantId).where('user_id', '=', userId).executeTakeFirst(),
  deleteGrantWhere: (db: Executor, row: Pick<DB['role_grants'], 'user_id' | 'role' | 'scope_type' | 'scope_id'>) =>
    db
      .deleteFrom('role_grants')
      .where('user_id', '=', row.user_id)
      .where('role', '=', row.role)
      .where('scope_type', '=', row.scope_type)
      .where('scope_id', '=', row.scope_id)
      .execute(),

  insertSession: (db: Executor, row: NewRow<'auth_sessions'>) => db.insertInto('auth_sessions').values(row).returning('id').executeTakeFirstOrThrow(),
  findSession: async (db: Executor, tokenHash: string) => (await sessionByHash(db, tokenHash))[0],
  /** Many sessions at once, for requests that arrive together (see lib/batch.ts). */
  findSessions: (db: Executor, tokenHashes: string[]) => (tokenHashes.length ? sessionsByHashes(db, tokenHashes) : Promise.resolve([])),
  grantsOfUsers: (db: Executor, userIds: number[]) => (userIds.length ? grantsByUsers(db, userIds) : Promise.resolve([])),
  touchSession: (db: Executor, id: number, at: string) => db.updateTable('auth_sessions').set({ last_seen_at: at }).where('id', '=', id).execute(),
  deleteSession: (db: Executor, id: number) => db.deleteFrom('auth_sessions').where('id', '=', id).execute(),
  deleteSessionsOfUser: (db: Executor, userId: number) => db.deleteFrom('auth_sessions').where('user_id', '=', userId).execute(),
  deleteExpiredSessions: (db: Executor, now: string) => db.deleteFrom('auth_sessions').where('expires_at', '<', now).execute(),

  insertLoginAttempt: (db: Executor, row: NewRow<'login_attempts'>) => db.insertInto('login_attempts').values(row).execute(),
  countFailures: async (db: Executor, by: { username?: string; ip: string }, since: string) => {
    let q = db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ip', '=', by.ip)
      .where('at', '>=', since)
      .where('succeeded', '=', 0);
    if (by.username) q = q.where('username', '=', by.username);
    return Number((await q.executeTakeFirstOrThrow()).n);
  },
});
export type AuthStore = ReturnType<typeof makeAuthStore>;
