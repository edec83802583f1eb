import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkIdParam, hasNul } from '../contracts/common';
import { isDatabaseUnavailable } from './db/connection';
import { AppError, type FieldError, forbidden, invalid, notFound, unauthenticated } from './lib/errors';
import { hasMessage, type Lang, pickLang, translate } from './lib/i18n';
import { type Action, can, type RoutePermission, type ScopeKind } from './lib/permissions';
import type { AuthService } from './modules/auth/service';

export const SESSION_COOKIE = 'cohort_session';

/** Hands a new session to the browser: HttpOnly, SameSite=Lax, Secure when configured, until it expires. */
export function setSessionCookie(reply: FastifyReply, session: { token: string; expiresAt: string }, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: new Date(session.expiresAt) });
}
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const langOf = (req: FastifyRequest): Lang => pickLang(req.headers['accept-language']);

/** Routes outside /api that plugins register (docs UI, the web app's files) are public by nature. */
const PUBLIC_PREFIXES = ['/api/docs', '/assets/', '/healthz'];

export type RouteEntry = { method: string; url: string; permission: RoutePermission; bodySchema: unknown; consumes?: readonly string[] };

// Every route must say who may call it. A route without a declared permission stops the start,
// so an undeclared route can never be served. The table of routes and their rules is kept on the
// app (`app.routeTable`) for the permission listing and its tests.
export function enforceDeclaredPermissions(app: FastifyInstance) {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    if (!route.config?.permission) {
      if (route.method === 'HEAD' || PUBLIC_PREFIXES.some((p) => route.url.startsWith(p)) || !route.url.startsWith('/api')) {
        route.config = { ...(route.config ?? {}), permission: { action: 'public' } };
      } else {
        throw new Error(`Route ${route.method} ${route.url} declares no permission`);
      }
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        table.push({ method, url: route.url, permission: route.config!.permission!, bodySchema: route.schema?.body, consumes: route.schema?.consumes });
    }
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
  interface FastifyContextConfig {
    /** Open to a user who still has to change their one-time password (sign-out, /auth/me, the change itself). */
    beforePasswordChange?: boolean;
  }
}

export function installAuthHooks(app: FastifyInstance, auth: Pick<AuthService, 'actorFromToken' | 'resolveScope'>) {
  app.decorateRequest('actor', null);
  app.decorateRequest('scope', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies?.[SESSION_COOKIE];
    req.actor = token ? await auth.actorFromToken(token) : null;
    const permission = req.routeOptions.config?.permission;
    // Unknown URLs go to the not-found handler (a problem, or the web app's shell for its routes).
    if (!permission) {
      if (req.is404) return;
      throw notFound('route');
    }
    if (req.actor && UNSAFE.has(req.method) && permission.action !== 'public') {
      if (req.headers['x-csrf-token'] !== req.actor.csrfToken) throw new AppError('auth.csrf', 403);
    }
    // Signed in with a one-time password: nothing but the password change (and signing out) until it is changed (#9).
    if (req.actor?.mustChangePassword && permission.action !== 'public' && !req.routeOptions.config?.beforePasswordChange) {
      throw new AppError('auth.password_change_required', 403);
    }
    await checkPermission(req, permission.action, permission.scope, auth);
  });
}

async function checkPermission(req: FastifyRequest, action: Action, scopeKind: ScopeKind | undefined, auth: Pick<AuthService, 'resolveScope'>) {
  if (action === 'public') return;
  if (!req.actor) throw unauthenticated();
  if (action === 'authenticated') return;
  if (!scopeKind) {
    if (!can(req.actor, action)) throw forbidden();
    return;
  }
  const raw = (req.params as Record<string, string>)[`${scopeKind}Id`];
  // The same rule as the Id schema, checked here because the scope is resolved before the schema runs.
  const form = checkIdParam(raw);
  if (form === 'id.invalid') throw invalid('id.invalid', `${scopeKind}Id`);
  if (form === 'id.out_of_range') throw notFound(scopeKind, raw);
  const id = Number(raw);
  const scope = await auth.resolveScope(scopeKind, id);
  if (!scope) throw notFound(scopeKind, id);
  if (!can(req.actor, action, scope)) throw forbidden();
  req.scope = scope;
}

type ValidationItem = { instancePath?: string; keyword?: string; message?: string; params?: Record<string, unknown> };

function localiseIssue(item: ValidationItem, context: string | undefined, lang: Lang): { field: string; code: string; message: string } {
  const path = (item.instancePath ?? '').replace(/^\//, '').split('/').filter(Boolean).join('.');
  const field = path || context || '';
  const custom = item.message && hasMessage(item.message) ? item.message : null;
  if (custom) return { field, code: custom, message: translate(custom, lang) };
  // zod does not keep the received value, so its own invalid_type text would say "received undefined".
  if (item.keyword === 'invalid_type') return { field, code: 'invalid_type', message: translate('invalid_type', lang, { expected: item.params?.expected }) };
  // Re-render zod's own message in the request's language from the issue it kept.
  const issue = { code: item.keyword, path: [], ...(item.params ?? {}) } as never;
  const locale = lang === 'en' ? z.locales.en() : z.locales.zhCN();
  const rendered = locale.localeError?.(issue);
  const message = typeof rendered === 'string' ? rendered : (rendered?.message ?? item.message ?? 'invalid');
  return { field, code: item.keyword ?? 'invalid', message };
}

export function sendProblem(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  code: string,
  params: Record<string, unknown>,
  fieldErrors: Array<{ field: string; code: string; message: string }> = [],
) {
  const lang = langOf(req);
  const title = translate(code, lang, { ...params, requestId: req.id });
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://cohort.local/problems/${code}`,
      title,
      status,
      code,
      detail: fieldErrors.length ? fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ') : undefined,
      errors: fieldErrors.length ? fieldErrors : undefined,
      requestId: req.id,
    });
}

/**
 * Errors the router raises before any route or hook runs (a path segment longer than the router
 * takes, a URL it cannot decode): problems like every other error, not Fastify's own JSON.
 */
export function frameworkProblem(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, req, 414, 'request.too_long', {});
  return sendProblem(reply, req, 400, 'request.bad_url', {});
}

export function installErrorHandling(app: FastifyInstance, options: { appShell?: (req: FastifyRequest, reply: FastifyReply) => FastifyReply } = {}) {
  app.setNotFoundHandler((req, reply) => {
    // The web app routes on the client: any GET outside /api that is not a file gets its shell.
    if (options.appShell && req.method === 'GET' && !req.url.startsWith('/api') && !req.url.startsWith('/assets/')) return options.appShell(req, reply);
    return sendProblem(reply, req, 404, 'route.not_found', {});
  });
  app.setErrorHandler((err: FastifyError & { validation?: ValidationItem[]; validationContext?: string }, req, reply) => {
    const lang = langOf(req);
    if (err instanceof AppError) {
      const fields = err.fieldErrors.map((f: FieldError) => ({ field: f.field, code: f.code, message: f.message ?? translate(f.code, lang, f.params) }));
      return sendProblem(reply, req, err.status, err.code, err.params, fields);
    }
    if (err.validation) {
      // A well-formed id beyond the column range names nothing: not found, like any unknown id.
      if (err.validationContext === 'params' && err.validation.every((v) => v.message === 'id.out_of_range')) {
        return sendProblem(reply, req, 404, 'not_found', { entity: err.validation[0]?.instancePath?.replace(/^\/|Id$/g, '') ?? '' });
      }
      const fields = err.validation.map((v) => localiseIssue(v, err.validationContext, lang));
      return sendProblem(reply, req, 400, 'validation.failed', {}, fields);
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
        return sendProblem(reply, req, 413, 'payload.too_large', {});
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, req, 415, 'payload.unsupported_media_type', {});
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(reply, req, 400, 'payload.invalid_json', {});
    }
    if (err.statusCode === 429) return sendProblem(reply, req, 429, 'rate_limited', {});
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) return sendProblem(reply, req, 400, 'payload.invalid_json', {});
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendProblem(reply, req, err.statusCode, 'validation.failed', {});
    if (isMalformedMultipart(req, err)) return sendProblem(reply, req, 400, 'payload.invalid_multipart', {});
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      reply.header('retry-after', '2');
      return sendProblem(reply, req, 503, 'database.unavailable', {});
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, req, 500, 'internal', {});
  });
}

// busboy (under @fastify/multipart) reports a body it cannot read with plain Errors, and a body that
// ends before its closing boundary as a stream closed early; on a multipart request both are the
// client's malformed body.
const MULTIPART_PARSE_ERROR = /^(Multipart: )?(Boundary not found|Malformed part header|Unexpected end of (form|file)|Malformed urlencoded form)/;
function isMalformedMultipart(req: FastifyRequest, err: FastifyError): boolean {
  if (!String(req.headers['content-type'] ?? '').startsWith('multipart/')) return false;
  return err.code === 'ERR_STREAM_PREMATURE_CLOSE' || MULTIPART_PARSE_ERROR.test(err.message ?? '');
}

export const permission = (action: Action, scope?: ScopeKind) => ({ permission: { action, scope } });

/** Where in a parsed request a string holds a NUL byte (`person.name`, `q`, `items.2.title`), or null. */
function nulPath(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'string') return hasNul(value) ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const found = nulPath(v, [...path, k], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * NUL bytes cannot be stored in PostgreSQL text, and no field of Cohort means one: any string of a
 * request's path, query or parsed body that holds one is refused before the route runs, with the
 * field named (the contracts' text schemas refuse it too, for input that arrives another way).
 */
export function refuseNulBytes(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const fields: FieldError[] = [];
    for (const part of [req.params, req.query, req.body]) {
      if (!part || typeof part !== 'object') continue;
      for (const [k, v] of Object.entries(part)) {
        const path = nulPath(v, [k]);
        if (path) fields.push({ field: path.join('.'), code: 'text.nul' });
      }
    }
    if (fields.length) throw new AppError('validation.failed', 400, {}, fields);
  });
}
