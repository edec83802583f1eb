import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Appraisal,
  AppraisalList,
  Reflection,
  ReflectionExcerpt,
  ReflectionList,
  type ReviewReflectionBody,
  type StaffAppraisalBody,
} from '../../../contracts';
import { api } from '../../api/client';
import { downloadFile } from '../roster-io/transfer';

// The after-class endpoints (#19), typed from the contracts.
type In<T extends z.ZodType> = z.input<T>;

export const afterKeys = {
  reflections: (classId: number) => ['reflections', classId] as const,
  reflection: (classId: number, enrolmentId: number) => ['reflection', classId, enrolmentId] as const,
  appraisals: (classId: number) => ['appraisals', classId] as const,
  excerpts: (classId: number) => ['reflection-excerpts', classId] as const,
};

export const afterApi = {
  reflections: (classId: number) => api('GET', `/api/v1/classes/${classId}/reflections`, { schema: ReflectionList }),
  reflection: (classId: number, enrolmentId: number) => api('GET', `/api/v1/classes/${classId}/reflections/${enrolmentId}`, { schema: Reflection }),
  review: (classId: number, enrolmentId: number, body: In<typeof ReviewReflectionBody>) =>
    api('POST', `/api/v1/classes/${classId}/reflections/${enrolmentId}/review`, { body, schema: Reflection }),
  setMinWords: (classId: number, minWords: number) =>
    api('PUT', `/api/v1/classes/${classId}/reflections/settings`, { body: { minWords }, schema: ReflectionList }),
  excerpts: (classId: number) => api('GET', `/api/v1/classes/${classId}/reflections/excerpts`, { schema: z.array(ReflectionExcerpt) }),
  appraisals: (classId: number) => api('GET', `/api/v1/classes/${classId}/appraisals`, { schema: AppraisalList }),
  saveAppraisal: (classId: number, enrolmentId: number, body: In<typeof StaffAppraisalBody>) =>
    api('PUT', `/api/v1/classes/${classId}/appraisals/${enrolmentId}`, { body, schema: Appraisal }),
  signOff: (classId: number, enrolmentId: number) => api('POST', `/api/v1/classes/${classId}/appraisals/${enrolmentId}/sign-off`, { schema: Appraisal }),
  unlock: (classId: number, enrolmentId: number, reason: string) =>
    api('POST', `/api/v1/classes/${classId}/appraisals/${enrolmentId}/unlock`, { body: { reason }, schema: Appraisal }),
  pdf: (classId: number, enrolmentId: number, name: string) => downloadFile(`/api/v1/classes/${classId}/appraisals/${enrolmentId}/pdf`, `结业鉴定-${name}.pdf`),
  batch: (classId: number, workUnit: string) =>
    downloadFile(`/api/v1/classes/${classId}/appraisals/batch.pdf?workUnit=${encodeURIComponent(workUnit)}`, `结业鉴定-${workUnit}.pdf`),
};

export const useReflections = (classId: number) => useQuery({ queryKey: afterKeys.reflections(classId), queryFn: () => afterApi.reflections(classId) });
export const useAppraisals = (classId: number) => useQuery({ queryKey: afterKeys.appraisals(classId), queryFn: () => afterApi.appraisals(classId) });
