import { type Kysely, sql } from 'kysely';
import { realType } from './helpers';

// Issue 17: the yearly report's rows whole in hours_by_person_year. A page (and the XLSX, which is
// every page) looked up each person's five-year sum in hours_by_enrolment and outside_trainings
// and their classes of the year in enrolments × classes × hours_by_enrolment: 200,000 lookups of
// each for the export, about 9 s of its 17 s at 1 M people. The summary now keeps both, rebuilt
// with the rest of a person's rows (modules/hours/summary.ts keeps the live definition): the five
// years up to the row's year (attended in the institution's classes + recognised), and the year's
// classes as "classId:hours,…" in the order the classes started. Filled again here.

/** The summary's definition at this migration, for every person. */
const fill = sql`with recursive span (institution_id, person_id, class_id, year, last) as (
      select pr.institution_id, e.person_id, e.class_id, cast(substr(c.starts_on, 1, 4) as integer), cast(substr(c.ends_on, 1, 4) as integer)
      from enrolments e join classes c on c.id = e.class_id join programmes pr on pr.id = c.programme_id
      where e.status = 'enrolled' and true
      union all
      select institution_id, person_id, class_id, year + 1, last from span where year < last
    ),
    trainees as (
      select institution_id, person_id, year from span
      union
      select o.institution_id, o.person_id, cast(substr(o.ends_on, 1, 4) as integer) from outside_trainings o
      where o.status = 'approved' and true
    ),
    attended as (
      select pr.institution_id, h.person_id, h.year, sum(h.hours) as hours
      from hours_by_enrolment h join classes c on c.id = h.class_id join programmes pr on pr.id = c.programme_id
      where true
      group by pr.institution_id, h.person_id, h.year
    ),
    recognised as (
      select o.institution_id, o.person_id, cast(substr(o.ends_on, 1, 4) as integer) as year, sum(o.hours) as hours
      from outside_trainings o where o.status = 'approved' and true
      group by o.institution_id, o.person_id, cast(substr(o.ends_on, 1, 4) as integer)
    ),
    years as (
      select institution_id, person_id, year, hours from attended
      union all
      select institution_id, person_id, year, hours from recognised
    ),
    five as (
      select t.institution_id, t.person_id, t.year, sum(y.hours) as hours
      from trainees t join years y on y.institution_id = t.institution_id and y.person_id = t.person_id
        and y.year >= t.year - 4 and y.year <= t.year
      group by t.institution_id, t.person_id, t.year
    ),
    classes_of as (
      select s.institution_id, s.person_id, s.year,
        string_agg(cast(s.class_id as text) || ':' || cast(coalesce(
          -- By key: PostgreSQL overestimates the span and would otherwise hash all of hours_by_enrolment.
          (select h.hours from hours_by_enrolment h where h.class_id = s.class_id and h.person_id = s.person_id and h.year = s.year), 0) as text),
          ',' order by c.starts_on, c.id) as classes
      from span s join classes c on c.id = s.class_id
      group by s.institution_id, s.person_id, s.year
    )
    insert into hours_by_person_year (institution_id, person_id, year, name, hours, recognised_hours, five_year_hours, classes)
    select x.institution_id, x.person_id, x.year, x.name, x.hours, x.recognised_hours, x.five_year_hours, x.classes from (
      -- The name by the person's key: PostgreSQL overestimates the recursive span (×30) and
      -- otherwise hashes all 1 M people for a class's thousand (305 ms of 483 at 1 M people).
      select t.institution_id, t.person_id, t.year, (select p.name from people p where p.id = t.person_id) as name,
        coalesce(a.hours, 0) + coalesce(r.hours, 0) as hours, coalesce(r.hours, 0) as recognised_hours,
        coalesce(f.hours, 0) as five_year_hours, coalesce(k.classes, '') as classes
      from trainees t
      left join attended a on a.institution_id = t.institution_id and a.person_id = t.person_id and a.year = t.year
      left join recognised r on r.institution_id = t.institution_id and r.person_id = t.person_id and r.year = t.year
      left join five f on f.institution_id = t.institution_id and f.person_id = t.person_id and f.year = t.year
      left join classes_of k on k.institution_id = t.institution_id and k.person_id = t.person_id and k.year = t.year
    ) x where x.name is not null`;

export async function up(db: Kysely<any>) {
  await db.schema
    .alterTable('hours_by_person_year')
    .addColumn('five_year_hours', realType(db), (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('hours_by_person_year')
    .addColumn('classes', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.deleteFrom('hours_by_person_year').execute();
  await fill.execute(db);
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable('hours_by_person_year').dropColumn('classes').execute();
  await db.schema.alterTable('hours_by_person_year').dropColumn('five_year_hours').execute();
}
