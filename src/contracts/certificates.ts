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
  certificate: z.object({ id: z.number(), serial: z.string(), status: CertificateStatus }).nullable(),
});
export type EligibilityRow = z.infer<typeof EligibilityRow>;

export const Eligibility = z.object({
  rule: CompletionRule,
  classStatus: z.string(),
  /** Issuing is open while the class runs or has completed. */
  canIssue: z.boolean(),
  /** Whether attendance data is available (the attendance module answers). */
  attendanceAvailable: z.boolean(),
  rows: z.array(EligibilityRow),
  counts: z.object({ total: z.number(), eligible: z.number(), issued: z.number(), toIssue: z.number() }),
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
  hours: z.number(),
  issuerName: z.string(),
  issuedOn: z.string(),
  issuedAt: z.string(),
  issuedBy: z.string().nullable(),
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
  status: CertificateStatus,
  /** When it was revoked or replaced. */
  statusChangedOn: z.string().nullable(),
  name: z.string(),
  nameBo: z.string().nullable(),
  classTitle: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  hours: z.number(),
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
  issuerName: z.string(),
  issuedOn: z.string(),
  verifyUrl: z.string(),
});
export type MyCertificate = z.infer<typeof MyCertificate>;

export const SigningKey = z.object({ kid: z.string(), createdAt: z.string(), retiredAt: z.string().nullable(), active: z.boolean() });
