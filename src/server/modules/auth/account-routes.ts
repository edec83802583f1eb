import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Account,
  AccountListQuery,
  CreateAccountBody,
  CreateGrantBody,
  CreateInstitutionAccountBody,
  EndedSessions,
  InviteClassStaffBody,
  IssuedCredential,
  idParams,
  ResetCredentialBody,
  SignOutEverywhereBody,
  UpdateAccountBody,
} from '../../../contracts';
import { permission } from '../../http';
import type { AuthService } from './service';

// Staff accounts and grants on screen (#9). Administrators see and manage every account and alone
// hold grants; an institution's 教务 office (account.manage) creates and looks after the accounts
// that belong to its institution.
export function accountRoutes(app: FastifyInstance, deps: { auth: AuthService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { auth } = deps;
  const tags = ['users'];
  const credentialNote =
    'The answer carries the one-time password or the invitation link once; neither can be read again (the link is stored as a hash). A one-time password must be changed at the first sign-in.';

  r.get('/api/v1/users', { config: permission('admin'), schema: { tags, querystring: AccountListQuery, response: { 200: z.array(Account) } } }, async (req) =>
    auth.listAccounts({ q: req.query.q, institutionIds: req.query.institutionId ? [req.query.institutionId] : undefined }),
  );
  r.post(
    '/api/v1/users',
    { config: permission('admin'), schema: { tags, body: CreateAccountBody, description: credentialNote, response: { 201: IssuedCredential } } },
    async (req, reply) => {
      const issued = await auth.createAccount(req.actor, req.body);
      reply.code(201);
      return issued;
    },
  );

  r.get(
    '/api/v1/institutions/:institutionId/users',
    {
      config: permission('account.manage', 'institution'),
      schema: {
        tags,
        params: idParams('institutionId'),
        querystring: AccountListQuery.pick({ q: true }),
        description: 'Staff accounts that belong to the institution or hold a role inside it.',
        response: { 200: z.array(Account) },
      },
    },
    async (req) => auth.listAccounts({ q: req.query.q, institutionIds: [req.params.institutionId] }),
  );
  r.post(
    '/api/v1/institutions/:institutionId/users',
    {
      config: permission('account.manage', 'institution'),
      schema: { tags, params: idParams('institutionId'), body: CreateInstitutionAccountBody, description: credentialNote, response: { 201: IssuedCredential } },
    },
    async (req, reply) => {
      const issued = await auth.createAccount(req.actor, { ...req.body, institutionId: req.params.institutionId });
      reply.code(201);
      return issued;
    },
  );
  r.post(
    '/api/v1/classes/:classId/staff/invitations',
    {
      config: permission('class.manage', 'class'),
      schema: {
        tags,
        params: idParams('classId'),
        body: InviteClassStaffBody,
        description: `Creates a staff account in the class's institution and adds it to the class staff in one step. ${credentialNote}`,
        response: { 201: IssuedCredential },
      },
    },
    async (req, reply) => {
      const issued = await auth.inviteToClass(req.actor!, req.params.classId, req.scope!.institutionId, req.body);
      reply.code(201);
      return issued;
    },
  );

  r.get(
    '/api/v1/users/:userId',
    { config: permission('account.manage', 'user'), schema: { tags, params: idParams('userId'), response: { 200: Account } } },
    async (req) => auth.getAccount(req.params.userId),
  );
  r.patch(
    '/api/v1/users/:userId',
    {
      config: permission('account.manage', 'user'),
      schema: {
        tags,
        params: idParams('userId'),
        body: UpdateAccountBody,
        description: 'Display name, disabled (a disabled account’s sessions end) and, for administrators, the institution.',
        response: { 200: Account },
      },
    },
    async (req) => auth.updateAccount(req.actor, req.params.userId, req.body),
  );
  r.post(
    '/api/v1/users/:userId/credentials',
    {
      config: permission('account.manage', 'user'),
      schema: {
        tags,
        params: idParams('userId'),
        body: ResetCredentialBody,
        description: `Resets the password: a new one-time password or invitation link; the old password stops working and every session ends. ${credentialNote}`,
        response: { 200: IssuedCredential },
      },
    },
    async (req) => auth.resetCredential(req.actor, req.params.userId, req.body.credential),
  );
  r.post(
    '/api/v1/users/:userId/sign-out',
    {
      config: permission('account.manage', 'user'),
      schema: {
        tags,
        params: idParams('userId'),
        body: SignOutEverywhereBody,
        description: 'Ends every session of the account.',
        response: { 200: EndedSessions },
      },
    },
    async (req) => auth.signOutEverywhere(req.actor, req.params.userId),
  );
  r.post(
    '/api/v1/users/:userId/unlock',
    {
      config: permission('account.manage', 'user'),
      schema: {
        tags,
        params: idParams('userId'),
        body: z.object({}).strict().optional(),
        description: 'Lifts the sign-in lock (too many failures) of the account from every address.',
        response: { 200: Account },
      },
    },
    async (req) => auth.unlock(req.actor, req.params.userId),
  );

  r.post(
    '/api/v1/users/:userId/grants',
    {
      config: permission('admin'),
      schema: {
        tags,
        params: idParams('userId'),
        body: CreateGrantBody,
        description: 'organizer on an institution, sponsor on a programme, class_teacher or lecturer on a class.',
        response: { 201: Account },
      },
    },
    async (req, reply) => {
      await auth.grant(req.actor, req.params.userId, req.body);
      reply.code(201);
      return auth.getAccount(req.params.userId);
    },
  );
  r.delete(
    '/api/v1/users/:userId/grants/:grantId',
    { config: permission('admin'), schema: { tags, params: idParams('userId', 'grantId'), response: { 200: Account } } },
    async (req) => {
      await auth.revoke(req.actor, req.params.userId, req.params.grantId);
      return auth.getAccount(req.params.userId);
    },
  );
}
