import { z } from 'zod';
import {
  AttendanceEntry,
  AttendanceMatrix,
  CheckInCode,
  HoursReport,
  InvitationEntry,
  IssuedInvitation,
  LeaveRequest,
  OfflineCheckInReviewItem,
  OkSchema,
  RenewedInvitation,
  SessionAttendance,
  WorkUnits,
} from '../../../contracts';
import { api } from '../../api/client';

// The attendance, leave, invitation and hours endpoints, typed from the contracts.
export const attendanceApi = {
  matrix: (classId: number, filter: { groupId?: number; day?: string }) =>
    api('GET', `/api/v1/classes/${classId}/attendance-matrix`, { query: filter, schema: AttendanceMatrix }),
  session: (sessionId: number) => api('GET', `/api/v1/sessions/${sessionId}/attendance`, { schema: SessionAttendance }),
  mark: (sessionId: number, enrolmentId: number, body: { status: string; reason: string | null }) =>
    api('PUT', `/api/v1/sessions/${sessionId}/attendance/${enrolmentId}`, { body, schema: AttendanceEntry }),
  clear: (sessionId: number, enrolmentId: number) =>
    api('DELETE', `/api/v1/sessions/${sessionId}/attendance/${enrolmentId}`, { schema: z.object({ entry: AttendanceEntry.nullable() }) }),
  code: (sessionId: number) => api('GET', `/api/v1/sessions/${sessionId}/check-in-code`, { schema: CheckInCode }),
  leaves: (classId: number, status?: string) => api('GET', `/api/v1/classes/${classId}/leave-requests`, { query: { status }, schema: z.array(LeaveRequest) }),
  decide: (classId: number, leaveId: number, body: { decision: 'approve' | 'reject'; comment: string | null }) =>
    api('POST', `/api/v1/classes/${classId}/leave-requests/${leaveId}/decision`, { body, schema: LeaveRequest }),
  offlineCheckIns: (classId: number) => api('GET', `/api/v1/classes/${classId}/offline-check-ins`, { schema: z.array(OfflineCheckInReviewItem) }),
  reviewOffline: (classId: number, attendanceId: number, decision: 'accept' | 'reject') =>
    api('POST', `/api/v1/classes/${classId}/offline-check-ins/${attendanceId}/review`, { body: { decision }, schema: OfflineCheckInReviewItem }),
  invitations: (classId: number) => api('GET', `/api/v1/classes/${classId}/invitations`, { schema: z.array(InvitationEntry) }),
  issue: (enrolmentId: number) => api('POST', `/api/v1/enrolments/${enrolmentId}/invitation`, { schema: IssuedInvitation }),
  revoke: (enrolmentId: number) => api('DELETE', `/api/v1/enrolments/${enrolmentId}/invitation`, { schema: OkSchema }),
  renew: (enrolmentId: number) => api('POST', `/api/v1/enrolments/${enrolmentId}/invitation/renew`, { schema: RenewedInvitation }),
  hoursReport: (institutionId: number, query: HoursReportFilter & { cursor?: string }) =>
    api('GET', `/api/v1/institutions/${institutionId}/hours-report`, { query, schema: HoursReport }),
  workUnits: (institutionId: number, q: string) => api('GET', `/api/v1/institutions/${institutionId}/work-units`, { query: { q }, schema: WorkUnits }),
};

export type HoursReportFilter = { year: number; threshold: number; below?: 'year' | 'five_years'; workUnit?: string; programmeId?: number };

export const svgSrc = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
