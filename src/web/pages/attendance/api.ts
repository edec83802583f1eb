import { z } from 'zod';
import {
  AttendanceEntry,
  AttendanceMatrix,
  CheckInCode,
  HoursReport,
  InvitationEntry,
  IssuedInvitation,
  LeaveRequest,
  OkSchema,
  ProblemSchema,
  SessionAttendance,
} from '../../../contracts';
import { ApiError, api, baseHeaders } from '../../api/client';
import { fileNameOf } from '../roster-io/transfer';

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
  invitations: (classId: number) => api('GET', `/api/v1/classes/${classId}/invitations`, { schema: z.array(InvitationEntry) }),
  issue: (enrolmentId: number) => api('POST', `/api/v1/enrolments/${enrolmentId}/invitation`, { schema: IssuedInvitation }),
  revoke: (enrolmentId: number) => api('DELETE', `/api/v1/enrolments/${enrolmentId}/invitation`, { schema: OkSchema }),
  hoursReport: (institutionId: number, year: number, threshold: number) =>
    api('GET', `/api/v1/institutions/${institutionId}/hours-report`, { query: { year, threshold }, schema: HoursReport }),
};

/** POSTs and downloads the answer (the invitation sheet: issuing tokens is a write). */
export async function postForFile(path: string, body: unknown, fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { ...baseHeaders(true), 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { type: 'about:blank', title: '', status: 0, code: 'client.network' });
  }
  if (!res.ok) {
    const parsed = ProblemSchema.safeParse(await res.json().catch(() => null));
    throw new ApiError(res.status, parsed.success ? parsed.data : { type: 'about:blank', title: '', status: res.status, code: `client.http_${res.status}` });
  }
  const name = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

export const svgSrc = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
