import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ClassFollowup,
  EnrolmentInClassParams,
  FollowupReport,
  FollowupSettingsBody,
  idParams,
  MyActionPlan,
  PlanItemBody,
  PlanItemParams,
  StaffPlanItemBody,
  StaffPlanItemParams,
  SupervisorAnswerBody,
  SupervisorAnswered,
  SupervisorBody,
  SupervisorSurvey,
  TraineeFollowupBody,
} from '../../../contracts';
import { permission } from '../../http';
import { download } from '../certificates/routes';
import type { FollowupService } from './service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function followupRoutes(app: FastifyInstance, deps: { followup: FollowupService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { followup } = deps;
  const tags = ['followup'];
  const mine = idParams('enrolmentId');
  const classParams = idParams('classId');

  // The trainee, on the phone: the plan, the supervisor, the follow-up answer.
  r.get(
    '/api/v1/me/enrolments/:enrolmentId/action-plan',
    { config: permission('self'), schema: { tags, params: mine, response: { 200: MyActionPlan } } },
    async (req) => followup.mine(req.actor!, req.params.enrolmentId),
  );
  r.post(
    '/api/v1/me/enrolments/:enrolmentId/action-plan/items',
    { config: permission('self'), schema: { tags, params: mine, body: PlanItemBody, response: { 200: MyActionPlan } } },
    async (req) => followup.addItem(req.actor!, req.params.enrolmentId, req.body),
  );
  r.put(
    '/api/v1/me/enrolments/:enrolmentId/action-plan/items/:itemId',
    { config: permission('self'), schema: { tags, params: PlanItemParams, body: PlanItemBody, response: { 200: MyActionPlan } } },
    async (req) => followup.updateItem(req.actor!, req.params.enrolmentId, req.params.itemId, req.body),
  );
  r.delete(
    '/api/v1/me/enrolments/:enrolmentId/action-plan/items/:itemId',
    { config: permission('self'), schema: { tags, params: PlanItemParams, response: { 200: MyActionPlan } } },
    async (req) => followup.deleteItem(req.actor!, req.params.enrolmentId, req.params.itemId),
  );
  r.put(
    '/api/v1/me/enrolments/:enrolmentId/action-plan/supervisor',
    { config: permission('self'), schema: { tags, params: mine, body: SupervisorBody, response: { 200: MyActionPlan } } },
    async (req) => followup.setMySupervisor(req.actor!, req.params.enrolmentId, req.body),
  );
  r.put(
    '/api/v1/me/enrolments/:enrolmentId/followup',
    { config: permission('self'), schema: { tags, params: mine, body: TraineeFollowupBody, response: { 200: MyActionPlan } } },
    async (req) => followup.answer(req.actor!, req.params.enrolmentId, req.body),
  );

  // The supervisor, through the signed link (no account).
  const token = z.object({ token: z.string().max(80) });
  r.get(
    '/api/v1/followup/supervisor/:token',
    { config: permission('public'), schema: { tags, params: token, response: { 200: SupervisorSurvey } } },
    async (req) => followup.supervisorSurvey(req.params.token),
  );
  r.put(
    '/api/v1/followup/supervisor/:token',
    { config: permission('public'), schema: { tags, params: token, body: SupervisorAnswerBody, response: { 200: SupervisorAnswered } } },
    async (req) => followup.answerAsSupervisor(req.params.token, req.body.answers),
  );

  // The class teacher, in the class workspace.
  r.get(
    '/api/v1/classes/:classId/followup',
    { config: permission('followup.manage', 'class'), schema: { tags, params: classParams, response: { 200: ClassFollowup } } },
    async (req) => followup.classView(req.params.classId),
  );
  r.put(
    '/api/v1/classes/:classId/followup/settings',
    { config: permission('followup.manage', 'class'), schema: { tags, params: classParams, body: FollowupSettingsBody, response: { 200: ClassFollowup } } },
    async (req) => followup.setSettings(req.actor!, req.params.classId, req.body),
  );
  r.put(
    '/api/v1/classes/:classId/followup/plans/:enrolmentId/items/:itemId',
    {
      config: permission('followup.manage', 'class'),
      schema: { tags, params: StaffPlanItemParams, body: StaffPlanItemBody, response: { 200: ClassFollowup } },
    },
    async (req) => followup.updatePlanItem(req.actor!, req.params.classId, req.params.enrolmentId, req.params.itemId, req.body),
  );
  r.put(
    '/api/v1/classes/:classId/followup/supervisors/:enrolmentId',
    {
      config: permission('followup.manage', 'class'),
      schema: { tags, params: EnrolmentInClassParams, body: SupervisorBody, response: { 200: ClassFollowup } },
    },
    async (req) => followup.setSupervisor(req.actor!, req.params.classId, req.params.enrolmentId, req.body),
  );

  // The report, for the organizer and the sponsor: a class, or every class of a programme by year.
  r.get(
    '/api/v1/classes/:classId/followup/report',
    { config: permission('followup.report', 'class'), schema: { tags, params: classParams, response: { 200: FollowupReport } } },
    async (req) => followup.classReport(req.params.classId),
  );
  r.get(
    '/api/v1/classes/:classId/followup/report.xlsx',
    { config: permission('followup.report', 'class'), schema: { tags, params: classParams } },
    async (req, reply) => {
      const report = await followup.classReport(req.params.classId);
      return download(reply, `训后跟踪-${report.scope.name}.xlsx`, XLSX, await followup.xlsx(report));
    },
  );
  r.get(
    '/api/v1/programmes/:programmeId/followup/report',
    { config: permission('followup.report', 'programme'), schema: { tags, params: idParams('programmeId'), response: { 200: FollowupReport } } },
    async (req) => followup.programmeReport(req.params.programmeId),
  );
  r.get(
    '/api/v1/programmes/:programmeId/followup/report.xlsx',
    { config: permission('followup.report', 'programme'), schema: { tags, params: idParams('programmeId') } },
    async (req, reply) => {
      const report = await followup.programmeReport(req.params.programmeId);
      return download(reply, `训后跟踪-${report.scope.name}.xlsx`, XLSX, await followup.xlsx(report));
    },
  );
}
