import { useQuery } from '@tanstack/react-query';
import { ClassFollowup, FollowupReport, type StaffPlanItemBody, type SupervisorBody } from '../../../contracts';
import { api } from '../../api/client';
import { downloadFile } from '../roster-io/transfer';

// The follow-up endpoints (#19), typed from the contracts.
export const followupKeys = {
  cls: (classId: number) => ['followup', classId] as const,
  report: (path: string) => ['followup-report', path] as const,
};
export const followupApi = {
  cls: (classId: number) => api('GET', `/api/v1/classes/${classId}/followup`, { schema: ClassFollowup }),
  settings: (classId: number, body: { months: number; windowDays?: number }) =>
    api('PUT', `/api/v1/classes/${classId}/followup/settings`, { body, schema: ClassFollowup }),
  supervisor: (classId: number, enrolmentId: number, body: SupervisorBody) =>
    api('PUT', `/api/v1/classes/${classId}/followup/supervisors/${enrolmentId}`, { body, schema: ClassFollowup }),
  planItem: (classId: number, enrolmentId: number, itemId: number, body: StaffPlanItemBody) =>
    api('PUT', `/api/v1/classes/${classId}/followup/plans/${enrolmentId}/items/${itemId}`, { body, schema: ClassFollowup }),
  report: (path: string) => api('GET', path, { schema: FollowupReport }),
  xlsx: (path: string, name: string) => downloadFile(`${path}.xlsx`, `训后跟踪-${name}.xlsx`),
};
export const useClassFollowup = (classId: number) => useQuery({ queryKey: followupKeys.cls(classId), queryFn: () => followupApi.cls(classId) });
export const useFollowupReport = (path: string) => useQuery({ queryKey: followupKeys.report(path), queryFn: () => followupApi.report(path) });
