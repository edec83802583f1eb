import './tables';
import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection';

// hours_by_person_year, the second derived level (README.md): per institution, person and year they
// are a trainee of, everything a row of the yearly report shows — the year's hours, the recognised
// part, the five years up to it, the classes of the year with their hours — and the name, in the
// report's order. Rebuilt from hours_by_enrolment (rebuilt first) and approved outside training,
// per person: a person's rows are all rebuilt together, so the five-year sums of every year stay
// consistent with the years they add up.

/**
 * The rows of the people `of` keeps (a condition on a column holding a person id), as one
 * `insert … select` into hours_by_person_year. The classes column lists "classId:hours" by the
 * class's start, comma-separated; hours is 0 for a class without an attended hour that year.
 */
export function summaryInsert(of: (column: string) => RawBuilder<unknown>) {
  return sql`with recursive span (institution_id, person_id, class_id, year, last) as (
      select pr.institution_id, e.person_id, e.class_id, cast(substr(c.starts_on, 1, 4) as integer), cast(substr(c.ends_on, 1, 4) as integer)
      from enrolments e join classes c on c.id = e.class_id join programmes pr on pr.id = c.programme_id
      where e.status = 'enrolled' and ${of('e.person_id')}
      union all
      select institution_id, person_id, class_id, year + 1, last from span where year < last
    ),
    trainees as (
      select institution_id, person_id, year from span
      union
      select o.institution_id, o.person_id, cast(substr(o.ends_on, 1, 4) as integer) from outside_trainings o
      where o.status = 'approved' and ${of('o.person_id')}
    ),
    attended as (
      select pr.institution_id, h.person_id, h.year, sum(h.hours) as hours
      from hours_by_enrolment h join classes c on c.id = h.class_id join programmes pr on pr.id = c.programme_id
      where ${of('h.person_id')}
      group by pr.institution_id, h.person_id, h.year
    ),
    recognised as (
      select o.institution_id, o.person_id, cast(substr(o.ends_on, 1, 4) as integer) as year, sum(o.hours) as hours
      from outside_trainings o where o.status = 'approved' and ${of('o.person_id')}
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
}

/**
 * Rebuilds the summary of the people enrolled in these classes and of these marked people: their
 * rows deleted and inserted again, inside the caller's transaction.
 */
export async function rebuildSummary(trx: Executor, classIds: number[], personIds: number[]) {
  const of = (column: string) =>
    sql`(${sql.ref(column)} in (select b.person_id from enrolments b where b.class_id in (${sql.join(classIds.length ? classIds : [-1])}))${
      personIds.length ? sql` or ${sql.ref(column)} in (${sql.join(personIds)})` : sql``
    })`;
  await sql`delete from hours_by_person_year where ${of('person_id')}`.execute(trx);
  await summaryInsert(of).execute(trx);
}

/** A summary row's classes column read back: class ids and hours, in the class's order. */
export function parseClasses(text: string): Array<{ classId: number; hours: number }> {
  if (!text) return [];
  return text.split(',').map((item) => {
    const at = item.indexOf(':');
    return { classId: Number(item.slice(0, at)), hours: Number(item.slice(at + 1)) };
  });
}
