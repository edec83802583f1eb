import { z } from 'zod';
import {
  AuditPage,
  type AuditQuery,
  ClassDetail,
  type CopyClassBody,
  type CreateClassBody,
  type CreateProgrammeBody,
  Institution,
  ProgrammeDetail,
  type TransitionBody,
  type UpdateClassBody,
  type UpdateProgrammeBody,
} from '../../../contracts';
import { api } from '../../api/client';

// The set-up endpoints of the 教务 office (programmes, classes, copies, lifecycle steps) and the
// audit trails, typed from the contracts; answers are checked against them.
type In<T extends z.ZodType> = z.input<T>;

export const setupKeys = {
  institutions: ['institutions'] as const,
  classAudit: (classId: number) => ['audit', 'class', classId] as const,
  institutionAudit: (institutionId: number) => ['audit', 'institution', institutionId] as const,
};

export const setupApi = {
  institutions: () => api('GET', '/api/v1/institutions', { schema: z.array(Institution) }),
  createProgramme: (institutionId: number, body: In<typeof CreateProgrammeBody>) =>
    api('POST', `/api/v1/institutions/${institutionId}/programmes`, { body, schema: ProgrammeDetail }),
  updateProgramme: (id: number, body: In<typeof UpdateProgrammeBody>) => api('PATCH', `/api/v1/programmes/${id}`, { body, schema: ProgrammeDetail }),
  createClass: (programmeId: number, body: In<typeof CreateClassBody>) =>
    api('POST', `/api/v1/programmes/${programmeId}/classes`, { body, schema: ClassDetail }),
  updateClass: (id: number, body: In<typeof UpdateClassBody>) => api('PATCH', `/api/v1/classes/${id}`, { body, schema: ClassDetail }),
  copyClass: (id: number, body: In<typeof CopyClassBody>) => api('POST', `/api/v1/classes/${id}/copy`, { body, schema: ClassDetail }),
  transition: (id: number, body: In<typeof TransitionBody>) => api('POST', `/api/v1/classes/${id}/transition`, { body, schema: ClassDetail }),
  classAudit: (classId: number, query: Partial<AuditQuery>) => api('GET', `/api/v1/classes/${classId}/audit`, { query, schema: AuditPage }),
  institutionAudit: (institutionId: number, query: Partial<AuditQuery>) =>
    api('GET', `/api/v1/institutions/${institutionId}/audit`, { query, schema: AuditPage }),
};
