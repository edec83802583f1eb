import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateGrantBody, CreateUserBody, CurrentUser, idParams, LoginBody, OkSchema, UpdateMeBody, User } from '../../../contracts';
import { permission, SESSION_COOKIE } from '../../http';
import { unauthenticated } from '../../lib/errors';
import type { AuthService } from './service';

export function authRoutes(app: FastifyInstance, deps: { auth: AuthService; cookieSecure: boolean }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { auth } = deps;

  const current = (req: { actor: import('../../lib/permissions').Actor | null }) => {
    const a = req.actor;
    if (!a) throw unauthenticated();
    return {
      id: a.userId,
      username: a.username,
      displayName: a.displayName,
      isAdmin: a.isAdmin,
      personId: a.personId,
      locale: a.locale,
      grants: a.grants.map(({ id, role, scopeType, scopeId }) => ({ id, role, scopeType, scopeId })),
      csrfToken: a.csrfToken,
    };
  };

  r.post(
    '/api/v1/auth/login',
    { config: permission('public'), schema: { tags: ['auth'], body: LoginBody, response: { 200: CurrentUser } } },
    async (req, reply) => {
      const session = await auth.login({ ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] });
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.cookieSecure,
        expires: new Date(session.expiresAt),
      });
      const actor = await auth.actorFromToken(session.token);
      return current({ actor });
    },
  );

  r.post('/api/v1/auth/logout', { config: permission('authenticated'), schema: { tags: ['auth'], response: { 200: OkSchema } } }, async (req, reply) => {
    if (req.actor) await auth.logout(req.actor);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  r.get('/api/v1/auth/me', { config: permission('authenticated'), schema: { tags: ['auth'], response: { 200: CurrentUser } } }, async (req) => current(req));

  r.patch(
    '/api/v1/auth/me',
    { config: permission('authenticated'), schema: { tags: ['auth'], body: UpdateMeBody, response: { 200: OkSchema } } },
    async (req) => {
      await auth.setLocale(req.actor!, req.body.locale);
      return { ok: true as const };
    },
  );

  r.get('/api/v1/users', { config: permission('admin'), schema: { tags: ['users'], response: { 200: z.array(User) } } }, async () => auth.listUsers());

  r.post('/api/v1/users', { config: permission('admin'), schema: { tags: ['users'], body: CreateUserBody, response: { 201: User } } }, async (req, reply) => {
    const id = await auth.createUser(req.actor, req.body);
    reply.code(201);
    return (await auth.listUsers()).find((u) => u.id === id)!;
  });

  r.post(
    '/api/v1/users/:userId/grants',
    { config: permission('admin'), schema: { tags: ['users'], params: idParams('userId'), body: CreateGrantBody, response: { 201: OkSchema } } },
    async (req, reply) => {
      await auth.grant(req.actor, req.params.userId, req.body);
      reply.code(201);
      return { ok: true as const };
    },
  );

  r.delete(
    '/api/v1/users/:userId/grants/:grantId',
    { config: permission('admin'), schema: { tags: ['users'], params: idParams('userId', 'grantId'), response: { 200: OkSchema } } },
    async (req) => {
      await auth.revoke(req.actor!, req.params.userId, req.params.grantId);
      return { ok: true as const };
    },
  );
}
