import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ClassSite,
  CreateLecturerBody,
  CreateSessionBody,
  CreateSiteBody,
  DuplicateSessionBody,
  idParams,
  LecturerDetail,
  LecturerListItem,
  LinkLecturerUserBody,
  OkSchema,
  PerGroupSessionsBody,
  PlanningCheckBody,
  PlanningWarnings,
  ReplaceAgendaBody,
  Session,
  SessionListQuery,
  Site,
  StaffAccount,
  UpdateLecturerBody,
  UpdateSessionBody,
  UpdateSiteBody,
} from '../../../contracts';
import { permission } from '../../http';
import type { TimetableService } from './service';

export function timetableRoutes(app: FastifyInstance, deps: { timetable: TimetableService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { timetable } = deps;
  const tags = ['timetable'];

  r.get(
    '/api/v1/institutions/:institutionId/sites',
    { config: permission('institution.read', 'institution'), schema: { tags, params: idParams('institutionId'), response: { 200: z.array(Site) } } },
    async (req) => timetable.listSites(req.params.institutionId),
  );
  r.post(
    '/api/v1/institutions/:institutionId/sites',
    {
      config: permission('institution.manage', 'institution'),
      schema: { tags, params: idParams('institutionId'), body: CreateSiteBody, response: { 201: Site } },
    },
    async (req, reply) => {
      const site = await timetable.createSite(req.actor, req.params.institutionId, req.body);
      reply.code(201);
      return site;
    },
  );
  r.patch(
    '/api/v1/sites/:siteId',
    { config: permission('institution.manage', 'site'), schema: { tags, params: idParams('siteId'), body: UpdateSiteBody, response: { 200: Site } } },
    async (req) => timetable.updateSite(req.actor!, req.params.siteId, req.body),
  );
  r.get(
    '/api/v1/classes/:classId/sites',
    { config: permission('timetable.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: z.array(ClassSite) } } },
    async (req) => timetable.listClassSites(req.params.classId),
  );

  r.get(
    '/api/v1/institutions/:institutionId/lecturers',
    {
      config: permission('institution.read', 'institution'),
      schema: { tags, params: idParams('institutionId'), response: { 200: z.array(LecturerListItem) } },
    },
    async (req) => timetable.listLecturers(req.params.institutionId),
  );
  r.post(
    '/api/v1/institutions/:institutionId/lecturers',
    {
      config: permission('institution.manage', 'institution'),
      schema: { tags, params: idParams('institutionId'), body: CreateLecturerBody, response: { 201: LecturerDetail } },
    },
    async (req, reply) => {
      const id = await timetable.createLecturer(req.actor, req.params.institutionId, req.body);
      reply.code(201);
      return timetable.getLecturer(id);
    },
  );
  r.get(
    '/api/v1/lecturers/:lecturerId',
    { config: permission('institution.read', 'lecturer'), schema: { tags, params: idParams('lecturerId'), response: { 200: LecturerDetail } } },
    async (req) => timetable.getLecturer(req.params.lecturerId, req.actor),
  );
  r.patch(
    '/api/v1/lecturers/:lecturerId',
    {
      config: permission('institution.manage', 'lecturer'),
      schema: { tags, params: idParams('lecturerId'), body: UpdateLecturerBody, response: { 200: LecturerDetail } },
    },
    async (req) => timetable.updateLecturer(req.actor!, req.params.lecturerId, req.body),
  );

  r.get(
    '/api/v1/classes/:classId/sessions',
    {
      config: permission('timetable.read', 'class'),
      schema: { tags, params: idParams('classId'), querystring: SessionListQuery, response: { 200: z.array(Session) } },
    },
    async (req) => timetable.listSessions(req.params.classId, req.query),
  );
  r.post(
    '/api/v1/classes/:classId/sessions',
    { config: permission('timetable.write', 'class'), schema: { tags, params: idParams('classId'), body: CreateSessionBody, response: { 201: Session } } },
    async (req, reply) => {
      const s = await timetable.createSession(req.actor!, req.params.classId, req.body);
      reply.code(201);
      return s;
    },
  );
  r.get(
    '/api/v1/sessions/:sessionId',
    { config: permission('timetable.read', 'session'), schema: { tags, params: idParams('sessionId'), response: { 200: Session } } },
    async (req) => timetable.getSession(req.params.sessionId),
  );
  r.patch(
    '/api/v1/sessions/:sessionId',
    { config: permission('timetable.write', 'session'), schema: { tags, params: idParams('sessionId'), body: UpdateSessionBody, response: { 200: Session } } },
    async (req) => timetable.updateSession(req.actor!, req.params.sessionId, req.body),
  );
  r.put(
    '/api/v1/sessions/:sessionId/agenda',
    { config: permission('timetable.write', 'session'), schema: { tags, params: idParams('sessionId'), body: ReplaceAgendaBody, response: { 200: Session } } },
    async (req) => timetable.replaceAgenda(req.actor!, req.params.sessionId, req.body.items),
  );
  r.delete(
    '/api/v1/sessions/:sessionId',
    { config: permission('timetable.write', 'session'), schema: { tags, params: idParams('sessionId'), response: { 200: OkSchema } } },
    async (req) => {
      await timetable.deleteSession(req.actor!, req.params.sessionId);
      return { ok: true as const };
    },
  );

  // Planning (#9): warnings, per-group sessions, duplicates, lecturers tied to staff accounts.
  r.post(
    '/api/v1/classes/:classId/planning/check',
    {
      config: permission('timetable.write', 'class'),
      schema: { tags, params: idParams('classId'), body: PlanningCheckBody, response: { 200: PlanningWarnings } },
    },
    async (req) => ({ warnings: await timetable.checkPlanning(req.params.classId, req.body.sessions) }),
  );
  r.get(
    '/api/v1/classes/:classId/planning/warnings',
    { config: permission('timetable.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: PlanningWarnings } } },
    async (req) => ({ warnings: await timetable.planningWarnings(req.params.classId) }),
  );
  r.post(
    '/api/v1/classes/:classId/sessions/per-group',
    {
      config: permission('timetable.write', 'class'),
      schema: { tags, params: idParams('classId'), body: PerGroupSessionsBody, response: { 201: z.array(Session) } },
    },
    async (req, reply) => {
      const sessions = await timetable.createForGroups(req.actor!, req.params.classId, req.body);
      reply.code(201);
      return sessions;
    },
  );
  r.post(
    '/api/v1/sessions/:sessionId/duplicate',
    {
      config: permission('timetable.write', 'session'),
      schema: { tags, params: idParams('sessionId'), body: DuplicateSessionBody, response: { 201: Session } },
    },
    async (req, reply) => {
      const s = await timetable.duplicateSession(req.actor!, req.params.sessionId, req.body.date);
      reply.code(201);
      return s;
    },
  );
  r.get(
    '/api/v1/institutions/:institutionId/staff-accounts',
    {
      config: permission('institution.manage', 'institution'),
      schema: { tags, params: idParams('institutionId'), response: { 200: z.array(StaffAccount) } },
    },
    async (req) => timetable.staffAccounts(req.params.institutionId),
  );
  r.put(
    '/api/v1/lecturers/:lecturerId/user',
    {
      config: permission('institution.manage', 'lecturer'),
      schema: { tags, params: idParams('lecturerId'), body: LinkLecturerUserBody, response: { 200: LecturerListItem } },
    },
    async (req) => timetable.setLecturerUser(req.actor!, req.params.lecturerId, req.body.userId),
  );
}
