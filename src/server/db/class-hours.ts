import { type RawBuilder, sql } from 'kysely';

/**
 * A class's 学时 in SQL, the same definition as `classHours` in contracts/timetable.ts: what one
 * trainee is expected to attend — every whole-class session, plus the per-group sessions of the
 * group with the most hours (parallel group sessions count once per trainee, not once per group).
 * `classId` is the column (or value) naming the class; the same SQL runs on SQLite and PostgreSQL.
 */
export function classHoursSql(classId: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(coalesce((select sum(hs.hours) from sessions hs where hs.class_id = ${classId}
      and not exists (select 1 from session_groups hsg where hsg.session_id = hs.id)), 0)
    + coalesce((select sum(gs.hours) as group_hours from session_groups gsg join sessions gs on gs.id = gsg.session_id
      where gs.class_id = ${classId} group by gsg.group_id order by group_hours desc limit 1), 0))`;
}
