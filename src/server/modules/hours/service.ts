import { FIVE_YEAR_HOURS_REQUIRED, YEARLY_HOURS_REQUIRED } from '../../../contracts/attendance';
import type { Database } from '../../db/connection';
import { AppError } from '../../lib/errors';
import { round2, summarise } from '../attendance/summary';
import type { AttendanceStatus } from '../attendance/tables';
import type { HoursStore, ReportCursor, ReportFilter } from './store';
import { parseClasses } from './summary';

export type ReportOptions = { threshold?: number; below?: ReportFilter['below']; workUnit?: string; programmeId?: number; cursor?: string; limit?: number };

const encodeCursor = (c: ReportCursor) => Buffer.from(JSON.stringify([c.below, c.hours, c.name, c.personId])).toString('base64url');
function decodeCursor(text: string): ReportCursor {
  try {
    const [below, hours, name, personId] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof below === 'number' && typeof hours === 'number' && typeof name === 'string' && Number.isInteger(personId))
      return { below, hours, name, personId };
  } catch {}
  throw new AppError('validation.failed', 400, {}, [{ field: 'cursor', code: 'hours.bad_cursor', params: {} }]);
}

type ReportRow = Awaited<ReturnType<HoursStore['reportPage']>>[number];
const personRow = (r: ReportRow, classes: Array<{ classId: number; classTitle: string; hours: number }>) => ({
  personId: r.person_id,
  name: r.name,
  nameBo: r.name_bo,
  workUnit: r.work_unit,
  position: r.position,
  rank: r.rank,
  hours: round2(r.hours),
  fiveYearHours: round2(r.five_year_hours),
  recognisedHours: round2(r.recognised_hours),
  below: r.below === 1,
  classes,
});

// The hours ledger (学时): hours are credited per attended session (present or late), counted in
// the year the session took place in its class's time zone, and added up across classes — a
// person outlives a class. The 2023 干部教育培训工作条例 asks 90 hours a year (乡科级) and 550 in
// five years (县处级 and above).
export const makeHoursService = (deps: { database: Database; store: HoursStore; now?: () => number }) => {
  const { store } = deps;
  const db = deps.database.db;
  const clock = deps.now ?? Date.now;
  /** Report rows as the API shows them, each with the classes of the year it attended (the summary's column, titles by id). */
  const withClasses = async (rows: ReportRow[]) => {
    const listed = rows.map((r) => parseClasses(r.classes));
    const titles = new Map((await store.classTitles(db, [...new Set(listed.flatMap((l) => l.map((c) => c.classId)))])).map((c) => [c.id, c.title] as const));
    return rows.map((r, i) =>
      personRow(
        r,
        listed[i].map((c) => ({ classId: c.classId, classTitle: titles.get(c.classId) ?? '', hours: round2(c.hours) })),
      ),
    );
  };

  return {
    /** One person's hours: per class (with leave and absence), per year, and over the last five years. */
    async personHours(personId: number) {
      const [rows, recognised] = await Promise.all([store.recordOfPerson(db, personId), store.recognisedOfPerson(db, personId)]);
      const now = clock();
      const byYear = new Map<number, number>();
      // The rows back into enrolments, each with its class's sessions (and their groups) and the
      // person's status in each; a pending offline check-in (待确认) earns nothing until accepted.
      type Session = { id: number; startsAt: string; endsAt: string; localDate: string; hours: number; groupIds: number[] };
      const enrolments = new Map<number, { row: (typeof rows)[number]; sessions: Session[]; status: Map<number, AttendanceStatus | 'review'> }>();
      for (const r of rows) {
        let e = enrolments.get(r.enrolment_id);
        if (!e) {
          e = { row: r, sessions: [], status: new Map() };
          enrolments.set(r.enrolment_id, e);
        }
        if (r.session_id === null) continue;
        const last = e.sessions.at(-1);
        if (last?.id === r.session_id) {
          if (r.session_group_id !== null) last.groupIds.push(r.session_group_id);
          continue;
        }
        e.sessions.push({
          id: r.session_id,
          startsAt: r.starts_at!,
          endsAt: r.ends_at!,
          localDate: r.local_date!,
          hours: Number(r.hours),
          groupIds: r.session_group_id === null ? [] : [r.session_group_id],
        });
        if (r.status !== null) e.status.set(r.session_id, r.review === 'pending' ? 'review' : (r.status as AttendanceStatus));
      }
      const classes = [...enrolments.values()].map(({ row: e, sessions: own, status }) => {
        const statusOf = (sessionId: number) => status.get(sessionId);
        for (const s of own) {
          const st = statusOf(s.id);
          if (st === 'present' || st === 'late') {
            const y = Number(s.localDate.slice(0, 4));
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
      // Recognised outside training (培训经历认定) counts in the year it ended.
      const recognisedByYear = new Map<number, number>();
      for (const o of recognised) {
        const y = Number(o.ends_on.slice(0, 4));
        recognisedByYear.set(y, (recognisedByYear.get(y) ?? 0) + Number(o.hours));
        byYear.set(y, (byYear.get(y) ?? 0) + Number(o.hours));
      }
      const thisYear = Number(new Date(now).toISOString().slice(0, 4));
      const toYear = Math.max(thisYear, ...byYear.keys());
      const fromYear = toYear - 4;
      const years = [...byYear.entries()]
        .sort((a, b) => b[0] - a[0])
        .map(([year, hours]) => ({ year, hours: round2(hours), recognisedHours: round2(recognisedByYear.get(year) ?? 0) }));
      return {
        personId,
        classes,
        recognised: recognised.map((o) => ({
          id: o.id,
          organiser: o.organiser,
          title: o.title,
          startsOn: o.starts_on,
          endsOn: o.ends_on,
          hours: round2(Number(o.hours)),
        })),
        years,
        fiveYears: { fromYear, toYear, hours: round2(years.filter((y) => y.year >= fromYear && y.year <= toYear).reduce((sum, y) => sum + y.hours, 0)) },
        yearlyRequired: YEARLY_HOURS_REQUIRED,
        fiveYearRequired: FIVE_YEAR_HOURS_REQUIRED,
      };
    },

    /**
     * One page of everyone the institution trained in a year, with their hours that year (all its
     * classes) and over the five years up to it; those below the threshold first, then fewest
     * hours. Aggregated and paged in the database (issue 17); `cursor` is the previous page's
     * `nextCursor`.
     */
    async institutionReport(institutionId: number, year: number, opts: ReportOptions = {}) {
      const threshold = opts.threshold ?? YEARLY_HOURS_REQUIRED;
      const limit = Math.min(opts.limit ?? 100, 10_000);
      const after = opts.cursor ? decodeCursor(opts.cursor) : undefined;
      const filter: ReportFilter = { below: opts.below, workUnit: opts.workUnit || undefined, programmeId: opts.programmeId };
      const page = await store.reportPage(db, { institutionId, year, threshold, fiveYearRequired: FIVE_YEAR_HOURS_REQUIRED, filter, after, limit: limit + 1 });
      const rows = page.slice(0, limit);
      const people = await withClasses(rows);
      const last = rows.at(-1);
      const nextCursor = page.length > limit && last ? encodeCursor({ below: last.below, hours: last.hours, name: last.name, personId: last.person_id }) : null;
      return { institutionId, year, threshold, people, total: page[0]?.total ?? 0, belowCount: page[0]?.below_count ?? 0, nextCursor };
    },

    /** The institution's work units holding `q`, for the report's unit filter to suggest (20, the largest first). */
    workUnits: (institutionId: number, q: string) => store.workUnits(db, institutionId, q, 20),

    /**
     * Every row of the report in order, in batches (for the XLSX export, which streams them): one
     * run of the report's query, streamed by the store, with each batch's classes read beside it.
     */
    async *institutionReportRows(institutionId: number, year: number, opts: Omit<ReportOptions, 'cursor' | 'limit'> = {}) {
      const threshold = opts.threshold ?? YEARLY_HOURS_REQUIRED;
      const filter: ReportFilter = { below: opts.below, workUnit: opts.workUnit || undefined, programmeId: opts.programmeId };
      for await (const rows of store.reportRows(db, { institutionId, year, threshold, fiveYearRequired: FIVE_YEAR_HOURS_REQUIRED, filter })) {
        yield { people: await withClasses(rows) };
      }
    },
  };
};
export type HoursService = ReturnType<typeof makeHoursService>;
