import type { z } from 'zod';
import type { ClassStatus, CreateClassBody, CreateProgrammeBody, UpdateClassBody, UpdateProgrammeBody } from '../../../contracts';
import { NEXT_STATUS, STEP_ACTION } from '../../../contracts';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { Patch, Row } from '../../db/schema';
import { unlessDuplicate } from '../../db/unique-violation';
import { AppError, forbidden, invalid, notFound } from '../../lib/errors';
import { type Actor, abilitiesIn, can } from '../../lib/permissions';
import type { AuditService } from '../audit/service';
import type { AuthService } from '../auth/service';
import type { InstitutionInput, InstitutionService } from './institution-service';
import { makeLifecycle, type TransitionOptions } from './lifecycle';
import type { ClassStore } from './store';

const duplicateField = (field: string, code: string, params: Record<string, unknown>) => new AppError('validation.failed', 409, {}, [{ field, code, params }]);
const duplicateProgramme = (name: string) => duplicateField('name', 'programme.duplicate_name', { name });
const duplicateTitle = (title: string) => duplicateField('title', 'class.duplicate_title', { title });

/** The class row's fields under the names the API uses, for audit entries that compare before and after. */
const classFields = (r: Row<'classes'>) => ({
  title: r.title,
  shortTitle: r.short_title,
  code: r.code,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  timeZone: r.time_zone,
  place: r.place,
  organizerName: r.organizer_name,
  sponsorName: r.sponsor_name,
  description: r.description,
  leaveLimitRatio: r.leave_limit_ratio,
  minAttendanceRatio: r.min_attendance_ratio,
  lateGraceMinutes: r.late_grace_minutes,
  offlineWindowMinutes: r.offline_window_minutes ?? 120,
  lunchStarts: r.lunch_starts,
  lunchEnds: r.lunch_ends,
});
type ClassFieldName = keyof ReturnType<typeof classFields>;
const pick = <T extends object>(o: T, keys: string[]) => Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k as keyof T]]));

/** What an actor can see without naming a scope: their grants, flattened by level. */
export function visibility(actor: Actor) {
  if (actor.isAdmin) return { institutionIds: 'all' as const, programmeIds: [], classIds: [] };
  return {
    institutionIds: actor.grants.filter((g) => g.scopeType === 'institution').map((g) => g.scopeId),
    programmeIds: actor.grants.filter((g) => g.scopeType === 'programme').map((g) => g.scopeId),
    classIds: actor.grants.filter((g) => g.scopeType === 'class').map((g) => g.scopeId),
  };
}

export const makeClassService = (deps: {
  database: Database;
  store: ClassStore;
  audit: Pick<AuditService, 'record'>;
  auth: Pick<AuthService, 'grant' | 'revokeWhere' | 'findUserById'>;
  institutions: Pick<InstitutionService, 'list' | 'create' | 'findByCode' | 'findById' | 'settings'>;
  /**
   * How many planning warnings (clashes, travel, lunch) the class's timetable has open; the
   * timetable module answers (wired in app.ts, since timetable depends on this service).
   */
  openPlanningWarnings?: (trx: Executor, classId: number) => Promise<number>;
  /** The clock the lifecycle's timing rules read; tests of those rules pass their own. */
  now?: () => number;
}) => {
  const { database, store, audit } = deps;
  const db = database.db;
  const lifecycle = makeLifecycle({ store, audit, openPlanningWarnings: deps.openPlanningWarnings, now: deps.now ?? Date.now });

  const toSummary = (r: NonNullable<Awaited<ReturnType<ClassStore['findClassSummary']>>>) => ({
    id: r.id,
    programmeId: r.programme_id,
    programmeName: r.programme_name,
    institutionId: r.institution_id,
    title: r.title,
    shortTitle: r.short_title,
    code: r.code,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    timeZone: r.time_zone,
    place: r.place,
    status: r.status,
    traineeCount: Number(r.trainee_count ?? 0),
  });

  const toProgramme = (p: Row<'programmes'>) => ({
    id: p.id,
    institutionId: p.institution_id,
    name: p.name,
    sponsorName: p.sponsor_name,
    description: p.description,
    startYear: p.start_year,
    endYear: p.end_year,
  });

  async function requireClass(trx: Executor, classId: number) {
    const row = await store.findClass(trx, classId);
    if (!row) throw notFound('class', classId);
    return row;
  }

  // A title is unique in its programme (a copy gets next year's), a code in the institution (it
  // goes into certificate serials). A duplicate is a 409 on the field, never a 500.
  async function assertUnique(trx: Executor, c: { institutionId: number; programmeId: number; title: string | null; code: string | null; exceptId?: number }) {
    const sameTitle = c.title === null ? undefined : await store.findClassByTitle(trx, c.programmeId, c.title);
    if (sameTitle && sameTitle.id !== c.exceptId) throw duplicateTitle(c.title!);
    const sameCode = c.code === null ? undefined : await store.findClassByCode(trx, c.institutionId, c.code);
    if (sameCode && sameCode.id !== c.exceptId) throw duplicateField('code', 'class.duplicate_code', { code: c.code, title: sameCode.title });
  }

  return {
    requireClass,

    /** Throws unless the class may still change `what`; roster freezes at completion, everything at archiving. */
    async requireWritable(trx: Executor, classId: number, what: 'roster' | 'timetable' | 'class') {
      const row = await requireClass(trx, classId);
      const frozen = what === 'roster' ? ['completed', 'archived'] : ['archived'];
      if (frozen.includes(row.status)) {
        throw new AppError('class.locked', 409, { status: row.status, what });
      }
      return row;
    },

    // Institutions and their settings live in institution-service.ts (#9); these stay for callers.
    listInstitutions: (actor: Actor) => deps.institutions.list(actor),
    createInstitution: (actor: Actor | null, input: InstitutionInput, trx?: Executor) => deps.institutions.create(actor, input, trx),
    findInstitutionByCode: (code: string, trx: Executor = db) => deps.institutions.findByCode(code, trx),
    /** hardening (#14): the institution's personal-data settings (edited with the institution). */
    institutionSettings: (trx: Executor, institutionId: number) => deps.institutions.settings(trx, institutionId),

    async listProgrammes(actor: Actor) {
      const vis = visibility(actor);
      const programmes = await store.listProgrammes(db, { institutionIds: vis.institutionIds, programmeIds: vis.programmeIds });
      const totals = new Map(
        (
          await store.programmeTotals(
            db,
            programmes.map((p) => p.id),
          )
        ).map((t) => [t.programme_id, t]),
      );
      return programmes.map((p) => {
        const t = totals.get(p.id);
        return {
          ...toProgramme(p),
          classCount: Number(t?.class_count ?? 0),
          traineeCount: Number(t?.trainee_count ?? 0),
          totalHours: Number(t?.total_hours ?? 0),
        };
      });
    },

    async getProgramme(actor: Actor | null, programmeId: number) {
      const p = await store.findProgramme(db, programmeId);
      if (!p) throw notFound('programme', programmeId);
      const t = (await store.programmeTotals(db, [p.id]))[0];
      const classes = (await store.listClassSummaries(db, { institutionIds: 'all', programmeIds: [], classIds: [], programmeId })).map(toSummary);
      return {
        ...toProgramme(p),
        classCount: Number(t?.class_count ?? 0),
        traineeCount: Number(t?.trainee_count ?? 0),
        totalHours: Number(t?.total_hours ?? 0),
        classes,
        abilities: abilitiesIn(actor, { institutionId: p.institution_id, programmeId: p.id }),
      };
    },

    async createProgramme(actor: Actor | null, input: z.infer<typeof CreateProgrammeBody> & { institutionId: number }, trx?: Executor) {
      const run = async (t: Executor) => {
        if (!(await deps.institutions.findById(input.institutionId, t))) throw notFound('institution', input.institutionId);
        if (await store.findProgrammeByName(t, input.institutionId, input.name)) throw duplicateProgramme(input.name);
        const { id } = await store.insertProgramme(t, {
          institution_id: input.institutionId,
          name: input.name,
          sponsor_name: input.sponsorName ?? null,
          description: input.description ?? null,
          start_year: input.startYear ?? null,
          end_year: input.endYear ?? null,
          created_at: nowIso(),
        });
        await audit.record(t, actor, { action: 'programme.create', entity: 'programme', entityId: id, after: input });
        return id;
      };
      return unlessDuplicate(
        () => (trx ? run(trx) : database.transaction(run)),
        () => duplicateProgramme(input.name),
      );
    },
    findProgrammeByName: (institutionId: number, name: string, trx: Executor = db) => store.findProgrammeByName(trx, institutionId, name),

    async updateProgramme(actor: Actor, programmeId: number, patch: z.infer<typeof UpdateProgrammeBody>) {
      const work = () =>
        database.transaction(async (trx) => {
          const before = await store.findProgramme(trx, programmeId);
          if (!before) throw notFound('programme', programmeId);
          if (patch.name !== undefined && patch.name !== before.name && (await store.findProgrammeByName(trx, before.institution_id, patch.name)))
            throw duplicateProgramme(patch.name);
          const startYear = patch.startYear !== undefined ? patch.startYear : before.start_year;
          const endYear = patch.endYear !== undefined ? patch.endYear : before.end_year;
          if (startYear && endYear && endYear < startYear) throw invalid('programme.years_order', 'endYear');
          await store.updateProgramme(trx, programmeId, {
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.sponsorName !== undefined && { sponsor_name: patch.sponsorName }),
            ...(patch.description !== undefined && { description: patch.description }),
            ...(patch.startYear !== undefined && { start_year: patch.startYear }),
            ...(patch.endYear !== undefined && { end_year: patch.endYear }),
          });
          const old = toProgramme(before);
          await audit.record(trx, actor, {
            action: 'programme.update',
            entity: 'programme',
            entityId: programmeId,
            before: pick(old, Object.keys(patch)),
            after: patch,
          });
        });
      return unlessDuplicate(work, () => duplicateProgramme(patch.name ?? ''));
    },

    async listClasses(actor: Actor, query: { programmeId?: number; status?: ClassStatus }) {
      const vis = visibility(actor);
      return (await store.listClassSummaries(db, { ...vis, ...query })).map(toSummary);
    },

    async getClass(actor: Actor | null, classId: number) {
      const r = await store.findClassSummary(db, classId);
      if (!r) throw notFound('class', classId);
      const [staff, counts, cycle] = await Promise.all([store.listStaff(db, classId), store.classCounts(db, classId), lifecycle.lifecycleOf(db, r)]);
      const ctx = { institutionId: r.institution_id, programmeId: r.programme_id, classId };
      return {
        ...toSummary(r),
        ...classFields(r),
        staff: staff.map((s) => ({ id: s.id, userId: s.user_id, displayName: s.display_name, role: s.role })),
        counts,
        abilities: abilitiesIn(actor, ctx),
        nextStatus: NEXT_STATUS[r.status],
        lifecycle: cycle,
      };
    },

    async createClass(
      actor: Actor | null,
      programmeId: number,
      input: Omit<z.infer<typeof CreateClassBody>, 'lunchStarts' | 'lunchEnds' | 'offlineWindowMinutes'> &
        Partial<Pick<z.infer<typeof CreateClassBody>, 'lunchStarts' | 'lunchEnds' | 'offlineWindowMinutes'>>,
      trx?: Executor,
    ) {
      if (input.endsOn < input.startsOn) throw invalid('class.dates_order', 'endsOn');
      if (input.lunchStarts && input.lunchEnds && input.lunchEnds <= input.lunchStarts) throw invalid('class.lunch_order', 'lunchEnds');
      const run = async (t: Executor) => {
        const programme = await store.findProgramme(t, programmeId);
        if (!programme) throw notFound('programme', programmeId);
        await assertUnique(t, { institutionId: programme.institution_id, programmeId, title: input.title, code: input.code ?? null });
        const at = nowIso();
        const { id } = await store.insertClass(t, {
          programme_id: programmeId,
          title: input.title,
          short_title: input.shortTitle ?? null,
          code: input.code ?? null,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          time_zone: input.timeZone,
          place: input.place ?? null,
          organizer_name: input.organizerName ?? null,
          sponsor_name: input.sponsorName ?? null,
          description: input.description ?? null,
          status: 'planning',
          leave_limit_ratio: input.leaveLimitRatio,
          min_attendance_ratio: input.minAttendanceRatio,
          late_grace_minutes: input.lateGraceMinutes,
          offline_window_minutes: input.offlineWindowMinutes ?? 120,
          lunch_starts: input.lunchStarts ?? '11:30',
          lunch_ends: input.lunchEnds ?? '13:30',
          created_at: at,
          updated_at: at,
        });
        await audit.record(t, actor, { action: 'class.create', entity: 'class', entityId: id, classId: id, after: input });
        return id;
      };
      return unlessDuplicate(
        () => (trx ? run(trx) : database.transaction(run)),
        () => duplicateTitle(input.title),
      );
    },
    findClassByTitle: (programmeId: number, title: string, trx: Executor = db) => store.findClassByTitle(trx, programmeId, title),

    /**
     * Changes the class's own fields inside the caller's transaction (the set-up service adds the
     * timetable's part: shifting sessions, refusing dates that would leave sessions outside).
     */
    async updateClassIn(trx: Executor, actor: Actor | null, classId: number, patch: Omit<z.infer<typeof UpdateClassBody>, 'shiftSessions'>) {
      const before = await requireClass(trx, classId);
      if (before.status === 'archived') throw new AppError('class.locked', 409, { status: before.status, what: 'class' });
      const startsOn = patch.startsOn ?? before.starts_on;
      const endsOn = patch.endsOn ?? before.ends_on;
      if (endsOn < startsOn) throw invalid('class.dates_order', 'endsOn');
      if ((patch.lunchEnds ?? before.lunch_ends) <= (patch.lunchStarts ?? before.lunch_starts)) throw invalid('class.lunch_order', 'lunchEnds');
      await assertUnique(trx, {
        institutionId: before.institution_id,
        programmeId: before.programme_id,
        title: patch.title !== undefined && patch.title !== before.title ? patch.title : null,
        code: patch.code !== undefined && patch.code !== before.code ? patch.code : null,
        exceptId: classId,
      });
      const map: Patch<'classes'> = {
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.shortTitle !== undefined && { short_title: patch.shortTitle }),
        ...(patch.code !== undefined && { code: patch.code }),
        ...(patch.startsOn !== undefined && { starts_on: patch.startsOn }),
        ...(patch.endsOn !== undefined && { ends_on: patch.endsOn }),
        ...(patch.timeZone !== undefined && { time_zone: patch.timeZone }),
        ...(patch.place !== undefined && { place: patch.place }),
        ...(patch.organizerName !== undefined && { organizer_name: patch.organizerName }),
        ...(patch.sponsorName !== undefined && { sponsor_name: patch.sponsorName }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.leaveLimitRatio !== undefined && { leave_limit_ratio: patch.leaveLimitRatio }),
        ...(patch.minAttendanceRatio !== undefined && { min_attendance_ratio: patch.minAttendanceRatio }),
        ...(patch.lateGraceMinutes !== undefined && { late_grace_minutes: patch.lateGraceMinutes }),
        ...(patch.offlineWindowMinutes !== undefined && { offline_window_minutes: patch.offlineWindowMinutes }),
        ...(patch.lunchStarts !== undefined && { lunch_starts: patch.lunchStarts }),
        ...(patch.lunchEnds !== undefined && { lunch_ends: patch.lunchEnds }),
      };
      await unlessDuplicate(
        () => store.updateClass(trx, classId, { ...map, updated_at: nowIso() }),
        () => duplicateTitle(patch.title ?? before.title),
      );
      // Only what changed, under the API's names on both sides, so the trail reads field by field.
      const old = classFields(before);
      const changed = (Object.keys(patch) as ClassFieldName[]).filter((k) => k in old && patch[k] !== old[k]);
      if (changed.length)
        await audit.record(trx, actor, {
          action: 'class.update',
          entity: 'class',
          entityId: classId,
          classId,
          before: pick(old, changed),
          after: pick(patch, changed),
        });
      return { before, after: { ...before, ...map } as Row<'classes'> & { institution_id: number } };
    },

    /** One step of the lifecycle (forward, or back for the organizer); see lifecycle.ts for the rules. */
    async transition(actor: Actor | null, classId: number, to: ClassStatus, trx?: Executor, opts: TransitionOptions = {}) {
      const run = async (t: Executor) => lifecycle.transition(t, actor, await requireClass(t, classId), to, opts);
      return trx ? run(trx) : database.transaction(run);
    },

    /** Checks the step-specific permission; the route only checks that the caller may run the class at all. */
    assertMayTransition(actor: Actor, scope: { institutionId: number; programmeId?: number; classId?: number }, to: ClassStatus) {
      if (!can(actor, STEP_ACTION[to], scope)) throw forbidden();
    },

    async listStaff(classId: number, trx: Executor = db) {
      return (await store.listStaff(trx, classId)).map((s) => ({ id: s.id, userId: s.user_id, displayName: s.display_name, role: s.role }));
    },

    /** Adds a user to the class staff and gives them the class-teacher role in this class only. */
    async addStaff(actor: Actor | null, classId: number, input: { userId: number; role: 'project_lead' | 'class_teacher' }, trx?: Executor) {
      const run = async (t: Executor) => {
        await requireClass(t, classId);
        if (!(await deps.auth.findUserById(input.userId, t))) throw notFound('user', input.userId);
        const existing = await store.findStaffByUser(t, classId, input.userId);
        if (existing) return existing.id;
        const { id } = await store.insertStaff(t, { class_id: classId, user_id: input.userId, role: input.role, created_at: nowIso() });
        await deps.auth.grant(actor, input.userId, { role: 'class_teacher', scopeType: 'class', scopeId: classId }, t);
        await audit.record(t, actor, { action: 'staff.add', entity: 'staff', entityId: id, classId, after: input });
        return id;
      };
      return trx ? run(trx) : database.transaction(run);
    },

    async removeStaff(actor: Actor | null, staffId: number) {
      await database.transaction(async (trx) => {
        const row = await store.findStaff(trx, staffId);
        if (!row) throw notFound('staff', staffId);
        await store.deleteStaff(trx, staffId);
        await deps.auth.revokeWhere(trx, actor, { userId: row.user_id, role: 'class_teacher', scopeType: 'class', scopeId: row.class_id });
        await audit.record(trx, actor, { action: 'staff.remove', entity: 'staff', entityId: staffId, classId: row.class_id, before: row });
      });
    },
  };
};
export type ClassService = ReturnType<typeof makeClassService>;
