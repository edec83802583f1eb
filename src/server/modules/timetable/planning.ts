import type { z } from 'zod';
import type { PlanningCandidate } from '../../../contracts/planning';
import type { Executor } from '../../db/connection';
import type { Row } from '../../db/schema';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import { type PlanInput, type PlanSession, planningWarnings } from './planning-rules';
import type { TimetableStore } from './store';

type Candidate = z.infer<typeof PlanningCandidate>;

// Loads what the planning rules need (planning-rules.ts) and runs them: for the session form, the
// unsaved sessions in place of the saved versions they edit; for the class, everything open.
export const makePlanningChecks = (deps: { store: TimetableStore; classes: Pick<ClassService, 'requireClass'>; roster: Pick<RosterService, 'groupsIn'> }) => {
  const { store } = deps;

  async function withLinks(trx: Executor, rows: Array<Row<'sessions'> & { class_title?: string }>, classTitle: string): Promise<PlanSession[]> {
    const ids = rows.map((r) => r.id);
    const [lecturers, groups] = await Promise.all([store.lecturersOfSessions(trx, ids), store.groupsOfSessions(trx, ids)]);
    const lecturersOf = new Map<number, number[]>();
    for (const l of lecturers) lecturersOf.set(l.session_id, [...(lecturersOf.get(l.session_id) ?? []), l.id]);
    const groupsOf = new Map<number, number[]>();
    for (const g of groups) groupsOf.set(g.session_id, [...(groupsOf.get(g.session_id) ?? []), g.id]);
    return rows.map((r) => ({
      key: `s${r.id}`,
      id: r.id,
      candidate: null,
      classId: r.class_id,
      classTitle: r.class_title ?? classTitle,
      title: r.title,
      kind: r.kind,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      groupIds: groupsOf.get(r.id) ?? [],
      lecturerIds: lecturersOf.get(r.id) ?? [],
      siteId: r.site_id,
      venue: r.venue,
    }));
  }

  async function inputFor(trx: Executor, classId: number, candidates: Candidate[] | null): Promise<PlanInput> {
    const cls = await deps.classes.requireClass(trx, classId);
    const classGroups = await deps.roster.groupsIn(trx, classId);
    const groupIds = new Set(classGroups.map((g) => g.id));
    const saved = await withLinks(trx, await store.listSessions(trx, classId), cls.title);
    const edited = new Set((candidates ?? []).map((c) => c.id).filter((id): id is number => id !== undefined));

    // Unsaved sessions only name what they may: the class's groups, the institution's lecturers and sites.
    const askedLecturers = [...new Set((candidates ?? []).flatMap((c) => c.lecturerIds))];
    const askedSites = [...new Set((candidates ?? []).map((c) => c.siteId).filter((x): x is number => !!x))];
    const [okLecturers, okSites] = await Promise.all([store.findLecturersByIds(trx, askedLecturers), store.listSitesByIds(trx, askedSites)]);
    const lecturerOk = new Set(okLecturers.filter((l) => l.institution_id === cls.institution_id).map((l) => l.id));
    const siteOk = new Set(okSites.filter((s) => s.institution_id === cls.institution_id).map((s) => s.id));
    const fromForm: PlanSession[] = (candidates ?? []).map((c, i) => ({
      key: `c${i}`,
      id: c.id ?? null,
      candidate: i,
      classId,
      classTitle: cls.title,
      title: c.title,
      kind: c.kind,
      startsAt: new Date(c.startsAt).toISOString(),
      endsAt: new Date(c.endsAt).toISOString(),
      groupIds: [...new Set(c.groupIds.filter((g) => groupIds.has(g)))],
      lecturerIds: [...new Set(c.lecturerIds.filter((l) => lecturerOk.has(l)))],
      siteId: c.siteId && siteOk.has(c.siteId) ? c.siteId : null,
      venue: c.venue ?? null,
    }));
    const own = [...saved.filter((s) => !edited.has(s.id!)), ...fromForm];

    let others: PlanSession[] = [];
    if (own.length) {
      const from = Math.min(...own.map((s) => Date.parse(s.startsAt)));
      const to = Math.max(...own.map((s) => Date.parse(s.endsAt)));
      const rows = await store.institutionSessionsBetween(trx, cls.institution_id, classId, new Date(from).toISOString(), new Date(to).toISOString());
      others = await withLinks(trx, rows, '');
    }
    const all = [...own, ...others];
    const siteIds = [...new Set(all.map((s) => s.siteId).filter((x): x is number => x !== null))];
    const lecturerIds = [...new Set(all.flatMap((s) => s.lecturerIds))];
    const otherGroups = await store.groupsOfSessions(
      trx,
      others.map((s) => s.id!),
    );
    const [sites, lecturers] = await Promise.all([store.listSitesByIds(trx, siteIds), store.findLecturersByIds(trx, lecturerIds)]);
    return {
      cls: { id: classId, timeZone: cls.time_zone, lunchStarts: cls.lunch_starts, lunchEnds: cls.lunch_ends, groupIds: classGroups.map((g) => g.id) },
      own,
      others,
      sites: new Map(sites.map((s) => [s.id, { name: s.name, travelMinutes: s.travel_minutes }])),
      lecturers: new Map(lecturers.map((l) => [l.id, l.name])),
      groups: new Map([...classGroups.map((g) => [g.id, g.name] as const), ...otherGroups.map((g) => [g.id, g.name] as const)]),
      focus: candidates ? new Set(fromForm.map((s) => s.key)) : undefined,
    };
  }

  return {
    /** Warnings for sessions on the form (new, or edits of saved ones), before they are saved. */
    checkCandidates: async (trx: Executor, classId: number, candidates: Candidate[]) => planningWarnings(await inputFor(trx, classId, candidates)),
    /** Every open warning of the class's timetable. */
    classWarnings: async (trx: Executor, classId: number) => planningWarnings(await inputFor(trx, classId, null)),
  };
};
export type PlanningChecks = ReturnType<typeof makePlanningChecks>;
