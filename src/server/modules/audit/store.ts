import type { Executor } from '../../db/connection';
import { precompile } from '../../db/precompiled';
import type { DB, NewRow, Patch, Row } from '../../db/schema';

type NewEntry = NewRow<'audit_log'>;

const insertOne = precompile(
  (
    db: Executor,
    at: string,
    actor_user_id: number | null,
    action: string,
    entity: string,
    entity_id: number | null,
    class_id: number | null,
    before_json: string | null,
    after_json: string | null,
    request_id: string | null,
  ) => db.insertInto('audit_log').values({ at, actor_user_id, action, entity, entity_id, class_id, before_json, after_json, request_id }),
);

export const makeAuditStore = () => ({
  // Every write goes through here, so it is compiled once (db/precompiled.ts).
  insert: (db: Executor, e: NewEntry) =>
    insertOne(
      db,
      e.at,
      e.actor_user_id ?? null,
      e.action,
      e.entity,
      e.entity_id ?? null,
      e.class_id ?? null,
      e.before_json ?? null,
      e.after_json ?? null,
      e.request_id ?? null,
    ),
  insertMany: (db: Executor, entries: NewEntry[]) => (entries.length ? db.insertInto('audit_log').values(entries).execute() : Promise.resolve([])),
  listForClass: (db: Executor, classId: number, limit: number) =>
    db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select([
        'audit_log.id',
        'audit_log.at',
        'users.display_name as actor',
        'audit_log.action',
        'audit_log.entity',
        'audit_log.entity_id',
        'audit_log.before_json',
        'audit_log.after_json',
      ])
      .where('audit_log.class_id', '=', classId)
      .orderBy('audit_log.id', 'desc')
      .limit(limit)
      .execute(),
  listForEntity: (db: Executor, entity: string, entityId: number) =>
    db.selectFrom('audit_log').selectAll().where('entity', '=', entity).where('entity_id', '=', entityId).orderBy('id').execute(),
});
export type AuditStore = ReturnType<typeof makeAuditStore>;
