import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CheckInBody,
  CheckInPreview,
  CheckInResult,
  InvitationEntry,
  InvitationExchangeBody,
  InvitationSheetBody,
  IssuedInvitation,
  idParams,
  LeaveRequest,
  LeaveRequestBody,
  OfflineCheckInBody,
  OfflineCheckInResult,
  OkSchema,
  PersonHours,
  RenewedInvitation,
  TraineeBadge,
  TraineeClassHours,
  TraineeGroup,
  TraineeMe,
  TraineeStart,
  TraineeTimetable,
} from '../../../contracts';
import { permission, setSessionCookie } from '../../http';
import { unauthenticated } from '../../lib/errors';
import type { AuthService } from '../auth/service';
import type { TraineeService } from './service';

export function traineeRoutes(app: FastifyInstance, deps: { trainee: TraineeService; auth: Pick<AuthService, 'actorFromToken'>; cookieSecure: boolean }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { trainee } = deps;
  const tags = ['trainee'];
  const enrolmentParams = idParams('enrolmentId');

  // Opening an invitation on a phone: the token becomes a device session (HttpOnly cookie).
  r.post(
    '/api/v1/trainee/session',
    { config: permission('public'), schema: { tags, body: InvitationExchangeBody, response: { 200: TraineeMe } } },
    async (req, reply) => {
      const session = await trainee.openInvitation(req.body.token, { userAgent: req.headers['user-agent'] });
      setSessionCookie(reply, session, deps.cookieSecure);
      const actor = await deps.auth.actorFromToken(session.token);
      if (!actor) throw unauthenticated();
      return trainee.me(actor);
    },
  );

  r.get('/api/v1/me', { config: permission('self'), schema: { tags, response: { 200: TraineeMe } } }, async (req) => trainee.me(req.actor!));
  // The first screen's one round trip; the trainee page (t.html) preloads it while its scripts load.
  r.get(
    '/api/v1/me/start',
    {
      config: permission('self'),
      schema: { tags, querystring: z.object({ enrolment: z.coerce.number().int().positive().max(2_147_483_647).optional() }), response: { 200: TraineeStart } },
    },
    async (req) => trainee.start(req.actor!, req.query.enrolment),
  );
  r.get('/api/v1/me/hours', { config: permission('self'), schema: { tags, response: { 200: PersonHours } } }, async (req) => trainee.allHours(req.actor!));
  r.get(
    '/api/v1/me/enrolments/:enrolmentId/timetable',
    { config: permission('self'), schema: { tags, params: enrolmentParams, response: { 200: TraineeTimetable } } },
    async (req) => trainee.timetable(req.actor!, req.params.enrolmentId),
  );
  r.get(
    '/api/v1/me/enrolments/:enrolmentId/group',
    { config: permission('self'), schema: { tags, params: enrolmentParams, response: { 200: TraineeGroup } } },
    async (req) => trainee.group(req.actor!, req.params.enrolmentId),
  );
  r.get(
    '/api/v1/me/enrolments/:enrolmentId/badge',
    { config: permission('self'), schema: { tags, params: enrolmentParams, response: { 200: TraineeBadge } } },
    async (req) => trainee.badge(req.actor!, req.params.enrolmentId),
  );
  r.get(
    '/api/v1/me/enrolments/:enrolmentId/hours',
    { config: permission('self'), schema: { tags, params: enrolmentParams, response: { 200: TraineeClassHours } } },
    async (req) => trainee.classHours(req.actor!, req.params.enrolmentId),
  );
  r.get(
    '/api/v1/me/enrolments/:enrolmentId/leave-requests',
    { config: permission('self'), schema: { tags, params: enrolmentParams, response: { 200: z.array(LeaveRequest) } } },
    async (req) => trainee.leaveRequests(req.actor!, req.params.enrolmentId),
  );
  r.post(
    '/api/v1/me/enrolments/:enrolmentId/leave-requests',
    { config: permission('self'), schema: { tags, params: enrolmentParams, body: LeaveRequestBody, response: { 201: LeaveRequest } } },
    async (req, reply) => {
      const l = await trainee.requestLeave(req.actor!, req.params.enrolmentId, req.body);
      reply.code(201);
      return l;
    },
  );
  r.post(
    '/api/v1/me/leave-requests/:leaveRequestId/cancel',
    { config: permission('self'), schema: { tags, params: idParams('leaveRequestId'), response: { 200: LeaveRequest } } },
    async (req) => trainee.cancelLeave(req.actor!, req.params.leaveRequestId),
  );
  r.get(
    '/api/v1/me/check-in-codes/:code',
    { config: permission('self'), schema: { tags, params: z.object({ code: z.string().max(300) }), response: { 200: CheckInPreview } } },
    async (req) => trainee.previewCheckIn(req.actor!, req.params.code),
  );
  r.post('/api/v1/me/check-ins', { config: permission('self'), schema: { tags, body: CheckInBody, response: { 200: CheckInResult } } }, async (req) =>
    trainee.checkIn(req.actor!, req.body.code),
  );
  // A scan queued on the phone while offline, uploaded when the network is back (#15).
  r.post(
    '/api/v1/me/offline-check-ins',
    { config: permission('self'), schema: { tags, body: OfflineCheckInBody, response: { 200: OfflineCheckInResult } } },
    async (req) => trainee.offlineCheckIn(req.actor!, req.body),
  );

  // Staff: issuing, revoking and printing invitations.
  r.get(
    '/api/v1/classes/:classId/invitations',
    { config: permission('invitation.manage', 'class'), schema: { tags, params: idParams('classId'), response: { 200: z.array(InvitationEntry) } } },
    async (req) => trainee.listInvitations(req.params.classId),
  );
  r.post(
    '/api/v1/enrolments/:enrolmentId/invitation',
    { config: permission('invitation.manage', 'enrolment'), schema: { tags, params: enrolmentParams, response: { 201: IssuedInvitation } } },
    async (req, reply) => {
      const issued = await trainee.issueInvitation(req.actor!, req.params.enrolmentId);
      reply.code(201).header('cache-control', 'no-store');
      return issued;
    },
  );
  r.post(
    '/api/v1/enrolments/:enrolmentId/invitation/renew',
    { config: permission('invitation.manage', 'enrolment'), schema: { tags, params: enrolmentParams, response: { 200: RenewedInvitation } } },
    async (req) => trainee.renewInvitation(req.actor!, req.params.enrolmentId),
  );
  r.delete(
    '/api/v1/enrolments/:enrolmentId/invitation',
    { config: permission('invitation.manage', 'enrolment'), schema: { tags, params: enrolmentParams, response: { 200: OkSchema } } },
    async (req) => {
      await trainee.revokeInvitation(req.actor!, req.params.enrolmentId);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/v1/classes/:classId/invitations/sheet',
    { config: permission('invitation.manage', 'class'), schema: { tags, params: idParams('classId'), body: InvitationSheetBody } },
    async (req, reply) => {
      const pdf = await trainee.invitationSheet(req.actor!, req.params.classId, req.body);
      reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="invitations-${req.params.classId}.pdf"`);
      return reply.send(pdf);
    },
  );
}
