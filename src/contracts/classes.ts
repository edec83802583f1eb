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

export const Institution = z.object({
  id: z.number(),
  name: z.string(),
  shortName: z.string().nullable(),
  code: z.string(),
  /** hardening (#14): whether the institution's sponsors (read-only) see trainees' phone numbers; off by default. */
  sponsorsSeePhones: z.boolean(),
});
// hardening (#14): the institution's personal-data settings, set by its administrator or organizer.
export const InstitutionSettingsBody = z.object({ sponsorsSeePhones: z.boolean() }).partial();
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
export const CreateProgrammeBody = z.object(ProgrammeFields);
export const UpdateProgrammeBody = z.object(ProgrammeFields).partial();

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
    lunchStarts: timeOfDay,
    lunchEnds: timeOfDay,
  })
  .partial();

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
  lunchStarts: z.string(),
  lunchEnds: z.string(),
  staff: z.array(Staff),
  counts: z.object({ trainees: z.number(), groups: z.number(), sessions: z.number(), siteVisits: z.number(), hours: z.number() }),
  /** What the caller may do here; the web app shows buttons from this, the server still checks. */
  abilities: z.array(z.string()),
  nextStatus: ClassStatus.nullable(),
});
export type ClassDetail = z.infer<typeof ClassDetail>;

export const TransitionBody = z.object({
  to: ClassStatus,
  /** The caller has seen the timetable's open planning warnings (clashes, travel, lunch) and starts the class anyway. */
  confirmWarnings: z.boolean().optional(),
});
export const ClassListQuery = z.object({ programmeId: Id.optional(), status: ClassStatus.optional() });
export const ProgrammeDetail = ProgrammeSummary.extend({ classes: z.array(ClassSummary) });

export const AuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.number().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
