import { z } from 'zod';
import { Id, isoDate, isoDateTime, optionalText, requiredText } from './common';

// Attendance (check-in three ways), leave and training hours (学时). Shared by server and web.

export const AttendanceStatus = z.enum(['present', 'late', 'leave', 'absent']);
export type AttendanceStatus = z.infer<typeof AttendanceStatus>;
/** How a record came about: the rotating QR code, the class teacher's badge scanner, a manual mark, approved leave, or a historical record. */
export const AttendanceMethod = z.enum(['qr', 'badge', 'manual', 'leave', 'record', 'roll_call', 'offline']);
/** The status shown: a record, or for no record "absent" once the session ended, "pending" before, "none" when not expected. */
export const EffectiveStatus = z.enum(['present', 'late', 'leave', 'absent', 'pending', 'none']);
export type EffectiveStatus = z.infer<typeof EffectiveStatus>;

/**
 * One character per matrix cell, so that 500 trainees × 60 sessions stay a small response:
 * P present, L late, V leave (假), A absent, . pending (not ended, no record), - not expected.
 */
/** review: an offline check-in waiting for the class teacher (待确认, #15), neither present nor absent yet. */
export const MATRIX_CELL = { present: 'P', late: 'L', leave: 'V', absent: 'A', pending: '.', review: '?', none: '-' } as const;

export const Hours = z.object({
  attendedHours: z.number(),
  leaveHours: z.number(),
  absentHours: z.number(),
  pendingHours: z.number(),
  totalHours: z.number(),
  /** leave + absence may reach this many hours (class leave limit × total hours). */
  limitHours: z.number(),
  overLimit: z.boolean(),
});
export type Hours = z.infer<typeof Hours>;

export const SessionWindow = z.object({
  opensAt: z.string(),
  closesAt: z.string(),
  isOpen: z.boolean(),
  classStatus: z.string(),
});

export const CheckInCode = z.object({
  sessionId: z.number(),
  sessionTitle: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  code: z.string(),
  /** What the QR code holds: the trainee app's check-in link. */
  url: z.string(),
  /** The QR code as an SVG document. */
  svg: z.string(),
  changesAt: z.string(),
  windowSeconds: z.number(),
  window: SessionWindow,
  counts: z.object({ expected: z.number(), present: z.number(), late: z.number(), leave: z.number() }),
});

export const CheckInBody = z.object({ code: requiredText(300) });
export const CheckInResult = z.object({
  outcome: z.enum(['recorded', 'already']),
  sessionId: z.number(),
  sessionTitle: z.string(),
  classId: z.number(),
  status: AttendanceStatus,
  method: AttendanceMethod,
  checkedInAt: z.string().nullable(),
});
export type CheckInResult = z.infer<typeof CheckInResult>;
/** A scan of the projected code queued on a phone with no network, uploaded later (#15). */
export const OfflineCheckInBody = z.object({
  code: requiredText(300),
  /** When the phone scanned it (its own clock; the code's window bounds it). */
  scannedAt: z.string().datetime({ offset: true }),
  /** Who was signed in on the phone when it was scanned: a queued scan of another person is refused. */
  personId: z.number().int().positive(),
});
/** superseded: a manual mark, a group leader's roll call or approved leave took its place before review. */
export const OfflineReview = z.enum(['pending', 'accepted', 'rejected', 'superseded']);
export const OfflineCheckInResult = CheckInResult.extend({ syncedAt: z.string().nullable(), review: OfflineReview.nullable() });
export type OfflineCheckInResult = z.infer<typeof OfflineCheckInResult>;
/** An offline check-in the class teacher has to accept or reject (待确认). */
export const OfflineCheckInReviewItem = z.object({
  attendanceId: z.number(),
  sessionId: z.number(),
  sessionTitle: z.string(),
  enrolmentId: z.number(),
  name: z.string(),
  status: AttendanceStatus,
  scannedAt: z.string().nullable(),
  syncedAt: z.string().nullable(),
  review: OfflineReview,
});
export const OfflineReviewDecisionBody = z.object({ decision: z.enum(['accept', 'reject']) });
export const CheckInPreview = z.object({
  valid: z.boolean(),
  reason: z.string().nullable(),
  sessionId: z.number().nullable(),
  sessionTitle: z.string().nullable(),
  startsAt: z.string().nullable(),
  classTitle: z.string().nullable(),
  already: CheckInResult.nullable(),
});

export const BADGE_PREFIX = 'cohort-badge:';
export const BadgeScan = z.object({
  /** Generated on the scanning phone; a re-sent scan with the same id gets the same answer. */
  clientId: z
    .string()
    .trim()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  sessionId: Id,
  badge: z.string().trim().min(1).max(300),
  scannedAt: isoDateTime,
});
export const BadgeScanBatch = z.object({ scans: z.array(BadgeScan).min(1).max(500) });
export const BadgeScanOutcome = z.enum([
  'recorded',
  'duplicate',
  'on_leave',
  'not_open',
  'class_not_running',
  'unknown_badge',
  'not_expected',
  'withdrawn',
  'other_class',
  'id_reused',
]);
export type BadgeScanOutcome = z.infer<typeof BadgeScanOutcome>;
export const BadgeScanResult = z.object({
  clientId: z.string(),
  outcome: BadgeScanOutcome,
  enrolmentId: z.number().nullable(),
  name: z.string().nullable(),
  status: AttendanceStatus.nullable(),
  method: AttendanceMethod.nullable(),
  checkedInAt: z.string().nullable(),
  /** The outcome in the request's language, to show beside the scan. */
  message: z.string(),
});
export const BadgeScanResults = z.object({ results: z.array(BadgeScanResult) });

export const ScannerData = z.object({
  classId: z.number(),
  classTitle: z.string(),
  classStatus: z.string(),
  timeZone: z.string(),
  sessions: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      kind: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      opensAt: z.string(),
      groupIds: z.array(z.number()),
    }),
  ),
  badges: z.array(
    z.object({
      badge: z.string(),
      enrolmentId: z.number(),
      name: z.string(),
      nameBo: z.string().nullable(),
      groupId: z.number().nullable(),
      groupName: z.string().nullable(),
    }),
  ),
});

export const AttendanceEntry = z.object({
  enrolmentId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  groupId: z.number().nullable(),
  groupName: z.string().nullable(),
  recorded: AttendanceStatus.nullable(),
  status: EffectiveStatus,
  method: AttendanceMethod.nullable(),
  checkedInAt: z.string().nullable(),
  reason: z.string().nullable(),
  recordedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  leaveRequestId: z.number().nullable(),
  /** An offline check-in's review (#15): while 'pending' the entry's status is pending (待确认), not present. */
  review: OfflineReview.nullable(),
  syncedAt: z.string().nullable(),
});
export type AttendanceEntry = z.infer<typeof AttendanceEntry>;
export const StatusCounts = z.object({
  expected: z.number(),
  present: z.number(),
  late: z.number(),
  leave: z.number(),
  absent: z.number(),
  pending: z.number(),
});
export const SessionAttendance = z.object({
  session: z.object({
    id: z.number(),
    classId: z.number(),
    title: z.string(),
    kind: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    hours: z.number(),
    groups: z.array(z.object({ id: z.number(), name: z.string() })),
    lateAfter: z.string(),
  }),
  window: SessionWindow,
  timeZone: z.string(),
  counts: StatusCounts,
  entries: z.array(AttendanceEntry),
});
export type SessionAttendance = z.infer<typeof SessionAttendance>;

export const MarkAttendanceBody = z.object({ status: AttendanceStatus, reason: optionalText(500) });

export const MatrixOfflineMark = z.object({
  sessionId: z.number(),
  scannedAt: z.string().nullable(),
  syncedAt: z.string().nullable(),
  review: OfflineReview.nullable(),
});
export const MatrixQuery = z.object({ groupId: Id.optional(), day: isoDate.optional() });
export const AttendanceMatrix = z.object({
  classId: z.number(),
  classTitle: z.string(),
  timeZone: z.string(),
  leaveLimitRatio: z.number(),
  days: z.array(z.string()),
  groups: z.array(z.object({ id: z.number(), name: z.string() })),
  sessions: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      kind: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      day: z.string(),
      hours: z.number(),
      /** An offline check-in waiting for review counts as pending here, never as present. */
      counts: StatusCounts,
      /** Of counts.pending, the offline check-ins waiting for review (待确认). */
      reviewCount: z.number(),
    }),
  ),
  trainees: z.array(
    z.object({
      enrolmentId: z.number(),
      name: z.string(),
      nameBo: z.string().nullable(),
      groupId: z.number().nullable(),
      groupName: z.string().nullable(),
      /** One MATRIX_CELL character per session above, in order. */
      cells: z.string(),
      /** The cells above whose record came from an offline check-in (#15), with when it was scanned and synced. */
      offline: z.array(MatrixOfflineMark),
      /** Over the whole class, whatever the filter. */
      hours: Hours,
    }),
  ),
  overLimitCount: z.number(),
});
export type AttendanceMatrix = z.infer<typeof AttendanceMatrix>;

export const LeaveStatus = z.enum(['pending', 'approved', 'rejected', 'cancelled']);
export type LeaveStatus = z.infer<typeof LeaveStatus>;
export const LeaveRequestBody = z.object({
  sessionIds: z.array(Id).max(200).optional(),
  startsAt: isoDateTime.optional(),
  endsAt: isoDateTime.optional(),
  reason: requiredText(500),
});
export const LeaveDecisionBody = z.object({ decision: z.enum(['approve', 'reject']), comment: optionalText(500) });
export const LeaveListQuery = z.object({ status: LeaveStatus.optional() });
export const LeaveRequest = z.object({
  id: z.number(),
  classId: z.number(),
  enrolmentId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  groupName: z.string().nullable(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  reason: z.string(),
  status: LeaveStatus,
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decisionComment: z.string().nullable(),
  sessions: z.array(z.object({ id: z.number(), title: z.string(), startsAt: z.string(), endsAt: z.string(), hours: z.number() })),
  hours: z.number(),
  /** The trainee's hours in the class now, and whether this request would take them past the leave limit. */
  usage: Hours.extend({ wouldExceed: z.boolean() }),
});
export type LeaveRequest = z.infer<typeof LeaveRequest>;

export const ClassHoursEntry = Hours.extend({
  enrolmentId: z.number(),
  personId: z.number(),
  name: z.string(),
  groupName: z.string().nullable(),
  enrolmentStatus: z.string(),
});

/** The yearly requirement of the 2023 干部教育培训工作条例 (乡科级) and the five-year one (县处级 and above). */
export const YEARLY_HOURS_REQUIRED = 90;
export const FIVE_YEAR_HOURS_REQUIRED = 550;

export const PersonHours = z.object({
  personId: z.number(),
  classes: z.array(
    z.object({
      classId: z.number(),
      enrolmentId: z.number(),
      classTitle: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
      classStatus: z.string(),
      hours: Hours,
    }),
  ),
  /** Training taken elsewhere that the office approved (培训经历认定), counted in the year it ended. */
  recognised: z.array(z.object({ id: z.number(), organiser: z.string(), title: z.string(), startsOn: z.string(), endsOn: z.string(), hours: z.number() })),
  /** Hours per year, recognised outside training included (and also given apart). */
  years: z.array(z.object({ year: z.number(), hours: z.number(), recognisedHours: z.number() })),
  fiveYears: z.object({ fromYear: z.number(), toYear: z.number(), hours: z.number() }),
  yearlyRequired: z.number(),
  fiveYearRequired: z.number(),
});
export type PersonHours = z.infer<typeof PersonHours>;

export const HoursReportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  threshold: z.coerce.number().min(0).max(2000).default(YEARLY_HOURS_REQUIRED),
  /** Only those below the yearly threshold, or below 550 hours over the five years. */
  below: z.enum(['year', 'five_years']).optional(),
  workUnit: z.string().trim().max(200).optional(),
  programmeId: z.coerce.number().int().positive().optional(),
  /** The previous page's nextCursor. */
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
/** The work units of the institution's people whose name holds `q` (the 学时 report's unit filter suggests them). */
export const WorkUnitsQuery = z.object({ q: z.string().trim().max(200).default('') });
export const WorkUnits = z.array(z.object({ workUnit: z.string(), people: z.number() }));
export const HoursReport = z.object({
  institutionId: z.number(),
  year: z.number(),
  threshold: z.number(),
  /** Everyone trained by the institution that year; those below the threshold first. */
  people: z.array(
    z.object({
      personId: z.number(),
      name: z.string(),
      nameBo: z.string().nullable(),
      workUnit: z.string().nullable(),
      position: z.string().nullable(),
      rank: z.string().nullable(),
      hours: z.number(),
      fiveYearHours: z.number(),
      /** Of the year's hours, those of recognised outside training (认定). */
      recognisedHours: z.number(),
      below: z.boolean(),
      classes: z.array(z.object({ classId: z.number(), classTitle: z.string(), hours: z.number() })),
    }),
  ),
  /** Rows the filter keeps (all pages). */
  total: z.number(),
  /** Of those, below the threshold. */
  belowCount: z.number(),
  /** Pass as cursor for the next page; null on the last. */
  nextCursor: z.string().nullable(),
});
export type HoursReport = z.infer<typeof HoursReport>;
