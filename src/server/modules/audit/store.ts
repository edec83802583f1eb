import type { Executor } from '../../db/connection';
import { precompile, precompileLists } from '../../db/precompiled';
import type { NewRow } from '../../db/schema';

type NewEntry = NewRow<'audit_log'>;

// Every write goes through here, so these are compiled once (db/precompiled.ts).
const COLUMNS = ['at', 'actor_user_id', 'action', 'entity', 'entity_id', 'class_id', 'before_json', 'after_json', 'request_id'] as const;
const tupleOf = (e: NewEntry) => COLUMNS.map((c) => e[c] ?? null);
const entryOf = (values: unknown[]) => Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]])) as NewEntry;
const insertOne = precompile((db: Executor, ...values: unknown[]) => db.insertInto('audit_log').values(entryOf(values)));
const insertRows = precompileLists((db: Executor, rows: unknown[][]) => db.insertInto('audit_log').values(rows.map(entryOf)));

export const makeAuditStore = () => ({
  insert: (db: Executor, e: NewEntry) => insertOne(db, ...tupleOf(e)),
  insertMany: (db: Executor, entries: NewEntry[]) => (entries.length ? insertRows(db, entries.map(tupleOf)) : Promise.resolve([])),
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
