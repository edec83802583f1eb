import { z } from 'zod';

// Shared by server and web: no Node imports here.

/**
 * Ids are database-generated positive integers. PostgreSQL's `serial` columns hold 32 bits, so the
 * schema bounds them there on both databases (SQLite's rowid is wider; the bound keeps the two
 * alike). Only the canonical decimal form is an id: `0x10`, ` 1`, `1e3` or `01` are refused rather
 * than read as another number. A canonical id beyond the range names nothing: `id.out_of_range`,
 * which the server answers as 404 when it is in the path.
 */
export const MAX_ID = 2_147_483_647;
const CANONICAL_ID = /^[1-9]\d*$/;
export const Id = z.preprocess(
  (v) => (typeof v === 'string' && CANONICAL_ID.test(v) ? (v.length > 10 ? MAX_ID + 1 : Number(v)) : v),
  z.number({ error: 'id.invalid' }).int('id.invalid').min(1, 'id.invalid').max(MAX_ID, 'id.out_of_range'),
);
/** The id in a path segment: 'ok', or why it is not one (for checks made before the route's schema runs). */
export const checkIdParam = (raw: string | undefined): 'ok' | 'id.invalid' | 'id.out_of_range' =>
  raw === undefined || !CANONICAL_ID.test(raw) ? 'id.invalid' : raw.length > 10 || Number(raw) > MAX_ID ? 'id.out_of_range' : 'ok';
export const idParams = <K extends string>(...keys: K[]) => z.object(Object.fromEntries(keys.map((k) => [k, Id])) as Record<K, typeof Id>);

/** NUL cannot be stored in PostgreSQL text (nor shown or printed); text with one is refused, naming the field. */
export const hasNul = (s: string) => s.includes('\u0000');
const noNul = (s: string) => !hasNul(s);

/** Trims, and turns "" into null: optional text fields in forms arrive as empty strings. */
export const optionalText = (max = 500) =>
  z.preprocess((v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v), z.string().max(max).refine(noNul, 'text.nul').nullable().optional());
export const requiredText = (max = 200) => z.string().trim().min(1, 'required').max(max).refine(noNul, 'text.nul');

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date.invalid')
  .refine(isRealDate, 'date.invalid');
export const isoDateTime = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), 'datetime.invalid');

/** A wall-clock time of day, "HH:mm" (00:00–23:59). */
export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time.invalid');

export function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
export const timeZone = z.string().refine(isValidTimeZone, 'time_zone.invalid');

/** Mainland mobile numbers; spaces and dashes are tolerated and removed. */
export const normalisePhone = (s: string) => s.replace(/[\s-]/g, '').replace(/^\+?86/, '');
export const isMobilePhone = (s: string) => /^1[3-9]\d{9}$/.test(normalisePhone(s));

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Checks a mainland resident ID number (GB 11643): format, birth date, check digit. */
export function checkIdNumber(raw: string): 'ok' | 'id_number.format' | 'id_number.birth_date' | 'id_number.checksum' {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'id_number.format';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const year = Number(id.slice(6, 10));
  if (!isRealDate(birth) || year < 1900 || new Date(`${birth}T00:00:00Z`).getTime() > Date.now()) return 'id_number.birth_date';
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17] ? 'ok' : 'id_number.checksum';
}

export const idNumber = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((s, ctx) => {
    const result = checkIdNumber(s);
    if (result !== 'ok') ctx.addIssue({ code: 'custom', message: result });
  });

export const phone = z.string().trim().refine(isMobilePhone, 'phone.format').transform(normalisePhone);

export const FieldErrorSchema = z.object({ field: z.string(), code: z.string(), message: z.string() });
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.string().optional(),
  errors: z.array(FieldErrorSchema).optional(),
  requestId: z.string().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const OkSchema = z.object({ ok: z.literal(true) });
