import { USERNAME_PATTERN } from '../../../contracts';
import type { Database, Executor } from '../../db/connection';
import { nowIso } from '../../db/connection';
import { batchLoader } from '../../lib/batch';
import { AppError, invalid, notFound } from '../../lib/errors';
import type { Actor, ActorGrant, GrantRole, ScopeContext, ScopeKind } from '../../lib/permissions';
import { randomToken, sha256 } from '../../lib/personal-data';
import type { AuditService } from '../audit/service';
import { type AccountDeps, makeAccountService } from './accounts';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords';
import type { ScopeStore } from './scope-store';
import type { AuthStore } from './store';

const SESSION_DAYS = 7;
const TOUCH_EVERY_MS = 5 * 60_000;
/** Sign-in failures are counted per account name and address in windows of this length. */
export const FAILURE_WINDOW_MIN = 15;

/** The scope each role is granted on: 教务 an institution, a sponsor a programme, class staff a class. */
export const GRANT_SCOPE: Record<GrantRole, 'institution' | 'programme' | 'class'> = {
  organizer: 'institution',
  sponsor: 'programme',
  class_teacher: 'class',
  lecturer: 'class',
  // Service providers (#18) are granted on each class they serve.
  hotel: 'class',
  transport: 'class',
};

/** A trainee's device account has this reserved name (a colon: no staff username can have one). */
const traineeAccountName = (personId: number) => `trainee:${personId}`;

export type SignInMeta = { ip: string; userAgent?: string };

export const makeAuthService = (deps: {
  database: Database;
  store: AuthStore;
  scopes: ScopeStore;
  audit: Pick<AuditService, 'record'>;
  loginMaxFailures: number;
  /** Base of invitation links (PUBLIC_URL). */
  publicUrl?: string;
  /** Adds a user to a class's staff inside the caller's transaction (the classes service; wired in app.ts). */
  addClassStaff?: AccountDeps['addClassStaff'];
}) => {
  const { database, store, scopes } = deps;
  const db = database.db;

  /** Grants of several users with the institution and programme each lies in, in two more queries. */
  async function resolveGrantsOf(
    trx: Executor,
    raw: Array<{ id: number; user_id: number; role: string; scope_type: 'institution' | 'programme' | 'class'; scope_id: number }>,
  ): Promise<Map<number, ActorGrant[]>> {
    const classIds = [...new Set(raw.filter((g) => g.scope_type === 'class').map((g) => g.scope_id))];
    const programmeIds = [...new Set(raw.filter((g) => g.scope_type === 'programme').map((g) => g.scope_id))];
    const [classes, programmes] = await Promise.all([scopes.ofClasses(trx, classIds), scopes.ofProgrammes(trx, programmeIds)]);
    const classCtx = new Map(classes.map((c) => [c.classId, c]));
    const progCtx = new Map(programmes.map((p) => [p.programmeId, p]));
    const out = new Map<number, ActorGrant[]>();
    for (const g of raw) {
      const base = { id: g.id, role: g.role as GrantRole, scopeType: g.scope_type, scopeId: g.scope_id };
      let grant: ActorGrant;
      if (g.scope_type === 'institution') grant = { ...base, institutionId: g.scope_id, programmeId: null };
      else {
        const ctx = g.scope_type === 'class' ? classCtx.get(g.scope_id) : progCtx.get(g.scope_id);
        if (!ctx) continue;
        grant = { ...base, institutionId: ctx.institutionId, programmeId: ctx.programmeId };
      }
      const list = out.get(g.user_id);
      if (list) list.push(grant);
      else out.set(g.user_id, [grant]);
    }
    return out;
  }

  // Sessions asked for in the same turn of the event loop are read together (lib/batch.ts): a
  // burst of requests costs a few queries, not two per request.
  const loadSessions = batchLoader(async (hashes: string[]) => {
    const rows = await store.findSessions(db, hashes);
    const grants = await resolveGrantsOf(db, await store.grantsOfUsers(db, [...new Set(rows.map((r) => r.user_id))]));
    return new Map(rows.map((r) => [r.token_hash, { row: r, grants: grants.get(r.user_id) ?? [] }]));
  });

  async function startSession(trx: Executor, userId: number, opts: { userAgent?: string; ip?: string; days?: number } = {}) {
    const token = randomToken();
    const csrfToken = randomToken(24);
    const at = nowIso();
    const expiresAt = new Date(Date.now() + (opts.days ?? SESSION_DAYS) * 86_400_000).toISOString();
    const { id } = await store.insertSession(trx, {
      token_hash: sha256(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: at,
      expires_at: expiresAt,
      last_seen_at: at,
      user_agent: opts.userAgent?.slice(0, 300) ?? null,
      ip: opts.ip?.slice(0, 64) ?? null,
    });
    return { token, csrfToken, expiresAt, sessionId: id };
  }

  const throttleKey = (username: string, ip: string) => ({ username: username.trim().toLowerCase().slice(0, 100), ip });

  /**
   * Takes a sign-in slot for the account name from this address before any password is checked;
   * past the limit, refuses without checking and says for how long (the first refusal is audited).
   */
  async function takeSignInSlot(username: string, meta: SignInMeta) {
    const now = Date.now();
    const since = new Date(now - FAILURE_WINDOW_MIN * 60_000).toISOString();
    const slot = await store.takeLoginSlot(db, throttleKey(username, meta.ip), new Date(now).toISOString(), since);
    // Counters of windows long over are dropped now and then, so guessed names do not pile up.
    if (Math.random() < 0.02) await store.pruneLoginSlots(db, since);
    if (slot.attempts <= deps.loginMaxFailures) return;
    const minutes = Math.max(1, Math.ceil((Date.parse(slot.windowStartedAt) + FAILURE_WINDOW_MIN * 60_000 - now) / 60_000));
    if (slot.attempts === deps.loginMaxFailures + 1) {
      const user = await store.findStaffByUsername(db, username);
      await deps.audit.record(db, null, {
        action: 'auth.login_locked',
        entity: 'user',
        entityId: user?.id ?? null,
        after: { username, ip: meta.ip, userAgent: meta.userAgent ?? null, minutes },
      });
    }
    throw new AppError('auth.locked', 429, { minutes });
  }

  function assertStaffUsername(username: string) {
    if (username.length < 3) throw invalid('username.too_short', 'username');
    if (username.length > 64) throw invalid('username.too_long', 'username');
    if (!USERNAME_PATTERN.test(username)) throw invalid('username.chars', 'username');
  }

  async function assertUsernameFree(trx: Executor, username: string) {
    if (await store.usernameTaken(trx, username))
      throw new AppError('user.duplicate_username', 409, { username }, [{ field: 'username', code: 'user.duplicate_username', params: { username } }]);
  }

  async function grant(
    actor: Actor | null,
    userId: number,
    g: { role: GrantRole; scopeType: 'institution' | 'programme' | 'class'; scopeId: number },
    trx?: Executor,
  ) {
    const run = async (t: Executor) => {
      const user = await store.findUserById(t, userId);
      if (!user) throw notFound('user', userId);
      if (user.kind !== 'staff') throw new AppError('grant.trainee', 409);
      if (GRANT_SCOPE[g.role] !== g.scopeType) {
        throw new AppError('validation.failed', 400, {}, [
          { field: 'scopeType', code: 'grant.scope_mismatch', params: { role: `role_${g.role}`, scope: `scope_${GRANT_SCOPE[g.role]}` } },
        ]);
      }
      const target =
        g.scopeType === 'institution'
          ? await scopes.ofInstitution(t, g.scopeId)
          : g.scopeType === 'programme'
            ? await scopes.ofProgramme(t, g.scopeId)
            : await scopes.ofClass(t, g.scopeId);
      if (!target) throw notFound(g.scopeType, g.scopeId);
      const row = { user_id: userId, role: g.role, scope_type: g.scopeType, scope_id: g.scopeId };
      const inserted = await store.insertGrant(t, { ...row, created_at: nowIso() });
      const id = inserted?.id ?? (await store.findGrant(t, row))!.id;
      if (inserted)
        await deps.audit.record(t, actor, {
          action: 'grant.create',
          entity: 'user',
          entityId: userId,
          classId: g.scopeType === 'class' ? g.scopeId : null,
          after: { ...g, username: user.username },
        });
      return id;
    };
    return trx ? run(trx) : database.transaction(run);
  }

  const core = {
    database,
    store,
    scopes,
    audit: deps.audit,
    loginMaxFailures: deps.loginMaxFailures,
    publicUrl: deps.publicUrl ?? 'http://localhost:3000',
    resolveGrantsOf,
    startSession,
    takeSignInSlot,
    throttleKey,
    assertStaffUsername,
    assertUsernameFree,
    grant,
    addClassStaff: deps.addClassStaff,
  };
  const accounts = makeAccountService(core);

  return {
    hashPassword,

    /** Staff sign-in: slot first, then the password, then a session; every outcome is audited. */
    async login(input: { username: string; password: string } & SignInMeta) {
      const meta = { ip: input.ip, userAgent: input.userAgent };
      await takeSignInSlot(input.username, meta);
      const user = await store.findStaffByUsername(db, input.username);
      const ok = await verifyPassword(user?.password_hash, input.password);
      const who = { username: input.username, ip: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null };
      if (!user || !ok) {
        await deps.audit.record(db, null, { action: 'auth.login_failed', entity: 'user', entityId: user?.id ?? null, after: who });
        throw new AppError('auth.invalid_credentials', 401);
      }
      if (user.disabled) {
        await deps.audit.record(db, null, { action: 'auth.login_refused', entity: 'user', entityId: user.id, after: { ...who, reason: 'disabled' } });
        throw new AppError('auth.disabled', 403);
      }
      return database.transaction(async (trx) => {
        await store.clearLoginSlots(trx, throttleKey(input.username, input.ip));
        const session = await startSession(trx, user.id, meta);
        await store.updateUser(trx, user.id, { last_sign_in_at: nowIso() });
        await deps.audit.record(trx, { userId: user.id }, { action: 'auth.login', entity: 'user', entityId: user.id, after: who });
        return session;
      });
    },

    async actorFromToken(token: string): Promise<Actor | null> {
      const found = await loadSessions(sha256(token));
      if (!found || found.row.disabled) return null;
      const { row } = found;
      const now = Date.now();
      if (Date.parse(row.expires_at) < now) {
        await store.deleteSession(db, row.session_id);
        return null;
      }
      if (now - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) await store.touchSession(db, row.session_id, new Date(now).toISOString());
      return {
        userId: row.user_id,
        username: row.username,
        displayName: row.display_name,
        isAdmin: row.is_admin === 1,
        personId: row.person_id,
        locale: row.locale,
        grants: found.grants,
        authSessionId: row.session_id,
        csrfToken: row.csrf_token,
        mustChangePassword: row.must_change_password === 1,
      };
    },

    async logout(actor: Actor, meta?: SignInMeta) {
      await database.transaction(async (trx) => {
        await store.deleteSession(trx, actor.authSessionId);
        await deps.audit.record(trx, actor, {
          action: 'auth.logout',
          entity: 'user',
          entityId: actor.userId,
          after: { username: actor.username, ip: meta?.ip ?? null, userAgent: meta?.userAgent?.slice(0, 300) ?? null },
        });
      });
    },

    /** Starts a device session for a user who signs in without a password (a trainee opening their invitation). */
    startSession,

    /** Signs a user out on every device (a revoked invitation ends the trainee's sessions). */
    endSessionsOfUser: (trx: Executor, userId: number) => store.deleteSessionsOfUser(trx, userId),

    async resolveScope(kind: ScopeKind, id: number): Promise<ScopeContext | null> {
      const lookup = {
        institution: scopes.ofInstitution,
        programme: scopes.ofProgramme,
        class: scopes.ofClass,
        session: scopes.ofSession,
        group: scopes.ofGroup,
        enrolment: scopes.ofEnrolment,
        staff: scopes.ofStaff,
        site: scopes.ofSite,
        lecturer: scopes.ofLecturer,
        photo: scopes.ofPhoto,
        bulletin: scopes.ofBulletin,
        user: scopes.ofUser,
      }[kind];
      return (await lookup(db, id)) ?? null;
    },

    /**
     * Creates a staff account with a password chosen by whoever runs it (`cohort user add`, the demo
     * loader, tests). The password must pass the strength rule. Screens use `createAccount`, which
     * hands out a one-time password or an invitation link instead.
     */
    async createUser(
      actor: Actor | null,
      input: { username: string; displayName: string; password: string | null; isAdmin?: boolean; institutionId?: number | null },
      trx?: Executor,
    ) {
      const username = input.username.trim();
      assertStaffUsername(username);
      if (input.password) assertStrongPassword(input.password, { username, displayName: input.displayName });
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      const run = async (t: Executor) => {
        await assertUsernameFree(t, username);
        const { id } = await store.insertStaff(t, {
          username,
          displayName: input.displayName,
          passwordHash,
          isAdmin: !!input.isAdmin,
          institutionId: input.institutionId ?? null,
          at: nowIso(),
        });
        await deps.audit.record(t, actor, {
          action: 'user.create',
          entity: 'user',
          entityId: id,
          after: { username, displayName: input.displayName, isAdmin: !!input.isAdmin, institutionId: input.institutionId ?? null },
        });
        return id;
      };
      return trx ? run(trx) : database.transaction(run);
    },

    /** A trainee's device account: found by the person, made on first use, never by username. */
    async traineeAccountOf(trx: Executor, personId: number, displayName: string) {
      const existing = await store.findTraineeAccount(trx, personId);
      if (existing) return existing.id;
      const inserted = await store.insertTraineeAccount(trx, {
        username: traineeAccountName(personId),
        display_name: displayName,
        password_hash: null,
        is_admin: 0,
        person_id: personId,
        kind: 'trainee',
        locale: 'zh-CN',
        disabled: 0,
        created_at: nowIso(),
      });
      // Two phones opening the first invitation at once: the second finds the first's account.
      if (!inserted) return (await store.findTraineeAccount(trx, personId))!.id;
      await deps.audit.record(trx, null, { action: 'user.create_trainee_account', entity: 'user', entityId: inserted.id, after: { personId } });
      return inserted.id;
    },
    findTraineeAccount: (personId: number, trx: Executor = db) => store.findTraineeAccount(trx, personId),

    grant,

    async revokeWhere(
      trx: Executor,
      actor: Actor | null,
      g: { userId: number; role: GrantRole; scopeType: 'institution' | 'programme' | 'class'; scopeId: number },
    ) {
      const res = await store.deleteGrantWhere(trx, { user_id: g.userId, role: g.role, scope_type: g.scopeType, scope_id: g.scopeId });
      if (Number(res.numDeletedRows) === 0) return;
      await deps.audit.record(trx, actor, {
        action: 'grant.delete',
        entity: 'user',
        entityId: g.userId,
        classId: g.scopeType === 'class' ? g.scopeId : null,
        before: g,
      });
    },

    async revoke(actor: Actor | null, userId: number, grantId: number, trx?: Executor) {
      const run = async (t: Executor) => {
        const row = await store.findGrantById(t, userId, grantId);
        if (!row) throw notFound('grant', grantId);
        await store.deleteGrant(t, userId, grantId);
        await deps.audit.record(t, actor, {
          action: 'grant.delete',
          entity: 'user',
          entityId: userId,
          classId: row.scope_type === 'class' ? row.scope_id : null,
          before: { grantId, role: row.role, scopeType: row.scope_type, scopeId: row.scope_id },
        });
      };
      return trx ? run(trx) : database.transaction(run);
    },

    async setLocale(actor: Actor, locale: string) {
      await store.updateUser(db, actor.userId, { locale });
    },

    /** A staff account by username (trainees' device accounts are not found this way). */
    findUserByUsername: (username: string, trx: Executor = db) => store.findStaffByUsername(trx, username),
    findUserById: (id: number, trx: Executor = db) => store.findUserById(trx, id),

    ...accounts,
  };
};
export type AuthService = ReturnType<typeof makeAuthService>;
