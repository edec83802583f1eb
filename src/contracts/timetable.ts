import { z } from 'zod';
import { Id, isoDate, isoDateTime, optionalText, requiredText } from './common';

export const SessionKind = z.enum(['opening', 'lecture', 'site_visit', 'discussion', 'ceremony', 'other']);
export type SessionKind = z.infer<typeof SessionKind>;

export const Site = z.object({
  id: z.number(),
  institutionId: z.number(),
  name: z.string(),
  shortName: z.string().nullable(),
  address: z.string().nullable(),
  description: z.string().nullable(),
  host: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  /** District or area (嘉定区, 浦东新区), shown with the address. */
  district: z.string().nullable(),
  /** The class's journey from the college, in minutes; planning warns when sessions leave less. */
  travelMinutes: z.number().nullable(),
});
export type Site = z.infer<typeof Site>;
/** A site as one class uses it: with that class's sessions there. */
export const ClassSite = Site.extend({ sessions: z.array(z.object({ id: z.number(), title: z.string(), startsAt: z.string() })) });
const SiteFields = {
  name: requiredText(200),
  shortName: optionalText(50),
  address: optionalText(300),
  description: optionalText(8000),
  host: optionalText(200),
  contactName: optionalText(100),
  contactPhone: optionalText(50),
  district: optionalText(100),
  travelMinutes: z.number().int().min(0).max(600).nullable().optional(),
};
export const CreateSiteBody = z.object(SiteFields);
export const UpdateSiteBody = z.object(SiteFields).partial();

export const Lecturer = z.object({
  id: z.number(),
  institutionId: z.number(),
  name: z.string(),
  title: z.string().nullable(),
  organisation: z.string().nullable(),
  expertise: z.string().nullable(),
  bio: z.string().nullable(),
  sessionCount: z.number(),
});
export type Lecturer = z.infer<typeof Lecturer>;
const LecturerFields = {
  name: requiredText(100),
  title: optionalText(100),
  organisation: optionalText(200),
  expertise: optionalText(500),
  bio: optionalText(4000),
  phone: optionalText(50),
};
export const CreateLecturerBody = z.object(LecturerFields);
export const UpdateLecturerBody = z.object(LecturerFields).partial();
export const LecturerSession = z.object({
  sessionId: z.number(),
  classId: z.number(),
  classTitle: z.string(),
  title: z.string(),
  kind: SessionKind,
  startsAt: z.string(),
  hours: z.number(),
});
export const LecturerDetail = Lecturer.extend({ sessions: z.array(LecturerSession) });

export const AgendaKind = z.enum(['speech', 'certificates', 'leader_speech', 'attendance', 'other']);
export const AgendaItem = z.object({
  id: z.number(),
  position: z.number(),
  kind: AgendaKind,
  title: z.string(),
  speakerName: z.string().nullable(),
  speakerRole: z.string().nullable(),
  enrolmentId: z.number().nullable(),
  groupId: z.number().nullable(),
  summary: z.string().nullable(),
});
export const AgendaItemInput = z.object({
  kind: AgendaKind,
  title: requiredText(200),
  speakerName: optionalText(100),
  speakerRole: optionalText(200),
  enrolmentId: Id.nullable().optional(),
  groupId: Id.nullable().optional(),
  summary: optionalText(8000),
});
export const ReplaceAgendaBody = z.object({ items: z.array(AgendaItemInput).max(50) });

export const Session = z.object({
  id: z.number(),
  classId: z.number(),
  kind: SessionKind,
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  site: Site.nullable(),
  venue: z.string().nullable(),
  hours: z.number(),
  description: z.string().nullable(),
  notes: z.string().nullable(),
  lecturers: z.array(z.object({ id: z.number(), name: z.string(), title: z.string().nullable() })),
  /** Empty means the whole class. */
  groups: z.array(z.object({ id: z.number(), name: z.string() })),
  agenda: z.array(AgendaItem),
  revision: z.number(),
});
export type Session = z.infer<typeof Session>;

const SessionFields = {
  kind: SessionKind,
  title: requiredText(200),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  siteId: Id.nullable().optional(),
  venue: optionalText(200),
  hours: z.number().min(0).max(24),
  description: optionalText(8000),
  notes: optionalText(20000),
  lecturerIds: z.array(Id).max(20).default([]),
  groupIds: z.array(Id).max(50).default([]),
};
export const CreateSessionBody = z.object({ ...SessionFields, agenda: z.array(AgendaItemInput).max(50).optional() });
export const UpdateSessionBody = z
  .object({
    kind: SessionFields.kind,
    title: SessionFields.title,
    startsAt: SessionFields.startsAt,
    endsAt: SessionFields.endsAt,
    siteId: SessionFields.siteId,
    venue: SessionFields.venue,
    hours: SessionFields.hours,
    description: SessionFields.description,
    notes: SessionFields.notes,
    lecturerIds: z.array(Id).max(20),
    groupIds: z.array(Id).max(50),
  })
  .partial();
export const SessionListQuery = z.object({ from: isoDateTime.optional(), to: isoDateTime.optional(), kind: SessionKind.optional() });

// ---------------------------------------------------------------------------------------------
// Planning helpers (#9): per-group sessions, duplicates, lecturers tied to accounts, class hours.

/** One discussion (or any session) for several groups at once: same time, or staggered. */
export const PerGroupSessionsBody = z.object({
  kind: SessionKind.default('discussion'),
  title: requiredText(200),
  /** The first group's start and end; each further group starts `staggerMinutes` later. */
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  staggerMinutes: z.number().int().min(0).max(600).default(0),
  hours: z.number().min(0).max(24),
  siteId: Id.nullable().optional(),
  description: optionalText(8000),
  notes: optionalText(20000),
  groups: z
    .array(z.object({ groupId: Id, venue: optionalText(200), lecturerIds: z.array(Id).max(20).default([]) }))
    .min(1)
    .max(50),
});
/** A copy of a session on another day of the class, at the same wall-clock time in the class's zone. */
export const DuplicateSessionBody = z.object({ date: isoDate });

export const StaffAccount = z.object({ id: z.number(), username: z.string(), displayName: z.string() });
/** A pool entry as the lecturer list shows it: with the staff account it speaks for, if any. */
export const LecturerListItem = Lecturer.extend({ account: StaffAccount.nullable() });
export const LinkLecturerUserBody = z.object({ userId: Id.nullable() });

type HoursSession = { hours: number; groups: ReadonlyArray<{ id: number }> };

/**
 * The class's 学时: what one trainee is expected to attend. Whole-class sessions count once, and of
 * the per-group sessions only those of one group — the group with the most hours — since a trainee
 * attends their own group's discussion, not all four. The SQL sums in db/class-hours.ts say the same.
 */
export function classHours(sessions: ReadonlyArray<HoursSession>): number {
  let whole = 0;
  const perGroup = new Map<number, number>();
  for (const s of sessions) {
    if (s.groups.length === 0) whole += s.hours;
    else for (const g of new Set(s.groups.map((x) => x.id))) perGroup.set(g, (perGroup.get(g) ?? 0) + s.hours);
  }
  return Math.round((whole + Math.max(0, ...perGroup.values())) * 100) / 100;
}

/**
 * The credited hours the session form suggests: the session's length rounded to the nearest half
 * hour. A session's times are the time spent at its place (for a site visit, at the site); the
 * journey lies between sessions, where the travel check keeps room for it, so it is never inside
 * the length and nothing needs subtracting. The user's own figure always wins.
 */
export function suggestedHours(startsAt: string, endsAt: string): number | null {
  const minutes = (Date.parse(endsAt) - Date.parse(startsAt)) / 60_000;
  if (!Number.isFinite(minutes) || minutes <= 0) return null;
  return Math.min(24, Math.round(minutes / 30) / 2);
}

/**
 * A session's title with the groups it is for, unless the title names them already (the demo's
 * per-group discussions end in （第一组）): "结构化研讨：学习成果与行动计划（第一组）", never twice.
 */
export function titleWithGroups(title: string, groups: ReadonlyArray<{ name: string }>, sep = '、'): string {
  if (!groups.length || groups.every((g) => title.includes(g.name))) return title;
  return `${title}（${groups.map((g) => g.name).join(sep)}）`;
}

type AgendaLine = { title: string; speakerName: string | null; speakerRole: string | null };
/** One agenda item as printed under a ceremony: "3. 学员代表交流发言：徐爱国（西藏自治区高原生物研究所）". */
export const agendaLine = (a: AgendaLine, n: number) =>
  `${n + 1}. ${a.title}${a.speakerName ? `：${a.speakerName}` : ''}${a.speakerRole ? `（${a.speakerRole}）` : ''}`;
