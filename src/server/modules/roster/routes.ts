import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateGroupBody,
  EnrolBody,
  Enrolment,
  EnrolResult,
  Group,
  idParams,
  MoveBody,
  OkSchema,
  RevealedIdNumber,
  RosterQuery,
  UpdateEnrolmentBody,
  UpdateGroupBody,
  WithdrawBody,
} from '../../../contracts';
import { permission } from '../../http';
import type { RosterService } from './service';

export function rosterRoutes(app: FastifyInstance, deps: { roster: RosterService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { roster } = deps;
  const tags = ['roster'];

  r.get(
    '/api/v1/classes/:classId/enrolments',
    {
      config: permission('roster.read', 'class'),
      schema: { tags, params: idParams('classId'), querystring: RosterQuery, response: { 200: z.array(Enrolment) } },
    },
    async (req) => roster.listRoster(req.params.classId, req.query, req.actor),
  );
  r.post(
    '/api/v1/classes/:classId/enrolments',
    { config: permission('roster.write', 'class'), schema: { tags, params: idParams('classId'), body: EnrolBody, response: { 201: EnrolResult } } },
    async (req, reply) => {
      const e = await roster.enrol(req.actor!, req.params.classId, req.body);
      reply.code(201);
      return e;
    },
  );
  r.post(
    '/api/v1/classes/:classId/enrolments/move',
    { config: permission('roster.write', 'class'), schema: { tags, params: idParams('classId'), body: MoveBody, response: { 200: z.array(Enrolment) } } },
    async (req) => roster.moveToGroup(req.actor!, req.params.classId, req.body.enrolmentIds, req.body.groupId),
  );
  r.get(
    '/api/v1/enrolments/:enrolmentId',
    { config: permission('roster.read', 'enrolment'), schema: { tags, params: idParams('enrolmentId'), response: { 200: Enrolment } } },
    async (req) => roster.getEnrolment(req.params.enrolmentId, req.actor),
  );
  r.patch(
    '/api/v1/enrolments/:enrolmentId',
    {
      config: permission('roster.write', 'enrolment'),
      schema: { tags, params: idParams('enrolmentId'), body: UpdateEnrolmentBody, response: { 200: Enrolment } },
    },
    async (req) => roster.updateEnrolment(req.actor!, req.params.enrolmentId, req.body),
  );
  r.post(
    '/api/v1/enrolments/:enrolmentId/withdraw',
    { config: permission('roster.write', 'enrolment'), schema: { tags, params: idParams('enrolmentId'), body: WithdrawBody, response: { 200: Enrolment } } },
    async (req) => roster.withdraw(req.actor!, req.params.enrolmentId, req.body.reason),
  );
  r.get(
    '/api/v1/enrolments/:enrolmentId/id-number',
    { config: permission('roster.reveal', 'enrolment'), schema: { tags, params: idParams('enrolmentId'), response: { 200: RevealedIdNumber } } },
    async (req) => roster.revealIdNumber(req.actor!, req.params.enrolmentId),
  );

  r.get(
    '/api/v1/classes/:classId/groups',
    { config: permission('roster.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: z.array(Group) } } },
    async (req) => roster.listGroups(req.params.classId),
  );
  r.post(
    '/api/v1/classes/:classId/groups',
    { config: permission('roster.write', 'class'), schema: { tags, params: idParams('classId'), body: CreateGroupBody, response: { 201: Group } } },
    async (req, reply) => {
      const g = await roster.createGroup(req.actor!, req.params.classId, req.body);
      reply.code(201);
      return g;
    },
  );
  r.patch(
    '/api/v1/groups/:groupId',
    { config: permission('roster.write', 'group'), schema: { tags, params: idParams('groupId'), body: UpdateGroupBody, response: { 200: Group } } },
    async (req) => roster.updateGroup(req.actor!, req.params.groupId, req.body),
  );
  r.delete(
    '/api/v1/groups/:groupId',
    { config: permission('roster.write', 'group'), schema: { tags, params: idParams('groupId'), response: { 200: OkSchema } } },
    async (req) => {
      await roster.deleteGroup(req.actor!, req.params.groupId);
      return { ok: true as const };
    },
  );
}
