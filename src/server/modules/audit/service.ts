import { type Executor, nowIso } from '../../db/connection';
import type { Actor } from '../../lib/permissions';
import type { AuditStore } from './store';

export type AuditRecord = {
  action: string;
  entity: string;
  entityId?: number | null;
  classId?: number | null;
  before?: unknown;
  after?: unknown;
};

// Every write records who did what, inside the writing transaction: a change and its audit entry
// land together or not at all.
export const makeAuditService = (deps: { db: Executor; store: AuditStore }) => ({
  record: (trx: Executor, actor: Pick<Actor, 'userId'> | null, r: AuditRecord) =>
    deps.store.insert(trx, {
      at: nowIso(),
      actor_user_id: actor?.userId ?? null,
      action: r.action,
      entity: r.entity,
      entity_id: r.entityId ?? null,
      class_id: r.classId ?? null,
      before_json: r.before === undefined ? null : JSON.stringify(r.before),
      after_json: r.after === undefined ? null : JSON.stringify(r.after),
      request_id: null,
    }),
  /** Many entries in a few statements (bulk operations such as the roster import); same shape as record. */
  recordMany: async (trx: Executor, actor: Pick<Actor, 'userId'> | null, records: AuditRecord[]) => {
    const at = nowIso();
    const rows = records.map((r) => ({
      at,
      actor_user_id: actor?.userId ?? null,
      action: r.action,
      entity: r.entity,
      entity_id: r.entityId ?? null,
      class_id: r.classId ?? null,
      before_json: r.before === undefined ? null : JSON.stringify(r.before),
      after_json: r.after === undefined ? null : JSON.stringify(r.after),
      request_id: null,
    }));
    for (let i = 0; i < rows.length; i += 500) await deps.store.insertMany(trx, rows.slice(i, i + 500));
  },
  /** Entries by different actors in a few statements (a batch of check-ins, each by its own trainee). */
  recordEach: async (trx: Executor, entries: Array<AuditRecord & { actor: Pick<Actor, 'userId'> | null }>) => {
    const at = nowIso();
    const rows = entries.map((r) => ({
      at,
      actor_user_id: r.actor?.userId ?? null,
      action: r.action,
      entity: r.entity,
      entity_id: r.entityId ?? null,
      class_id: r.classId ?? null,
      before_json: r.before === undefined ? null : JSON.stringify(r.before),
      after_json: r.after === undefined ? null : JSON.stringify(r.after),
      request_id: null,
    }));
    for (let i = 0; i < rows.length; i += 500) await deps.store.insertMany(trx, rows.slice(i, i + 500));
  },
  listForClass: async (classId: number, limit = 200) =>
    (await deps.store.listForClass(deps.db, classId, limit)).map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor ?? null,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before_json ? JSON.parse(r.before_json) : null,
      after: r.after_json ? JSON.parse(r.after_json) : null,
    })),
  listForEntity: (entity: string, entityId: number) => deps.store.listForEntity(deps.db, entity, entityId),
});
export type AuditService = ReturnType<typeof makeAuditService>;
