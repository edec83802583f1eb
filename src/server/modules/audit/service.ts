import { type Executor, nowIso } from '../../db/connection';
import type { Actor } from '../../lib/permissions';
import type { AuditFilter, AuditScope, AuditStore } from './store';

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
const rowOf = (at: string, actor: Pick<Actor, 'userId'> | null, r: AuditRecord) => ({
  at,
  actor_user_id: actor?.userId ?? null,
  action: r.action,
  entity: r.entity,
  entity_id: r.entityId ?? null,
  class_id: r.classId ?? null,
  before_json: r.before === undefined ? null : JSON.stringify(r.before),
  after_json: r.after === undefined ? null : JSON.stringify(r.after),
  request_id: null,
});

export const makeAuditService = (deps: { db: Executor; store: AuditStore }) => {
  /** Entries by different actors in a few statements (a batch of check-ins, each by its own trainee). */
  const recordEach = async (trx: Executor, entries: Array<AuditRecord & { actor: Pick<Actor, 'userId'> | null }>) => {
    const at = nowIso();
    const rows = entries.map((r) => rowOf(at, r.actor, r));
    for (let i = 0; i < rows.length; i += 500) await deps.store.insertMany(trx, rows.slice(i, i + 500));
  };
  return {
    record: (trx: Executor, actor: Pick<Actor, 'userId'> | null, r: AuditRecord) => deps.store.insert(trx, rowOf(nowIso(), actor, r)),
    /** Many entries in a few statements (bulk operations such as the roster import); same shape as record. */
    recordMany: (trx: Executor, actor: Pick<Actor, 'userId'> | null, records: AuditRecord[]) =>
      recordEach(
        trx,
        records.map((r) => ({ ...r, actor })),
      ),
    recordEach,
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
    /** A class's or an institution's trail as the audit screens read it: filtered, one page, with what the filters can offer. */
    async search(scope: AuditScope, query: AuditFilter & { page: number; pageSize: number }) {
      const [{ rows, total }, facets] = await Promise.all([
        deps.store.search(deps.db, scope, query, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
        deps.store.facets(deps.db, scope),
      ]);
      const entries = rows.map((r) => ({
        id: r.id,
        at: r.at,
        actorId: r.actor_user_id,
        actor: r.actor ?? null,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        classId: r.class_id,
        classTitle: r.class_title ?? null,
        before: r.before_json ? JSON.parse(r.before_json) : null,
        after: r.after_json ? JSON.parse(r.after_json) : null,
      }));
      return { entries, total, page: query.page, pageSize: query.pageSize, facets };
    },
  };
};
export type AuditService = ReturnType<typeof makeAuditService>;
