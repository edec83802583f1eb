import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  Appraisal,
  AppraisalBatchQuery,
  AppraisalList,
  EnrolmentInClassParams,
  idParams,
  SelfAppraisalBody,
  StaffAppraisalBody,
  UnlockAppraisalBody,
} from '../../../contracts';
import { permission } from '../../http';
import { download } from '../certificates/routes';
import type { AppraisalService } from './service';

export function appraisalRoutes(app: FastifyInstance, deps: { appraisals: AppraisalService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { appraisals } = deps;
  const tags = ['appraisals'];
  const mine = idParams('enrolmentId');

  r.get(
    '/api/v1/me/enrolments/:enrolmentId/appraisal',
    { config: permission('self'), schema: { tags, params: mine, response: { 200: Appraisal } } },
    async (req) => appraisals.mine(req.actor!, req.params.enrolmentId),
  );
  r.put(
    '/api/v1/me/enrolments/:enrolmentId/appraisal',
    { config: permission('self'), schema: { tags, params: mine, body: SelfAppraisalBody, response: { 200: Appraisal } } },
    async (req) => appraisals.saveSelf(req.actor!, req.params.enrolmentId, req.body),
  );

  r.get(
    '/api/v1/classes/:classId/appraisals',
    { config: permission('appraisal.write', 'class'), schema: { tags, params: idParams('classId'), response: { 200: AppraisalList } } },
    async (req) => appraisals.list(req.params.classId),
  );
  r.get(
    '/api/v1/classes/:classId/appraisals/batch.pdf',
    {
      config: permission('appraisal.write', 'class'),
      schema: { tags, params: idParams('classId'), querystring: AppraisalBatchQuery, summary: "One work unit's forms with a cover letter, as one PDF" },
    },
    async (req, reply) => {
      const f = await appraisals.batch(req.params.classId, req.query.workUnit);
      return download(reply, f.fileName, 'application/pdf', f.data);
    },
  );
  r.put(
    '/api/v1/classes/:classId/appraisals/:enrolmentId',
    {
      config: permission('appraisal.write', 'class'),
      schema: { tags, params: EnrolmentInClassParams, body: StaffAppraisalBody, response: { 200: Appraisal } },
    },
    async (req) => appraisals.saveStaff(req.actor!, req.params.classId, req.params.enrolmentId, req.body),
  );
  r.post(
    '/api/v1/classes/:classId/appraisals/:enrolmentId/sign-off',
    { config: permission('appraisal.write', 'class'), schema: { tags, params: EnrolmentInClassParams, response: { 200: Appraisal } } },
    async (req) => appraisals.signOff(req.actor!, req.params.classId, req.params.enrolmentId),
  );
  r.post(
    '/api/v1/classes/:classId/appraisals/:enrolmentId/unlock',
    {
      config: permission('appraisal.unlock', 'class'),
      schema: { tags, params: EnrolmentInClassParams, body: UnlockAppraisalBody, response: { 200: Appraisal } },
    },
    async (req) => appraisals.unlock(req.actor!, req.params.classId, req.params.enrolmentId, req.body.reason),
  );
  r.get(
    '/api/v1/classes/:classId/appraisals/:enrolmentId/pdf',
    { config: permission('appraisal.write', 'class'), schema: { tags, params: EnrolmentInClassParams } },
    async (req, reply) => {
      const f = await appraisals.pdf(req.params.classId, req.params.enrolmentId);
      return download(reply, f.fileName, 'application/pdf', f.data);
    },
  );
}
