import { z } from 'zod';
import {
  checkDocumentNumber,
  ID_TYPES,
  Id,
  type IdType,
  IdTypeSchema,
  normaliseDocumentNumber,
  normaliseNameDots,
  officePhone,
  optionalText,
  phone,
  requiredText,
} from './common';
import { DietaryNeedsBody } from './dietary';

export const Gender = z.enum(['male', 'female']);
export const EnrolmentRole = z.enum(['member', 'group_leader']);
export const EnrolmentStatus = z.enum(['enrolled', 'withdrawn']);

const emptyToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

/**
 * A document number; which format it must fit depends on the type beside it, so that is checked
 * with the type (refineDocument), with the words for that type.
 */
const documentNumber = z.string().trim().max(40).transform(normaliseDocumentNumber);

/** Every way a name reaches the records goes through here: middle-dot variants become U+00B7. */
const personName = requiredText(100).transform(normaliseNameDots);

export const PersonFields = z.object({
  name: personName,
  nameBo: optionalText(200),
  nameLatin: optionalText(200),
  gender: z.preprocess(emptyToNull, Gender.nullable().optional()),
  ethnicity: optionalText(50),
  workUnit: optionalText(200),
  position: optionalText(100),
  rank: optionalText(50),
  phone: z.preprocess(emptyToNull, phone.nullable().optional()),
  /** A landline (0894-5821234) or another mobile, beside the mobile. */
  officePhone: z.preprocess(emptyToNull, officePhone.nullable().optional()),
  /** The kind of document idNumber is; absent or null with a number means the mainland ID. */
  idType: z.preprocess(emptyToNull, IdTypeSchema.nullable().optional()),
  idNumber: z.preprocess(emptyToNull, documentNumber.nullable().optional()),
  notes: optionalText(2000),
});
export type PersonInput = z.infer<typeof PersonFields>;

/** The number must fit its type: a passport number is not a mainland ID and vice versa. */
export function refineDocument(p: { idType?: IdType | null; idNumber?: string | null } | undefined, ctx: z.RefinementCtx) {
  if (!p || (p.idType && !ID_TYPES.includes(p.idType))) return;
  if (p.idType && p.idType !== 'resident_id' && p.idNumber === undefined)
    ctx.addIssue({ code: 'custom', path: ['person', 'idNumber'], message: 'document.needs_number' });
  if (!p.idNumber) return;
  const type = p.idType ?? 'resident_id';
  const result = checkDocumentNumber(type, p.idNumber);
  // A number of the wrong shape for another document type says which format the field expects.
  if (result !== 'ok')
    ctx.addIssue({ code: 'custom', path: ['person', 'idNumber'], message: result === 'document.format' ? `document.field.${type}` : result });
}

export const Person = z.object({
  id: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  nameLatin: z.string().nullable(),
  gender: Gender.nullable(),
  ethnicity: z.string().nullable(),
  workUnit: z.string().nullable(),
  position: z.string().nullable(),
  rank: z.string().nullable(),
  phone: z.string().nullable(),
  officePhone: z.string().nullable(),
  /** The document idNumberMasked is from; null when none is on record. */
  idType: IdTypeSchema.nullable(),
  /** Always masked (e.g. 5401**********123X); the full number needs the reveal route. */
  idNumberMasked: z.string().nullable(),
  isSample: z.boolean(),
});
export type Person = z.infer<typeof Person>;

export const Enrolment = z.object({
  id: z.number(),
  classId: z.number(),
  groupId: z.number().nullable(),
  groupName: z.string().nullable(),
  role: EnrolmentRole,
  status: EnrolmentStatus,
  withdrawnReason: z.string().nullable(),
  person: Person,
});
export type Enrolment = z.infer<typeof Enrolment>;
/** Adding a trainee: `linkedExistingPerson` when the ID number and name were someone's on record (a returning trainee). */
export const EnrolResult = Enrolment.extend({
  linkedExistingPerson: z.boolean(),
  /** Linked, but the record was left as it was: it belongs to a class whose roster is locked (completed or archived). */
  recordLocked: z.object({ title: z.string(), status: z.enum(['completed', 'archived']) }).nullable(),
});

export const EnrolBody = z
  .object({
    personId: Id.optional(),
    person: PersonFields.optional(),
    groupId: Id.nullable().optional(),
    role: EnrolmentRole.default('member'),
    /** Saved with the trainee in one transaction; needs meals.write. */
    dietary: DietaryNeedsBody.optional(),
  })
  .refine((b) => (b.personId === undefined) !== (b.person === undefined), { message: 'required', path: ['person'] })
  .superRefine((b, ctx) => refineDocument(b.person, ctx));
export const UpdateEnrolmentBody = z
  .object({
    groupId: Id.nullable().optional(),
    role: EnrolmentRole.optional(),
    person: PersonFields.partial().optional(),
    dietary: DietaryNeedsBody.optional(),
  })
  .superRefine((b, ctx) => refineDocument(b.person, ctx));
export const WithdrawBody = z.object({ reason: requiredText(500) });
export const MoveBody = z.object({ enrolmentIds: z.array(Id).min(1).max(2000), groupId: Id.nullable() });
export const RosterQuery = z.object({ includeWithdrawn: z.coerce.boolean().optional(), q: z.string().max(100).optional() });
export const RevealedIdNumber = z.object({ idNumber: z.string().nullable() });

export const Group = z.object({
  id: z.number(),
  classId: z.number(),
  name: z.string(),
  sortOrder: z.number(),
  leader: z
    .object({ enrolmentId: z.number(), name: z.string(), nameBo: z.string().nullable(), workUnit: z.string().nullable(), position: z.string().nullable() })
    .nullable(),
  members: z.array(
    z.object({ enrolmentId: z.number(), name: z.string(), nameBo: z.string().nullable(), role: EnrolmentRole, workUnit: z.string().nullable() }),
  ),
});
export type Group = z.infer<typeof Group>;
export const CreateGroupBody = z.object({ name: requiredText(50), sortOrder: z.number().int().min(0).max(1000).optional() });
export const UpdateGroupBody = z.object({
  name: requiredText(50).optional(),
  sortOrder: z.number().int().min(0).max(1000).optional(),
  leaderEnrolmentId: Id.nullable().optional(),
});
