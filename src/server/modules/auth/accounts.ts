import type { Account, CredentialMethod } from '../../../contracts';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, forbidden, invalid, notFound } from '../../lib/errors';
import type { Actor, ActorGrant } from '../../lib/permissions';
import { randomToken, sha256 } from '../../lib/personal-data';
import type { AuditService } from '../audit/service';
import { assertStrongPassword, hashPassword, makeOneTimePassword, verifyPassword } from './passwords';
import type { ScopeStore } from './scope-store';
import type { AuthStore } from './store';
import { describeUserAgent } from './user-agent';

// Staff accounts as the admin and the 教务 office look after them (#9): create with a one-time
// password or an invitation link, edit, disable, reset, sign out everywhere, unlock; and every
// user's own account: change the password, see and end their sessions.

/** An invitation link to set one's password works this long, once. */
export const INVITATION_DAYS = 7;
const FAILURE_WINDOW_MS = 15 * 60_000;

export type AccountDeps = {
  /** Adds a user to a class's staff in the caller's transaction (the classes service, wired in app.ts). */
  addClassStaff?: (trx: Executor, actor: Actor | null, classId: number, input: { userId: number; role: 'project_lead' | 'class_teacher' }) => Promise<unknown>;
};

type Core = AccountDeps & {
  database: Database;
  store: AuthStore;
  scopes: ScopeStore;
  audit: Pick<AuditService, 'record'>;
  loginMaxFailures: number;
  publicUrl: string;
  resolveGrantsOf: (
    trx: Executor,
    raw: Array<{ id: number; user_id: number; role: string; scope_type: 'institution' | 'programme' | 'class'; scope_id: number }>,
  ) => Promise<Map<number, ActorGrant[]>>;
  startSession: (
    trx: Executor,
    userId: number,
    opts?: { userAgent?: string; ip?: string; days?: number },
  ) => Promise<{ token: string; csrfToken: string; expiresAt: string; sessionId: number }>;
  takeSignInSlot: (username: string, meta: { ip: string; userAgent?: string }) => Promise<void>;
  throttleKey: (username: string, ip: string) => { username: string; ip: string };
  assertStaffUsername: (username: string) => void;
  assertUsernameFree: (trx: Executor, username: string) => Promise<void>;
};

type NewAccount = { username: string; displayName: string; credential: CredentialMethod; isAdmin?: boolean; institutionId?: number | null };
type Issued = { oneTimePassword: string | null; invitationUrl: string | null; expiresAt: string | null };

export function makeAccountService(core: Core) {
  const { database, store, scopes, audit } = core;
  const db = database.db;

  async function toAccounts(trx: Executor, rows: Awaited<ReturnType<AuthStore['listStaff']>>): Promise<Account[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const now = nowIso();
    const since = new Date(Date.now() - FAILURE_WINDOW_MS).toISOString();
    const rawGrants = await store.grantsOfUsers(trx, ids);
    const [locked, pending, sessions, names] = await Promise.all([
      store.lockedUsernames(
        trx,
        rows.map((r) => r.username.toLowerCase()),
        since,
        core.loginMaxFailures,
      ),
      store.pendingInvitations(trx, ids, now),
      store.activeSessionCounts(trx, ids, now),
      scopes.namesOf(trx, {
        institution: [
          ...new Set([
            ...rows.flatMap((r) => (r.institution_id ? [r.institution_id] : [])),
            ...rawGrants.filter((g) => g.scope_type === 'institution').map((g) => g.scope_id),
          ]),
        ],
        programme: [...new Set(rawGrants.filter((g) => g.scope_type === 'programme').map((g) => g.scope_id))],
        class: [...new Set(rawGrants.filter((g) => g.scope_type === 'class').map((g) => g.scope_id))],
      }),
    ]);
    const lockedOf = new Map(locked.map((l) => [l.username, new Date(Date.parse(String(l.window_started_at)) + FAILURE_WINDOW_MS).toISOString()]));
    const pendingOf = new Map(pending.map((p) => [p.user_id, String(p.expires_at)]));
    const sessionsOf = new Map(sessions.map((s) => [s.user_id, Number(s.n)]));
    const grantsOf = new Map<number, Account['grants']>();
    for (const g of rawGrants) {
      const list = grantsOf.get(g.user_id) ?? [];
      list.push({ id: g.id, role: g.role, scopeType: g.scope_type, scopeId: g.scope_id, scopeName: names[g.scope_type].get(g.scope_id) ?? `#${g.scope_id}` });
      grantsOf.set(g.user_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      isAdmin: r.is_admin === 1,
      disabled: r.disabled === 1,
      institutionId: r.institution_id,
      institutionName: r.institution_id ? (names.institution.get(r.institution_id) ?? null) : null,
      mustChangePassword: r.must_change_password === 1,
      hasPassword: !!r.password_hash,
      lockedUntil: lockedOf.get(r.username.toLowerCase()) ?? null,
      invitationExpiresAt: pendingOf.get(r.id) ?? null,
      lastSignInAt: r.last_sign_in_at,
      activeSessions: sessionsOf.get(r.id) ?? 0,
      createdAt: r.created_at,
      grants: grantsOf.get(r.id) ?? [],
    }));
  }

  async function account(trx: Executor, userId: number): Promise<Account> {
    const [a] = await toAccounts(trx, await store.listStaff(trx, { ids: [userId] }));
    if (!a) throw notFound('user', userId);
    return a;
  }

  async function requireStaff(trx: Executor, userId: number) {
    const user = await store.findUserById(trx, userId);
    if (!user) throw notFound('user', userId);
    if (user.kind !== 'staff') throw new AppError('account.not_staff', 409);
    return user;
  }

  /** Only administrators touch administrator accounts; the CLI (no actor) is the operator. */
  function assertMayManage(actor: Actor | null, target: Pick<Row<'users'>, 'is_admin'>) {
    if (actor && !actor.isAdmin && target.is_admin === 1) throw new AppError('account.admin_only', 403);
  }

  /** Gives the account a fresh one-time password or invitation link; the old password, links and sessions end. */
  async function issueCredential(trx: Executor, actor: Actor | null, user: Pick<Row<'users'>, 'id' | 'username' | 'display_name'>, method: CredentialMethod) {
    const at = nowIso();
    await store.closeInvitationsOf(trx, user.id, at);
    const ended = await store.deleteSessionsOfUser(trx, user.id);
    if (method === 'one_time_password') {
      const oneTimePassword = makeOneTimePassword({ username: user.username, displayName: user.display_name });
      await store.updateUser(trx, user.id, { password_hash: await hashPassword(oneTimePassword), must_change_password: 1, password_changed_at: at });
      return { issued: { oneTimePassword, invitationUrl: null, expiresAt: null } satisfies Issued, ended };
    }
    const token = randomToken();
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000).toISOString();
    await store.insertInvitation(trx, {
      user_id: user.id,
      token_hash: sha256(token),
      created_at: at,
      expires_at: expiresAt,
      created_by: actor?.userId ?? null,
    });
    await store.updateUser(trx, user.id, { password_hash: null, must_change_password: 0 });
    // The token travels in the fragment, which browsers never send to the server (nor to its logs).
    return { issued: { oneTimePassword: null, invitationUrl: `${core.publicUrl}/welcome#${token}`, expiresAt } satisfies Issued, ended };
  }

  async function createIn(trx: Executor, actor: Actor | null, input: NewAccount) {
    const username = input.username.trim();
    core.assertStaffUsername(username);
    if (input.isAdmin && actor && !actor.isAdmin) throw new AppError('account.admin_only', 403);
    if (input.institutionId != null && !(await scopes.ofInstitution(trx, input.institutionId)))
      throw invalid('not_found', 'institutionId', { entity: 'institution', id: input.institutionId });
    await core.assertUsernameFree(trx, username);
    const { id } = await store.insertStaff(trx, {
      username,
      displayName: input.displayName,
      passwordHash: null,
      isAdmin: !!input.isAdmin,
      institutionId: input.institutionId ?? null,
      at: nowIso(),
    });
    const { issued } = await issueCredential(trx, actor, { id, username, display_name: input.displayName }, input.credential);
    await audit.record(trx, actor, {
      action: 'user.create',
      entity: 'user',
      entityId: id,
      after: { username, displayName: input.displayName, isAdmin: !!input.isAdmin, institutionId: input.institutionId ?? null, credential: input.credential },
    });
    return { id, issued };
  }

  async function setOwnPassword(trx: Executor, user: Pick<Row<'users'>, 'id'>, newPassword: string) {
    await store.updateUser(trx, user.id, { password_hash: await hashPassword(newPassword), must_change_password: 0, password_changed_at: nowIso() });
    await store.closeInvitationsOf(trx, user.id, nowIso());
  }

  return {
    /** Staff accounts (never trainees' device accounts), filtered by name and by institution. */
    async listAccounts(filter: { q?: string; institutionIds?: number[] } = {}) {
      return toAccounts(db, await store.listStaff(db, filter));
    },

    getAccount: (userId: number) => account(db, userId),

    /** Creates a staff account and hands out its first credential (shown once). */
    async createAccount(actor: Actor | null, input: NewAccount) {
      return database.transaction(async (trx) => {
        const { id, issued } = await createIn(trx, actor, input);
        return { account: await account(trx, id), method: input.credential, ...issued };
      });
    },

    /** "Invite a new one by name" on the class overview: the account (in the class's institution) and its class staff entry in one step. */
    async inviteToClass(
      actor: Actor,
      classId: number,
      institutionId: number,
      input: { username: string; displayName: string; credential: CredentialMethod; role: 'project_lead' | 'class_teacher' },
    ) {
      if (!core.addClassStaff) throw new Error('addClassStaff is not wired');
      const add = core.addClassStaff;
      return database.transaction(async (trx) => {
        const { id, issued } = await createIn(trx, actor, { ...input, institutionId });
        await add(trx, actor, classId, { userId: id, role: input.role });
        return { account: await account(trx, id), method: input.credential, ...issued };
      });
    },

    async updateAccount(actor: Actor | null, userId: number, patch: { displayName?: string; disabled?: boolean; institutionId?: number | null }) {
      return database.transaction(async (trx) => {
        const user = await requireStaff(trx, userId);
        assertMayManage(actor, user);
        if (patch.institutionId !== undefined && actor && !actor.isAdmin) throw forbidden();
        if (patch.disabled && actor?.userId === userId) throw new AppError('account.self', 409);
        if (patch.institutionId != null && !(await scopes.ofInstitution(trx, patch.institutionId)))
          throw invalid('not_found', 'institutionId', { entity: 'institution', id: patch.institutionId });
        await store.updateUser(trx, userId, {
          ...(patch.displayName !== undefined && { display_name: patch.displayName }),
          ...(patch.disabled !== undefined && { disabled: patch.disabled ? 1 : 0 }),
          ...(patch.institutionId !== undefined && { institution_id: patch.institutionId }),
        });
        let endedSessions = 0;
        if (patch.disabled && user.disabled === 0) endedSessions = await store.deleteSessionsOfUser(trx, userId);
        await audit.record(trx, actor, {
          action: patch.disabled === true ? 'user.disable' : patch.disabled === false ? 'user.enable' : 'user.update',
          entity: 'user',
          entityId: userId,
          before: { displayName: user.display_name, disabled: user.disabled === 1, institutionId: user.institution_id },
          after: { ...patch, endedSessions },
        });
        return account(trx, userId);
      });
    },

    /** A new one-time password or invitation link; the old password stops working and every session ends. */
    async resetCredential(actor: Actor | null, userId: number, method: CredentialMethod) {
      return database.transaction(async (trx) => {
        const user = await requireStaff(trx, userId);
        assertMayManage(actor, user);
        const { issued, ended } = await issueCredential(trx, actor, user, method);
        await audit.record(trx, actor, { action: 'user.credential_reset', entity: 'user', entityId: userId, after: { method, endedSessions: ended } });
        return { account: await account(trx, userId), method, ...issued };
      });
    },

    /** Ends every session of the account, on every device. */
    async signOutEverywhere(actor: Actor | null, userId: number) {
      return database.transaction(async (trx) => {
        const user = await requireStaff(trx, userId);
        assertMayManage(actor, user);
        const ended = await store.deleteSessionsOfUser(trx, userId);
        await audit.record(trx, actor, { action: 'user.sign_out_everywhere', entity: 'user', entityId: userId, after: { endedSessions: ended } });
        return { ended };
      });
    },

    /** Lifts the sign-in lock of the account from every address. */
    async unlock(actor: Actor | null, userId: number) {
      return database.transaction(async (trx) => {
        const user = await requireStaff(trx, userId);
        assertMayManage(actor, user);
        const cleared = await store.clearLoginSlotsOf(trx, user.username.toLowerCase());
        if (cleared > 0) await audit.record(trx, actor, { action: 'user.unlock', entity: 'user', entityId: userId, after: { addresses: cleared } });
        return account(trx, userId);
      });
    },

    /** An operator sets a password from the command line (`cohort user passwd`): strength rule, sessions end. */
    async setPassword(actor: Actor | null, userId: number, password: string) {
      return database.transaction(async (trx) => {
        const user = await requireStaff(trx, userId);
        assertStrongPassword(password, { username: user.username, displayName: user.display_name });
        await setOwnPassword(trx, user, password);
        const ended = await store.deleteSessionsOfUser(trx, userId);
        await audit.record(trx, actor, { action: 'user.password', entity: 'user', entityId: userId, after: { endedSessions: ended } });
        return { endedSessions: ended };
      });
    },

    /**
     * The user changes their own password: the current one is checked (counted like a sign-in, so
     * a stolen session cannot guess it), the new one must pass the rule, and every other session ends.
     */
    async changeOwnPassword(actor: Actor, input: { currentPassword: string; newPassword: string }, meta: { ip: string; userAgent?: string }) {
      const user = await store.findUserById(db, actor.userId);
      if (!user) throw notFound('user', actor.userId);
      if (user.kind !== 'staff' || !user.password_hash) throw new AppError('auth.no_password', 409);
      assertStrongPassword(input.newPassword, { username: user.username, displayName: user.display_name }, 'newPassword');
      await core.takeSignInSlot(user.username, meta);
      if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
        await audit.record(db, actor, { action: 'user.password_change_failed', entity: 'user', entityId: user.id, after: { ip: meta.ip } });
        throw invalid('auth.wrong_current_password', 'currentPassword');
      }
      if (input.newPassword === input.currentPassword) throw invalid('password.same_as_current', 'newPassword');
      return database.transaction(async (trx) => {
        await store.clearLoginSlots(trx, core.throttleKey(user.username, meta.ip));
        await setOwnPassword(trx, user, input.newPassword);
        const ended = await store.deleteOtherSessions(trx, user.id, actor.authSessionId);
        await audit.record(trx, actor, { action: 'user.password_change', entity: 'user', entityId: user.id, after: { endedSessions: ended, ip: meta.ip } });
        return { endedSessions: ended };
      });
    },

    /** The user's sessions, this one first, then by last activity. */
    async ownSessions(actor: Actor) {
      const rows = await store.sessionsOfUser(db, actor.userId, nowIso());
      rows.sort((a, b) => Number(b.id === actor.authSessionId) - Number(a.id === actor.authSessionId));
      return rows.map((s) => ({
        id: s.id,
        device: describeUserAgent(s.user_agent),
        userAgent: s.user_agent,
        ip: s.ip,
        createdAt: s.created_at,
        lastSeenAt: s.last_seen_at,
        current: s.id === actor.authSessionId,
      }));
    },

    async endOwnSession(actor: Actor, sessionId: number) {
      await database.transaction(async (trx) => {
        if ((await store.deleteSessionOfUser(trx, actor.userId, sessionId)) === 0) throw notFound('session', sessionId);
        await audit.record(trx, actor, { action: 'auth.session_end', entity: 'user', entityId: actor.userId, after: { sessionId } });
      });
    },

    /** Ends every session of the user but the one asking. */
    async endOtherSessions(actor: Actor) {
      return database.transaction(async (trx) => {
        const ended = await store.deleteOtherSessions(trx, actor.userId, actor.authSessionId);
        if (ended > 0) await audit.record(trx, actor, { action: 'auth.sessions_end_others', entity: 'user', entityId: actor.userId, after: { ended } });
        return { ended };
      });
    },

    /** What the set-password page shows for a link: whose account it is and until when the link works. */
    async invitationInfo(token: string) {
      const inv = await store.findInvitationByHash(db, sha256(token));
      const user = inv ? await store.findUserById(db, inv.user_id) : undefined;
      if (!inv || !user || inv.used_at || inv.expires_at <= nowIso() || user.disabled || user.kind !== 'staff')
        throw new AppError('invitation.account_invalid', 410);
      return { username: user.username, displayName: user.display_name, expiresAt: inv.expires_at };
    },

    /** Sets the password from an invitation link (once) and signs the user in. */
    async acceptInvitation(token: string, newPassword: string, meta: { ip: string; userAgent?: string }) {
      const inv = await store.findInvitationByHash(db, sha256(token));
      const user = inv ? await store.findUserById(db, inv.user_id) : undefined;
      if (!inv || !user || inv.used_at || inv.expires_at <= nowIso() || user.disabled || user.kind !== 'staff')
        throw new AppError('invitation.account_invalid', 410);
      assertStrongPassword(newPassword, { username: user.username, displayName: user.display_name }, 'newPassword');
      return database.transaction(async (trx) => {
        // Two tabs sending the same link at once: one wins, the other is told the link was used.
        if (!(await store.useInvitation(trx, inv.id, nowIso()))) throw new AppError('invitation.account_invalid', 410);
        await setOwnPassword(trx, user, newPassword);
        await store.deleteSessionsOfUser(trx, user.id);
        const session = await core.startSession(trx, user.id, meta);
        await store.updateUser(trx, user.id, { last_sign_in_at: nowIso() });
        const who = { username: user.username, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null };
        await audit.record(trx, { userId: user.id }, { action: 'user.invitation_accept', entity: 'user', entityId: user.id, after: who });
        await audit.record(trx, { userId: user.id }, { action: 'auth.login', entity: 'user', entityId: user.id, after: { ...who, via: 'invitation' } });
        return session;
      });
    },

    /** For the CLI: the staff account with this username, or null. */
    findStaffAccount: (username: string) => store.findStaffByUsername(db, username),
  };
}
