import { z } from 'zod';
import { Id, isoDate, optionalText, requiredText } from './common';
import { SessionKind } from './timetable';

// A bulletin (简报) issue: title line, issue number, date, and ordered sections of numbered items.
// Rich text fields hold HTML that the server reduces to <p>, <strong>, <em>, <br>, <ul>, <ol>, <li>.

const richText = z.string().max(200_000).default('');

export const BulletinBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), html: richText }),
  /** caption null: show the photo's own caption. */
  z.object({ type: z.literal('photo'), photoId: Id, caption: optionalText(300) }),
  z.object({ type: z.literal('speech'), speaker: requiredText(100), role: optionalText(300), summary: richText }),
]);
export type BulletinBlock = z.infer<typeof BulletinBlock>;

export const BulletinItem = z.object({ heading: requiredText(300), blocks: z.array(BulletinBlock).max(200).default([]) });
export type BulletinItem = z.infer<typeof BulletinItem>;

export const BulletinSection = z.object({
  /** e.g. 【现场教学】 */
  title: requiredText(100),
  /** Text and photos before the numbered items. */
  intro: z.array(BulletinBlock).max(100).default([]),
  items: z.array(BulletinItem).max(100).default([]),
});
export type BulletinSection = z.infer<typeof BulletinSection>;

export const BulletinContent = z.object({
  /** 编印单位, printed under the masthead. */
  organizer: optionalText(200),
  sections: z.array(BulletinSection).max(40).default([]),
});
export type BulletinContent = z.infer<typeof BulletinContent>;

export const BulletinStatus = z.enum(['draft', 'published']);

export const BulletinSummary = z.object({
  id: z.number(),
  classId: z.number(),
  issueNumber: z.number(),
  title: z.string(),
  issueDate: z.string(),
  status: BulletinStatus,
  revision: z.number(),
  publishedAt: z.string().nullable(),
  /** Path of the public page when a public link is enabled. */
  publicPath: z.string().nullable(),
  updatedAt: z.string(),
});
export type BulletinSummary = z.infer<typeof BulletinSummary>;

export const BulletinPhotoRef = z.object({
  id: z.number(),
  caption: z.string().nullable(),
  width: z.number(),
  height: z.number(),
  sessionId: z.number().nullable(),
  thumbUrl: z.string(),
  displayUrl: z.string(),
});

export const Bulletin = BulletinSummary.extend({
  content: BulletinContent,
  /** The photos the content names, so the editor can show them. */
  photos: z.array(BulletinPhotoRef),
  canEdit: z.boolean(),
});
export type Bulletin = z.infer<typeof Bulletin>;

export const DraftOptions = z.object({
  /** First and last day (class time zone) of the sessions to report; default the whole class. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Session kinds to include; default all. */
  kinds: z.array(SessionKind).max(6).optional(),
  /** Also include sessions with nothing recorded (no notes, description, agenda or photos). */
  includeEmpty: z.boolean().default(false),
});
export type DraftOptions = z.infer<typeof DraftOptions>;

export const DraftQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  kinds: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').filter(Boolean) : undefined))
    .pipe(z.array(SessionKind).optional()),
  includeEmpty: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

export const CreateBulletinBody = z.object({
  issueNumber: z.number().int().min(1).max(9999).optional(),
  title: requiredText(300).optional(),
  issueDate: isoDate.optional(),
  /** Fill the new issue from the class's record; omitted: start empty. */
  draft: DraftOptions.optional(),
});

export const SaveBulletinBody = z.object({
  /** The revision this edit started from; a stale one is refused (someone else saved meanwhile). */
  revision: z.number().int().min(1),
  issueNumber: z.number().int().min(1).max(9999),
  title: requiredText(300),
  issueDate: isoDate,
  content: BulletinContent,
  note: optionalText(200),
});

export const RevisionBody = z.object({ revision: z.number().int().min(1) });
export const PublishBody = RevisionBody.extend({ makePublic: z.boolean().default(false) });

export const BulletinVersion = z.object({
  revision: z.number(),
  event: z.enum(['create', 'draft', 'save', 'restore']),
  /** draft: the date range "from..to"; restore: the revision restored. */
  detail: z.string().nullable(),
  title: z.string(),
  issueDate: z.string(),
  note: z.string().nullable(),
  savedAt: z.string(),
  savedBy: z.string().nullable(),
  sectionCount: z.number(),
  itemCount: z.number(),
  photoCount: z.number(),
});
export const BulletinVersionDetail = BulletinVersion.extend({ content: BulletinContent });
