import { z } from 'zod';
import { Id, isoDateTime, optionalText, requiredText } from './common';

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
