import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Account,
  type ChangePasswordBody,
  type CreateAccountBody,
  type CreateGrantBody,
  type CreateInstitutionAccountBody,
  CurrentUser,
  EndedSessions,
  type InstitutionBody,
  InstitutionDetail,
  type InstitutionImageKind,
  InvitationInfo,
  type InviteClassStaffBody,
  IssuedCredential,
  OkSchema,
  OwnSession,
  Staff,
  type UpdateAccountBody,
  type UpdateInstitutionBody,
} from '../../../contracts';
import { api, sendForm } from '../../api/client';

// The endpoints of the admin area, the own-account page, the set-password page and the class staff
// card, typed from the contracts (kept here rather than in the app-wide endpoints file).
type In<T extends z.ZodType> = z.input<T>;

export type AccountT = z.output<typeof Account>;
export type InstitutionT = z.output<typeof InstitutionDetail>;
export type IssuedT = z.output<typeof IssuedCredential>;
export type OwnSessionT = z.output<typeof OwnSession>;

export const accountApi = {
  institutions: () => api('GET', '/api/v1/institutions', { schema: z.array(InstitutionDetail) }),
  createInstitution: (body: In<typeof InstitutionBody>) => api('POST', '/api/v1/institutions', { body, schema: InstitutionDetail }),
  updateInstitution: (id: number, body: In<typeof UpdateInstitutionBody>) => api('PATCH', `/api/v1/institutions/${id}`, { body, schema: InstitutionDetail }),
  removeImage: (id: number, kind: InstitutionImageKind) => api('DELETE', `/api/v1/institutions/${id}/images/${kind}`, { schema: InstitutionDetail }),
  uploadImage(id: number, kind: InstitutionImageKind, file: File) {
    const form = new FormData();
    form.append('file', file, file.name);
    return sendForm('PUT', `/api/v1/institutions/${id}/images/${kind}`, form, InstitutionDetail);
  },

  accounts: (query: { q?: string; institutionId?: number }) => api('GET', '/api/v1/users', { query, schema: z.array(Account) }),
  institutionAccounts: (institutionId: number, q?: string) =>
    api('GET', `/api/v1/institutions/${institutionId}/users`, { query: { q }, schema: z.array(Account) }),
  account: (id: number) => api('GET', `/api/v1/users/${id}`, { schema: Account }),
  createAccount: (body: In<typeof CreateAccountBody>) => api('POST', '/api/v1/users', { body, schema: IssuedCredential }),
  createInstitutionAccount: (institutionId: number, body: In<typeof CreateInstitutionAccountBody>) =>
    api('POST', `/api/v1/institutions/${institutionId}/users`, { body, schema: IssuedCredential }),
  updateAccount: (id: number, body: In<typeof UpdateAccountBody>) => api('PATCH', `/api/v1/users/${id}`, { body, schema: Account }),
  resetCredential: (id: number, credential: 'one_time_password' | 'invitation_link') =>
    api('POST', `/api/v1/users/${id}/credentials`, { body: { credential }, schema: IssuedCredential }),
  signOutEverywhere: (id: number) => api('POST', `/api/v1/users/${id}/sign-out`, { body: { everywhere: true }, schema: EndedSessions }),
  unlock: (id: number) => api('POST', `/api/v1/users/${id}/unlock`, { body: {}, schema: Account }),
  grant: (id: number, body: In<typeof CreateGrantBody>) => api('POST', `/api/v1/users/${id}/grants`, { body, schema: Account }),
  revokeGrant: (id: number, grantId: number) => api('DELETE', `/api/v1/users/${id}/grants/${grantId}`, { schema: Account }),

  changePassword: (body: In<typeof ChangePasswordBody>) =>
    api('POST', '/api/v1/auth/password', { body, schema: z.object({ endedSessions: z.number(), user: CurrentUser }) }),
  ownSessions: () => api('GET', '/api/v1/auth/sessions', { schema: z.array(OwnSession) }),
  endSession: (id: number) => api('DELETE', `/api/v1/auth/sessions/${id}`, { schema: OkSchema }),
  endOtherSessions: () => api('DELETE', '/api/v1/auth/sessions', { schema: EndedSessions }),
  invitation: (token: string) => api('POST', '/api/v1/auth/invitation', { body: { token }, schema: InvitationInfo }),
  acceptInvitation: (body: { token: string; newPassword: string; newPasswordRepeat: string }) =>
    api('POST', '/api/v1/auth/invitation/accept', { body, schema: CurrentUser }),

  classStaff: (classId: number) => api('GET', `/api/v1/classes/${classId}/staff`, { schema: z.array(Staff) }),
  addClassStaff: (classId: number, body: { userId: number; role: 'project_lead' | 'class_teacher' }) =>
    api('POST', `/api/v1/classes/${classId}/staff`, { body, schema: z.array(Staff) }),
  removeClassStaff: (staffId: number) => api('DELETE', `/api/v1/staff/${staffId}`, { schema: OkSchema }),
  inviteClassStaff: (classId: number, body: In<typeof InviteClassStaffBody>) =>
    api('POST', `/api/v1/classes/${classId}/staff/invitations`, { body, schema: IssuedCredential }),
};

export const accountKeys = {
  // Not ['institutions'] alone: the hours report keeps the short form of the list under that key.
  institutions: ['institutions', 'detail'] as const,
  accounts: ['accounts'] as const,
  list: (scope: string, q: string) => ['accounts', scope, q] as const,
  account: (id: number) => ['accounts', 'one', id] as const,
  ownSessions: ['own-sessions'] as const,
};

export const useInstitutions = () => useQuery({ queryKey: accountKeys.institutions, queryFn: accountApi.institutions });
