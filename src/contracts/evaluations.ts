import { z } from 'zod';
import { Id, isoDateTime, optionalText, requiredText } from './common';
import { SessionKind } from './timetable';

// Evaluation (培训质量评估): questionnaire templates, questionnaires attached to sessions and to the
// class, anonymous answers, results and lecturer ratings. Shared by the server and the web app.

export const QuestionKind = z.enum(['rating', 'single', 'multiple', 'text']);
export type QuestionKind = z.infer<typeof QuestionKind>;
/** What a rating question is about; lecturer ratings across classes average the 'lecturer' ones. */
export const QuestionTopic = z.enum(['content', 'lecturer', 'organisation', 'logistics', 'overall']);
export type QuestionTopic = z.infer<typeof QuestionTopic>;
/** Where a template is used by default: a session kind, or the class as a whole. */
export const TemplateTarget = z.enum([...SessionKind.options, 'class']);
export type TemplateTarget = z.infer<typeof TemplateTarget>;

export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const DEFAULT_RATING_LABELS = ['很不满意', '不满意', '一般', '满意', '非常满意'];
export const TEXT_ANSWER_MAX = 2000;

const questionId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'evaluation.question_id');

export const QuestionOption = z.object({ id: z.string(), text: z.string() });
export const Question = z.object({
  id: z.string(),
  kind: QuestionKind,
  text: z.string(),
  required: z.boolean(),
  topic: QuestionTopic.nullable(),
  /** Rating questions: the words for 1 … 5. */
  labels: z.array(z.string()),
  /** Choice questions: the choices. */
  options: z.array(QuestionOption),
});
export type Question = z.infer<typeof Question>;

export const QuestionInput = z
  .object({
    id: questionId.optional(),
    kind: QuestionKind,
    text: requiredText(300),
    required: z.boolean().default(true),
    topic: QuestionTopic.nullable().optional(),
    labels: z.array(requiredText(20)).max(5).optional(),
    options: z
      .array(z.object({ id: questionId.optional(), text: requiredText(200) }))
      .max(20)
      .optional(),
  })
  .superRefine((q, ctx) => {
    const choice = q.kind === 'single' || q.kind === 'multiple';
    if (choice && (q.options?.length ?? 0) < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'evaluation.options_needed' });
    if (!choice && q.options?.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'evaluation.options_not_allowed' });
    if (q.kind === 'rating' && q.labels && q.labels.length !== 5) ctx.addIssue({ code: 'custom', path: ['labels'], message: 'evaluation.labels_five' });
    if (q.kind !== 'rating' && q.labels?.length) ctx.addIssue({ code: 'custom', path: ['labels'], message: 'evaluation.labels_not_allowed' });
    const optionIds = (q.options ?? []).map((o) => o.id).filter(Boolean);
    if (new Set(optionIds).size !== optionIds.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'evaluation.duplicate_option' });
  });
export type QuestionInput = z.input<typeof QuestionInput>;

export const TemplateBody = z
  .object({
    name: requiredText(100),
    description: optionalText(500),
    defaultFor: TemplateTarget.nullable().optional(),
    questions: z.array(QuestionInput).min(1, 'evaluation.no_questions').max(50),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.questions.forEach((q, i) => {
      if (!q.id) return;
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: 'evaluation.duplicate_question' });
      seen.add(q.id);
    });
  });
export type TemplateBody = z.input<typeof TemplateBody>;

export const Template = z.object({
  id: z.number(),
  institutionId: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  defaultFor: TemplateTarget.nullable(),
  builtinKey: z.string().nullable(),
  questions: z.array(Question),
  revision: z.number(),
  /** Questionnaires that use it. */
  usedBy: z.number(),
  updatedAt: z.string(),
});
export type Template = z.infer<typeof Template>;

export const TemplateParams = z.object({ institutionId: Id, templateId: Id });

export const EvaluationSettings = z.object({
  /** Hours a questionnaire stays open after it opens. */
  closeAfterHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  /** Minutes before a session's scheduled end that its questionnaire opens (the QR code on the last slide). */
  openBeforeEndMinutes: z.number().int().min(0).max(240),
  /** Groups with fewer responses than this are not shown on their own. */
  minGroupSize: z.number().int().min(2).max(50),
});
export type EvaluationSettings = z.infer<typeof EvaluationSettings>;
export const UpdateEvaluationSettingsBody = EvaluationSettings.partial();

export const QuestionnaireState = z.enum(['disabled', 'scheduled', 'open', 'closed']);
export type QuestionnaireState = z.infer<typeof QuestionnaireState>;

export const QuestionnaireSession = z.object({
  id: z.number(),
  title: z.string(),
  kind: SessionKind,
  startsAt: z.string(),
  endsAt: z.string(),
  lecturers: z.array(z.object({ id: z.number(), name: z.string() })),
  groups: z.array(z.object({ id: z.number(), name: z.string() })),
});

export const QuestionnaireSummary = z.object({
  id: z.number(),
  classId: z.number(),
  /** Null for the questionnaire on the class as a whole. */
  session: QuestionnaireSession.nullable(),
  title: z.string(),
  templateId: z.number().nullable(),
  templateName: z.string().nullable(),
  enabled: z.boolean(),
  anonymous: z.boolean(),
  opensAt: z.string(),
  closesAt: z.string(),
  /** Whether the times were set by hand rather than following the session and the class settings. */
  customTimes: z.boolean(),
  state: QuestionnaireState,
  expected: z.number(),
  answered: z.number(),
  /** answered / expected, 0 … 1; null when nobody is expected. */
  responseRate: z.number().nullable(),
  /** Mean of every rating answer, 1 … 5; null without any. */
  average: z.number().nullable(),
  /** The questions are fixed once someone has answered. */
  locked: z.boolean(),
  /** Path of the trainee page for this questionnaire (for a QR code on the last slide). */
  linkPath: z.string(),
});
export type QuestionnaireSummary = z.infer<typeof QuestionnaireSummary>;

export const ClassEvaluations = z.object({
  classId: z.number(),
  institutionId: z.number(),
  classTitle: z.string(),
  timeZone: z.string(),
  settings: EvaluationSettings,
  /** True when the list holds only the signed-in lecturer's own sessions. */
  ownSessionsOnly: z.boolean(),
  questionnaires: z.array(QuestionnaireSummary),
});
export type ClassEvaluations = z.infer<typeof ClassEvaluations>;

export const QuestionnaireParams = z.object({ classId: Id, questionnaireId: Id });

export const UpdateQuestionnaireBody = z.object({
  templateId: Id.optional(),
  enabled: z.boolean().optional(),
  anonymous: z.boolean().optional(),
  opensAt: isoDateTime.nullable().optional(),
  closesAt: isoDateTime.nullable().optional(),
});

export const RatingBucket = z.object({ value: z.number(), label: z.string(), count: z.number() });
export const QuestionResult = z.object({
  id: z.string(),
  kind: QuestionKind,
  text: z.string(),
  topic: QuestionTopic.nullable(),
  required: z.boolean(),
  /** Responses that answered this question. */
  answered: z.number(),
  average: z.number().nullable(),
  distribution: z.array(RatingBucket),
  options: z.array(z.object({ id: z.string(), text: z.string(), count: z.number() })),
  /** Free-text answers in no particular order; `by` is set only on questionnaires that are not anonymous. */
  comments: z.array(z.object({ text: z.string(), by: z.string().nullable() })),
});
export type QuestionResult = z.infer<typeof QuestionResult>;

export const GroupBreakdown = z.object({
  minGroupSize: z.number(),
  groups: z.array(z.object({ groupId: z.number(), name: z.string(), responses: z.number(), average: z.number().nullable() })),
  /** Groups left out because fewer than minGroupSize of them answered. */
  hiddenGroups: z.number(),
});

export const QuestionnaireResults = z.object({
  questionnaire: QuestionnaireSummary,
  responses: z.number(),
  questions: z.array(QuestionResult),
  /** Null for questionnaires whose audience is one group. */
  byGroup: GroupBreakdown.nullable(),
});
export type QuestionnaireResults = z.infer<typeof QuestionnaireResults>;

export const NonRespondent = z.object({
  enrolmentId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  groupName: z.string().nullable(),
  phone: z.string().nullable(),
});
export const NonRespondents = z.object({
  questionnaireId: z.number(),
  title: z.string(),
  state: QuestionnaireState,
  closesAt: z.string(),
  expected: z.number(),
  answered: z.number(),
  people: z.array(NonRespondent),
});
export type NonRespondents = z.infer<typeof NonRespondents>;

/** Every trainee with questionnaires still to answer that are open now. */
export const OutstandingEvaluations = z.object({
  openQuestionnaires: z.number(),
  people: z.array(NonRespondent.extend({ pending: z.array(z.object({ questionnaireId: z.number(), title: z.string(), closesAt: z.string() })) })),
});
export type OutstandingEvaluations = z.infer<typeof OutstandingEvaluations>;

export const QuestionnaireLink = z.object({ path: z.string(), url: z.string(), svg: z.string() });

export const LecturerRatingSession = z.object({
  sessionId: z.number(),
  questionnaireId: z.number(),
  title: z.string(),
  kind: SessionKind,
  startsAt: z.string(),
  responses: z.number(),
  expected: z.number(),
  /** Mean of the answers to questions about the lecturer (all rating questions when there are none). */
  lecturerScore: z.number().nullable(),
  overallScore: z.number().nullable(),
});
export const LecturerRatings = z.object({
  lecturerId: z.number(),
  name: z.string(),
  score: z.number().nullable(),
  responses: z.number(),
  byYear: z.array(z.object({ year: z.number(), score: z.number().nullable(), responses: z.number(), sessions: z.number() })),
  byClass: z.array(
    z.object({
      classId: z.number(),
      classTitle: z.string(),
      year: z.number(),
      score: z.number().nullable(),
      responses: z.number(),
      sessions: z.array(LecturerRatingSession),
    }),
  ),
});
export type LecturerRatings = z.infer<typeof LecturerRatings>;
export const LecturerRatingSummary = z.object({
  lecturerId: z.number(),
  score: z.number().nullable(),
  responses: z.number(),
  sessions: z.number(),
  classes: z.number(),
  lastYear: z.number().nullable(),
});

// Trainee side

export const AnswerValue = z.union([z.number(), z.string().max(TEXT_ANSWER_MAX * 2), z.array(z.string().max(40)).max(20)]);
export const Answers = z.record(z.string().max(40), AnswerValue);
export type Answers = z.infer<typeof Answers>;
export const SubmitAnswersBody = z.object({ answers: Answers });

export const MyQuestionnaire = z.object({
  id: z.number(),
  classId: z.number(),
  classTitle: z.string(),
  /** The class's time zone, in which the phone shows the times. */
  timeZone: z.string(),
  title: z.string(),
  session: z.object({ title: z.string(), kind: SessionKind, startsAt: z.string(), endsAt: z.string(), lecturerNames: z.array(z.string()) }).nullable(),
  state: QuestionnaireState,
  opensAt: z.string(),
  closesAt: z.string(),
  anonymous: z.boolean(),
  answered: z.boolean(),
  /** Answered and still open: the trainee may change their answers. */
  editable: z.boolean(),
});
export type MyQuestionnaire = z.infer<typeof MyQuestionnaire>;
export const MyQuestionnaireDetail = MyQuestionnaire.extend({
  questions: z.array(Question),
  /** The trainee's own answers, while they can still change them. */
  answers: Answers.nullable(),
});
export type MyQuestionnaireDetail = z.infer<typeof MyQuestionnaireDetail>;
export const SubmitResult = z.object({ ok: z.literal(true), updated: z.boolean(), closesAt: z.string() });
