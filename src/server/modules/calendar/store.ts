import './tables';
import type { Executor } from '../../db/connection';
import type { NewRow } from '../../db/schema';

export const makeCalendarStore = () => ({
  findByScope: (db: Executor, scopeKey: string) => db.selectFrom('calendar_feeds').selectAll().where('scope_key', '=', scopeKey).executeTakeFirst(),
  findByTokenHash: (db: Executor, hash: string) => db.selectFrom('calendar_feeds').selectAll().where('token_hash', '=', hash).executeTakeFirst(),
  insert: (db: Executor, row: NewRow<'calendar_feeds'>) => db.insertInto('calendar_feeds').values(row).returning('id').executeTakeFirstOrThrow(),
  deleteByScope: (db: Executor, scopeKey: string) => db.deleteFrom('calendar_feeds').where('scope_key', '=', scopeKey).execute(),
});
export type CalendarStore = ReturnType<typeof makeCalendarStore>;
