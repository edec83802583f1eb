import { z } from 'zod';
import { Id, isoDateTime, optionalText } from './common';
import { SessionKind } from './timetable';

// Planning warnings (#9): clashes of trainees, lecturers and places, too little travel time, and
// no lunch break. They are computed from the timetable whenever asked, never stored: a warning is
// open as long as the clash is there, and moving a session resolves it.

export const PlanningWarningKind = z.enum(['trainees', 'lecturer', 'venue', 'site', 'travel', 'lunch']);
export type PlanningWarningKind = z.infer<typeof PlanningWarningKind>;

/** The shortest lunch break, in one piece inside the class's lunch window, that counts as a break. */
export const LUNCH_MIN_MINUTES = 30;

const GroupRef = z.object({ id: z.number(), name: z.string() });

/** A session a warning names: saved (id) or the unsaved one on the form (id null, candidate index). */
export const PlanningSessionRef = z.object({
  id: z.number().nullable(),
  candidate: z.number().nullable(),
  classId: z.number(),
  /** Set when the session belongs to another class of the institution. */
  otherClassTitle: z.string().nullable(),
  title: z.string(),
  kind: SessionKind,
  startsAt: z.string(),
  endsAt: z.string(),
  groups: z.array(GroupRef),
});
export type PlanningSessionRef = z.infer<typeof PlanningSessionRef>;

export const PlanningWarning = z.object({
  kind: PlanningWarningKind,
  /**
   * The session the warning is about and the other one it names. For travel, `other` is the
   * earlier session and `session` the one that starts too soon after it; for lunch, `session` is the
   * last one that closes the break and `other` the one before it (null when one session alone
   * covers the window).
   */
  session: PlanningSessionRef,
  other: PlanningSessionRef.nullable(),
  /** trainees: the groups in both places (empty: the whole class). */
  groups: z.array(GroupRef),
  /** lecturer: who teaches both. */
  lecturer: z.object({ id: z.number(), name: z.string() }).nullable(),
  /** venue/site: the place booked twice. */
  place: z.string().nullable(),
  /** travel: the journey and the time the timetable leaves for it. */
  travelMinutes: z.number().nullable(),
  gapMinutes: z.number().nullable(),
  /** lunch: the class's window on that day and the longest free stretch in it. */
  lunch: z.object({ date: z.string(), starts: z.string(), ends: z.string(), freeMinutes: z.number() }).nullable(),
});
export type PlanningWarning = z.infer<typeof PlanningWarning>;

/** A session as the form holds it before saving; `id` when it edits a saved one. */
export const PlanningCandidate = z.object({
  id: Id.optional(),
  kind: SessionKind,
  title: z.string().max(200).default(''),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  siteId: Id.nullable().optional(),
  venue: optionalText(200),
  lecturerIds: z.array(Id).max(20).default([]),
  groupIds: z.array(Id).max(50).default([]),
});
export const PlanningCheckBody = z.object({ sessions: z.array(PlanningCandidate).min(1).max(50) });
export const PlanningWarnings = z.object({ warnings: z.array(PlanningWarning) });
