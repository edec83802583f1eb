import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AddStaffBody,
  AuditEntry,
  ClassDetail,
  ClassListQuery,
  ClassSummary,
  CreateClassBody,
  CreateInstitutionBody,
  CreateProgrammeBody,
  Institution,
  idParams,
  OkSchema,
  ProgrammeDetail,
  ProgrammeSummary,
  Staff,
  TransitionBody,
  UpdateClassBody,
  UpdateProgrammeBody,
} from '../../../contracts';
import { permission } from '../../http';
import type { AuditService } from '../audit/service';
import type { ClassService } from './service';

export function classRoutes(app: FastifyInstance, deps: { classes: ClassService; audit: AuditService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { classes } = deps;
  const tags = ['classes'];

  r.get('/api/v1/institutions', { config: permission('staff'), schema: { tags, response: { 200: z.array(Institution) } } }, async (req) =>
    classes.listInstitutions(req.actor!),
  );
  r.post(
    '/api/v1/institutions',
    { config: permission('admin'), schema: { tags, body: CreateInstitutionBody, response: { 201: Institution } } },
    async (req, reply) => {
      const id = await classes.createInstitution(req.actor, req.body);
      reply.code(201);
      return { id, name: req.body.name, shortName: req.body.shortName ?? null, code: req.body.code, sponsorsSeePhones: false };
    },
  );

  r.get('/api/v1/programmes', { config: permission('staff'), schema: { tags, response: { 200: z.array(ProgrammeSummary) } } }, async (req) =>
    classes.listProgrammes(req.actor!),
  );
  r.post(
    '/api/v1/institutions/:institutionId/programmes',
    {
      config: permission('programme.manage', 'institution'),
      schema: { tags, params: idParams('institutionId'), body: CreateProgrammeBody, response: { 201: ProgrammeDetail } },
    },
    async (req, reply) => {
      const id = await classes.createProgramme(req.actor, { ...req.body, institutionId: req.params.institutionId });
      reply.code(201);
      return classes.getProgramme(req.actor!, id);
    },
  );
  r.get(
    '/api/v1/programmes/:programmeId',
    { config: permission('programme.read', 'programme'), schema: { tags, params: idParams('programmeId'), response: { 200: ProgrammeDetail } } },
    async (req) => classes.getProgramme(req.actor!, req.params.programmeId),
  );
  r.patch(
    '/api/v1/programmes/:programmeId',
    {
      config: permission('programme.manage', 'programme'),
      schema: { tags, params: idParams('programmeId'), body: UpdateProgrammeBody, response: { 200: ProgrammeDetail } },
    },
    async (req) => {
      await classes.updateProgramme(req.actor!, req.params.programmeId, req.body);
      return classes.getProgramme(req.actor!, req.params.programmeId);
    },
  );

  r.get(
    '/api/v1/classes',
    { config: permission('staff'), schema: { tags, querystring: ClassListQuery, response: { 200: z.array(ClassSummary) } } },
    async (req) => classes.listClasses(req.actor!, req.query),
  );
  r.post(
    '/api/v1/programmes/:programmeId/classes',
    {
      config: permission('class.manage', 'programme'),
      schema: { tags, params: idParams('programmeId'), body: CreateClassBody, response: { 201: ClassDetail } },
    },
    async (req, reply) => {
      const id = await classes.createClass(req.actor, req.params.programmeId, req.body);
      reply.code(201);
      return classes.getClass(req.actor, id);
    },
  );
  r.get(
    '/api/v1/classes/:classId',
    { config: permission('class.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: ClassDetail } } },
    async (req) => classes.getClass(req.actor, req.params.classId),
  );
  r.patch(
    '/api/v1/classes/:classId',
    { config: permission('class.manage', 'class'), schema: { tags, params: idParams('classId'), body: UpdateClassBody, response: { 200: ClassDetail } } },
    async (req) => {
      await classes.updateClass(req.actor!, req.params.classId, req.body);
      return classes.getClass(req.actor, req.params.classId);
    },
  );
  r.post(
    '/api/v1/classes/:classId/transition',
    { config: permission('class.run', 'class'), schema: { tags, params: idParams('classId'), body: TransitionBody, response: { 200: ClassDetail } } },
    async (req) => {
      classes.assertMayTransition(req.actor!, req.scope!, req.body.to);
      await classes.transition(req.actor, req.params.classId, req.body.to, undefined, { confirmWarnings: req.body.confirmWarnings });
      return classes.getClass(req.actor, req.params.classId);
    },
  );

  r.get(
    '/api/v1/classes/:classId/staff',
    { config: permission('class.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: z.array(Staff) } } },
    async (req) => classes.listStaff(req.params.classId),
  );
  r.post(
    '/api/v1/classes/:classId/staff',
    { config: permission('class.manage', 'class'), schema: { tags, params: idParams('classId'), body: AddStaffBody, response: { 201: z.array(Staff) } } },
    async (req, reply) => {
      await classes.addStaff(req.actor, req.params.classId, req.body);
      reply.code(201);
      return classes.listStaff(req.params.classId);
    },
  );
  r.delete(
    '/api/v1/staff/:staffId',
    { config: permission('class.manage', 'staff'), schema: { tags, params: idParams('staffId'), response: { 200: OkSchema } } },
    async (req) => {
      await classes.removeStaff(req.actor!, req.params.staffId);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/classes/:classId/audit',
    { config: permission('audit.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: z.array(AuditEntry) } } },
    async (req) => deps.audit.listForClass(req.params.classId),
  );
}
