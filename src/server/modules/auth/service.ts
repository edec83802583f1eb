import argon2 from 'argon2';
import type { Database, Executor } from '../../db/connection';
import { nowIso } from '../../db/connection';
import { batchLoader } from '../../lib/batch';
import { AppError, conflict, notFound } from '../../lib/errors';
import type { Actor, ActorGrant, GrantRole, ScopeContext, ScopeKind } from '../../lib/permissions';
import { randomToken, sha256 } from '../../lib/personal-data';
import type { AuditService } from '../audit/service';
import type { ScopeStore } from './scope-store';
import type { AuthStore } from './store';

const SESSION_DAYS = 7;
const TOUCH_EVERY_MS = 5 * 60_000;
const FAILURE_WINDOW_MIN = 15;

// A hash of a random password, so that a login for an unknown user costs as much as a real one
// and timing does not tell which usernames exist.
let dummyHash: Promise<string> | null = null;

export const makeAuthService = (deps: {
  database: Database;
  store: AuthStore;
  scopes: ScopeStore;
  audit: Pick<AuditService, 'record'>;
  loginMaxFailures: number;
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

  return {
    hashPassword: (password: string) => argon2.hash(password, { type: argon2.argon2id }),

    async login(input: { username: string; password: string; ip: string; userAgent?: string }) {
      const since = new Date(Date.now() - FAILURE_WINDOW_MIN * 60_000).toISOString();
      const [perAccount, perIp] = await Promise.all([
        store.countFailures(db, { username: input.username, ip: input.ip }, since),
        store.countFailures(db, { ip: input.ip }, since),
      ]);
      if (perAccount >= deps.loginMaxFailures || perIp >= deps.loginMaxFailures * 5) {
        throw new AppError('auth.rate_limited', 429, { minutes: FAILURE_WINDOW_MIN });
      }
      const user = await store.findUserByUsername(db, input.username);
      dummyHash ??= argon2.hash(randomToken(), { type: argon2.argon2id });
      const ok = await argon2.verify(user?.password_hash ?? (await dummyHash), input.password).catch(() => false);
      const at = nowIso();
      if (!user || !ok || !user.password_hash) {
        await store.insertLoginAttempt(db, { username: input.username, ip: input.ip, at, succeeded: 0 });
        throw new AppError('auth.invalid_credentials', 401);
      }
      if (user.disabled) throw new AppError('auth.disabled', 403);
      const token = randomToken();
      const csrfToken = randomToken(24);
      const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString();
      await database.transaction(async (trx) => {
        await store.insertLoginAttempt(trx, { username: input.username, ip: input.ip, at, succeeded: 1 });
        await store.insertSession(trx, {
          token_hash: sha256(token),
          user_id: user.id,
          csrf_token: csrfToken,
          created_at: at,
          expires_at: expiresAt,
          last_seen_at: at,
          user_agent: input.userAgent?.slice(0, 300) ?? null,
        });
      });
      return { token, csrfToken, expiresAt };
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
      };
    },

    logout: (actor: Actor) => store.deleteSession(db, actor.authSessionId),

    /** Starts a device session for a user who signs in without a password (a trainee opening their invitation). */
    async startSession(trx: Executor, userId: number, opts: { userAgent?: string; days?: number } = {}) {
      const token = randomToken();
      const csrfToken = randomToken(24);
      const at = nowIso();
      const expiresAt = new Date(Date.now() + (opts.days ?? SESSION_DAYS) * 86_400_000).toISOString();
      await store.insertSession(trx, {
        token_hash: sha256(token),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: at,
        expires_at: expiresAt,
        last_seen_at: at,
        user_agent: opts.userAgent?.slice(0, 300) ?? null,
      });
      return { token, csrfToken, expiresAt };
    },

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
      }[kind];
      return (await lookup(db, id)) ?? null;
    },

    /** Staff accounts with their grants (trainees' invitation accounts are managed per class, not here). */
    async listUsers() {
      const users = (await store.listUsers(db)).filter((u) => u.person_id === null);
      const grants = await resolveGrantsOf(
        db,
        users.length
          ? await store.grantsOfUsers(
              db,
              users.map((u) => u.id),
            )
          : [],
      );
      return users.map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        isAdmin: u.is_admin === 1,
        disabled: u.disabled === 1,
        grants: (grants.get(u.id) ?? []).map(({ id, role, scopeType, scopeId }) => ({ id, role, scopeType, scopeId })),
      }));
    },

    /** Creates a staff account. Also used by `cohort user add` and the demo loader. */
    async createUser(
      actor: Actor | null,
      input: { username: string; displayName: string; password: string | null; isAdmin?: boolean; personId?: number | null },
      trx?: Executor,
    ) {
      const run = async (t: Executor) => {
        if (await store.findUserByUsername(t, input.username)) throw conflict('user.duplicate_username', { username: input.username });
        const { id } = await store.insertUser(t, {
          username: input.username,
          display_name: input.displayName,
          password_hash: input.password ? await argon2.hash(input.password, { type: argon2.argon2id }) : null,
          is_admin: input.isAdmin ? 1 : 0,
          person_id: input.personId ?? null,
          locale: 'zh-CN',
          disabled: 0,
          created_at: nowIso(),
        });
        await deps.audit.record(t, actor, {
          action: 'user.create',
          entity: 'user',
          entityId: id,
          after: { username: input.username, displayName: input.displayName, isAdmin: !!input.isAdmin },
        });
        return id;
      };
      return trx ? run(trx) : database.transaction(run);
    },

    async setPassword(actor: Actor | null, userId: number, password: string) {
      await database.transaction(async (trx) => {
        if (!(await store.findUserById(trx, userId))) throw notFound('user', userId);
        await store.updateUser(trx, userId, { password_hash: await argon2.hash(password, { type: argon2.argon2id }) });
        await deps.audit.record(trx, actor, { action: 'user.password', entity: 'user', entityId: userId });
      });
    },

    async grant(
      actor: Actor | null,
      userId: number,
      g: { role: GrantRole; scopeType: 'institution' | 'programme' | 'class'; scopeId: number },
      trx?: Executor,
    ) {
      const run = async (t: Executor) => {
        if (!(await store.findUserById(t, userId))) throw notFound('user', userId);
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
            after: g,
          });
        return id;
      };
      return trx ? run(trx) : database.transaction(run);
    },

    async revokeWhere(
      trx: Executor,
      actor: Actor | null,
      g: { userId: number; role: GrantRole; scopeType: 'institution' | 'programme' | 'class'; scopeId: number },
    ) {
      await store.deleteGrantWhere(trx, { user_id: g.userId, role: g.role, scope_type: g.scopeType, scope_id: g.scopeId });
      await deps.audit.record(trx, actor, {
        action: 'grant.delete',
        entity: 'user',
        entityId: g.userId,
        classId: g.scopeType === 'class' ? g.scopeId : null,
        before: g,
      });
    },

    async revoke(actor: Actor, userId: number, grantId: number) {
      await database.transaction(async (trx) => {
        const res = await store.deleteGrant(trx, userId, grantId);
        if (Number(res.numDeletedRows) === 0) throw notFound('user', grantId);
        await deps.audit.record(trx, actor, { action: 'grant.delete', entity: 'user', entityId: userId, before: { grantId } });
      });
    },

    async setLocale(actor: Actor, locale: string) {
      await store.updateUser(db, actor.userId, { locale });
    },

    findUserByUsername: (username: string, trx: Executor = db) => store.findUserByUsername(trx, username),
    findUserById: (id: number, trx: Executor = db) => store.findUserById(trx, id),
  };
};
export type AuthService = ReturnType<typeof makeAuthService>;
