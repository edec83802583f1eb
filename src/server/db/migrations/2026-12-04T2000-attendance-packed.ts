import { type Kysely, sql } from 'kysely';
import { isPostgres } from './helpers';

// Issue 17: the attendance matrix of a 1,000 × 60 class read its 58,000 records on every request
// (packed per trainee by a subquery: 17 ms of a 26 ms matrix at 1 M people). attendance_packed
// keeps each enrolment's records packed already — "12pr,13la,…", session id and the first two
// letters of the status, in no particular order — so the matrix reads 1,000 short rows. Triggers
// on attendance write it in the same transaction as the records, whatever writes them (service,
// CLI, import, a hand-written UPDATE, a cascade from a deleted session), by packing the
// enrolment's records again: never an increment that could drift. Filled here for existing data.

/** An enrolment's records packed, `e` naming its id (the store's reads depend on this format). */
const packedOf = (e: string) => `(select string_agg(cast(a.session_id as text) || substr(a.status, 1, 2), ',') from attendance a where a.enrolment_id = ${e})`;

const EVENTS = ['insert', 'update', 'delete'] as const;

export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('attendance_packed')
    .addColumn('enrolment_id', 'integer', (c) => c.primaryKey().references('enrolments.id').onDelete('cascade'))
    .addColumn('packed', 'text', (c) => c.notNull())
    .execute();
  // Per enrolment in index order (a GROUP BY of 19 M records would sort or hash them all first).
  await sql
    .raw(`insert into attendance_packed (enrolment_id, packed)
      select e.id, ${packedOf('e.id')} from enrolments e where exists (select 1 from attendance a where a.enrolment_id = e.id)`)
    .execute(db);

  for (const event of EVENTS) {
    const name = `attendance_packed_${event}`;
    if (isPostgres(db)) {
      // A statement trigger (a roll call of 1,000 packs each trainee once). Two transactions
      // writing the same trainee's records at once take turns on its packed row: the row is made
      // if missing and locked (in enrolment order, so two batches cannot deadlock), and only then
      // packed again by a new statement, whose snapshot sees what the other committed. An
      // enrolment being deleted (its records go by cascade) is skipped; its row goes by cascade too.
      const changed =
        event === 'update'
          ? 'select enrolment_id from old_rows union select enrolment_id from new_rows'
          : `select enrolment_id from ${event === 'insert' ? 'new_rows' : 'old_rows'}`;
      await sql
        .raw(`create function ${name}() returns trigger language plpgsql as $$
          begin
            insert into attendance_packed (enrolment_id, packed)
              select distinct x.enrolment_id, '' from (${changed}) x
              where exists (select 1 from enrolments e where e.id = x.enrolment_id)
              order by x.enrolment_id
              on conflict (enrolment_id) do nothing;
            perform 1 from attendance_packed p where p.enrolment_id in (${changed}) order by p.enrolment_id for update;
            update attendance_packed p set packed = coalesce(${packedOf('p.enrolment_id')}, '')
              where p.enrolment_id in (${changed});
            return null;
          end $$`)
        .execute(db);
      const referencing = { insert: 'new table as new_rows', update: 'old table as old_rows new table as new_rows', delete: 'old table as old_rows' }[event];
      await sql.raw(`create trigger ${name} after ${event} on attendance referencing ${referencing} for each statement execute function ${name}()`).execute(db);
    } else {
      // SQLite: per row, one writer at a time.
      const pack = (r: 'new' | 'old') => `insert into attendance_packed (enrolment_id, packed)
          select ${r}.enrolment_id, coalesce(${packedOf(`${r}.enrolment_id`)}, '')
          where exists (select 1 from enrolments e where e.id = ${r}.enrolment_id)
          on conflict (enrolment_id) do update set packed = excluded.packed;`;
      const body = event === 'update' ? `${pack('old')}\n${pack('new')}` : pack(event === 'insert' ? 'new' : 'old');
      await sql.raw(`create trigger ${name} after ${event} on attendance begin\n${body}\nend`).execute(db);
    }
  }
}

export async function down(db: Kysely<any>) {
  for (const event of EVENTS) {
    await sql.raw(`drop trigger if exists attendance_packed_${event}${isPostgres(db) ? ' on attendance' : ''}`).execute(db);
    if (isPostgres(db)) await sql.raw(`drop function if exists attendance_packed_${event}()`).execute(db);
  }
  await db.schema.dropTable('attendance_packed').execute();
}
