import '../attendance/tables';
import '../outside-training/tables';
import { sql } from 'kysely';
import type { Executor } from '../../db/connection';

// A read model (README.md): reporting over attendance, sessions, enrolments and classes in SQL.
// Hours are never stored, they are summed from the records and the sessions' credited hours.
// These joins read other modules' tables and never write them.

export const makeHoursStore = () => ({
  enrolmentsOfPerson: (db: Executor, personId: number) =>
    db
      .selectFrom('enrolments as e')
      .innerJoin('classes as c', 'c.id', 'e.class_id')
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
      ])
      .where('e.person_id', '=', personId)
      .orderBy('c.starts_on', 'desc')
      .execute(),
  sessionsOfClasses: (db: Executor, classIds: number[]) =>
    classIds.length
      ? db.selectFrom('sessions').select(['id', 'class_id', 'starts_at', 'ends_at', 'hours']).where('class_id', 'in', classIds).orderBy('starts_at').execute()
      : Promise.resolve([]),
  groupsOfSessionsOfClasses: (db: Executor, classIds: number[]) =>
    classIds.length
      ? db
          .selectFrom('session_groups as sg')
          .innerJoin('sessions as s', 's.id', 'sg.session_id')
          .select(['sg.session_id', 'sg.group_id'])
          .where('s.class_id', 'in', classIds)
          .execute()
      : Promise.resolve([]),
  recordsOfEnrolments: (db: Executor, enrolmentIds: number[]) =>
    enrolmentIds.length
      ? db.selectFrom('attendance').select(['session_id', 'enrolment_id', 'status', 'review']).where('enrolment_id', 'in', enrolmentIds).execute()
      : Promise.resolve([]),
  /** Training taken elsewhere that the office approved (培训经历认定): counted in the year it ended. */
  recognisedOfPerson: (db: Executor, personId: number) =>
    db
      .selectFrom('outside_trainings')
      .select(['id', 'organiser', 'title', 'starts_on', 'ends_on', 'hours'])
      .where('person_id', '=', personId)
      .where('status', '=', 'approved')
      .orderBy('ends_on', 'desc')
      .execute(),

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
/** An offline check-in waiting for the class teacher (待确认, #15) earns no hours until accepted. */
const REVIEWED = sql`(a.review is null or a.review <> 'pending')`;

export const makeHoursReportStore = () => ({
  /**
   * One page of the institution's yearly report, aggregated in the database: the year's trainees
   * (enrolled in a class of the institution that runs during the year), each with the hours of
   * the sessions they attended whose local day is in the year, and in the five years up to it.
   * `total` and `below_count` count every row the filter keeps, not only this page.
   */
  reportPage: async (db: Executor, q: ReportQuery) => {
    const yearStart = `${q.year}-01-01`;
    const yearEnd = `${q.year}-12-31`;
    const fiveStart = `${q.year - 4}-01-01`;
    const byProgramme = q.filter.programmeId !== undefined ? sql`and c.programme_id = ${q.filter.programmeId}` : sql``;
    // Recognised outside training (培训经历认定) puts its person in the year it ended, unless the
    // report is of one programme's classes.
    const recognisedTrainees =
      q.filter.programmeId === undefined
        ? sql`union
        select o.person_id from outside_trainings o
        where o.institution_id = ${q.institutionId} and o.status = 'approved' and o.ends_on >= ${yearStart} and o.ends_on <= ${yearEnd}`
        : sql``;
    const byUnit = q.filter.workUnit !== undefined ? sql`where p.work_unit = ${q.filter.workUnit}` : sql``;
    const below =
      q.filter.below === 'year' ? sql`where r.below = 1` : q.filter.below === 'five_years' ? sql`where r.five_year_hours < ${q.fiveYearRequired}` : sql``;
    const a = q.after;
    const after = a
      ? sql`where x.below < ${a.below} or (x.below = ${a.below} and (x.hours > ${a.hours} or (x.hours = ${a.hours} and (x.name > ${a.name} or (x.name = ${a.name} and x.person_id > ${a.personId})))))`
      : sql``;
    const { rows } = await sql<{
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
    }>`
      with trainees as (
        select e.person_id from enrolments e
        join classes c on c.id = e.class_id
        join programmes pr on pr.id = c.programme_id
        where pr.institution_id = ${q.institutionId} and e.status = 'enrolled'
          and c.starts_on <= ${yearEnd} and c.ends_on >= ${yearStart} ${byProgramme}
        ${recognisedTrainees}
      ),
      hours as (
        select e.person_id,
          sum(case when s.local_date >= ${yearStart} then s.hours else 0 end) as hours,
          sum(s.hours) as five_year_hours
        from trainees t
        join enrolments e on e.person_id = t.person_id
        join classes c on c.id = e.class_id
        join programmes pr on pr.id = c.programme_id
        join sessions s on s.class_id = e.class_id
        join attendance a on a.session_id = s.id and a.enrolment_id = e.id
        where pr.institution_id = ${q.institutionId} and a.status in ${ATTENDED} and ${REVIEWED}
          and s.local_date >= ${fiveStart} and s.local_date <= ${yearEnd}
        group by e.person_id
      ),
      recognised as (
        select o.person_id,
          sum(case when o.ends_on >= ${yearStart} then o.hours else 0 end) as hours,
          sum(o.hours) as five_year_hours
        from trainees t
        join outside_trainings o on o.person_id = t.person_id
        where o.institution_id = ${q.institutionId} and o.status = 'approved'
          and o.ends_on >= ${fiveStart} and o.ends_on <= ${yearEnd}
        group by o.person_id
      ),
      rows as (
        select p.id as person_id, p.name, p.name_bo, p.work_unit, p.position, p.rank,
          coalesce(h.hours, 0) + coalesce(g.hours, 0) as hours,
          coalesce(h.five_year_hours, 0) + coalesce(g.five_year_hours, 0) as five_year_hours,
          coalesce(g.hours, 0) as recognised_hours,
          case when coalesce(h.hours, 0) + coalesce(g.hours, 0) < ${q.threshold} then 1 else 0 end as below
        from trainees t
        join people p on p.id = t.person_id
        left join hours h on h.person_id = t.person_id
        left join recognised g on g.person_id = t.person_id
        ${byUnit}
      )
      select * from (
        select r.*, cast(count(*) over () as integer) as total, cast(sum(r.below) over () as integer) as below_count
        from rows r ${below}
      ) x
      ${after}
      order by x.below desc, x.hours, x.name, x.person_id
      limit ${q.limit}
    `.execute(db);
    return rows.map((r) => ({
      ...r,
      hours: Number(r.hours),
      five_year_hours: Number(r.five_year_hours),
      recognised_hours: Number(r.recognised_hours),
      below: Number(r.below),
      total: Number(r.total),
      below_count: Number(r.below_count),
    }));
  },

  /** The classes of the institution that run during the year that each of these people is enrolled in, with the hours they attended in it that year. */
  classesOfYear: (db: Executor, institutionId: number, year: number, personIds: number[]) =>
    personIds.length
      ? sql<{ person_id: number; class_id: number; title: string; hours: number | null }>`
          select e.person_id, c.id as class_id, c.title,
            (select sum(s.hours) from attendance a join sessions s on s.id = a.session_id
              where a.enrolment_id = e.id and a.status in ${ATTENDED} and ${REVIEWED}
                and s.local_date >= ${`${year}-01-01`} and s.local_date <= ${`${year}-12-31`}) as hours
          from enrolments e
          join classes c on c.id = e.class_id
          join programmes pr on pr.id = c.programme_id
          where pr.institution_id = ${institutionId} and e.status = 'enrolled'
            and c.starts_on <= ${`${year}-12-31`} and c.ends_on >= ${`${year}-01-01`}
            and e.person_id in (${sql.join(personIds)})
          order by c.starts_on, c.id
        `
          .execute(db)
          .then((r) => r.rows)
      : Promise.resolve([]),
});
export type HoursReportStore = ReturnType<typeof makeHoursReportStore>;
