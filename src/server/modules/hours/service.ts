import { FIVE_YEAR_HOURS_REQUIRED, YEARLY_HOURS_REQUIRED } from '../../../contracts/attendance';
import type { Database } from '../../db/connection';
import { localDay, round2, summarise } from '../attendance/summary';
import type { AttendanceStatus } from '../attendance/tables';
import type { HoursStore } from './store';

// The hours ledger (学时): hours are credited per attended session (present or late), counted in
// the year the session took place in its class's time zone, and added up across classes — a
// person outlives a class. The 2023 干部教育培训工作条例 asks 90 hours a year (乡科级) and 550 in
// five years (县处级 and above).
export const makeHoursService = (deps: { database: Database; store: HoursStore; now?: () => number }) => {
  const { store } = deps;
  const db = deps.database.db;
  const clock = deps.now ?? Date.now;

  const yearOf = (instant: string, tz: string) => Number(localDay(instant, tz).slice(0, 4));

  return {
    /** One person's hours: per class (with leave and absence), per year, and over the last five years. */
    async personHours(personId: number) {
      const enrolments = await store.enrolmentsOfPerson(db, personId);
      const classIds = enrolments.map((e) => e.class_id);
      const [sessions, groups, records] = await Promise.all([
        store.sessionsOfClasses(db, classIds),
        store.groupsOfSessionsOfClasses(db, classIds),
        store.recordsOfEnrolments(
          db,
          enrolments.map((e) => e.enrolment_id),
        ),
      ]);
      const groupIds = new Map<number, number[]>();
      for (const g of groups) groupIds.set(g.session_id, [...(groupIds.get(g.session_id) ?? []), g.group_id]);
      const status = new Map(records.map((r) => [`${r.session_id}:${r.enrolment_id}`, r.status as AttendanceStatus]));
      const now = clock();
      const byYear = new Map<number, number>();
      const classes = enrolments.map((e) => {
        const own = sessions
          .filter((s) => s.class_id === e.class_id)
          .map((s) => ({ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at, hours: Number(s.hours), groupIds: groupIds.get(s.id) ?? [] }));
        const statusOf = (sessionId: number) => status.get(`${sessionId}:${e.enrolment_id}`);
        for (const s of own) {
          const st = statusOf(s.id);
          if (st === 'present' || st === 'late') {
            const y = yearOf(s.startsAt, e.time_zone);
            byYear.set(y, (byYear.get(y) ?? 0) + s.hours);
          }
        }
        return {
          classId: e.class_id,
          enrolmentId: e.enrolment_id,
          classTitle: e.title,
          startsOn: e.starts_on,
          endsOn: e.ends_on,
          classStatus: e.class_status,
          hours: summarise(own, e.group_id, statusOf, now, Number(e.leave_limit_ratio)),
        };
      });
      const thisYear = Number(new Date(now).toISOString().slice(0, 4));
      const toYear = Math.max(thisYear, ...byYear.keys());
      const fromYear = toYear - 4;
      const years = [...byYear.entries()].sort((a, b) => b[0] - a[0]).map(([year, hours]) => ({ year, hours: round2(hours) }));
      return {
        personId,
        classes,
        years,
        fiveYears: { fromYear, toYear, hours: round2(years.filter((y) => y.year >= fromYear && y.year <= toYear).reduce((sum, y) => sum + y.hours, 0)) },
        yearlyRequired: YEARLY_HOURS_REQUIRED,
        fiveYearRequired: FIVE_YEAR_HOURS_REQUIRED,
      };
    },

    /** Everyone the institution trained in a year, with their hours that year (all its classes) and over five years; those below the threshold first. */
    async institutionReport(institutionId: number, year: number, threshold = YEARLY_HOURS_REQUIRED) {
      // A day either side of the UTC year catches sessions whose local date is in the year.
      const from = new Date(Date.UTC(year - 4, 0, 1) - 86_400_000).toISOString();
      const to = new Date(Date.UTC(year + 1, 0, 1) + 86_400_000).toISOString();
      const [attended, trainees] = await Promise.all([store.attendedInInstitution(db, institutionId, from, to), store.traineesOfYear(db, institutionId, year)]);
      const yearHours = new Map<number, number>();
      const fiveYearHours = new Map<number, number>();
      const classHours = new Map<string, number>();
      for (const a of attended) {
        const y = yearOf(a.starts_at, a.time_zone);
        const h = Number(a.hours);
        if (y >= year - 4 && y <= year) fiveYearHours.set(a.person_id, (fiveYearHours.get(a.person_id) ?? 0) + h);
        if (y === year) {
          yearHours.set(a.person_id, (yearHours.get(a.person_id) ?? 0) + h);
          classHours.set(`${a.person_id}:${a.class_id}`, (classHours.get(`${a.person_id}:${a.class_id}`) ?? 0) + h);
        }
      }
      const people = new Map<
        number,
        {
          personId: number;
          name: string;
          nameBo: string | null;
          workUnit: string | null;
          position: string | null;
          rank: string | null;
          classes: Array<{ classId: number; classTitle: string; hours: number }>;
        }
      >();
      for (const t of trainees) {
        const p = people.get(t.person_id) ?? {
          personId: t.person_id,
          name: t.name,
          nameBo: t.name_bo,
          workUnit: t.work_unit,
          position: t.position,
          rank: t.rank,
          classes: [],
        };
        if (!p.classes.some((c) => c.classId === t.class_id))
          p.classes.push({ classId: t.class_id, classTitle: t.title, hours: round2(classHours.get(`${t.person_id}:${t.class_id}`) ?? 0) });
        people.set(t.person_id, p);
      }
      const rows = [...people.values()].map((p) => {
        const hours = round2(yearHours.get(p.personId) ?? 0);
        return { ...p, hours, fiveYearHours: round2(fiveYearHours.get(p.personId) ?? 0), below: hours < threshold };
      });
      rows.sort((a, b) => Number(b.below) - Number(a.below) || a.hours - b.hours || a.name.localeCompare(b.name, 'zh-CN'));
      return { institutionId, year, threshold, people: rows, belowCount: rows.filter((r) => r.below).length };
    },
  };
};
export type HoursService = ReturnType<typeof makeHoursService>;
