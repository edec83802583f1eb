import { z } from 'zod';
import { optionalText } from './common';

// Reflections (心得体会, #19): a trainee writes one per class on the phone; the class teacher
// accepts it or asks for a revision with a comment. Rich text is reduced by the server to the
// bulletin whitelist (<p>, <strong>, <em>, <br>, <ul>, <ol>, <li>).

export const ReflectionStatus = z.enum(['draft', 'submitted', 'revision', 'accepted']);
export type ReflectionStatus = z.infer<typeof ReflectionStatus>;

export const DEFAULT_REFLECTION_MIN_WORDS = 1500;
export const REFLECTION_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Photos, PDF and Word files; what the phone's file field offers and the server takes. */
export const REFLECTION_ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];

/**
 * The length of a text as a Chinese reader counts it (字数): each Chinese character is one, a run
 * of Latin letters or digits is one word, and each Tibetan syllable (between tsheg marks) is one.
 * Punctuation and spaces are not counted. Shared by the phone (the guide) and the server (the rule).
 */
export function countWords(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z0-9\u00C0-\u024F]+/g)?.length ?? 0;
  const tibetan = text.match(/[\u0F40-\u0FBC]+/g)?.length ?? 0;
  return han + latin + tibetan;
}

export const ReflectionAttachment = z.object({ name: z.string(), contentType: z.string(), bytes: z.number() });

export const Reflection = z.object({
  id: z.number().nullable(),
  classId: z.number(),
  enrolmentId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  groupName: z.string().nullable(),
  status: ReflectionStatus.nullable(),
  bodyHtml: z.string(),
  wordCount: z.number(),
  minWords: z.number(),
  consentQuote: z.boolean(),
  attachment: ReflectionAttachment.nullable(),
  reviewComment: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type Reflection = z.infer<typeof Reflection>;

export const ReflectionListRow = Reflection.omit({ bodyHtml: true });
export const ReflectionList = z.object({ classId: z.number(), minWords: z.number(), rows: z.array(ReflectionListRow) });
export type ReflectionList = z.infer<typeof ReflectionList>;

export const SaveReflectionBody = z.object({
  bodyHtml: z.string().max(200_000, 'reflection.too_long'),
  consentQuote: z.boolean().default(false),
});
export const ReviewReflectionBody = z
  .object({ decision: z.enum(['accept', 'revise']), comment: optionalText(2000) })
  .refine((b) => b.decision === 'accept' || !!b.comment, { path: ['comment'], message: 'reflection.comment_required' });
export const ReflectionSettingsBody = z.object({ minWords: z.number().int().min(0).max(20_000) });

/** An accepted reflection whose author agreed to be quoted, for the bulletin composer. */
export const ReflectionExcerpt = z.object({
  enrolmentId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  groupName: z.string().nullable(),
  workUnit: z.string().nullable(),
  excerpt: z.string(),
});
export type ReflectionExcerpt = z.infer<typeof ReflectionExcerpt>;
