import { z } from 'zod';
import { idParams, isoDate, optionalText, requiredText } from './common';
import { Answers, Question, QuestionResult } from './evaluations';

// Action plans (行动计划) and the follow-up months after the class (Kirkpatrick levels 3–4, #19).
// A trainee writes what they will apply at work and by when; N months after the class ends the
// follow-up opens for the trainee (each plan item marked done / partly / not yet, and questions on
// applying what was learnt) and, through a signed link, for their supervisor (observed change).

export const PlanProgress = z.enum(['done', 'partly', 'not_yet']);
export type PlanProgress = z.infer<typeof PlanProgress>;
export const FollowupState = z.enum(['scheduled', 'open', 'closed']);
export type FollowupState = z.infer<typeof FollowupState>;

export const DEFAULT_FOLLOWUP_MONTHS = 3;
export const DEFAULT_FOLLOWUP_WINDOW_DAYS = 60;
export const MAX_PLAN_ITEMS = 10;

// The questions are one fixed set per respondent, in the shape of the evaluation questionnaires
// (the same Question type, answer checks and results code), so that classes and years of a
// programme can be compared question by question.
const question = (q: Omit<Question, 'topic' | 'labels' | 'options'> & Partial<Pick<Question, 'labels' | 'options'>>): Question => ({
  topic: null,
  labels: [],
  options: [],
  ...q,
});
export const TRAINEE_QUESTIONS: Question[] = [
  question({
    id: 'applied',
    kind: 'rating',
    text: '培训所学在您工作中的应用程度',
    required: true,
    labels: ['没有应用', '很少应用', '部分应用', '较多应用', '充分应用'],
  }),
  question({
    id: 'effect',
    kind: 'single',
    text: '应用培训所学后，您所在工作的成效',
    required: true,
    options: [
      { id: 'clear', text: '明显提升' },
      { id: 'some', text: '有所提升' },
      { id: 'none', text: '暂无变化' },
      { id: 'unsure', text: '尚难判断' },
    ],
  }),
  question({ id: 'example', kind: 'text', text: '请举一个把培训所学用于工作的实例', required: false }),
  question({ id: 'obstacles', kind: 'text', text: '应用中遇到的困难和需要的支持', required: false }),
];
export const SUPERVISOR_QUESTIONS: Question[] = [
  question({
    id: 'change',
    kind: 'rating',
    text: '培训后，该同志在工作中的表现变化',
    required: true,
    labels: ['没有变化', '略有变化', '有一定变化', '变化较大', '变化很大'],
  }),
  question({
    id: 'areas',
    kind: 'multiple',
    text: '您观察到哪些方面的变化',
    required: false,
    options: [
      { id: 'knowledge', text: '业务知识' },
      { id: 'method', text: '工作方法' },
      { id: 'results', text: '工作成效' },
      { id: 'attitude', text: '工作态度' },
      { id: 'sharing', text: '带动同事' },
    ],
  }),
  question({ id: 'instance', kind: 'text', text: '请举出您观察到的具体事例', required: false }),
  question({ id: 'advice', kind: 'text', text: '对今后培训的意见和建议', required: false }),
];

export const PlanItemBody = z.object({
  text: requiredText(300),
  dueOn: isoDate.nullable().optional(),
  measure: optionalText(200),
});
export type PlanItemBody = z.input<typeof PlanItemBody>;
export const PlanItem = z.object({
  id: z.number(),
  text: z.string(),
  dueOn: z.string().nullable(),
  measure: z.string().nullable(),
  progress: PlanProgress.nullable(),
  /** The class teacher's or organizer's comment (点评) and when it was written. */
  staffComment: z.string().nullable(),
  staffCommentAt: z.string().nullable(),
});
export type PlanItem = z.infer<typeof PlanItem>;
/** The class teacher or organizer edits an item on screen and comments on it (an empty comment removes it). */
export const StaffPlanItemBody = PlanItemBody.extend({ staffComment: optionalText(500) });
export type StaffPlanItemBody = z.input<typeof StaffPlanItemBody>;
export const StaffPlanItemParams = idParams('classId', 'enrolmentId', 'itemId');
export const PlanItemParams = idParams('enrolmentId', 'itemId');

export const SupervisorBody = z.object({ name: requiredText(60), contact: requiredText(100) });
export type SupervisorBody = z.input<typeof SupervisorBody>;
export const Supervisor = z.object({ name: z.string(), contact: z.string() });

export const FollowupSchedule = z.object({
  months: z.number(),
  windowDays: z.number(),
  /** The day the follow-up opens (the class's last day plus `months`), in the class's time zone. */
  dueOn: z.string(),
  state: FollowupState,
  openedAt: z.string().nullable(),
  closesAt: z.string().nullable(),
});
export type FollowupSchedule = z.infer<typeof FollowupSchedule>;
export const FollowupSettingsBody = z.object({
  months: z.number({ error: 'followup.months' }).int('followup.months').min(1, 'followup.months').max(24, 'followup.months'),
  windowDays: z.number({ error: 'followup.window' }).int('followup.window').min(7, 'followup.window').max(180, 'followup.window').optional(),
});

/** The trainee's page: the plan, the supervisor, and the follow-up when it is open. */
export const MyActionPlan = z.object({
  classId: z.number(),
  enrolmentId: z.number(),
  classTitle: z.string(),
  items: z.array(PlanItem),
  supervisor: Supervisor.nullable(),
  schedule: FollowupSchedule,
  /** Once the class is archived the plan is kept as it is. */
  editable: z.boolean(),
  questions: z.array(Question),
  answers: Answers.nullable(),
  answeredAt: z.string().nullable(),
});
export type MyActionPlan = z.infer<typeof MyActionPlan>;
export const TraineeFollowupBody = z.object({
  progress: z.record(z.string().regex(/^\d{1,10}$/), PlanProgress),
  answers: Answers,
});
export type TraineeFollowupBody = z.input<typeof TraineeFollowupBody>;

/** The supervisor's page, opened with the signed link (no account). */
export const SupervisorSurvey = z.object({
  traineeName: z.string(),
  workUnit: z.string().nullable(),
  classTitle: z.string(),
  classDates: z.string(),
  supervisorName: z.string(),
  items: z.array(PlanItem),
  questions: z.array(Question),
  closesAt: z.string(),
  answeredAt: z.string().nullable(),
  answers: Answers.nullable(),
});
export type SupervisorSurvey = z.infer<typeof SupervisorSurvey>;
export const SupervisorAnswerBody = z.object({ answers: Answers });
export const SupervisorAnswered = z.object({ ok: z.literal(true), answeredAt: z.string(), answers: Answers });

/** The class teacher's view: every trainee's plan, supervisor and link, and who has answered. */
export const ClassFollowupRow = z.object({
  enrolmentId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  groupName: z.string().nullable(),
  workUnit: z.string().nullable(),
  items: z.array(PlanItem),
  supervisor: Supervisor.nullable(),
  /** The supervisor's link, once the follow-up is open (for the class teacher to send). */
  supervisorLink: z.string().nullable(),
  traineeAnsweredAt: z.string().nullable(),
  supervisorAnsweredAt: z.string().nullable(),
});
export type ClassFollowupRow = z.infer<typeof ClassFollowupRow>;
export const ClassFollowup = z.object({ classId: z.number(), schedule: FollowupSchedule, rows: z.array(ClassFollowupRow) });
export type ClassFollowup = z.infer<typeof ClassFollowup>;

export const FollowupFigures = z.object({
  enrolled: z.number(),
  withPlan: z.number(),
  items: z.number(),
  done: z.number(),
  partly: z.number(),
  notYet: z.number(),
  /** Items whose trainee has not answered the follow-up. */
  unreported: z.number(),
  traineeResponses: z.number(),
  /** traineeResponses / enrolled, when the follow-up has opened. */
  traineeRate: z.number().nullable(),
  supervisorsNamed: z.number(),
  supervisorResponses: z.number(),
  /** supervisorResponses / supervisorsNamed. */
  supervisorRate: z.number().nullable(),
  /** done / reported items. */
  completionRate: z.number().nullable(),
});
export type FollowupFigures = z.infer<typeof FollowupFigures>;
export const FollowupClassFigures = FollowupFigures.extend({
  classId: z.number(),
  title: z.string(),
  year: z.number(),
  dueOn: z.string(),
  state: FollowupState,
});
export const FollowupReport = z.object({
  scope: z.object({ kind: z.enum(['class', 'programme']), id: z.number(), name: z.string() }),
  classes: z.array(FollowupClassFigures),
  years: z.array(FollowupFigures.extend({ year: z.number() })),
  total: FollowupFigures,
  trainee: z.array(QuestionResult),
  supervisor: z.array(QuestionResult),
});
export type FollowupReport = z.infer<typeof FollowupReport>;
