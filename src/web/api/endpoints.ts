import { z } from 'zod';
import {
  type AgendaItemInput,
  ClassDetail,
  ClassSite,
  type ClassStatus,
  ClassSummary,
  type CreateGroupBody,
  type CreateLecturerBody,
  type CreateSessionBody,
  type CreateSiteBody,
  CurrentUser,
  type EnrolBody,
  Enrolment,
  EnrolResult,
  Group,
  LecturerDetail,
  type LoginBody,
  OkSchema,
  ProgrammeDetail,
  ProgrammeSummary,
  RevealedIdNumber,
  Session,
  Site,
  type UpdateEnrolmentBody,
  type UpdateGroupBody,
  type UpdateLecturerBody,
  type UpdateSessionBody,
  type UpdateSiteBody,
} from '../../contracts';
import { type PlanningCheckBody, PlanningWarnings } from '../../contracts/planning';
import { LecturerListItem, type PerGroupSessionsBody, StaffAccount } from '../../contracts/timetable';
import { api } from './client';

// Every endpoint the admin pages use, typed from the contracts: request bodies are the schemas'
// inputs, answers are checked against the response schemas.
type In<T extends z.ZodType> = z.input<T>;

export const endpoints = {
  me: () => api('GET', '/api/v1/auth/me', { schema: CurrentUser }),
  login: (body: In<typeof LoginBody>) => api('POST', '/api/v1/auth/login', { body, schema: CurrentUser }),
  logout: () => api('POST', '/api/v1/auth/logout', { schema: OkSchema }),
  setLocale: (locale: 'zh-CN' | 'en') => api('PATCH', '/api/v1/auth/me', { body: { locale }, schema: OkSchema }),

  programmes: () => api('GET', '/api/v1/programmes', { schema: z.array(ProgrammeSummary) }),
  programme: (id: number) => api('GET', `/api/v1/programmes/${id}`, { schema: ProgrammeDetail }),
  classes: () => api('GET', '/api/v1/classes', { schema: z.array(ClassSummary) }),
  class: (id: number) => api('GET', `/api/v1/classes/${id}`, { schema: ClassDetail }),
  transition: (id: number, to: ClassStatus) => api('POST', `/api/v1/classes/${id}/transition`, { body: { to }, schema: ClassDetail }),

  roster: (classId: number, includeWithdrawn: boolean) =>
    api('GET', `/api/v1/classes/${classId}/enrolments`, { query: { includeWithdrawn: includeWithdrawn || undefined }, schema: z.array(Enrolment) }),
  enrol: (classId: number, body: In<typeof EnrolBody>) => api('POST', `/api/v1/classes/${classId}/enrolments`, { body, schema: EnrolResult }),
  updateEnrolment: (id: number, body: In<typeof UpdateEnrolmentBody>) => api('PATCH', `/api/v1/enrolments/${id}`, { body, schema: Enrolment }),
  withdraw: (id: number, reason: string) => api('POST', `/api/v1/enrolments/${id}/withdraw`, { body: { reason }, schema: Enrolment }),
  move: (classId: number, enrolmentIds: number[], groupId: number | null) =>
    api('POST', `/api/v1/classes/${classId}/enrolments/move`, { body: { enrolmentIds, groupId }, schema: z.array(Enrolment) }),
  revealIdNumber: (id: number) => api('GET', `/api/v1/enrolments/${id}/id-number`, { schema: RevealedIdNumber }),

  groups: (classId: number) => api('GET', `/api/v1/classes/${classId}/groups`, { schema: z.array(Group) }),
  createGroup: (classId: number, body: In<typeof CreateGroupBody>) => api('POST', `/api/v1/classes/${classId}/groups`, { body, schema: Group }),
  updateGroup: (id: number, body: In<typeof UpdateGroupBody>) => api('PATCH', `/api/v1/groups/${id}`, { body, schema: Group }),
  deleteGroup: (id: number) => api('DELETE', `/api/v1/groups/${id}`, { schema: OkSchema }),

  sessions: (classId: number) => api('GET', `/api/v1/classes/${classId}/sessions`, { schema: z.array(Session) }),
  createSession: (classId: number, body: In<typeof CreateSessionBody>) => api('POST', `/api/v1/classes/${classId}/sessions`, { body, schema: Session }),
  updateSession: (id: number, body: In<typeof UpdateSessionBody>) => api('PATCH', `/api/v1/sessions/${id}`, { body, schema: Session }),
  replaceAgenda: (id: number, items: Array<In<typeof AgendaItemInput>>) => api('PUT', `/api/v1/sessions/${id}/agenda`, { body: { items }, schema: Session }),
  deleteSession: (id: number) => api('DELETE', `/api/v1/sessions/${id}`, { schema: OkSchema }),

  classSites: (classId: number) => api('GET', `/api/v1/classes/${classId}/sites`, { schema: z.array(ClassSite) }),
  sites: (institutionId: number) => api('GET', `/api/v1/institutions/${institutionId}/sites`, { schema: z.array(Site) }),
  createSite: (institutionId: number, body: In<typeof CreateSiteBody>) => api('POST', `/api/v1/institutions/${institutionId}/sites`, { body, schema: Site }),
  updateSite: (id: number, body: In<typeof UpdateSiteBody>) => api('PATCH', `/api/v1/sites/${id}`, { body, schema: Site }),

  lecturers: (institutionId: number) => api('GET', `/api/v1/institutions/${institutionId}/lecturers`, { schema: z.array(LecturerListItem) }),
  lecturer: (id: number) => api('GET', `/api/v1/lecturers/${id}`, { schema: LecturerDetail }),
  createLecturer: (institutionId: number, body: In<typeof CreateLecturerBody>) =>
    api('POST', `/api/v1/institutions/${institutionId}/lecturers`, { body, schema: LecturerDetail }),
  updateLecturer: (id: number, body: In<typeof UpdateLecturerBody>) => api('PATCH', `/api/v1/lecturers/${id}`, { body, schema: LecturerDetail }),

  // Planning (#9): warnings, sessions for every group, duplicates, lecturers' accounts.
  planningCheck: (classId: number, body: In<typeof PlanningCheckBody>) =>
    api('POST', `/api/v1/classes/${classId}/planning/check`, { body, schema: PlanningWarnings }),
  planningWarnings: (classId: number) => api('GET', `/api/v1/classes/${classId}/planning/warnings`, { schema: PlanningWarnings }),
  createForGroups: (classId: number, body: In<typeof PerGroupSessionsBody>) =>
    api('POST', `/api/v1/classes/${classId}/sessions/per-group`, { body, schema: z.array(Session) }),
  duplicateSession: (id: number, date: string) => api('POST', `/api/v1/sessions/${id}/duplicate`, { body: { date }, schema: Session }),
  staffAccounts: (institutionId: number) => api('GET', `/api/v1/institutions/${institutionId}/staff-accounts`, { schema: z.array(StaffAccount) }),
  setLecturerUser: (id: number, userId: number | null) => api('PUT', `/api/v1/lecturers/${id}/user`, { body: { userId }, schema: LecturerListItem }),
};

export type ClassDetailT = z.output<typeof ClassDetail>;
export type SessionT = z.output<typeof Session>;
export type EnrolmentT = z.output<typeof Enrolment>;
export type GroupT = z.output<typeof Group>;
export type SiteT = z.output<typeof Site>;
export type LecturerT = z.output<typeof LecturerListItem>;
export type PlanningWarningT = z.output<typeof PlanningWarnings>['warnings'][number];
