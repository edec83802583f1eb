import { type Kysely, sql } from 'kysely';
import { isPostgres, realType } from './helpers';

// Issue 17, second level: the yearly report's page grouped ~1 M hours_by_enrolment rows against
// the year's 200,000 trainees for every page. hours_by_person_year holds, per institution, person
// and year the person is a trainee of (enrolled in a class of the institution running that year,
// or approved outside training ending that year), the year's hours (attended + recognised) and the
// person's name: the report's default page is an index range in its sort order. It is rebuilt by
// the hours store for the people of every class it rebuilds and for the people marked in
// hours_stale_people (an enrolment deleted or moved, outside training changed, a name changed);
// a class whose dates or programme change is marked stale. Filled here for existing data.

/** Which changed rows mark a person (relation `r`: PostgreSQL's transition table, SQLite's NEW or OLD). */
const PEOPLE_SOURCES: Record<string, { columns: string[]; events: Array<'insert' | 'update' | 'delete'>; people: (r: string) => string }> = {
  enrolments: { columns: ['person_id'], events: ['update', 'delete'], people: (r) => `select r.person_id from ${r} r` },
  outside_trainings: { columns: ['person_id'], events: ['insert', 'update', 'delete'], people: (r) => `select r.person_id from ${r} r` },
};

/** The summary's definition at this migration (the hours store keeps the live copy). */
const fill = sql`with recursive span (institution_id, person_id, year, last) as (
    select pr.institution_id, e.person_id, cast(substr(c.starts_on, 1, 4) as integer), cast(substr(c.ends_on, 1, 4) as integer)
    from enrolments e join classes c on c.id = e.class_id join programmes pr on pr.id = c.programme_id
    where e.status = 'enrolled'
    union all
    select institution_id, person_id, year + 1, last from span where year < last
  ),
  trainees as (
    select institution_id, person_id, year from span
    union
    select institution_id, person_id, cast(substr(ends_on, 1, 4) as integer) from outside_trainings where status = 'approved'
  ),
  attended as (
    select pr.institution_id, h.person_id, h.year, sum(h.hours) as hours
    from hours_by_enrolment h join classes c on c.id = h.class_id join programmes pr on pr.id = c.programme_id
    group by pr.institution_id, h.person_id, h.year
  ),
  recognised as (
    select institution_id, person_id, cast(substr(ends_on, 1, 4) as integer) as year, sum(hours) as hours
    from outside_trainings where status = 'approved'
    group by institution_id, person_id, cast(substr(ends_on, 1, 4) as integer)
  )
  insert into hours_by_person_year (institution_id, person_id, year, name, hours, recognised_hours)
  select t.institution_id, t.person_id, t.year, p.name, coalesce(a.hours, 0) + coalesce(r.hours, 0), coalesce(r.hours, 0)
  from trainees t
  join people p on p.id = t.person_id
  left join attended a on a.institution_id = t.institution_id and a.person_id = t.person_id and a.year = t.year
  left join recognised r on r.institution_id = t.institution_id and r.person_id = t.person_id and r.year = t.year`;

export async function up(db: Kysely<any>) {
  const pg = isPostgres(db);
  await db.schema
    .createTable('hours_by_person_year')
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('institution_id', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('hours', realType(db), (c) => c.notNull())
    .addColumn('recognised_hours', realType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('hours_by_person_year_pk', ['person_id', 'institution_id', 'year'])
    .execute();
  // The report's order (below first = fewest hours first, then name and id): a page is a range of it.
  await db.schema
    .createIndex('hours_by_person_year_report')
    .on('hours_by_person_year')
    .columns(['institution_id', 'year', 'hours', 'name', 'person_id'])
    .execute();
  await db.schema
    .createTable('hours_stale_people')
    .addColumn('person_id', 'integer', (c) => c.primaryKey())
    .execute();

  const triggers: Array<{ name: string; table: string; event: 'insert' | 'update' | 'delete'; pg: string; sqlite: string; of?: string }> = [];
  for (const [table, source] of Object.entries(PEOPLE_SOURCES))
    for (const event of source.events) {
      const pgRows =
        event === 'update' ? `${source.people('old_rows')} union ${source.people('new_rows')}` : source.people(event === 'insert' ? 'new_rows' : 'old_rows');
      const row = (r: 'new' | 'old') => source.people(`(select ${source.columns.map((c) => `${r}.${c} as ${c}`).join(', ')})`);
      const sqliteRows = event === 'update' ? `${row('old')} union ${row('new')}` : row(event === 'insert' ? 'new' : 'old');
      triggers.push({
        name: `hours_stale_people_${table}_${event}`,
        table,
        event,
        pg: `insert into hours_stale_people (person_id) select person_id from (${pgRows}) x on conflict do nothing`,
        sqlite: `insert or ignore into hours_stale_people (person_id) select person_id from (${sqliteRows})`,
      });
    }
  // A renamed person moves in the report's order.
  triggers.push({
    name: 'hours_stale_people_people_update',
    table: 'people',
    event: 'update',
    of: 'name',
    pg: 'insert into hours_stale_people (person_id) select n.id from new_rows n join old_rows o on o.id = n.id where n.name <> o.name on conflict do nothing',
    sqlite: 'insert or ignore into hours_stale_people (person_id) select new.id where new.name <> old.name',
  });
  // A class whose dates or programme change changes who its year's trainees are.
  triggers.push({
    name: 'hours_stale_classes_update',
    table: 'classes',
    event: 'update',
    of: 'starts_on, ends_on, programme_id',
    pg: `insert into hours_stale (class_id) select n.id from new_rows n join old_rows o on o.id = n.id
      where n.starts_on <> o.starts_on or n.ends_on <> o.ends_on or n.programme_id <> o.programme_id on conflict do nothing`,
    sqlite: `insert or ignore into hours_stale (class_id) select new.id
      where new.starts_on <> old.starts_on or new.ends_on <> old.ends_on or new.programme_id <> old.programme_id`,
  });
  for (const t of triggers) {
    if (pg) {
      await sql.raw(`create function ${t.name}() returns trigger language plpgsql as $$ begin ${t.pg}; return null; end $$`).execute(db);
      const referencing = { insert: 'new table as new_rows', update: 'old table as old_rows new table as new_rows', delete: 'old table as old_rows' }[t.event];
      await sql
        .raw(`create trigger ${t.name} after ${t.event} on ${t.table} referencing ${referencing} for each statement execute function ${t.name}()`)
        .execute(db);
    } else {
      await sql.raw(`create trigger ${t.name} after ${t.event}${t.of ? ` of ${t.of}` : ''} on ${t.table} begin ${t.sqlite}; end`).execute(db);
    }
  }
  await fill.execute(db);
}

const TRIGGERS = [
  ['enrolments', 'hours_stale_people_enrolments_update'],
  ['enrolments', 'hours_stale_people_enrolments_delete'],
  ['outside_trainings', 'hours_stale_people_outside_trainings_insert'],
  ['outside_trainings', 'hours_stale_people_outside_trainings_update'],
  ['outside_trainings', 'hours_stale_people_outside_trainings_delete'],
  ['people', 'hours_stale_people_people_update'],
  ['classes', 'hours_stale_classes_update'],
];

export async function down(db: Kysely<any>) {
  for (const [table, name] of TRIGGERS) {
    await sql.raw(`drop trigger if exists ${name}${isPostgres(db) ? ` on ${table}` : ''}`).execute(db);
    if (isPostgres(db)) await sql.raw(`drop function if exists ${name}()`).execute(db);
  }
  await db.schema.dropTable('hours_stale_people').execute();
  await db.schema.dropTable('hours_by_person_year').execute();
}
