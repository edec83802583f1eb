import { z } from 'zod';
import { Id } from './common';

// Completion (结业) and certificates (结业证书): rules, eligibility, issuance, verification.
// Shared by server and web: no Node imports here.

/** `{seq}` or `{seq:N}` exactly once; other tokens: {year} {month} {inst} {class}. */
export const SERIAL_TOKENS = ['year', 'month', 'inst', 'class', 'seq'] as const;

export function checkSerialPattern(p: string): 'ok' | 'serial.pattern_seq' | 'serial.pattern_token' | 'serial.pattern_chars' {
  const tokens = [...p.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
  if (tokens.filter((t) => /^seq(:\d)?$/.test(t)).length !== 1) return 'serial.pattern_seq';
  if (tokens.some((t) => !/^(year|month|inst|class|seq(:\d)?)$/.test(t))) return 'serial.pattern_token';
  // What is left once tokens are removed must be printable and safe in a file name.
  if (!/^[A-Za-z0-9\-_.·/]*$/.test(p.replace(/\{[^{}]*\}/g, ''))) return 'serial.pattern_chars';
  return 'ok';
}

export const SerialPattern = z
  .string()
  .trim()
  .min(1, 'required')
  .max(60)
  .superRefine((s, ctx) => {
    const r = checkSerialPattern(s);
    if (r !== 'ok') ctx.addIssue({ code: 'custom', message: r });
  });

export const CompletionRule = z.object({
  classId: z.number(),
  /** Share of the trainee's hours they must attend (class setting). */
  minAttendanceRatio: z.number(),
  /** Largest share of hours on leave (class setting; 1/7 by default). */
  leaveLimitRatio: z.number(),
  requireEvaluations: z.boolean(),
  requireReflections: z.boolean(),
  /** Whether the evaluation and reflection requirements can be checked yet (their modules answer). */
  evaluationsAvailable: z.boolean(),
  reflectionsAvailable: z.boolean(),
  serialPattern: z.string(),
  /** Example of the next serial the pattern gives. */
  serialExample: z.string(),
  issuerName: z.string(),
});
export type CompletionRule = z.infer<typeof CompletionRule>;

export const UpdateCompletionRuleBody = z
  .object({
    serialPattern: SerialPattern.optional(),
    requireEvaluations: z.boolean().optional(),
    requireReflections: z.boolean().optional(),
    issuerName: z.string().trim().min(1, 'required').max(100).optional(),
  })
  .strict();

export const ReasonCode = z.enum([
  'withdrawn',
  'no_hours',
  'attendance_below',
  'leave_over',
  'evaluations_missing',
  'reflection_missing',
  'exception_eligible',
  'exception_not_eligible',
  /** Sessions still to come: nobody has completed before the hours have happened. */
  'sessions_pending',
]);
export type ReasonCode = z.infer<typeof ReasonCode>;

export const EligibilityReason = z.object({
  code: ReasonCode,
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** In the request's language. */
  message: z.string(),
});

export const CompletionException = z.object({
  decision: z.enum(['eligible', 'not_eligible']),
  reason: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string(),
});

export const CertificateStatus = z.enum(['valid', 'revoked', 'replaced']);

/** What a changed record contradicts on a valid certificate: the facts it was issued on (or kept) and now. */
export const CertificateReview = z.object({
  changes: z.array(
    z.discriminatedUnion('field', [
      z.object({ field: z.literal('attendedHours'), before: z.number(), after: z.number() }),
      z.object({ field: z.literal('classHours'), before: z.number(), after: z.number() }),
      z.object({ field: z.literal('eligible'), before: z.boolean(), after: z.boolean() }),
    ]),
  ),
  /** The last decision to keep it despite an earlier change, if any. */
  kept: z.object({ at: z.string(), by: z.string().nullable(), reason: z.string() }).nullable(),
});
export type CertificateReview = z.infer<typeof CertificateReview>;

export const EligibilityRow = z.object({
  enrolmentId: z.number(),
  personId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  groupName: z.string().nullable(),
  enrolmentStatus: z.enum(['enrolled', 'withdrawn']),
  totalHours: z.number(),
  attendedHours: z.number(),
  leaveHours: z.number(),
  absentHours: z.number(),
  attendanceShare: z.number().nullable(),
  leaveShare: z.number().nullable(),
  /** What the rule alone says, before any exception. */
  ruleEligible: z.boolean(),
  eligible: z.boolean(),
  /** Why not (or, with an exception, why anyway); empty when the rule is met. */
  reasons: z.array(EligibilityReason),
  exception: CompletionException.nullable(),
  certificate: z
    .object({
      id: z.number(),
      serial: z.string(),
      status: CertificateStatus,
      /** The trainee's hours the certificate was issued on, and the class's. */
      hours: z.number(),
      classHours: z.number(),
      /** Set when the record has changed since the certificate was issued (or last kept): 需复核. */
      review: CertificateReview.nullable(),
    })
    .nullable(),
});
export type EligibilityRow = z.infer<typeof EligibilityRow>;

/**
 * Whether certificates may be issued now: once the class has completed, or, while it still runs,
 * after its last session has ended and an organizer has allowed early issuing (with a reason).
 */
export const IssueGate = z.object({
  open: z.boolean(),
  /** Why not: the class's status, sessions still to come, or the organizer's override missing. */
  blockedBy: z.enum(['class_status', 'sessions_pending', 'override_required']).nullable(),
  lastSessionEndsAt: z.string().nullable(),
  earlyIssue: z.object({ reason: z.string(), grantedBy: z.string().nullable(), grantedAt: z.string() }).nullable(),
});
export type IssueGate = z.infer<typeof IssueGate>;

export const Eligibility = z.object({
  rule: CompletionRule,
  classStatus: z.string(),
  timeZone: z.string(),
  /** Issuing is open (see `issue`). */
  canIssue: z.boolean(),
  issue: IssueGate,
  /** Certificates of this class print a Tibetan line (class option; needs the institution's Tibetan line). */
  bilingual: z.boolean(),
  bilingualAvailable: z.boolean(),
  /** Whether attendance data is available (the attendance module answers). */
  attendanceAvailable: z.boolean(),
  rows: z.array(EligibilityRow),
  counts: z.object({ total: z.number(), eligible: z.number(), issued: z.number(), toIssue: z.number(), review: z.number() }),
});
export type Eligibility = z.infer<typeof Eligibility>;

const reasonText = z.string().trim().min(2, 'completion.reason_required').max(500);

export const ExceptionBody = z.object({ decision: z.enum(['eligible', 'not_eligible']), reason: reasonText });
export const EnrolmentInClassParams = z.object({ classId: Id, enrolmentId: Id });

export const Certificate = z.object({
  id: z.number(),
  classId: z.number(),
  enrolmentId: z.number(),
  personId: z.number(),
  serial: z.string(),
  status: CertificateStatus,
  name: z.string(),
  nameBo: z.string().nullable(),
  classTitle: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  /** The trainee's own attended hours (the credential's creditsEarned). */
  hours: z.number(),
  /** The class's 学时 for this trainee, as the certificate states them. */
  classHours: z.number(),
  issuerName: z.string(),
  issuedOn: z.string(),
  issuedAt: z.string(),
  issuedBy: z.string().nullable(),
  timeZone: z.string(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  replacesId: z.number().nullable(),
  replacedById: z.number().nullable(),
  /** Public verification address (the QR code on the certificate). */
  verifyUrl: z.string(),
});
export type Certificate = z.infer<typeof Certificate>;

export const CertificateParams = z.object({ classId: Id, certificateId: Id });
export const IssueBody = z.object({ enrolmentIds: z.array(Id).max(2000).optional() });
export const IssueResult = z.object({ issued: z.array(Certificate), skipped: z.number() });
export const RevokeBody = z.object({ reason: reasonText });
export const ReissueBody = z.object({ reason: reasonText });
/** Keep a certificate the changed record contradicts (the 需复核 flag clears until the record changes again). */
export const KeepBody = z.object({ reason: reasonText }).strict();
/** An organizer allows issuing before the class is marked completed (its last session has ended). */
export const EarlyIssueBody = z.object({ reason: reasonText }).strict();
export const CertificateOptionsBody = z.object({ bilingual: z.boolean() }).strict();
export const ReissueResult = z.object({ previous: Certificate, certificate: Certificate });

export const JobKind = z.enum(['issue', 'bundle']);
export const JobFormat = z.enum(['zip', 'pdf']);
export const StartJobBody = z.object({ kind: JobKind.default('bundle'), format: JobFormat.default('zip') });
export const CertificateJob = z.object({
  id: z.number(),
  classId: z.number(),
  kind: JobKind,
  format: JobFormat,
  status: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number(),
  done: z.number(),
  issued: z.number(),
  sizeBytes: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type CertificateJob = z.infer<typeof CertificateJob>;
export const JobParams = z.object({ classId: Id, jobId: Id });

/** What the public verification shows: nothing more than this. */
export const PublicVerification = z.object({
  serial: z.string(),
  status: CertificateStatus,
  /** The day it was issued, and the day it was revoked or replaced, in the class's time zone. */
  issuedOn: z.string(),
  statusChangedOn: z.string().nullable(),
  name: z.string(),
  nameBo: z.string().nullable(),
  classTitle: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  /** The holder's own hours; the class's when they differ. */
  hours: z.number(),
  classHours: z.number(),
  issuerName: z.string(),
});
export type PublicVerification = z.infer<typeof PublicVerification>;

export const MyCertificate = z.object({
  id: z.number(),
  serial: z.string(),
  status: CertificateStatus,
  classTitle: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  hours: z.number(),
  classHours: z.number(),
  issuerName: z.string(),
  issuedOn: z.string(),
  verifyUrl: z.string(),
});
export type MyCertificate = z.infer<typeof MyCertificate>;

export const SigningKey = z.object({ kid: z.string(), createdAt: z.string(), retiredAt: z.string().nullable(), active: z.boolean() });

export * from './certificate-text';
