import { sql } from 'kysely';
import { type Executor, updateById } from '../../db/connection';
import { containing, ESCAPE_BACKSLASH } from '../../db/like';
import { precompile, precompileLists } from '../../db/precompiled';
import type { DB, NewRow, Patch } from '../../db/schema';
import './tables';

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
      'u.must_change_password',
    ]);

// Read on every request: compiled once (db/precompiled.ts).
const sessionByHash = precompile((db: Executor, tokenHash: string) => sessionSelect(db).where('s.token_hash', '=', tokenHash));

const sessionsByHashes = precompileLists((db: Executor, tokenHashes: string[]) => sessionSelect(db).where('s.token_hash', 'in', tokenHashes));
const grantsByUsers = precompileLists((db: Executor, userIds: number[]) =>
  db.selectFrom('role_grants').select(['id', 'user_id', 'role', 'scope_type', 'scope_id']).where('user_id', 'in', userIds).orderBy('id'),
);

const staffColumns = [
  'u.id',
  'u.username',
  'u.display_name',
  'u.is_admin',
  'u.disabled',
  'u.institution_id',
  'u.must_change_password',
  'u.password_hash',
  'u.last_sign_in_at',
  'u.created_at',
] as const;

export type StaffFilter = {
  /** Part of the username or display name. */
  q?: string;
  /** Accounts that belong to one of these institutions or hold a grant inside one of them. */
  institutionIds?: number[];
  ids?: number[];
};

export const makeAuthStore = () => ({
  /** A staff account by its username; trainees' device accounts are never found this way. */
  findStaffByUsername: (db: Executor, username: string) =>
    db.selectFrom('users').selectAll().where('username', '=', username).where('kind', '=', 'staff').executeTakeFirst(),
  /** Whether a staff username is taken, ignoring case ("Admin" and "admin" would be two people to the eye). */
  usernameTaken: async (db: Executor, username: string) =>
    !!(await db.selectFrom('users').select('id').where(sql<string>`lower(username)`, '=', username.toLowerCase()).executeTakeFirst()),
  findTraineeAccount: (db: Executor, personId: number) =>
    db.selectFrom('users').selectAll().where('person_id', '=', personId).where('kind', '=', 'trainee').executeTakeFirst(),
  /** At most one device account per person (partial unique index users_trainee_person). */
  insertTraineeAccount: (db: Executor, row: NewRow<'users'>) =>
    db
      .insertInto('users')
      .values(row)
      .onConflict((oc) => oc.column('person_id').where(sql<boolean>`kind = 'trainee'`).doNothing())
      .returning('id')
      .executeTakeFirst(),
  findUserById: (db: Executor, id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
  insertUser: (db: Executor, row: NewRow<'users'>) => db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow(),
  insertStaff: (
    db: Executor,
    a: { username: string; displayName: string; passwordHash: string | null; isAdmin: boolean; institutionId: number | null; at: string },
  ) =>
    db
      .insertInto('users')
      .values({
        username: a.username,
        display_name: a.displayName,
        password_hash: a.passwordHash,
        is_admin: a.isAdmin ? 1 : 0,
        person_id: null,
        kind: 'staff',
        institution_id: a.institutionId,
        locale: 'zh-CN',
        disabled: 0,
        created_at: a.at,
        password_changed_at: a.passwordHash ? a.at : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  updateUser: (db: Executor, id: number, patch: Patch<'users'>) => updateById(db, 'users', id, patch),

  /**
   * Staff accounts, newest first. "Of an institution" reads which institution a programme or class
   * grant lies in (the ownership columns only, as scope-store.ts does).
   */
  listStaff: (db: Executor, filter: StaffFilter = {}) => {
    let q = db.selectFrom('users as u').select(staffColumns).where('u.kind', '=', 'staff');
    if (filter.ids) q = filter.ids.length ? q.where('u.id', 'in', filter.ids) : q.where(sql<boolean>`1 = 0`);
    if (filter.q) {
      const like = containing(filter.q.toLowerCase());
      q = q.where((eb) =>
        eb.or([eb(sql`lower(u.username)`, 'like', sql`${like} ${ESCAPE_BACKSLASH}`), eb(sql`lower(u.display_name)`, 'like', sql`${like} ${ESCAPE_BACKSLASH}`)]),
      );
    }
    const inst = filter.institutionIds;
    if (inst) {
      q = inst.length
        ? q.where((eb) =>
            eb.or([
              eb('u.institution_id', 'in', inst),
              eb.exists(
                eb
                  .selectFrom('role_grants as g')
                  .leftJoin('programmes as gp', (j) => j.onRef('gp.id', '=', 'g.scope_id').on('g.scope_type', '=', 'programme'))
                  .leftJoin('classes as gc', (j) => j.onRef('gc.id', '=', 'g.scope_id').on('g.scope_type', '=', 'class'))
                  .leftJoin('programmes as gcp', 'gcp.id', 'gc.programme_id')
                  .select('g.id')
                  .whereRef('g.user_id', '=', 'u.id')
                  .where((w) =>
                    w.or([
                      w.and([w('g.scope_type', '=', 'institution'), w('g.scope_id', 'in', inst)]),
                      w('gp.institution_id', 'in', inst),
                      w('gcp.institution_id', 'in', inst),
                    ]),
                  ),
              ),
            ]),
          )
        : q.where(sql<boolean>`1 = 0`);
    }
    return q.orderBy('u.id', 'desc').execute();
  },

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
  findGrantById: (db: Executor, userId: number, grantId: number) =>
    db.selectFrom('role_grants').selectAll().where('id', '=', grantId).where('user_id', '=', userId).executeTakeFirst(),
  deleteGrant: (db: Executor, userId: number, grantId: number) =>
    db.deleteFrom('role_grants').where('id', '=', grantId).where('user_id', '=', userId).executeTakeFirst(),
  deleteGrantWhere: (db: Executor, row: Pick<DB['role_grants'], 'user_id' | 'role' | 'scope_type' | 'scope_id'>) =>
    db
      .deleteFrom('role_grants')
      .where('user_id', '=', row.user_id)
      .where('role', '=', row.role)
      .where('scope_type', '=', row.scope_type)
      .where('scope_id', '=', row.scope_id)
      .executeTakeFirst(),

  insertSession: (db: Executor, row: NewRow<'auth_sessions'>) => db.insertInto('auth_sessions').values(row).returning('id').executeTakeFirstOrThrow(),
  findSession: async (db: Executor, tokenHash: string) => (await sessionByHash(db, tokenHash))[0],
  /** Many sessions at once, for requests that arrive together (see lib/batch.ts). */
  findSessions: (db: Executor, tokenHashes: string[]) => (tokenHashes.length ? sessionsByHashes(db, tokenHashes) : Promise.resolve([])),
  grantsOfUsers: (db: Executor, userIds: number[]) => (userIds.length ? grantsByUsers(db, userIds) : Promise.resolve([])),
  touchSession: (db: Executor, id: number, at: string) => db.updateTable('auth_sessions').set({ last_seen_at: at }).where('id', '=', id).execute(),
  deleteSession: (db: Executor, id: number) => db.deleteFrom('auth_sessions').where('id', '=', id).execute(),
  deleteSessionsOfUser: async (db: Executor, userId: number) =>
    Number((await db.deleteFrom('auth_sessions').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows),
  deleteOtherSessions: async (db: Executor, userId: number, keepId: number) =>
    Number((await db.deleteFrom('auth_sessions').where('user_id', '=', userId).where('id', '<>', keepId).executeTakeFirst()).numDeletedRows),
  deleteSessionOfUser: async (db: Executor, userId: number, sessionId: number) =>
    Number((await db.deleteFrom('auth_sessions').where('user_id', '=', userId).where('id', '=', sessionId).executeTakeFirst()).numDeletedRows),
  deleteExpiredSessions: (db: Executor, now: string) => db.deleteFrom('auth_sessions').where('expires_at', '<', now).execute(),
  sessionsOfUser: (db: Executor, userId: number, now: string) =>
    db
      .selectFrom('auth_sessions')
      .select(['id', 'user_agent', 'ip', 'created_at', 'last_seen_at'])
      .where('user_id', '=', userId)
      .where('expires_at', '>=', now)
      .orderBy('last_seen_at', 'desc')
      .execute(),
  activeSessionCounts: (db: Executor, userIds: number[], now: string) =>
    userIds.length
      ? db
          .selectFrom('auth_sessions')
          .select((eb) => ['user_id', eb.fn.countAll<number>().as('n')])
          .where('user_id', 'in', userIds)
          .where('expires_at', '>=', now)
          .groupBy('user_id')
          .execute()
      : Promise.resolve([]),

  /**
   * Takes one sign-in slot for an account name from an address, in one statement: a new window
   * starts when the last one is older than `since`. Concurrent attempts each see a distinct count
   * (SQLite runs the statement alone; PostgreSQL's upsert locks the row), so no more than the
   * limit can ever get to the password check.
   */
  takeLoginSlot: async (db: Executor, key: { username: string; ip: string }, now: string, since: string) => {
    const row = await db
      .insertInto('login_throttle')
      .values({ username: key.username, ip: key.ip, window_started_at: now, attempts: 1 })
      .onConflict((oc) =>
        oc.columns(['username', 'ip']).doUpdateSet({
          attempts: sql<number>`case when login_throttle.window_started_at < ${since} then 1 else login_throttle.attempts + 1 end`,
          window_started_at: sql<string>`case when login_throttle.window_started_at < ${since} then ${now} else login_throttle.window_started_at end`,
        }),
      )
      .returning(['attempts', 'window_started_at'])
      .executeTakeFirstOrThrow();
    return { attempts: Number(row.attempts), windowStartedAt: row.window_started_at };
  },
  clearLoginSlots: (db: Executor, key: { username: string; ip: string }) =>
    db.deleteFrom('login_throttle').where('username', '=', key.username).where('ip', '=', key.ip).execute(),
  /** Unlocks an account name from every address. */
  clearLoginSlotsOf: async (db: Executor, username: string) =>
    Number((await db.deleteFrom('login_throttle').where('username', '=', username).executeTakeFirst()).numDeletedRows),
  /** Account names locked (at or over the limit within the window) from at least one address, with the latest window start. */
  lockedUsernames: (db: Executor, usernames: string[], since: string, max: number) =>
    usernames.length
      ? db
          .selectFrom('login_throttle')
          .select((eb) => ['username', eb.fn.max('window_started_at').as('window_started_at')])
          .where('username', 'in', usernames)
          .where('window_started_at', '>=', since)
          .where('attempts', '>=', max)
          .groupBy('username')
          .execute()
      : Promise.resolve([]),
  pruneLoginSlots: (db: Executor, before: string) => db.deleteFrom('login_throttle').where('window_started_at', '<', before).execute(),

  insertInvitation: (db: Executor, row: NewRow<'account_invitations'>) =>
    db.insertInto('account_invitations').values(row).returning('id').executeTakeFirstOrThrow(),
  findInvitationByHash: (db: Executor, tokenHash: string) =>
    db.selectFrom('account_invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),
  /** Marks an invitation used, unless it was used (or replaced) meanwhile: the one use wins. */
  useInvitation: async (db: Executor, id: number, at: string) =>
    Number(
      (
        await db
          .updateTable('account_invitations')
          .set({ used_at: at })
          .where('id', '=', id)
          .where('used_at', 'is', null)
          .where('expires_at', '>', at)
          .executeTakeFirst()
      ).numUpdatedRows,
    ) === 1,
  /** Ends the pending links of a user (a new link or password replaces them). */
  closeInvitationsOf: (db: Executor, userId: number, at: string) =>
    db.updateTable('account_invitations').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute(),
  pendingInvitations: (db: Executor, userIds: number[], now: string) =>
    userIds.length
      ? db
          .selectFrom('account_invitations')
          .select((eb) => ['user_id', eb.fn.max('expires_at').as('expires_at')])
          .where('user_id', 'in', userIds)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .groupBy('user_id')
          .execute()
      : Promise.resolve([]),
});
export type AuthStore = ReturnType<typeof makeAuthStore>;
