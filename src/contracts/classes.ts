import { z } from 'zod';
import { Id, isoDate, optionalText, requiredText, timeOfDay, timeZone } from './common';

export const ClassStatus = z.enum(['planning', 'enrolling', 'running', 'completed', 'archived']);
export type ClassStatus = z.infer<typeof ClassStatus>;
/** The one forward path a class takes; each step's rules live in the classes service. */
export const NEXT_STATUS: Record<ClassStatus, ClassStatus | null> = {
  planning: 'enrolling',
  enrolling: 'running',
  running: 'completed',
  completed: 'archived',
  archived: null,
};
/**
 * The permission each lifecycle step needs: opening enrolment and archiving are the 教务 office's
 * decisions; starting and closing a class is the class teacher's daily business. The server
 * enforces it; the web app uses it to decide whether to offer the step.
 */
export const STEP_ACTION: Record<ClassStatus, 'class.manage' | 'class.run'> = {
  planning: 'class.manage',
  enrolling: 'class.manage',
  running: 'class.run',
  completed: 'class.run',
  archived: 'class.manage',
};
/**
 * The step back a class may take when it moved on too soon or by mistake: the organizer's
 * decision, with a reason, until STEP_BACK_DAYS after the class's last day.
 */
export const PREVIOUS_STATUS: Record<ClassStatus, ClassStatus | null> = {
  planning: null,
  enrolling: null,
  running: 'enrolling',
  completed: 'running',
  archived: null,
};
export const STEP_BACK_DAYS = 30;

export const Institution = z.object({
  id: z.number(),
  name: z.string(),
  shortName: z.string().nullable(),
  code: z.string(),
});
export const CreateInstitutionBody = z.object({
  name: requiredText(200),
  shortName: optionalText(50),
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9-]{2,20}$/, 'required'),
});

export const Programme = z.object({
  id: z.number(),
  institutionId: z.number(),
  name: z.string(),
  sponsorName: z.string().nullable(),
  description: z.string().nullable(),
  startYear: z.number().nullable(),
  endYear: z.number().nullable(),
});
export const ProgrammeSummary = Programme.extend({
  classCount: z.number(),
  traineeCount: z.number(),
  totalHours: z.number(),
});
const ProgrammeFields = {
  name: requiredText(200),
  sponsorName: optionalText(200),
  description: optionalText(4000),
  startYear: z.number().int().min(1949).max(2200).nullable().optional(),
  endYear: z.number().int().min(1949).max(2200).nullable().optional(),
};
const yearsInOrder = (v: { startYear?: number | null; endYear?: number | null }) => !(v.startYear && v.endYear && v.endYear < v.startYear);
const YEARS_ORDER = { message: 'programme.years_order', path: ['endYear'] };
export const CreateProgrammeBody = z.object(ProgrammeFields).refine(yearsInOrder, YEARS_ORDER);
export const UpdateProgrammeBody = z.object(ProgrammeFields).partial().refine(yearsInOrder, YEARS_ORDER);

const ClassFields = {
  title: requiredText(200),
  shortTitle: optionalText(100),
  code: optionalText(50),
  startsOn: isoDate,
  endsOn: isoDate,
  timeZone: timeZone.default('Asia/Shanghai'),
  place: optionalText(200),
  organizerName: optionalText(200),
  sponsorName: optionalText(200),
  description: optionalText(4000),
  leaveLimitRatio: z
    .number()
    .min(0)
    .max(1)
    .default(1 / 7),
  minAttendanceRatio: z
    .number()
    .min(0)
    .max(1)
    .default(6 / 7),
  lateGraceMinutes: z.number().int().min(0).max(240).default(10),
  /** How long after its code a check-in scanned offline may still sync (#15). */
  offlineWindowMinutes: z.number().int().min(5).max(1440).default(120),
  /** Lunch break in the class's time zone; planning warns about sessions that leave no gap in it. */
  lunchStarts: timeOfDay.default('11:30'),
  lunchEnds: timeOfDay.default('13:30'),
};
export const CreateClassBody = z.object(ClassFields);
export const UpdateClassBody = z
  .object({
    title: ClassFields.title,
    shortTitle: ClassFields.shortTitle,
    code: ClassFields.code,
    startsOn: isoDate,
    endsOn: isoDate,
    timeZone,
    place: ClassFields.place,
    organizerName: ClassFields.organizerName,
    sponsorName: ClassFields.sponsorName,
    description: ClassFields.description,
    leaveLimitRatio: z.number().min(0).max(1),
    minAttendanceRatio: z.number().min(0).max(1),
    lateGraceMinutes: z.number().int().min(0).max(240),
    offlineWindowMinutes: z.number().int().min(5).max(1440),
    lunchStarts: timeOfDay,
    lunchEnds: timeOfDay,
    /** With a new start date: move every session by as many days (wall-clock times kept) instead of refusing. */
    shiftSessions: z.boolean(),
  })
  .partial();

/** Next year's class from a past one: its timetable moved to the new dates, no trainees. */
export const CopyClassBody = z.object({
  startsOn: isoDate,
  /** Default: the old title with the year replaced (suggestCopyTitle). */
  title: requiredText(200).optional(),
  shortTitle: optionalText(100),
  code: optionalText(50),
});

/** Every four-digit `fromYear` in the text (not part of a longer number) becomes `toYear`. */
export function replaceYear(text: string, fromYear: number, toYear: number): string {
  return text.replace(new RegExp(`(?<!\\d)${fromYear}(?!\\d)`, 'g'), String(toYear));
}

/**
 * The title of a copy: the old class's start year becomes the new one ("2020年…培训班" →
 * "2021年…培训班"); a title without it gets the new year appended, so it differs from the old.
 */
export function suggestCopyTitle(title: string, fromYear: number, toYear: number): string {
  if (fromYear === toYear) return title;
  const replaced = replaceYear(title, fromYear, toYear);
  return replaced !== title ? replaced : `${title}（${toYear}）`;
}

export const StaffRole = z.enum(['project_lead', 'class_teacher']);
export const Staff = z.object({ id: z.number(), userId: z.number(), displayName: z.string(), role: StaffRole });
export const AddStaffBody = z.object({ userId: Id, role: StaffRole });

export const ClassSummary = z.object({
  id: z.number(),
  programmeId: z.number(),
  programmeName: z.string(),
  institutionId: z.number(),
  title: z.string(),
  shortTitle: z.string().nullable(),
  code: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  timeZone: z.string(),
  place: z.string().nullable(),
  status: ClassStatus,
  traineeCount: z.number(),
});
export type ClassSummary = z.infer<typeof ClassSummary>;

export const ClassDetail = ClassSummary.extend({
  organizerName: z.string().nullable(),
  sponsorName: z.string().nullable(),
  description: z.string().nullable(),
  leaveLimitRatio: z.number(),
  minAttendanceRatio: z.number(),
  lateGraceMinutes: z.number(),
  offlineWindowMinutes: z.number(),
  lunchStarts: z.string(),
  lunchEnds: z.string(),
  staff: z.array(Staff),
  counts: z.object({ trainees: z.number(), groups: z.number(), sessions: z.number(), siteVisits: z.number(), hours: z.number() }),
  /** What the caller may do here; the web app shows buttons from this, the server still checks. */
  abilities: z.array(z.string()),
  nextStatus: ClassStatus.nullable(),
  /** What the lifecycle card needs to say before anyone presses a button; the server checks again on every step. */
  lifecycle: z.object({
    /** Today in the class's time zone, by the server's clock. */
    today: z.string(),
    /** The local date of the first session and the instant the last one ends (null without sessions). */
    firstSessionOn: z.string().nullable(),
    lastSessionEndsAt: z.string().nullable(),
    /** The next step is possible now only by an override with a reason (running before the first session's day, completed before the last session ends). */
    nextTooEarly: z.boolean(),
    /** The step back the class may take now (the organizer's, with a reason), and the last day it may. */
    previousStatus: ClassStatus.nullable(),
    stepBackUntil: z.string().nullable(),
  }),
});
export type ClassDetail = z.infer<typeof ClassDetail>;

export const TransitionBody = z.object({
  to: ClassStatus,
  /** The caller has seen the timetable's open planning warnings (clashes, travel, lunch) and starts the class anyway. */
  confirmWarnings: z.boolean().optional(),
  /** The organizer moves the class on before its timetable says it may (running before the first session's day, completed before the last session ends). Needs a reason; audited. */
  override: z.boolean().optional(),
  /** Why: required with `override` and for a step back (to the previous status). */
  reason: optionalText(500),
});
export const ClassListQuery = z.object({ programmeId: Id.optional(), status: ClassStatus.optional() });
export const ProgrammeDetail = ProgrammeSummary.extend({
  classes: z.array(ClassSummary),
  /** What the caller may do in this programme (programme.manage, class.manage, …); the server checks again. */
  abilities: z.array(z.string()),
});
