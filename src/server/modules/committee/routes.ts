import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Committee, CommitteeRoleParams, idParams, RollCallBody, RollCallResults, RollCallSheet, SetCommitteeRoleBody } from '../../../contracts';
import { langOf, permission } from '../../http';
import type { CommitteeService } from './service';

export function committeeRoutes(app: FastifyInstance, deps: { committee: CommitteeService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { committee } = deps;
  const tags = ['committee'];
  const classParams = idParams('classId');
  const enrolmentParams = idParams('enrolmentId');

  r.get(
    '/api/v1/classes/:classId/committee',
    { config: permission('roster.read', 'class'), schema: { tags, params: classParams, response: { 200: Committee } } },
    async (req) => committee.committee(req.params.classId),
  );
  r.put(
    '/api/v1/classes/:classId/committee/:role',
    { config: permission('roster.write', 'class'), schema: { tags, params: CommitteeRoleParams, body: SetCommitteeRoleBody, response: { 200: Committee } } },
    async (req) => committee.setRole(req.actor!, req.params.classId, req.params.role, req.body.enrolmentId),
  );
  // The trainee's phone: the committee of their class; and for a group leader, roll call.
  r.get(
    '/api/v1/me/enrolments/:enrolmentId/committee',
    { config: permission('self'), schema: { tags, params: enrolmentParams, response: { 200: Committee } } },
    async (req) => committee.committeeForTrainee(req.actor!, req.params.enrolmentId),
  );
  r.get(
    '/api/v1/me/enrolments/:enrolmentId/roll-call',
    { config: permission('self'), schema: { tags, params: enrolmentParams, response: { 200: RollCallSheet } } },
    async (req) => committee.rollCallSheet(req.actor!, req.params.enrolmentId),
  );
  r.post(
    '/api/v1/me/enrolments/:enrolmentId/roll-call',
    { config: permission('self'), schema: { tags, params: enrolmentParams, body: RollCallBody, response: { 200: RollCallResults } } },
    async (req) => committee.takeRollCall(req.actor!, req.params.enrolmentId, req.body.marks, langOf(req)),
  );
}
