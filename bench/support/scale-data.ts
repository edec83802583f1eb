import cliProgress from 'cli-progress';
import { sql } from 'kysely';
import type { Services } from '../../src/server/app';
import type { Database } from '../../src/server/db/connection';

// The data set of issue 17, written with SQL (INSERT … SELECT over a series) into a migrated
// database: ten years of one institution's classes. For N people (1,000,000 at full size):
// 2,000·N/1M classes, 200 a year from 2016 to 2025, each of 1,000 trainees and 10 one-day sessions
// (3, 6, 9 or 12 credited hours each by class); every person is enrolled twice, once in each half
// of the decade, so a year has ~N/5 trainees; 96 % of the (trainee, session) pairs have a record
// (present, late or leave), ~19.2 M rows at full size. The last class is the matrix class:
// 1,000 trainees × 60 sessions (4 a day over 15 days).

export const TRAINEES_PER_CLASS = 1000;
const SESSIONS_PER_CLASS = 10;
const MATRIX_SESSIONS = 60;
const FIRST_YEAR = 2016;
const YEARS = 10;
const STAMP = '2026-01-01T00:00:00.000Z';

/**
 * Writes the load's dirty pages out now (CHECKPOINT), so that the checkpoint the load would set off
 * minutes later cannot fall among the measurements. (It was not what made the matrix slower right
 * after generating: 45.2 ms p95 with it, the measuring process was — docs/benchmarks.md,
 * 2026-12-07.) Needs a superuser or pg_checkpoint (PostgreSQL ≥ 15); without, it says so.
 */
export async function settleWrites(db: Database['db']): Promise<string> {
  const t0 = performance.now();
  try {
    await sql`checkpoint`.execute(db);
    return `checkpoint done in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  } catch (e) {
    return `no checkpoint (${(e as Error).message}): the figures may carry the load's write-back`;
  }
}

export type ScaleData = { institutionId: number; matrixClassId: number; people: number; classes: number; firstPersonId: number; lastYear: number };

/** Step lines with the elapsed time, and a bar for the long inserts (on stderr). */
export function progress() {
  const start = Date.now();
  const elapsed = () => `${((Date.now() - start) / 1000).toFixed(1).padStart(7)} s`;
  return {
    elapsed,
    line: (text: string) => console.log(`[${elapsed()}] ${text}`),
    bar(label: string, total: number) {
      const bar = new cliProgress.SingleBar(
        { format: `${label.padEnd(12)} |{bar}| {percentage}% {value}/{total} · {duration_formatted}`, hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
      return bar;
    },
  };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
/** Two multipliers coprime with n: i ↦ i·m mod n is then a permutation of 0 … n−1. */
function multipliers(n: number) {
  const primes = [7919, 104729, 15485863, 32452843, 49979687];
  const out = primes.filter((p) => gcd(p, n) === 1);
  return [out[0] ?? 1, out[1] ?? 1];
}

/** The facts of a data set generated before (`bench:scale -- --keep`), read back from its database. */
export async function readScaleData(database: Database): Promise<ScaleData> {
  const db = database.db;
  const one = async <T>(q: Promise<T | undefined>) => {
    const r = await q;
    if (!r) throw new Error('no scale data in this database');
    return r;
  };
  const i = await one(db.selectFrom('institutions').select('id').where('code', '=', 'SCALE').executeTakeFirst());
  const c = await one(
    db
      .selectFrom('classes')
      .select((eb) => [eb.fn.max('id').as('last'), eb.fn.countAll().as('n')])
      .executeTakeFirst(),
  );
  const pp = await one(
    db
      .selectFrom('people')
      .select((eb) => [eb.fn.min('id').as('first'), eb.fn.countAll().as('n')])
      .where('institution_id', '=', i.id)
      .executeTakeFirst(),
  );
  return {
    institutionId: i.id,
    matrixClassId: Number(c.last),
    people: Number(pp.n),
    classes: Number(c.n),
    firstPersonId: Number(pp.first),
    lastYear: FIRST_YEAR + YEARS - 1,
  };
}

export async function generateScaleData(services: Services, database: Database, people: number, p: ReturnType<typeof progress>): Promise<ScaleData> {
  const db = database.db;
  const pg = database.dialect === 'postgres';
  const classes = Math.max(YEARS, Math.round((2000 * people) / 1_000_000));
  const perYear = Math.ceil(classes / YEARS);
  // A series of integers from..to inclusive, as a subquery with column i.
  const series = (from: number, to: number) =>
    pg
      ? sql`(select generate_series(${from}::bigint, ${to}::bigint) as i)`
      : sql`(with recursive n(i) as (select cast(${from} as integer) union all select i + 1 from n where i < ${to}) select i from n)`;

  const institutionId = await services.classes.createInstitution(null, { name: '规模测试学院', code: 'SCALE' });
  const programmeIds: number[] = [];
  for (let k = 0; k < 10; k++) programmeIds.push(await services.classes.createProgramme(null, { institutionId, name: `规模测试项目${k + 1}` }));
  p.line(`institution ${institutionId}, 10 programmes`);

  // People, in chunks of 100,000.
  const peopleBar = p.bar('people', people);
  for (let from = 1; from <= people; from += 100_000) {
    const to = Math.min(people, from + 99_999);
    await sql`insert into people (institution_id, name, work_unit, position, rank, is_sample, created_at, updated_at)
      select ${institutionId}, cast(${'学员'} as text) || i, cast(${'单位'} as text) || (i % 500), ${'科员'}, case when i % 3 = 0 then cast(${'县处级'} as text) else cast(${'乡科级'} as text) end, 0, ${STAMP}, ${STAMP}
      from ${series(from, to)} s`.execute(db);
    peopleBar.update(to);
  }
  peopleBar.stop();
  const firstPersonId = Number(
    (
      await db
        .selectFrom('people')
        .select((eb) => eb.fn.min('id').as('id'))
        .executeTakeFirstOrThrow()
    ).id,
  );
  p.line(`${people.toLocaleString('en')} people`);

  // Classes and their sessions are few (2,000 and 20,050): written as rows from here.
  const classRows = [];
  const dayOf = (year: number, offset: number) => new Date(Date.UTC(year, 0, 5 + offset)).toISOString().slice(0, 10);
  for (let k = 0; k < classes; k++) {
    const year = FIRST_YEAR + Math.floor(k / perYear);
    const offset = Math.floor(((k % perYear) * 350) / perYear);
    const days = k === classes - 1 ? MATRIX_SESSIONS / 4 : SESSIONS_PER_CLASS;
    classRows.push({
      programme_id: programmeIds[k % 10],
      title: `规模测试班${k + 1}`,
      starts_on: dayOf(year, offset),
      ends_on: dayOf(year, offset + days - 1),
      time_zone: 'Asia/Shanghai',
      status: 'completed' as const,
      leave_limit_ratio: 1 / 7,
      min_attendance_ratio: 6 / 7,
      late_grace_minutes: 10,
      lunch_starts: '11:30',
      lunch_ends: '13:30',
      created_at: STAMP,
      updated_at: STAMP,
    });
  }
  for (let i = 0; i < classRows.length; i += 500)
    await db
      .insertInto('classes')
      .values(classRows.slice(i, i + 500))
      .execute();
  const classIds = (await db.selectFrom('classes').select('id').where('title', 'like', '规模测试班%').orderBy('id').execute()).map((c) => c.id);
  const firstClassId = classIds[0];
  if (classIds.at(-1)! - firstClassId + 1 !== classes) throw new Error('class ids are not contiguous');
  const sessionRows = [];
  const slots = [
    ['00:30', '03:30'],
    ['03:00', '04:30'],
    ['06:00', '08:30'],
    ['08:30', '10:00'],
  ];
  for (let k = 0; k < classes; k++) {
    const matrix = k === classes - 1;
    const n = matrix ? MATRIX_SESSIONS : SESSIONS_PER_CLASS;
    for (let s = 0; s < n; s++) {
      const day = new Date(Date.parse(classRows[k].starts_on) + Math.floor(matrix ? s / 4 : s) * 86_400_000).toISOString().slice(0, 10);
      const [from, to] = matrix ? slots[s % 4] : ['01:00', '04:00'];
      sessionRows.push({
        class_id: firstClassId + k,
        kind: 'lecture' as const,
        title: `专题讲座${s + 1}`,
        starts_at: `${day}T${from}:00.000Z`,
        ends_at: `${day}T${to}:00.000Z`,
        hours: matrix ? 3 : 3 * (1 + (k % 4)),
        local_date: day, // 01:00Z … 10:00Z is the same day in Asia/Shanghai
        created_at: STAMP,
        updated_at: STAMP,
      });
    }
  }
  for (let i = 0; i < sessionRows.length; i += 500)
    await db
      .insertInto('sessions')
      .values(sessionRows.slice(i, i + 500))
      .execute();
  p.line(
    `${classes.toLocaleString('en')} classes (${perYear} a year, ${FIRST_YEAR}–${FIRST_YEAR + YEARS - 1}), ${sessionRows.length.toLocaleString('en')} sessions`,
  );

  // Bulk load: the rows are consistent by construction, so PostgreSQL skips the foreign-key
  // triggers for them (session_replication_role = replica, per transaction) and the attendance
  // indexes are built once after the load (the same definitions as the migration's) instead of row by row.
  const bulk = (statement: ReturnType<typeof sql>) =>
    pg
      ? database.transaction(async (trx) => {
          await sql`set local session_replication_role = replica`.execute(trx);
          await statement.execute(trx);
        })
      : statement.execute(db);
  if (pg) {
    await sql`alter table attendance drop constraint attendance_once`.execute(db);
    await sql`drop index attendance_enrolment`.execute(db);
  }

  // Enrolments: the i-th seat (class i / 1000) goes to person (i mod N)·m_r mod N, where round r = i div N
  // takes its own multiplier: each person once per round, in a class far from the other.
  const [m0, m1] = multipliers(people);
  const seats = classes * TRAINEES_PER_CLASS;
  const enrolBar = p.bar('enrolments', classes);
  for (let k = 0; k < classes; k += 100) {
    const last = Math.min(classes, k + 100) - 1;
    await bulk(sql`insert into enrolments (class_id, person_id, role, status, created_at, updated_at)
      select ${firstClassId} + i / cast(${TRAINEES_PER_CLASS} as integer), ${firstPersonId} + ((i % ${people}) * (case when (i / ${people}) % 2 = 0 then cast(${m0} as integer) else cast(${m1} as integer) end)) % ${people},
        'member', 'enrolled', ${STAMP}, ${STAMP}
      from ${series(k * TRAINEES_PER_CLASS, (last + 1) * TRAINEES_PER_CLASS - 1)} s
      where 1 = 1 -- SQLite needs a WHERE before an upsert's ON CONFLICT
      on conflict do nothing`);
    enrolBar.update(last + 1);
  }
  enrolBar.stop();
  p.line(`${seats.toLocaleString('en')} seats → enrolments`);

  // Attendance: 96 % of (trainee, session) pairs, per 20 classes.
  const attBar = p.bar('attendance', classes);
  for (let k = 0; k < classes; k += 20) {
    const last = Math.min(classes, k + 20) - 1;
    await bulk(sql`insert into attendance (session_id, enrolment_id, status, method, checked_in_at, created_at, updated_at)
      select s.id, e.id,
        case when (e.id * 31 + s.id * 17) % 100 < 7 then 'late' when (e.id * 31 + s.id * 17) % 100 < 9 then 'leave' else 'present' end,
        'record', case when (e.id * 31 + s.id * 17) % 100 between 7 and 8 then null else s.starts_at end, ${STAMP}, ${STAMP}
      from enrolments e join sessions s on s.class_id = e.class_id
      where e.class_id between ${firstClassId + k} and ${firstClassId + last} and (e.id * 31 + s.id * 17) % 100 >= 4`);
    attBar.update(last + 1);
  }
  attBar.stop();
  if (pg) {
    p.line('attendance loaded; building its indexes');
    await sql`alter table attendance add constraint attendance_once unique (session_id, enrolment_id)`.execute(db);
    await sql`create index attendance_enrolment on attendance (enrolment_id, session_id, status)`.execute(db);
    // The load ran without triggers: each enrolment's records packed as the migration
    // 2026-12-04T2000 fills them (SQLite's triggers packed them row by row during the load).
    p.line('packing each enrolment’s records');
    await sql`insert into attendance_packed (enrolment_id, packed)
      select e.id, (select string_agg(cast(a.session_id as text) || substr(a.status, 1, 2), ',') from attendance a where a.enrolment_id = e.id)
      from enrolments e where exists (select 1 from attendance a where a.enrolment_id = e.id)`.execute(db);
  }
  const count = async (t: 'attendance' | 'enrolments') =>
    Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  p.line(`${(await count('attendance')).toLocaleString('en')} attendance rows, ${(await count('enrolments')).toLocaleString('en')} enrolments`);
  // What autovacuum would do soon after such a load: without statistics the planner guesses.
  if (pg) await sql`vacuum analyze`.execute(db);
  p.line(pg ? 'vacuum analyze done' : 'loaded (SQLite: no ANALYZE, as in a real installation)');
  if (pg) p.line(await settleWrites(db));
  return { institutionId, matrixClassId: firstClassId + classes - 1, people, classes, firstPersonId, lastYear: FIRST_YEAR + YEARS - 1 };
}
