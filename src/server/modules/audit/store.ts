import type { Executor } from '../../db/connection';
import type { DB, NewRow, Patch, Row } from '../../db/schema';

type NewEntry = NewRow<'audit_log'>;

export const makeAuditStore = () => ({
  insert: (db: Executor, entry: NewEntry) => db.insertInto('audit_log').values(entry).execute(),
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
