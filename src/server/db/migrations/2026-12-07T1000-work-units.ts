import { type Kysely, sql } from 'kysely';
import { isPostgres } from './helpers';

// Issue 17: the 学时 report's work-unit box suggests the units whose name holds what is typed,
// each with its number of people. Asked of `people`, every keystroke scanned the institution's
// people (160 ms and two parallel workers at 1 M people: a LIKE '%…%' uses no index). work_units
// keeps, per institution, each unit with the number of people in it, so the suggestions scan the
// units (thousands), not the people. Triggers on people keep it in the same transaction as the
// people, whatever writes them (service, import, erasure, CLI, a hand-written UPDATE), by counting
// the unit's people again — never an increment that could drift. A unit nobody is in any more
// keeps its row with 0 people (the suggestions skip it): deleting it could race with a
// transaction that is about to put someone in it.
//
// The count reads people by (work_unit, institution_id): the index people_work_unit becomes that
// (the report's filter by unit still uses its first column).

const EVENTS = ['insert', 'update', 'delete'] as const;

/** The number of people of unit `r.work_unit` in institution `r.institution_id`. */
const countOf = (r: string) => `(select count(*) from people p where p.work_unit = ${r}.work_unit and p.institution_id = ${r}.institution_id)`;

export async function up(db: Kysely<any>) {
  await db.schema.dropIndex('people_work_unit').execute();
  await db.schema.createIndex('people_work_unit').on('people').columns(['work_unit', 'institution_id']).execute();
  await db.schema
    .createTable('work_units')
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('work_unit', 'text', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('work_units_pk', ['institution_id', 'work_unit'])
    .execute();
  await sql
    .raw(`insert into work_units (institution_id, work_unit, people)
      select institution_id, work_unit, count(*) from people where work_unit is not null group by institution_id, work_unit`)
    .execute(db);

  for (const event of EVENTS) {
    const name = `work_units_${event}`;
    if (isPostgres(db)) {
      // A statement trigger (an import of 1,000 people counts each of their units once). As for
      // attendance_packed: a missing unit row is made, the rows are locked in key order (two
      // imports cannot deadlock), and only then counted again by a new statement, whose snapshot
      // sees what another transaction committed meanwhile. An update counts only the people whose
      // unit or institution changed.
      const moved = `from old_rows o join new_rows n on n.id = o.id
        where o.work_unit is distinct from n.work_unit or o.institution_id <> n.institution_id`;
      const changed =
        event === 'update'
          ? `select o.institution_id, o.work_unit ${moved} union select n.institution_id, n.work_unit ${moved}`
          : `select institution_id, work_unit from ${event === 'insert' ? 'new_rows' : 'old_rows'}`;
      await sql
        .raw(`create function ${name}() returns trigger language plpgsql as $$
          begin
            insert into work_units (institution_id, work_unit, people)
              select distinct x.institution_id, x.work_unit, 0 from (${changed}) x
              where x.work_unit is not null
              order by x.institution_id, x.work_unit
              on conflict (institution_id, work_unit) do nothing;
            perform 1 from work_units w where (w.institution_id, w.work_unit) in (select x.institution_id, x.work_unit from (${changed}) x)
              order by w.institution_id, w.work_unit for update;
            update work_units w set people = ${countOf('w')}
              where (w.institution_id, w.work_unit) in (select x.institution_id, x.work_unit from (${changed}) x);
            return null;
          end $$`)
        .execute(db);
      const referencing = { insert: 'new table as new_rows', update: 'old table as old_rows new table as new_rows', delete: 'old table as old_rows' }[event];
      await sql.raw(`create trigger ${name} after ${event} on people referencing ${referencing} for each statement execute function ${name}()`).execute(db);
    } else {
      // SQLite: per row, one writer at a time.
      const count = (r: 'new' | 'old') => `insert into work_units (institution_id, work_unit, people)
          select ${r}.institution_id, ${r}.work_unit, ${countOf(r)} where ${r}.work_unit is not null
          on conflict (institution_id, work_unit) do update set people = excluded.people;`;
      const body = event === 'update' ? `${count('old')}\n${count('new')}` : count(event === 'insert' ? 'new' : 'old');
      const of = event === 'update' ? ' of work_unit, institution_id' : '';
      await sql.raw(`create trigger ${name} after ${event}${of} on people begin\n${body}\nend`).execute(db);
    }
  }
}

export async function down(db: Kysely<any>) {
  for (const event of EVENTS) {
    await sql.raw(`drop trigger if exists work_units_${event}${isPostgres(db) ? ' on people' : ''}`).execute(db);
    if (isPostgres(db)) await sql.raw(`drop function if exists work_units_${event}()`).execute(db);
  }
  await db.schema.dropTable('work_units').execute();
  await db.schema.dropIndex('people_work_unit').execute();
  await db.schema.createIndex('people_work_unit').on('people').columns(['work_unit']).execute();
}
