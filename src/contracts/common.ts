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

/** Mainland mobile numbers; spaces and dashes are tolerated and removed, as is a +86, 0086 or 86 prefix. */
export const normalisePhone = (s: string) => s.replace(/[\s-]/g, '').replace(/^(?:\+|00)?86(?=1[3-9]\d{9}$)/, '');
export const isMobilePhone = (s: string) => /^1[3-9]\d{9}$/.test(normalisePhone(s));

/**
 * A mainland landline as written in rosters — 0894-5821234, (0894)5821234, 0894 5821234,
 * 08945821234, +86 894 5821234, 0086-10-12345678 — as "area-local" (0894-5821234), or null.
 * Area codes are 010 and 02x (then 8 local digits) or 0 and three digits (7 or 8 local digits);
 * a number without its area code is refused: it cannot be dialled from elsewhere.
 */
export function normaliseLandline(raw: string): string | null {
  let s = raw.normalize('NFKC').replace(/[\s\-–—()（）.]/g, '');
  const intl = /^(?:\+|00)86/.exec(s);
  if (intl) {
    s = s.slice(intl[0].length);
    if (!s.startsWith('0')) s = `0${s}`;
  }
  if (!/^0\d{9,11}$/.test(s)) return null;
  const three = /^0(?:10|2\d)/.test(s);
  const area = s.slice(0, three ? 3 : 4);
  const local = s.slice(area.length);
  if (three ? local.length !== 8 : local.length < 7 || local.length > 8) return null;
  if (local.startsWith('0') || local.startsWith('1')) return null;
  return `${area}-${local}`;
}

/** A phone of either kind: a mobile as 11 digits, a landline as area-local; null when it is neither. */
export function normaliseAnyPhone(raw: string): { kind: 'mobile' | 'landline'; value: string } | null {
  const mobile = normalisePhone(raw.normalize('NFKC').replace(/[()（）.]/g, ''));
  if (isMobilePhone(mobile)) return { kind: 'mobile', value: mobile };
  const landline = normaliseLandline(raw);
  return landline ? { kind: 'landline', value: landline } : null;
}

// Transliterated names (阿依古丽·买买提) are written with whatever dot the keyboard gives: the
// katakana middle dot, a bullet, the half-width katakana one, the hyphenation point or a
// full-width full stop. All of them mean U+00B7, the one GB 18030 and the ID card use, so two
// spellings of one name are one name. A dot between two Han characters only: "Dr. Smith" keeps its stop.
const MIDDLE_DOTS = /[\u30FB\u2022\uFF65\u2027\u2219\u22C5\u0387]|(?<=\p{Script=Han}\s*)\uFF0E(?=\s*\p{Script=Han})/gu;

/** The name with every middle-dot variant as U+00B7 and no spaces around it. */
export const normaliseNameDots = (s: string) => s.replace(MIDDLE_DOTS, '\u00B7').replace(/\s*\u00B7\s*/g, '\u00B7');

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

/**
 * The identity documents a person may be recorded with. `resident_id` is the mainland 居民身份证
 * (港澳台居民居住证 numbers have the same 18-character form and check digit, so they pass as one).
 */
export const ID_TYPES = ['resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport'] as const;
export type IdType = (typeof ID_TYPES)[number];
export const IdTypeSchema = z.enum(ID_TYPES);

/** A document number as typed: full-width forms, spaces and brackets ("0123456789(B)") removed, upper case. */
export const normaliseDocumentNumber = (raw: string) =>
  raw
    .normalize('NFKC')
    .replace(/[\s()（）-]/g, '')
    .toUpperCase();

/**
 * Checks a document number against its type's format:
 * - 港澳居民来往内地通行证 (回乡证): H (Hong Kong) or M (Macao) and 8 digits (the card issued since
 *   2013), or and 10 digits (the booklet before it);
 * - 台湾居民来往大陆通行证 (台胞证): 8 digits (the card issued since 2015), or the booklet's 10
 *   digits, which may end in a letter for a renewal (e.g. 0123456789B, printed 0123456789(B));
 * - passports: 5 to 17 letters and digits with at least one digit (a Chinese passport is E/G and 8
 *   digits or EA1234567; foreign ones vary, US ones are all digits).
 */
export function checkDocumentNumber(type: IdType, raw: string): 'ok' | 'id_number.format' | 'id_number.birth_date' | 'id_number.checksum' | 'document.format' {
  const n = normaliseDocumentNumber(raw);
  if (type === 'resident_id') return checkIdNumber(n);
  const ok =
    type === 'hk_macao_permit'
      ? /^[HM](\d{8}|\d{10})$/.test(n)
      : type === 'taiwan_permit'
        ? /^(\d{8}|\d{10}[A-Z]?)$/.test(n)
        : /^[A-Z0-9]{5,17}$/.test(n) && /\d/.test(n);
  return ok ? 'ok' : 'document.format';
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
/** An office phone: a landline (normalised to area-local) or a mobile. */
export const officePhone = z
  .string()
  .trim()
  .refine((s) => normaliseAnyPhone(s) !== null, 'office_phone.format')
  .transform((s) => normaliseAnyPhone(s)!.value);

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
