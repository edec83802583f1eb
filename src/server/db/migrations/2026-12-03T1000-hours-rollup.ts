import { type Kysely, sql } from 'kysely';
import { isPostgres, realType } from './helpers';

// Issue 17: the institution's yearly 学时 report read 2–4 M attendance rows per call. The hours
// module now keeps a derived rollup: hours_by_enrolment holds, per class, person and local year,
// the hours that person earned in that class that year (present or late, not an offline check-in
// still pending), rebuilt from attendance × sessions × enrolments; hours_stale names the classes
// whose rows may be out of date. Triggers on every table the rollup is computed from mark the
// class stale, whatever writes it (service, CLI, import, a hand-written UPDATE); the hours store
// rebuilds the stale classes before every report read. The rollup is filled here for existing data.

/**
 * Where each source table's changed rows name their class: the columns read from a changed row, and
 * the classes of the rows of relation `r` (PostgreSQL's transition table, SQLite's NEW or OLD).
 */
const SOURCES: Record<string, { columns: string[]; events: Array<'insert' | 'update' | 'delete'>; classes: (r: string) => string }> = {
  // By the enrolment and by the session: a session deleted takes its attendance with it (cascade),
  // while the enrolment still names the class; the two agree otherwise.
  attendance: {
    columns: ['enrolment_id', 'session_id'],
    events: ['insert', 'update', 'delete'],
    classes: (r) => `select e.class_id from ${r} r join enrolments e on e.id = r.enrolment_id
      union select s.class_id from ${r} r join sessions s on s.id = r.session_id`,
  },
  sessions: { columns: ['class_id'], events: ['insert', 'update', 'delete'], classes: (r) => `select r.class_id from ${r} r` },
  session_groups: {
    columns: ['session_id'],
    events: ['insert', 'update', 'delete'],
    classes: (r) => `select s.class_id from ${r} r join sessions s on s.id = r.session_id`,
  },
  enrolments: { columns: ['class_id'], events: ['insert', 'update', 'delete'], classes: (r) => `select r.class_id from ${r} r` },
  classes: { columns: ['id'], events: ['delete'], classes: (r) => `select r.id as class_id from ${r} r` },
};

/** The rollup's definition at this migration (the hours store keeps the live copy). */
const fill = sql`insert into hours_by_enrolment (class_id, person_id, year, hours)
  select e.class_id, e.person_id, cast(substr(s.local_date, 1, 4) as integer), sum(s.hours)
  from enrolments e
  join attendance a on a.enrolment_id = e.id
  join sessions s on s.id = a.session_id
  where a.status in ('present', 'late') and (a.review is null or a.review <> 'pending')
  group by e.class_id, e.person_id, cast(substr(s.local_date, 1, 4) as integer)`;

export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('hours_by_enrolment')
    .addColumn('class_id', 'integer', (c) => c.notNull())
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('hours', realType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('hours_by_enrolment_pk', ['class_id', 'person_id', 'year'])
    .execute();
  // The report's join from the year's trainees, covering (no table rows read).
  await db.schema.createIndex('hours_by_enrolment_person').on('hours_by_enrolment').columns(['person_id', 'year', 'class_id', 'hours']).execute();
  // The year's trainees (enrolled in the year's classes) read from the index alone, not from a scan of every enrolment.
  await db.schema.createIndex('enrolments_class_status').on('enrolments').columns(['class_id', 'status', 'person_id']).execute();
  await db.schema
    .createTable('hours_stale')
    .addColumn('class_id', 'integer', (c) => c.primaryKey())
    .execute();

  const pg = isPostgres(db);
  for (const [table, source] of Object.entries(SOURCES))
    for (const event of source.events) {
      const name = `hours_stale_${table}_${event}`;
      if (pg) {
        // Statement triggers with transition tables: a roll call or an import of thousands of rows
        // marks its class once, not once per row.
        const changed =
          event === 'update'
            ? `${source.classes('old_rows')} union ${source.classes('new_rows')}`
            : source.classes(event === 'insert' ? 'new_rows' : 'old_rows');
        await sql
          .raw(`create function ${name}() returns trigger language plpgsql as $$
            begin
              insert into hours_stale (class_id) select class_id from (${changed}) x on conflict do nothing;
              return null;
            end $$`)
          .execute(db);
        const referencing = { insert: 'new table as new_rows', update: 'old table as old_rows new table as new_rows', delete: 'old table as old_rows' }[event];
        await sql.raw(`create trigger ${name} after ${event} on ${table} referencing ${referencing} for each statement execute function ${name}()`).execute(db);
      } else {
        // SQLite's triggers run per row, NEW and OLD being the row.
        const row = (r: 'new' | 'old') => source.classes(`(select ${source.columns.map((c) => `${r}.${c} as ${c}`).join(', ')})`);
        const changed = event === 'update' ? `${row('old')} union ${row('new')}` : row(event === 'insert' ? 'new' : 'old');
        await sql
          .raw(`create trigger ${name} after ${event} on ${table} begin
            insert or ignore into hours_stale (class_id) select class_id from (${changed});
          end`)
          .execute(db);
      }
    }
  await fill.execute(db);
}

export async function down(db: Kysely<any>) {
  for (const [table, source] of Object.entries(SOURCES))
    for (const event of source.events) {
      await sql.raw(`drop trigger if exists hours_stale_${table}_${event}${isPostgres(db) ? ` on ${table}` : ''}`).execute(db);
      if (isPostgres(db)) await sql.raw(`drop function if exists hours_stale_${table}_${event}()`).execute(db);
    }
  await db.schema.dropTable('hours_stale').execute();
  await db.schema.dropIndex('enrolments_class_status').execute();
  await db.schema.dropTable('hours_by_enrolment').execute();
}
