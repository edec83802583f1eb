import { z } from 'zod';
import { Id } from './common';

// The audit trail as the office reads it: who did what, when, and what changed (before → after).

export const AuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.number().nullable(),
  actor: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.number().nullable(),
  classId: z.number().nullable(),
  /** The class's title, for entries of an institution's trail that belong to a class. */
  classTitle: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  action: z.string().trim().min(1).max(80).optional(),
  entity: z.string().trim().min(1).max(80).optional(),
  actorId: Id.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  /** What the filters can offer: the actions, entities and people that occur in this trail. */
  facets: z.object({
    actions: z.array(z.string()),
    entities: z.array(z.string()),
    actors: z.array(z.object({ id: z.number(), name: z.string() })),
  }),
});
export type AuditPage = z.infer<typeof AuditPage>;
