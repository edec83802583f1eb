import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ClassEvaluations,
  EvaluationSettings,
  idParams,
  LecturerRatingSummary,
  LecturerRatings,
  MyQuestionnaire,
  MyQuestionnaireDetail,
  NonRespondents,
  OkSchema,
  OutstandingEvaluations,
  QuestionnaireLink,
  QuestionnaireParams,
  QuestionnaireResults,
  QuestionnaireSummary,
  SubmitAnswersBody,
  SubmitResult,
  Template,
  TemplateBody,
  TemplateParams,
  UpdateEvaluationSettingsBody,
  UpdateQuestionnaireBody,
} from '../../../contracts';
import { langOf, permission } from '../../http';
import { buildReportPdf, buildReportXlsx } from './report';
import type { EvaluationService } from './service';

/** RFC 6266: an ASCII fallback and the real (Chinese) name in UTF-8. */
const disposition = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

function sendFile(reply: FastifyReply, body: Buffer, fileName: string, contentType: string) {
  return reply.header('content-type', contentType).header('content-disposition', disposition(fileName)).header('cache-control', 'private, no-store').send(body);
}

export function evaluationRoutes(app: FastifyInstance, deps: { evaluations: EvaluationService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { evaluations } = deps;
  const tags = ['evaluations'];

  // Templates, per institution. Class staff read them to choose one; organizers edit them.
  r.get(
    '/api/v1/institutions/:institutionId/evaluation-templates',
    { config: permission('institution.read', 'institution'), schema: { tags, params: idParams('institutionId'), response: { 200: z.array(Template) } } },
    async (req) => evaluations.listTemplates(req.params.institutionId),
  );
  r.post(
    '/api/v1/institutions/:institutionId/evaluation-templates',
    {
      config: permission('evaluation.manage', 'institution'),
      schema: { tags, params: idParams('institutionId'), body: TemplateBody, response: { 201: Template } },
    },
    async (req, reply) => {
      reply.code(201);
      return evaluations.createTemplate(req.actor!, req.params.institutionId, req.body);
    },
  );
  r.put(
    '/api/v1/institutions/:institutionId/evaluation-templates/:templateId',
    { config: permission('evaluation.manage', 'institution'), schema: { tags, params: TemplateParams, body: TemplateBody, response: { 200: Template } } },
    async (req) => evaluations.updateTemplate(req.actor!, req.params.institutionId, req.params.templateId, req.body),
  );
  r.delete(
    '/api/v1/institutions/:institutionId/evaluation-templates/:templateId',
    { config: permission('evaluation.manage', 'institution'), schema: { tags, params: TemplateParams, response: { 200: OkSchema } } },
    async (req) => evaluations.archiveTemplate(req.actor!, req.params.institutionId, req.params.templateId),
  );

  // A class's questionnaires and their results.
  r.get(
    '/api/v1/classes/:classId/evaluations',
    { config: permission('evaluation.read_own', 'class'), schema: { tags, params: idParams('classId'), response: { 200: ClassEvaluations } } },
    async (req) => evaluations.classOverview(req.actor!, req.params.classId),
  );
  r.patch(
    '/api/v1/classes/:classId/evaluation-settings',
    {
      config: permission('evaluation.manage', 'class'),
      schema: { tags, params: idParams('classId'), body: UpdateEvaluationSettingsBody, response: { 200: EvaluationSettings } },
    },
    async (req) => evaluations.updateSettings(req.actor!, req.params.classId, req.body),
  );
  r.get(
    '/api/v1/classes/:classId/evaluations/outstanding',
    { config: permission('evaluation.remind', 'class'), schema: { tags, params: idParams('classId'), response: { 200: OutstandingEvaluations } } },
    async (req) => evaluations.outstanding(req.params.classId),
  );
  r.get(
    '/api/v1/classes/:classId/evaluations/report.pdf',
    { config: permission('evaluation.read', 'class'), schema: { tags, params: idParams('classId') } },
    async (req, reply) => {
      const data = await evaluations.reportData(req.params.classId);
      const lang = langOf(req);
      return sendFile(reply, await buildReportPdf(data, lang), `${data.classTitle}-${lang === 'en' ? 'evaluation' : '评估报告'}.pdf`, 'application/pdf');
    },
  );
  r.get(
    '/api/v1/classes/:classId/evaluations/report.xlsx',
    { config: permission('evaluation.read', 'class'), schema: { tags, params: idParams('classId') } },
    async (req, reply) => {
      const data = await evaluations.reportData(req.params.classId);
      const lang = langOf(req);
      return sendFile(
        reply,
        await buildReportXlsx(data, lang),
        `${data.classTitle}-${lang === 'en' ? 'evaluation' : '评估报告'}.xlsx`,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    },
  );
  r.patch(
    '/api/v1/classes/:classId/evaluations/:questionnaireId',
    {
      config: permission('evaluation.manage', 'class'),
      schema: { tags, params: QuestionnaireParams, body: UpdateQuestionnaireBody, response: { 200: QuestionnaireSummary } },
    },
    async (req) => evaluations.updateQuestionnaire(req.actor!, req.params.classId, req.params.questionnaireId, req.body),
  );
  r.get(
    '/api/v1/classes/:classId/evaluations/:questionnaireId/results',
    { config: permission('evaluation.read_own', 'class'), schema: { tags, params: QuestionnaireParams, response: { 200: QuestionnaireResults } } },
    async (req) => evaluations.results(req.actor!, req.params.classId, req.params.questionnaireId),
  );
  r.get(
    '/api/v1/classes/:classId/evaluations/:questionnaireId/non-respondents',
    { config: permission('evaluation.remind', 'class'), schema: { tags, params: QuestionnaireParams, response: { 200: NonRespondents } } },
    async (req) => evaluations.nonRespondents(req.params.classId, req.params.questionnaireId),
  );
  r.get(
    '/api/v1/classes/:classId/evaluations/:questionnaireId/link',
    { config: permission('evaluation.read_own', 'class'), schema: { tags, params: QuestionnaireParams, response: { 200: QuestionnaireLink } } },
    async (req) => evaluations.link(req.actor!, req.params.classId, req.params.questionnaireId),
  );

  // The lecturer pool.
  r.get(
    '/api/v1/institutions/:institutionId/lecturer-ratings',
    {
      config: permission('evaluation.read', 'institution'),
      schema: { tags, params: idParams('institutionId'), response: { 200: z.array(LecturerRatingSummary) } },
    },
    async (req) => evaluations.lecturerRatingSummaries(req.params.institutionId),
  );
  r.get(
    '/api/v1/lecturers/:lecturerId/evaluation-ratings',
    { config: permission('evaluation.read', 'lecturer'), schema: { tags, params: idParams('lecturerId'), response: { 200: LecturerRatings } } },
    async (req) => evaluations.lecturerRatings(req.params.lecturerId),
  );

  // Trainees, on their phones.
  r.get('/api/v1/me/evaluations', { config: permission('self'), schema: { tags, response: { 200: z.array(MyQuestionnaire) } } }, async (req) =>
    evaluations.myQuestionnaires(req.actor!),
  );
  r.get(
    '/api/v1/me/evaluations/links/:token',
    {
      config: permission('self'),
      schema: { tags, params: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }), response: { 200: MyQuestionnaireDetail } },
    },
    async (req) => evaluations.myQuestionnaireByLink(req.actor!, req.params.token),
  );
  r.get(
    '/api/v1/me/evaluations/:questionnaireId',
    { config: permission('self'), schema: { tags, params: idParams('questionnaireId'), response: { 200: MyQuestionnaireDetail } } },
    async (req) => evaluations.myQuestionnaire(req.actor!, req.params.questionnaireId),
  );
  r.put(
    '/api/v1/me/evaluations/:questionnaireId/response',
    { config: permission('self'), schema: { tags, params: idParams('questionnaireId'), body: SubmitAnswersBody, response: { 200: SubmitResult } } },
    async (req) => evaluations.submit(req.actor!, req.params.questionnaireId, req.body.answers),
  );
}
