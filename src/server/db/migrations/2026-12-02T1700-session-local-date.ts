import type { Kysely } from 'kysely';

// Issue 17: the institution's yearly 学时 report groups attended sessions by the year they took
// place in their class's time zone, in SQL. A per-session local date (YYYY-MM-DD), written by the
// timetable with starts_at, lets SQLite and PostgreSQL group on the same column. Backfilled here
// from each class's time zone; the two indexes serve the per-person queries (enrolments by person)
// and the report's window over a class's sessions by day.
const localDate = (instant: string, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
};

export async function up(db: Kysely<any>) {
  await db.schema.alterTable('sessions').addColumn('local_date', 'text').execute();
  const classes = await db.selectFrom('classes').select(['id', 'time_zone']).orderBy('id').execute();
  for (const c of classes) {
    const sessions = await db.selectFrom('sessions').select(['id', 'starts_at']).where('class_id', '=', c.id).execute();
    for (const s of sessions)
      await db
        .updateTable('sessions')
        .set({ local_date: localDate(s.starts_at, c.time_zone) })
        .where('id', '=', s.id)
        .execute();
  }
  await db.schema.createIndex('sessions_class_local_date').on('sessions').columns(['class_id', 'local_date']).execute();
  await db.schema.createIndex('enrolments_person').on('enrolments').column('person_id').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropIndex('enrolments_person').execute();
  await db.schema.dropIndex('sessions_class_local_date').execute();
  await db.schema.alterTable('sessions').dropColumn('local_date').execute();
}
