import '../attendance/tables';
import '../outside-training/tables';
import './tables';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Executor } from '../../db/connection';
import { containing, ESCAPE_BACKSLASH } from '../../db/like';
import { precompile } from '../../db/precompiled';
import type { DB } from '../../db/schema';
import { rebuildSummary } from './summary';

// A read model (README.md): reporting over attendance, sessions, enrolments and classes in SQL.
// Hours are summed from the records and the sessions' credited hours; the institution's report
// reads them from this module's rollup (hours_by_enrolment), rebuilt from those records for every
// class the triggers marked stale before it is read. Other modules' tables are read, never written.

export const makeHoursStore = () => ({
  /**
   * Everything of one person's record but outside training, in one query (one round trip, one
   * plan): a row per enrolment × session of its class × group the session is for (a class without
   * sessions still has its row, session columns null), with the person's attendance status from
   * the covering index attendance_enrolment and a pending review (only ever on an offline
   * check-in, #15) from the partial index attendance_offline — no heap page of attendance read.
   * In the order of the classes' start (latest first), then of the sessions' start. Precompiled:
   * on PostgreSQL a named statement, planned once per connection (planning was 1.1 ms of 1.5).
   */
  recordOfPerson: precompile((db: Executor, personId: number) =>
    db
      .selectFrom('enrolments as e')
      .innerJoin('classes as c', 'c.id', 'e.class_id')
      .leftJoin('sessions as s', 's.class_id', 'e.class_id')
      .leftJoin('session_groups as sg', 'sg.session_id', 's.id')
      .leftJoin('attendance as a', (j) => j.onRef('a.enrolment_id', '=', 'e.id').onRef('a.session_id', '=', 's.id'))
      .leftJoin('attendance as o', (j) =>
        j.onRef('o.session_id', '=', 's.id').onRef('o.enrolment_id', '=', 'e.id').on(sql<boolean>`o.method = 'offline'`).on('o.review', '=', 'pending'),
      )
      .select([
        'e.id as enrolment_id',
        'e.class_id',
        'e.group_id',
        'e.status as enrolment_status',
        'c.title',
        'c.starts_on',
        'c.ends_on',
        'c.status as class_status',
        'c.time_zone',
        'c.leave_limit_ratio',
        's.id as session_id',
        's.starts_at',
        's.ends_at',
        's.hours',
        's.local_date',
        'sg.group_id as session_group_id',
        'a.status',
        'o.review',
      ])
      .where('e.person_id', '=', personId)
      .orderBy('c.starts_on', 'desc')
      .orderBy('e.id')
      .orderBy('s.starts_at')
      .orderBy('s.id')
      .orderBy('sg.group_id'),
  ),

  /** Training taken elsewhere that the office approved (培训经历认定): counted in the year it ended. */
  recognisedOfPerson: precompile((db: Executor, personId: number) =>
    db
      .selectFrom('outside_trainings')
      .select(['id', 'organiser', 'title', 'starts_on', 'ends_on', 'hours'])
      .where('person_id', '=', personId)
      .where('status', '=', 'approved')
      .orderBy('ends_on', 'desc'),
  ),

  ...makeHoursReportStore(),
});
export type HoursStore = ReturnType<typeof makeHoursStore>;

/** Which of the year's trainees a report lists: everyone, those below the yearly threshold, those below 550 over five years. */
export type ReportFilter = { below?: 'year' | 'five_years'; workUnit?: string; programmeId?: number };
/** The sort key of the last row of a page: below first, then fewest hours, then name and id. */
export type ReportCursor = { below: number; hours: number; name: string; personId: number };
export type ReportQuery = {
  institutionId: number;
  year: number;
  threshold: number;
  fiveYearRequired: number;
  filter: ReportFilter;
  after?: ReportCursor;
  limit: number;
};

const ATTENDED = sql`('present', 'late')`;
/** An offline check-in still waiting for the class teacher (#15) earns nothing until accepted. */
const REVIEWED = sql`(a.review is null or a.review <> 'pending')`;

type ReportRow = {
  person_id: number;
  name: string;
  name_bo: string | null;
  work_unit: string | null;
  position: string | null;
  rank: string | null;
  hours: number;
  five_year_hours: number;
  recognised_hours: number;
  below: number;
  total: number;
  below_count: number;
  /** The classes of the year with their hours (summary.ts's format). */
  classes: string;
};
// PostgreSQL returns the sums as double precision and the counts as integers already; SQLite as numbers.
const numbers = (r: ReportRow) => ({
  ...r,
  hours: Number(r.hours),
  five_year_hours: Number(r.five_year_hours),
  recognised_hours: Number(r.recognised_hours),
  below: Number(r.below),
  total: Number(r.total),
  below_count: Number(r.below_count),
});

/**
 * The report, from hours_by_person_year: the year's trainees (enrolled in a class of the
 * institution that runs during the year, or recognised outside training that ended in it), each
 * with the hours of the sessions they attended whose local day is in the year, and in the five
 * years up to it. Below the threshold means fewer hours, so the report's order (below first,
 * fewest hours, name, id) is the summary index's (hours, name, id): without a unit or programme, a
 * page is a range of that index from the cursor, each row whole in the summary (its five-year sum
 * and classes too) but for the person's other fields, read by key, and the totals are counted from
 * the index. A unit or a programme narrows the rows to its people first (the unit's people by
 * their index, a programme's trainees of the year by its classes' enrolments, each looked up in
 * the summary by key), which are then counted and sorted: a few thousand rows, not the year's
 * index walked in order looking for them. The whole report (the XLSX) is the same query read to
 * its end; `limit` null for every row.
 */
function reportQuery(q: Omit<ReportQuery, 'limit'> & { after?: ReportCursor }, limit: number | null) {
  const only =
    q.filter.below === 'year'
      ? sql`and s.hours < ${q.threshold}`
      : q.filter.below === 'five_years'
        ? sql`and s.five_year_hours < ${q.fiveYearRequired}`
        : sql``;
  const a = q.after;
  const after = a
    ? sql`and (s.hours > ${a.hours} or (s.hours = ${a.hours} and (s.name > ${a.name} or (s.name = ${a.name} and s.person_id > ${a.personId}))))`
    : sql``;
  const { workUnit, programmeId } = q.filter;
  const byUnit = workUnit !== undefined ? sql`and s.person_id in (select u.id from people u where u.work_unit = ${workUnit})` : sql``;
  const byProgramme =
    programmeId !== undefined
      ? sql`and s.person_id in (
          select e.person_id from enrolments e join classes c on c.id = e.class_id join programmes pr on pr.id = c.programme_id
          where c.programme_id = ${programmeId} and pr.institution_id = ${q.institutionId} and e.status = 'enrolled'
            and c.starts_on <= ${`${q.year}-12-31`} and c.ends_on >= ${`${q.year}-01-01`})`
      : sql``;
  const year = sql`s.institution_id = ${q.institutionId} and s.year = ${q.year}`;
  // Materialized: the scope's rows first (both planners otherwise may walk the report index in
  // order and test each of the year's rows against the scope).
  const scoped = workUnit !== undefined || programmeId !== undefined;
  const source = scoped ? sql`scoped s where true` : sql`hours_by_person_year s where ${year} ${only}`;
  return sql<ReportRow>`
    with ${
      scoped
        ? sql`scoped as materialized (
      select s.person_id, s.name, s.hours, s.recognised_hours, s.five_year_hours, s.classes from hours_by_person_year s
      where ${year} ${only} ${byUnit} ${byProgramme}
    ),`
        : sql``
    }
    counts as (
      select cast(count(*) as integer) as total, cast(coalesce(sum(case when s.hours < ${q.threshold} then 1 else 0 end), 0) as integer) as below_count
      from ${source}
    ),
    page as (
      select s.person_id, s.name, s.hours, s.recognised_hours, s.five_year_hours, s.classes from ${source} ${after}
      order by s.hours, s.name, s.person_id
      ${limit === null ? sql`` : sql`limit ${limit}`}
    )
    select x.person_id, x.name, p.name_bo, p.work_unit, p.position, p.rank, x.hours, x.five_year_hours, x.recognised_hours,
      case when x.hours < ${q.threshold} then 1 else 0 end as below, x.classes,
      n.total, n.below_count
    from page x
    join people p on p.id = x.person_id
    cross join counts n
    order by x.hours, x.name, x.person_id
  `;
}

const isPg = (db: Executor) => db.getExecutor().adapter instanceof PostgresAdapter;
/**
 * A read-only PostgreSQL transaction for the report, with JIT compilation off: the planner
 * overestimates the report's rows (millions for a year's 200,000 people), which sets off JIT,
 * and compiling the query took longer (~3 s measured) than running it.
 */
async function readOnly(db: Executor) {
  const trx = await (db as Kysely<DB>).startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute();
  await sql`set local jit = off`.execute(trx);
  return trx;
}

/** Stale classes rebuilt per transaction (the first rebuild after a bulk load may be all of them). */
const REFRESH_BATCH = 100;

/**
 * Rebuilds the rollup rows of the classes the triggers marked stale, from the record: per class,
 * its rows deleted and summed again from attendance × sessions × enrolments (the definition of
 * the report's hours: present or late, not a pending offline check-in, in the session's local
 * year), and the marks removed, in one transaction per batch. Two requests refreshing at once
 * take turns (PostgreSQL: a transaction-scoped advisory lock; SQLite: one writer, BEGIN
 * IMMEDIATE), and the second finds the marks gone: no class is summed twice. A write during the
 * rebuild marks its class again (its trigger's insert waits for this transaction's delete of the
 * mark), so the next read rebuilds it. Returns how many classes were rebuilt.
 */
async function refreshHours(db: Executor): Promise<number> {
  let rebuilt = 0;
  for (;;) {
    const [marked, person] = await Promise.all([
      db.selectFrom('hours_stale').select('class_id').limit(1).executeTakeFirst(),
      db.selectFrom('hours_stale_people').select('person_id').limit(1).executeTakeFirst(),
    ]);
    if (!marked && !person) return rebuilt;
    const done = await (db as Kysely<DB>).transaction().execute(async (trx) => {
      if (isPg(trx)) {
        await sql`select pg_advisory_xact_lock(${HOURS_LOCK})`.execute(trx);
        // A class's rebuild is a thousand enrolments by index; PostgreSQL otherwise plans a
        // parallel scan of every enrolment for it (300 ms instead of 27 ms at 1 M people).
        await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
        // The recursive span is overestimated (×30), which sets off JIT compilation: 1.4 s of a
        // 1.5 s rebuild of one class's people at 1 M people, for a query that runs in 100 ms.
        await sql`set local jit = off`.execute(trx);
      }
      const classIds = (
        await sql<{ class_id: number }>`delete from hours_stale where class_id in
          (select class_id from hours_stale order by class_id limit ${REFRESH_BATCH}) returning class_id`.execute(trx)
      ).rows.map((r) => r.class_id);
      const personIds = (
        await sql<{ person_id: number }>`delete from hours_stale_people where person_id in
          (select person_id from hours_stale_people order by person_id limit ${REFRESH_PEOPLE_BATCH}) returning person_id`.execute(trx)
      ).rows.map((r) => r.person_id);
      if (!classIds.length && !personIds.length) return { classes: 0 };
      if (classIds.length) {
        await trx.deleteFrom('hours_by_enrolment').where('class_id', 'in', classIds).execute();
        await sql`insert into hours_by_enrolment (class_id, person_id, year, hours)
          select e.class_id, e.person_id, cast(substr(s.local_date, 1, 4) as integer), sum(s.hours)
          from enrolments e
          join attendance a on a.enrolment_id = e.id
          join sessions s on s.id = a.session_id
          where e.class_id in (${sql.join(classIds)}) and a.status in ${ATTENDED} and ${REVIEWED}
          group by e.class_id, e.person_id, cast(substr(s.local_date, 1, 4) as integer)`.execute(trx);
      }
      await rebuildSummary(trx, classIds, personIds);
      return { classes: classIds.length };
    });
    rebuilt += done.classes;
  }
}
/** Marked people rebuilt per transaction (a list of parameters). */
const REFRESH_PEOPLE_BATCH = 1000;

/** The advisory lock key of the rollup's rebuild (any constant of this application's own). */
const HOURS_LOCK = 1_700_017;

export const makeHoursReportStore = () => ({
  refreshHours,

  /**
   * One page of the institution's yearly report, aggregated in the database: the year's trainees
   * (enrolled in a class of the institution that runs during the year), each with the hours of
   * the sessions they attended whose local day is in the year, and in the five years up to it.
   * `total` and `below_count` count every row the filter keeps, not only this page. The rollup is
   * refreshed first.
   */
  reportPage: async (db: Executor, q: ReportQuery) => {
    await refreshHours(db);
    if (!isPg(db)) return (await reportQuery(q, q.limit).execute(db)).rows.map(numbers);
    const trx = await readOnly(db);
    try {
      return (await reportQuery(q, q.limit).execute(trx)).rows.map(numbers);
    } finally {
      await trx.rollback().execute();
    }
  },

  /**
   * Every row of the report in order, in batches of `batch`, from one run of the query (after the
   * rollup's refresh): PostgreSQL streams it through a cursor in a read-only transaction (the
   * query and its window totals run once, not once per page); SQLite, in process, reads it whole
   * and hands it out in slices.
   */
  async *reportRows(db: Executor, q: Omit<ReportQuery, 'after' | 'limit'>, batch = 5000) {
    await refreshHours(db);
    if (!isPg(db)) {
      const rows = (await reportQuery(q, null).execute(db)).rows.map(numbers);
      for (let i = 0; i < rows.length; i += batch) yield rows.slice(i, i + batch);
      return;
    }
    const trx = await readOnly(db);
    try {
      await sql`declare hours_report no scroll cursor for ${reportQuery(q, null)}`.execute(trx);
      for (;;) {
        const { rows } = await sql<ReportRow>`fetch ${sql.raw(String(batch))} from hours_report`.execute(trx);
        if (rows.length) yield rows.map(numbers);
        if (rows.length < batch) break;
      }
    } finally {
      await trx.rollback().execute();
    }
  },

  /**
   * Up to `limit` work units of the institution's people whose name holds `q` (any case; `%` and
   * `_` are literal), the most people first: a scan of the institution's units in work_units
   * (kept by triggers on people), not of its people (measured in bench:scale).
   */
  workUnits: (db: Executor, institutionId: number, q: string, limit: number) =>
    db
      .selectFrom('work_units')
      .select(['work_unit', 'people'])
      .where('institution_id', '=', institutionId)
      .where('people', '>', 0)
      .where(sql<boolean>`lower(work_unit) like ${containing(q.toLowerCase())} ${ESCAPE_BACKSLASH}`)
      .orderBy('people', 'desc')
      .orderBy('work_unit')
      .limit(limit)
      .execute()
      .then((rows) => rows.map((r) => ({ workUnit: r.work_unit, people: Number(r.people) }))),

  /** Class titles by id (for the summary's rows, which carry the ids). */
  classTitles: (db: Executor, classIds: number[]) =>
    classIds.length ? db.selectFrom('classes').select(['id', 'title']).where('id', 'in', classIds).execute() : Promise.resolve([]),
});
export type HoursReportStore = ReturnType<typeof makeHoursReportStore>;
