import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CompletionRule, EnrolmentInClassParams, ExceptionBody, idParams, OkSchema, UpdateCompletionRuleBody } from '../../../contracts';
import { permission } from '../../http';
import type { CertificateService } from '../certificates/service';
import type { CompletionService } from './service';

export function completionRoutes(app: FastifyInstance, deps: { completion: CompletionService; certificates: Pick<CertificateService, 'ruleView'> }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { completion, certificates } = deps;
  const tags = ['completion'];

  r.patch(
    '/api/v1/classes/:classId/completion/rule',
    {
      config: permission('completion.manage', 'class'),
      schema: { tags, params: idParams('classId'), body: UpdateCompletionRuleBody, response: { 200: CompletionRule } },
    },
    async (req) => {
      await completion.updateRule(req.actor!, req.params.classId, req.body);
      return certificates.ruleView(req.params.classId);
    },
  );
  r.put(
    '/api/v1/classes/:classId/completion/exceptions/:enrolmentId',
    {
      config: permission('completion.manage', 'class'),
      schema: { tags, params: EnrolmentInClassParams, body: ExceptionBody, response: { 200: OkSchema } },
    },
    async (req) => {
      await completion.setException(req.actor!, req.params.classId, req.params.enrolmentId, req.body);
      return { ok: true as const };
    },
  );
  r.delete(
    '/api/v1/classes/:classId/completion/exceptions/:enrolmentId',
    { config: permission('completion.manage', 'class'), schema: { tags, params: EnrolmentInClassParams, response: { 200: OkSchema } } },
    async (req) => {
      await completion.clearException(req.actor!, req.params.classId, req.params.enrolmentId);
      return { ok: true as const };
    },
  );
}
