import { z } from 'zod';
import { Id, isoDateTime } from './common';

// The class committee (班委) and the group leaders' roll call (#18).
export const CommitteeRole = z.enum(['monitor', 'deputy_monitor', 'study', 'life', 'organization', 'culture_sports']);
export type CommitteeRole = z.infer<typeof CommitteeRole>;

const Member = z.object({ enrolmentId: z.number(), name: z.string(), nameBo: z.string().nullable(), groupName: z.string().nullable() });

export const Committee = z.object({
  classId: z.number(),
  roles: z.array(z.object({ role: CommitteeRole, member: Member.nullable() })),
  groupLeaders: z.array(z.object({ groupId: z.number(), groupName: z.string(), leader: Member.nullable() })),
});
export type Committee = z.infer<typeof Committee>;

export const SetCommitteeRoleBody = z.object({ enrolmentId: Id.nullable() });
export const CommitteeRoleParams = z.object({ classId: Id, role: CommitteeRole });

export const RollCallStatus = z.enum(['present', 'late', 'absent']);

/** What a group leader's phone keeps to take roll call offline: the group, its sessions and what is recorded. */
export const RollCallSheet = z.object({
  classId: z.number(),
  classTitle: z.string(),
  timeZone: z.string(),
  group: z.object({ id: z.number(), name: z.string() }),
  /** The delegated right ends here (the class's last day plus the grace days, in the class's time zone). */
  rightEndsAt: z.string(),
  members: z.array(z.object({ enrolmentId: z.number(), name: z.string(), nameBo: z.string().nullable() })),
  sessions: z.array(z.object({ id: z.number(), title: z.string(), startsAt: z.string(), endsAt: z.string() })),
  records: z.array(z.object({ sessionId: z.number(), enrolmentId: z.number(), status: z.string(), method: z.string() })),
});
export type RollCallSheet = z.infer<typeof RollCallSheet>;

export const RollCallMark = z.object({
  clientId: z.string().min(8).max(64),
  sessionId: Id,
  enrolmentId: Id,
  status: RollCallStatus,
  markedAt: isoDateTime,
});
export const RollCallBody = z.object({ marks: z.array(RollCallMark).min(1).max(500) });
export const RollCallResults = z.object({
  results: z.array(
    z.object({
      clientId: z.string(),
      outcome: z.enum(['recorded', 'updated', 'kept', 'refused']),
      /** What the record says after this mark (a check-in or the class teacher's mark is kept). */
      status: z.string().nullable(),
      method: z.string().nullable(),
      code: z.string().nullable(),
      message: z.string().nullable(),
    }),
  ),
});
