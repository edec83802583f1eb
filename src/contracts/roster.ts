import { z } from 'zod';
import { Id, idNumber, optionalText, phone, requiredText } from './common';

export const Gender = z.enum(['male', 'female']);
export const EnrolmentRole = z.enum(['member', 'group_leader']);
export const EnrolmentStatus = z.enum(['enrolled', 'withdrawn']);

const emptyToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const PersonFields = z.object({
  name: requiredText(100),
  nameBo: optionalText(200),
  nameLatin: optionalText(200),
  gender: z.preprocess(emptyToNull, Gender.nullable().optional()),
  ethnicity: optionalText(50),
  workUnit: optionalText(200),
  position: optionalText(100),
  rank: optionalText(50),
  phone: z.preprocess(emptyToNull, phone.nullable().optional()),
  idNumber: z.preprocess(emptyToNull, idNumber.nullable().optional()),
  notes: optionalText(2000),
});
export type PersonInput = z.infer<typeof PersonFields>;

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
  })
  .refine((b) => (b.personId === undefined) !== (b.person === undefined), { message: 'required', path: ['person'] });
export const UpdateEnrolmentBody = z.object({
  groupId: Id.nullable().optional(),
  role: EnrolmentRole.optional(),
  person: PersonFields.partial().optional(),
});
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
