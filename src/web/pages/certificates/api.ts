import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Certificate,
  CertificateJob,
  type CertificatePreviewBody,
  CertificateSettings,
  CompletionRule,
  Eligibility,
  type ExceptionBody,
  IssueResult,
  OkSchema,
  ReissueResult,
  type StartJobBody,
  type UpdateCertificateSettingsBody,
  type UpdateCompletionRuleBody,
} from '../../../contracts';
import { api } from '../../api/client';
import { downloadFile } from '../roster-io/transfer';

// The certificate endpoints, typed from the contracts (answers are checked against them).
type In<T extends z.ZodType> = z.input<T>;

export const certificateKeys = {
  eligibility: (classId: number) => ['completion', classId] as const,
  settings: (classId: number) => ['certificate-settings', classId] as const,
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
  jobs: (classId: number) => api('GET', `/api/v1/classes/${classId}/certificate-jobs`, { schema: z.array(CertificateJob) }),
  // Certificates that say what happened (#10): keep a flagged one, early issuing, the wording.
  keep: (classId: number, certificateId: number, reason: string) =>
    api('POST', `/api/v1/classes/${classId}/certificates/${certificateId}/keep`, { body: { reason }, schema: Certificate }),
  allowEarlyIssue: (classId: number, reason: string) =>
    api('POST', `/api/v1/classes/${classId}/certificates/early-issue`, { body: { reason }, schema: OkSchema }),
  settings: (classId: number) => api('GET', `/api/v1/classes/${classId}/certificate-settings`, { schema: CertificateSettings }),
  updateSettings: (classId: number, body: In<typeof UpdateCertificateSettingsBody>) =>
    api('PUT', `/api/v1/classes/${classId}/certificate-settings`, { body, schema: CertificateSettings }),
  setBilingual: (classId: number, bilingual: boolean) =>
    api('PUT', `/api/v1/classes/${classId}/certificate-options`, { body: { bilingual }, schema: OkSchema }),
  /** Downloads a specimen certificate of the class with the wording as typed. */
  specimen: (classId: number, body: In<typeof CertificatePreviewBody>) =>
    downloadFile(`/api/v1/classes/${classId}/certificate-preview`, 'specimen.pdf', { body }),
};

export const files = {
  pdf: (classId: number, certificateId: number) => `/api/v1/classes/${classId}/certificates/${certificateId}/pdf`,
  credential: (classId: number, certificateId: number) => `/api/v1/classes/${classId}/certificates/${certificateId}/credential`,
  job: (classId: number, jobId: number) => `/api/v1/classes/${classId}/certificate-jobs/${jobId}/file`,
};

export const useCertificateSettings = (classId: number, enabled = true) =>
  useQuery({ queryKey: certificateKeys.settings(classId), queryFn: () => certificateApi.settings(classId), enabled });

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
