import { useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  ClassEvaluations,
  EvaluationSettings,
  LecturerRatingSummary,
  LecturerRatings,
  NonRespondents,
  OkSchema,
  OutstandingEvaluations,
  QuestionnaireLink,
  QuestionnaireResults,
  QuestionnaireSummary,
  Template,
  type TemplateBody,
  type UpdateEvaluationSettingsBody,
  type UpdateQuestionnaireBody,
} from '../../../contracts';
import { api } from '../../api/client';

// The evaluation endpoints, typed from the contracts (answers are checked against them).
type In<T extends z.ZodType> = z.input<T>;

export const evaluationApi = {
  overview: (classId: number) => api('GET', `/api/v1/classes/${classId}/evaluations`, { schema: ClassEvaluations }),
  results: (classId: number, id: number) => api('GET', `/api/v1/classes/${classId}/evaluations/${id}/results`, { schema: QuestionnaireResults }),
  nonRespondents: (classId: number, id: number) => api('GET', `/api/v1/classes/${classId}/evaluations/${id}/non-respondents`, { schema: NonRespondents }),
  outstanding: (classId: number) => api('GET', `/api/v1/classes/${classId}/evaluations/outstanding`, { schema: OutstandingEvaluations }),
  link: (classId: number, id: number) => api('GET', `/api/v1/classes/${classId}/evaluations/${id}/link`, { schema: QuestionnaireLink }),
  updateQuestionnaire: (classId: number, id: number, body: In<typeof UpdateQuestionnaireBody>) =>
    api('PATCH', `/api/v1/classes/${classId}/evaluations/${id}`, { body, schema: QuestionnaireSummary }),
  updateSettings: (classId: number, body: In<typeof UpdateEvaluationSettingsBody>) =>
    api('PATCH', `/api/v1/classes/${classId}/evaluation-settings`, { body, schema: EvaluationSettings }),
  templates: (institutionId: number) => api('GET', `/api/v1/institutions/${institutionId}/evaluation-templates`, { schema: z.array(Template) }),
  createTemplate: (institutionId: number, body: TemplateBody) =>
    api('POST', `/api/v1/institutions/${institutionId}/evaluation-templates`, { body, schema: Template }),
  updateTemplate: (institutionId: number, id: number, body: TemplateBody) =>
    api('PUT', `/api/v1/institutions/${institutionId}/evaluation-templates/${id}`, { body, schema: Template }),
  archiveTemplate: (institutionId: number, id: number) =>
    api('DELETE', `/api/v1/institutions/${institutionId}/evaluation-templates/${id}`, { schema: OkSchema }),
  lecturerRatings: (lecturerId: number) => api('GET', `/api/v1/lecturers/${lecturerId}/evaluation-ratings`, { schema: LecturerRatings }),
  lecturerRatingSummaries: (institutionId: number) =>
    api('GET', `/api/v1/institutions/${institutionId}/lecturer-ratings`, { schema: z.array(LecturerRatingSummary) }),
  reportUrl: (classId: number, format: 'pdf' | 'xlsx') => `/api/v1/classes/${classId}/evaluations/report.${format}`,
};

export const evKeys = {
  overview: (classId: number) => ['evaluations', classId] as const,
  results: (classId: number, id: number) => ['evaluations', classId, 'results', id] as const,
  nonRespondents: (classId: number, id: number) => ['evaluations', classId, 'non-respondents', id] as const,
  outstanding: (classId: number) => ['evaluations', classId, 'outstanding'] as const,
  templates: (institutionId: number) => ['evaluation-templates', institutionId] as const,
  lecturerRatings: (id: number) => ['lecturer-ratings', id] as const,
  lecturerRatingSummaries: (institutionId: number) => ['lecturer-ratings', 'institution', institutionId] as const,
};

// Results change as trainees answer: poll while a questionnaire is open, so the charts move.
const LIVE_MS = 15_000;

export const useClassEvaluations = (classId: number) =>
  useQuery({
    queryKey: evKeys.overview(classId),
    queryFn: () => evaluationApi.overview(classId),
    refetchInterval: (q) => (q.state.data?.questionnaires.some((x) => x.state === 'open') ? LIVE_MS : false),
  });
export const useResults = (classId: number, id: number | null, live: boolean) =>
  useQuery({
    queryKey: evKeys.results(classId, id ?? 0),
    queryFn: () => evaluationApi.results(classId, id!),
    enabled: id !== null,
    refetchInterval: live ? LIVE_MS : false,
  });
export const useNonRespondents = (classId: number, id: number | null) =>
  useQuery({ queryKey: evKeys.nonRespondents(classId, id ?? 0), queryFn: () => evaluationApi.nonRespondents(classId, id!), enabled: id !== null });
export const useOutstanding = (classId: number, enabled: boolean) =>
  useQuery({ queryKey: evKeys.outstanding(classId), queryFn: () => evaluationApi.outstanding(classId), enabled });
export const useTemplates = (institutionId: number) =>
  useQuery({ queryKey: evKeys.templates(institutionId), queryFn: () => evaluationApi.templates(institutionId) });
export const useLecturerRatings = (lecturerId: number | null) =>
  useQuery({
    queryKey: evKeys.lecturerRatings(lecturerId ?? 0),
    queryFn: () => evaluationApi.lecturerRatings(lecturerId!),
    enabled: lecturerId !== null,
    retry: false,
  });
export const useLecturerRatingSummaries = (institutionId: number) =>
  useQuery({ queryKey: evKeys.lecturerRatingSummaries(institutionId), queryFn: () => evaluationApi.lecturerRatingSummaries(institutionId), retry: false });

/** After a change to a class's questionnaires: everything of that class's evaluation. */
export function useEvaluationRefresh(classId: number) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['evaluations', classId] });
}
