import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HandbookQuery, HandbookSettings, HandbookSettingsBody, InstitutionHandbookBody, idParams, MyHandbookQuery } from '../../../contracts';
import { permission } from '../../http';
import { download } from '../certificates/routes';
import type { HandbookService } from './service';

const Rules = z.object({ rules: z.string() });

export function handbookRoutes(app: FastifyInstance, deps: { handbook: HandbookService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { handbook } = deps;
  const tags = ['handbook'];
  const cls = idParams('classId');

  r.get(
    '/api/v1/classes/:classId/handbook.pdf',
    {
      config: permission('handbook.read', 'class'),
      schema: { tags, params: cls, querystring: HandbookQuery, summary: 'The 学员手册: A5 pages, or the A5 booklet imposed on A4 for printing' },
    },
    async (req, reply) => {
      const f = await handbook.classFile(req.params.classId, req.query.layout, req.query.enrolmentId);
      return download(reply, f.fileName, 'application/pdf', f.data);
    },
  );
  r.get(
    '/api/v1/classes/:classId/handbook/settings',
    { config: permission('handbook.read', 'class'), schema: { tags, params: cls, response: { 200: HandbookSettings } } },
    async (req) => handbook.settings(req.params.classId),
  );
  r.put(
    '/api/v1/classes/:classId/handbook/settings',
    { config: permission('handbook.write', 'class'), schema: { tags, params: cls, body: HandbookSettingsBody, response: { 200: HandbookSettings } } },
    async (req) => handbook.saveSettings(req.actor!, req.params.classId, req.body),
  );
  r.get(
    '/api/v1/institutions/:institutionId/handbook-rules',
    { config: permission('institution.read', 'institution'), schema: { tags, params: idParams('institutionId'), response: { 200: Rules } } },
    async (req) => handbook.institutionRules(req.params.institutionId),
  );
  r.put(
    '/api/v1/institutions/:institutionId/handbook-rules',
    {
      config: permission('institution.manage', 'institution'),
      schema: {
        tags,
        params: idParams('institutionId'),
        body: InstitutionHandbookBody,
        summary: 'The 学员守则 every class of the institution starts from',
        response: { 200: Rules },
      },
    },
    async (req) => handbook.saveInstitutionRules(req.actor!, req.params.institutionId, req.body.rules ?? null),
  );
  r.get(
    '/api/v1/me/enrolments/:enrolmentId/handbook.pdf',
    { config: permission('self'), schema: { tags, params: idParams('enrolmentId'), querystring: MyHandbookQuery } },
    async (req, reply) => {
      const f = await handbook.myFile(req.actor!, req.params.enrolmentId, req.query.layout);
      return download(reply, f.fileName, 'application/pdf', f.data);
    },
  );
}
