import { z } from 'zod';
import { AttendanceMethod, EffectiveStatus, Hours, LeaveStatus, OfflineReview } from './attendance';
import { Id } from './common';

// The trainee's phone: invitations, the device session, and what /api/v1/me/… returns.

export const InvitationExchangeBody = z.object({
  token: z
    .string()
    .trim()
    .min(20)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'invitation.invalid'),
});

export const TraineeEnrolment = z.object({
  enrolmentId: z.number(),
  classId: z.number(),
  classTitle: z.string(),
  shortTitle: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  timeZone: z.string(),
  place: z.string().nullable(),
  classStatus: z.string(),
  status: z.string(),
  groupId: z.number().nullable(),
  groupName: z.string().nullable(),
  role: z.string(),
});
export const TraineeMe = z.object({
  personId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  nameLatin: z.string().nullable(),
  locale: z.string(),
  csrfToken: z.string(),
  enrolments: z.array(TraineeEnrolment),
});
export type TraineeMe = z.infer<typeof TraineeMe>;

export const TraineeSessionItem = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  day: z.string(),
  hours: z.number(),
  venue: z.string().nullable(),
  site: z.object({ name: z.string(), address: z.string().nullable(), contactName: z.string().nullable(), contactPhone: z.string().nullable() }).nullable(),
  lecturers: z.array(z.object({ name: z.string(), title: z.string().nullable() })),
  groups: z.array(z.string()),
  description: z.string().nullable(),
  status: EffectiveStatus,
  method: AttendanceMethod.nullable(),
  checkedInAt: z.string().nullable(),
  /** An offline check-in's review (#15): 'pending' while the class teacher has not confirmed it (it earns no hours yet). */
  review: OfflineReview.nullable(),
  leave: LeaveStatus.nullable(),
  opensAt: z.string(),
  isOpen: z.boolean(),
});
export type TraineeSessionItem = z.infer<typeof TraineeSessionItem>;
export const TraineeTimetable = z.object({
  enrolment: TraineeEnrolment,
  today: z.string(),
  sessions: z.array(TraineeSessionItem),
});
export type TraineeTimetable = z.infer<typeof TraineeTimetable>;

export const TraineeGroup = z.object({
  group: z.object({ id: z.number(), name: z.string() }).nullable(),
  members: z.array(z.object({ name: z.string(), nameBo: z.string().nullable(), role: z.string(), workUnit: z.string().nullable(), isMe: z.boolean() })),
});
export const TraineeBadge = z.object({ enrolmentId: z.number(), name: z.string(), badge: z.string(), svg: z.string() });
export const TraineeClassHours = z.object({ enrolmentId: z.number(), classTitle: z.string(), leaveLimitRatio: z.number(), hours: Hours });

/** The trainee's first screen in one answer: GET /api/v1/me/start. */
export const TraineeStart = z.object({
  me: TraineeMe,
  enrolmentId: z.number().nullable(),
  timetable: TraineeTimetable.nullable(),
  hours: TraineeClassHours.nullable(),
});
export type TraineeStart = z.infer<typeof TraineeStart>;

export const InvitationStatus = z.enum(['none', 'active', 'expired', 'revoked']);
export const InvitationEntry = z.object({
  enrolmentId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  groupName: z.string().nullable(),
  status: InvitationStatus,
  issuedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  useCount: z.number(),
  /** The link stops opening after this instant; renewing moves it (#14). */
  expiresAt: z.string().nullable(),
});
export type InvitationEntry = z.infer<typeof InvitationEntry>;
export const IssuedInvitation = z.object({
  enrolmentId: z.number(),
  name: z.string(),
  token: z.string(),
  url: z.string(),
  svg: z.string(),
  expiresAt: z.string(),
});
export const RenewedInvitation = z.object({ enrolmentId: z.number(), expiresAt: z.string() });
export type IssuedInvitation = z.infer<typeof IssuedInvitation>;
export const InvitationSheetBody = z.object({
  /** Only these trainees; all enrolled trainees when left out. */
  enrolmentIds: z.array(Id).max(2000).optional(),
  /** Only trainees who have no active invitation yet (keeps handed-out slips valid). */
  onlyWithout: z.boolean().default(false),
});
