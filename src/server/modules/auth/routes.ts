import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AcceptInvitationBody,
  ChangePasswordBody,
  CurrentUser,
  EndedSessions,
  InvitationInfo,
  InvitationTokenBody,
  idParams,
  LoginBody,
  OkSchema,
  OwnSession,
  UpdateMeBody,
} from '../../../contracts';
import { permission, SESSION_COOKIE, setSessionCookie } from '../../http';
import { unauthenticated } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { AuthService } from './service';

/** The routes a user may call while a one-time password still waits to be changed. */
const beforePasswordChange = { beforePasswordChange: true };

export function authRoutes(app: FastifyInstance, deps: { auth: AuthService; cookieSecure: boolean }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { auth } = deps;
  const tags = ['auth'];

  const current = (a: Actor | null) => {
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
      mustChangePassword: !!a.mustChangePassword,
    };
  };
  const meta = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] });
  const signIn = async (reply: FastifyReply, session: { token: string; expiresAt: string }) => {
    setSessionCookie(reply, session, deps.cookieSecure);
    return current(await auth.actorFromToken(session.token));
  };

  r.post('/api/v1/auth/login', { config: permission('public'), schema: { tags, body: LoginBody, response: { 200: CurrentUser } } }, async (req, reply) =>
    signIn(reply, await auth.login({ ...req.body, ...meta(req) })),
  );

  r.post(
    '/api/v1/auth/logout',
    { config: { ...permission('authenticated'), ...beforePasswordChange }, schema: { tags, response: { 200: OkSchema } } },
    async (req, reply) => {
      if (req.actor) await auth.logout(req.actor, meta(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/auth/me',
    { config: { ...permission('authenticated'), ...beforePasswordChange }, schema: { tags, response: { 200: CurrentUser } } },
    async (req) => current(req.actor),
  );

  r.patch(
    '/api/v1/auth/me',
    { config: { ...permission('authenticated'), ...beforePasswordChange }, schema: { tags, body: UpdateMeBody, response: { 200: OkSchema } } },
    async (req) => {
      await auth.setLocale(req.actor!, req.body.locale);
      return { ok: true as const };
    },
  );

  // The user's own account (#9): password and sessions.
  r.post(
    '/api/v1/auth/password',
    {
      config: { ...permission('authenticated'), ...beforePasswordChange },
      schema: {
        tags,
        body: ChangePasswordBody,
        description:
          'Changes the signed-in user’s password (current one checked, counted like a sign-in). The new one: 10–200 characters, not containing the username or name, not digits only, at least 5 different characters, not a very common password. Every other session of the user ends.',
        response: { 200: z.object({ endedSessions: z.number(), user: CurrentUser }) },
      },
    },
    async (req) => {
      const { endedSessions } = await auth.changeOwnPassword(req.actor!, req.body, meta(req));
      return { endedSessions, user: { ...current(req.actor), mustChangePassword: false } };
    },
  );
  r.get('/api/v1/auth/sessions', { config: permission('authenticated'), schema: { tags, response: { 200: z.array(OwnSession) } } }, async (req) =>
    auth.ownSessions(req.actor!),
  );
  r.delete(
    '/api/v1/auth/sessions',
    { config: permission('authenticated'), schema: { tags, description: 'Ends every session of the user except this one.', response: { 200: EndedSessions } } },
    async (req) => auth.endOtherSessions(req.actor!),
  );
  r.delete(
    '/api/v1/auth/sessions/:authSessionId',
    { config: permission('authenticated'), schema: { tags, params: idParams('authSessionId'), response: { 200: OkSchema } } },
    async (req) => {
      await auth.endOwnSession(req.actor!, req.params.authSessionId);
      return { ok: true as const };
    },
  );

  // Invitation links for staff (the token comes in the body, never in a URL the server logs).
  r.post(
    '/api/v1/auth/invitation',
    { config: permission('public'), schema: { tags, body: InvitationTokenBody, response: { 200: InvitationInfo } } },
    async (req) => auth.invitationInfo(req.body.token),
  );
  r.post(
    '/api/v1/auth/invitation/accept',
    { config: permission('public'), schema: { tags, body: AcceptInvitationBody, response: { 200: CurrentUser } } },
    async (req, reply) => signIn(reply, await auth.acceptInvitation(req.body.token, req.body.newPassword, meta(req))),
  );
}
