import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  Certificate,
  CertificateJob,
  CompletionRule,
  Eligibility,
  type ExceptionBody,
  IssueResult,
  OkSchema,
  ReissueResult,
  type StartJobBody,
  type UpdateCompletionRuleBody,
} from '../../../contracts';
import { api } from '../../api/client';

// The certificate endpoints, typed from the contracts (answers are checked against them).
type In<T extends z.ZodType> = z.input<T>;

export const certificateKeys = {
  eligibility: (classId: number) => ['completion', classId] as const,
  job: (classId: number, jobId: number) => ['certificate-job', classId, jobId] as const,
};

export const certificateApi = {
  eligibility: (classId: number) => api('GET', `/api/v1/classes/${classId}/completion`, { schema: Eligibility }),
  updateRule: (classId: number, body: In<typeof UpdateCompletionRuleBody>) =>
    api('PATCH', `/api/v1/classes/${classId}/completion/rule`, { body, schema: CompletionRule }),
  setException: (classId: number, enrolmentId: number, body: In<typeof ExceptionBody>) =>
    api('PUT', `/api/v1/classes/${classId}/completion/exceptions/${enrolmentId}`, { body, schema: OkSchema }),
  clearException: (classId: number, enrolmentId: number) =>
    api('DELETE', `/api/v1/classes/${classId}/completion/exceptions/${enrolmentId}`, { schema: OkSchema }),
  issue: (classId: number, enrolmentIds?: number[]) =>
    api('POST', `/api/v1/classes/${classId}/certificates/issue`, { body: enrolmentIds ? { enrolmentIds } : {}, schema: IssueResult }),
  revoke: (classId: number, certificateId: number, reason: string) =>
    api('POST', `/api/v1/classes/${classId}/certificates/${certificateId}/revoke`, { body: { reason }, schema: Certificate }),
  reissue: (classId: number, certificateId: number, reason: string) =>
    api('POST', `/api/v1/classes/${classId}/certificates/${certificateId}/reissue`, { body: { reason }, schema: ReissueResult }),
  startJob: (classId: number, body: In<typeof StartJobBody>) => api('POST', `/api/v1/classes/${classId}/certificate-jobs`, { body, schema: CertificateJob }),
  job: (classId: number, jobId: number) => api('GET', `/api/v1/classes/${classId}/certificate-jobs/${jobId}`, { schema: CertificateJob }),
};

export const files = {
  pdf: (classId: number, certificateId: number) => `/api/v1/classes/${classId}/certificates/${certificateId}/pdf`,
  credential: (classId: number, certificateId: number) => `/api/v1/classes/${classId}/certificates/${certificateId}/credential`,
  job: (classId: number, jobId: number) => `/api/v1/classes/${classId}/certificate-jobs/${jobId}/file`,
};

export const useEligibility = (classId: number) =>
  useQuery({ queryKey: certificateKeys.eligibility(classId), queryFn: () => certificateApi.eligibility(classId) });

/** A batch job, polled once a second until it is done or failed (its state lives in the database). */
export const useJob = (classId: number, jobId: number | null) =>
  useQuery({
    queryKey: certificateKeys.job(classId, jobId ?? 0),
    queryFn: () => certificateApi.job(classId, jobId!),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'done' || q.state.data.status === 'failed') ? false : 1000),
  });
