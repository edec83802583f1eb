import { z } from 'zod';
import { SerialPattern } from './certificates';
import { Id, requiredText } from './common';
import { COMMON_PASSWORD_STEMS, KEYBOARD_RUNS } from './common-passwords';

// Staff accounts, grants, sign-in and the user's own account (#9, #11). Shared by server and web.

// ---------------------------------------------------------------------------------------------
// The password rule. One function, used by every place a password is set (the server enforces it
// and answers with a field error; the web app shows the same words before sending):
//  1. 10 to 200 characters;
//  2. not containing the account's username, nor its display name;
//  3. not only digits (phone numbers, dates and ID numbers are the first things tried);
//  4. at least 5 different characters (no "aaaaaaaaaa", "abababababab");
//  5. not a very common password: lowercased, with leetspeak undone (0→o, 1→i, 3→e, 4→a, 5→s,
//     7→t, @→a, $→s) and digits and symbols at either end removed, what is left is neither one
//     of the common stems (common-passwords.ts: "password", "qwerty", "woaini", …) nor a stretch
//     of a keyboard row, diagonal or the alphabet ("Password2024!", "1qaz2wsx3edc", "abcdefghij").

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordProblem =
  | 'password.too_short'
  | 'password.too_long'
  | 'password.contains_username'
  | 'password.contains_name'
  | 'password.only_digits'
  | 'password.too_simple'
  | 'password.common';

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

function isKeyboardRun(s: string): boolean {
  if (s.length < 4) return false;
  const reversed = [...s].reverse().join('');
  return KEYBOARD_RUNS.some((row) => row.includes(s) || row.includes(reversed));
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, account: { username?: string | null; displayName?: string | null } = {}): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'password.too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'password.too_long';
  const lower = password.toLowerCase();
  const username = account.username?.trim().toLowerCase() ?? '';
  if (username.length >= 3 && lower.includes(username)) return 'password.contains_username';
  const name = account.displayName?.trim().toLowerCase().replace(/\s+/g, '') ?? '';
  if (name.length >= 2 && lower.replace(/\s+/g, '').includes(name)) return 'password.contains_name';
  if (/^\d+$/.test(password)) return 'password.only_digits';
  if (new Set(lower).size < 5) return 'password.too_simple';
  const trim = (x: string) => x.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const unleet = (x: string) => [...x].map((c) => LEET[c] ?? c).join('');
  const bare = trim(lower);
  // "P@ssw0rd2024!" (digits at the end trimmed first) and "@dmin" (leetspeak at the edge undone first).
  for (const stem of new Set([bare, unleet(bare), trim(unleet(lower))])) {
    if (stem === '' || COMMON_PASSWORD_STEMS.has(stem) || isKeyboardRun(stem)) return 'password.common';
    // A common word twice ("passwordpassword") or with a separator ("qwerty-qwerty").
    const half = stem.replace(/[^\p{L}]/gu, '');
    if (half.length % 2 === 0 && half.slice(0, half.length / 2) === half.slice(half.length / 2) && COMMON_PASSWORD_STEMS.has(half.slice(0, half.length / 2)))
      return 'password.common';
  }
  if (isKeyboardRun(lower)) return 'password.common';
  return null;
}

/** A new password as forms send it; the full rule (which needs the username) runs in the service. */
export const NewPassword = z.string().min(PASSWORD_MIN_LENGTH, 'password.too_short').max(PASSWORD_MAX_LENGTH, 'password.too_long');

// ---------------------------------------------------------------------------------------------
// Usernames. Staff choose them; trainees' device accounts have none a person could choose (their
// reserved names contain a colon, which this pattern refuses).

export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]+$/;
export const Username = z.string().trim().min(3, 'username.too_short').max(64, 'username.too_long').regex(USERNAME_PATTERN, 'username.chars');

/** How a new account (or a reset one) gets its password. */
export const CredentialMethod = z.enum(['one_time_password', 'invitation_link']);
export type CredentialMethod = z.infer<typeof CredentialMethod>;

export const AccountGrant = z.object({
  id: z.number(),
  role: z.enum(['organizer', 'class_teacher', 'lecturer', 'sponsor', 'hotel', 'transport']),
  scopeType: z.enum(['institution', 'programme', 'class']),
  scopeId: z.number(),
  /** The institution, programme or class by name. */
  scopeName: z.string(),
});

export const Account = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  institutionId: z.number().nullable(),
  institutionName: z.string().nullable(),
  mustChangePassword: z.boolean(),
  /** No password yet: the account waits for its invitation link to be used. */
  hasPassword: z.boolean(),
  /** Until when sign-in is refused from at least one address after too many failures; null: not locked. */
  lockedUntil: z.string().nullable(),
  invitationExpiresAt: z.string().nullable(),
  lastSignInAt: z.string().nullable(),
  activeSessions: z.number(),
  createdAt: z.string(),
  grants: z.array(AccountGrant),
});
export type Account = z.infer<typeof Account>;

export const AccountListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  institutionId: Id.optional(),
});

export const CreateAccountBody = z
  .object({
    username: Username,
    displayName: requiredText(100),
    credential: CredentialMethod,
    /** Administrators only; an organizer's new accounts belong to their institution. */
    isAdmin: z.boolean().default(false),
    institutionId: Id.nullable().optional(),
  })
  .strict();
/** An account created by the institution's 教务 office (the institution is the path's). */
export const CreateInstitutionAccountBody = CreateAccountBody.omit({ isAdmin: true, institutionId: true }).strict();

/** Invite a new class teacher or project lead by name: the account and the class staff entry in one step. */
export const InviteClassStaffBody = CreateInstitutionAccountBody.extend({ role: z.enum(['project_lead', 'class_teacher']) }).strict();

/** A password or link, shown once to whoever created or reset the account. */
export const IssuedCredential = z.object({
  account: Account,
  method: CredentialMethod,
  oneTimePassword: z.string().nullable(),
  invitationUrl: z.string().nullable(),
  expiresAt: z.string().nullable(),
});

export const UpdateAccountBody = z
  .object({
    displayName: requiredText(100).optional(),
    disabled: z.boolean().optional(),
    institutionId: Id.nullable().optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'required', path: ['displayName'] });

export const ResetCredentialBody = z.object({ credential: CredentialMethod }).strict();
/** Ending every session of an account must be asked for explicitly. */
export const SignOutEverywhereBody = z.object({ everywhere: z.literal(true) }).strict();

export const ChangePasswordBody = z
  .object({
    currentPassword: z.string().min(1, 'required').max(PASSWORD_MAX_LENGTH),
    newPassword: NewPassword,
    newPasswordRepeat: z.string().max(PASSWORD_MAX_LENGTH),
  })
  .strict()
  .refine((b) => b.newPassword === b.newPasswordRepeat, { message: 'password.mismatch', path: ['newPasswordRepeat'] });

export const OwnSession = z.object({
  id: z.number(),
  /** "Chrome 120 · Windows", from the user agent; null when the browser sent none. */
  device: z.string().nullable(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean(),
});
export const EndedSessions = z.object({ ended: z.number() });

export const InvitationTokenBody = z.object({ token: z.string().trim().min(16, 'invitation.account_invalid').max(200) }).strict();
export const InvitationInfo = z.object({ username: z.string(), displayName: z.string(), expiresAt: z.string() });
export const AcceptInvitationBody = z
  .object({
    token: InvitationTokenBody.shape.token,
    newPassword: NewPassword,
    newPasswordRepeat: z.string().max(PASSWORD_MAX_LENGTH),
  })
  .strict()
  .refine((b) => b.newPassword === b.newPasswordRepeat, { message: 'password.mismatch', path: ['newPasswordRepeat'] });

// ---------------------------------------------------------------------------------------------
// Institutions: settings the admin keeps (#9).

export const InstitutionImageKind = z.enum(['logo', 'seal']);
export type InstitutionImageKind = z.infer<typeof InstitutionImageKind>;
export const INSTITUTION_IMAGE_MAX_BYTES = 5 * 1024 * 1024;

export const InstitutionImage = z.object({
  kind: InstitutionImageKind,
  contentType: z.string(),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  uploadedAt: z.string(),
  /** Where signed-in staff fetch it (changes with every upload, so browsers may cache it). */
  url: z.string(),
});

export const InstitutionDetail = z.object({
  id: z.number(),
  name: z.string(),
  shortName: z.string().nullable(),
  code: z.string(),
  /** The pattern new classes' certificate serials start from; null: the built-in default. */
  serialPattern: z.string().nullable(),
  defaultSerialPattern: z.string(),
  /** hardening (#14): whether the institution's sponsors (read-only) see trainees' phone numbers; off by default. */
  sponsorsSeePhones: z.boolean(),
  images: z.object({ logo: InstitutionImage.nullable(), seal: InstitutionImage.nullable() }),
});

const InstitutionCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9-]{2,20}$/, 'institution.code_format');
export const InstitutionBody = z
  .object({
    name: requiredText(200),
    shortName: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string().trim().max(50).nullable().optional()),
    code: InstitutionCode,
    serialPattern: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), SerialPattern.nullable().optional()),
    sponsorsSeePhones: z.boolean().optional(),
  })
  .strict();
export const UpdateInstitutionBody = InstitutionBody.partial()
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'required', path: ['name'] });

export const InstitutionImageParams = z.object({ institutionId: Id, kind: InstitutionImageKind });
