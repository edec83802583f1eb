import type { z } from 'zod';
import type { ClassStatus, CreateClassBody, CreateProgrammeBody, UpdateClassBody, UpdateProgrammeBody } from '../../../contracts';
import { NEXT_STATUS, STEP_ACTION } from '../../../contracts';
import { type Database, type Executor, isUniqueViolation, nowIso } from '../../db/connection';
import type { Patch, Row } from '../../db/schema';
import { AppError, forbidden, invalid, notFound } from '../../lib/errors';
import { type Actor, abilitiesIn, can } from '../../lib/permissions';
import type { AuditService } from '../audit/service';
import type { AuthService } from '../auth/service';
import type { ClassStore } from './store';

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
  /**
   * How many planning warnings (clashes, travel, lunch) the class's timetable has open; the
   * timetable module answers (wired in app.ts, since timetable depends on this service).
   */
  openPlanningWarnings?: (trx: Executor, classId: number) => Promise<number>;
}) => {
  const { database, store, audit } = deps;
  const db = database.db;

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

  async function transitionProblems(trx: Executor, row: Row<'classes'>, to: ClassStatus, opts: { confirmWarnings?: boolean }): Promise<string[]> {
    const counts = await store.classCounts(trx, row.id);
    const problems: string[] = [];
    if (to === 'running') {
      if (counts.trainees === 0) problems.push('no_trainees');
      if (counts.sessions === 0) problems.push('no_sessions');
      if (!opts.confirmWarnings && deps.openPlanningWarnings && (await deps.openPlanningWarnings(trx, row.id)) > 0) problems.push('open_warnings');
    }
    return problems;
  }

  async function institutionSettings(trx: Executor, institutionId: number) {
    const i = await store.findInstitution(trx, institutionId);
    if (!i) throw notFound('institution', institutionId);
    return { sponsorsSeePhones: i.sponsors_see_phones === 1 };
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

    async listInstitutions(actor: Actor) {
      const vis = visibility(actor);
      const ids = vis.institutionIds === 'all' ? 'all' : [...new Set(actor.grants.map((g) => g.institutionId))];
      return (await store.listInstitutions(db, ids)).map((i) => ({
        id: i.id,
        name: i.name,
        shortName: i.short_name,
        code: i.code,
        sponsorsSeePhones: i.sponsors_see_phones === 1,
      }));
    },

    // hardening (#14): the institution's personal-data settings (the institution screen edits them).
    institutionSettings,
    async updateInstitutionSettings(actor: Actor | null, institutionId: number, patch: { sponsorsSeePhones?: boolean }) {
      return database.transaction(async (trx) => {
        const before = await institutionSettings(trx, institutionId);
        if (patch.sponsorsSeePhones !== undefined) await store.updateInstitution(trx, institutionId, { sponsors_see_phones: patch.sponsorsSeePhones ? 1 : 0 });
        await audit.record(trx, actor, { action: 'institution.settings', entity: 'institution', entityId: institutionId, before, after: patch });
        return institutionSettings(trx, institutionId);
      });
    },

    async createInstitution(actor: Actor | null, input: { name: string; shortName?: string | null; code: string }, trx?: Executor) {
      // hardening (#14): a code in use is a 409 on the field, checked first and again by the unique index (a race).
      const taken = () => new AppError('validation.failed', 409, {}, [{ field: 'code', code: 'institution.duplicate_code', params: { code: input.code } }]);
      const run = async (t: Executor) => {
        if (await store.findInstitutionByCode(t, input.code)) throw taken();
        const { id } = await store.insertInstitution(t, { name: input.name, short_name: input.shortName ?? null, code: input.code, created_at: nowIso() });
        await audit.record(t, actor, { action: 'institution.create', entity: 'institution', entityId: id, after: input });
        return id;
      };
      if (trx) return run(trx);
      try {
        return await database.transaction(run);
      } catch (e) {
        throw isUniqueViolation(e) ? taken() : e;
      }
    },
    findInstitutionByCode: (code: string, trx: Executor = db) => store.findInstitutionByCode(trx, code),

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

    async getProgramme(_actor: Actor, programmeId: number) {
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
      };
    },

    async createProgramme(actor: Actor | null, input: z.infer<typeof CreateProgrammeBody> & { institutionId: number }, trx?: Executor) {
      const run = async (t: Executor) => {
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
      return trx ? run(trx) : database.transaction(run);
    },
    findProgrammeByName: (institutionId: number, name: string, trx: Executor = db) => store.findProgrammeByName(trx, institutionId, name),

    async updateProgramme(actor: Actor, programmeId: number, patch: z.infer<typeof UpdateProgrammeBody>) {
      return database.transaction(async (trx) => {
        const before = await store.findProgramme(trx, programmeId);
        if (!before) throw notFound('programme', programmeId);
        await store.updateProgramme(trx, programmeId, {
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.sponsorName !== undefined && { sponsor_name: patch.sponsorName }),
          ...(patch.description !== undefined && { description: patch.description }),
          ...(patch.startYear !== undefined && { start_year: patch.startYear }),
          ...(patch.endYear !== undefined && { end_year: patch.endYear }),
        });
        await audit.record(trx, actor, { action: 'programme.update', entity: 'programme', entityId: programmeId, before: toProgramme(before), after: patch });
      });
    },

    async listClasses(actor: Actor, query: { programmeId?: number; status?: ClassStatus }) {
      const vis = visibility(actor);
      return (await store.listClassSummaries(db, { ...vis, ...query })).map(toSummary);
    },

    async getClass(actor: Actor | null, classId: number) {
      const r = await store.findClassSummary(db, classId);
      if (!r) throw notFound('class', classId);
      const [staff, counts] = await Promise.all([store.listStaff(db, classId), store.classCounts(db, classId)]);
      const ctx = { institutionId: r.institution_id, programmeId: r.programme_id, classId };
      return {
        ...toSummary(r),
        organizerName: r.organizer_name,
        sponsorName: r.sponsor_name,
        description: r.description,
        leaveLimitRatio: r.leave_limit_ratio,
        minAttendanceRatio: r.min_attendance_ratio,
        lateGraceMinutes: r.late_grace_minutes,
        lunchStarts: r.lunch_starts,
        lunchEnds: r.lunch_ends,
        staff: staff.map((s) => ({ id: s.id, userId: s.user_id, displayName: s.display_name, role: s.role })),
        counts,
        abilities: abilitiesIn(actor, ctx),
        nextStatus: NEXT_STATUS[r.status],
      };
    },

    async createClass(
      actor: Actor | null,
      programmeId: number,
      input: Omit<z.infer<typeof CreateClassBody>, 'lunchStarts' | 'lunchEnds'> & Partial<Pick<z.infer<typeof CreateClassBody>, 'lunchStarts' | 'lunchEnds'>>,
      trx?: Executor,
    ) {
      if (input.endsOn < input.startsOn) throw invalid('class.dates_order', 'endsOn');
      const run = async (t: Executor) => {
        if (!(await store.findProgramme(t, programmeId))) throw notFound('programme', programmeId);
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
          lunch_starts: input.lunchStarts ?? '11:30',
          lunch_ends: input.lunchEnds ?? '13:30',
          created_at: at,
          updated_at: at,
        });
        await audit.record(t, actor, { action: 'class.create', entity: 'class', entityId: id, classId: id, after: input });
        return id;
      };
      return trx ? run(trx) : database.transaction(run);
    },
    findClassByTitle: (programmeId: number, title: string, trx: Executor = db) => store.findClassByTitle(trx, programmeId, title),

    async updateClass(actor: Actor, classId: number, patch: z.infer<typeof UpdateClassBody>) {
      await database.transaction(async (trx) => {
        const before = await requireClass(trx, classId);
        if (before.status === 'archived') throw new AppError('class.locked', 409, { status: before.status, what: 'class' });
        const startsOn = patch.startsOn ?? before.starts_on;
        const endsOn = patch.endsOn ?? before.ends_on;
        if (endsOn < startsOn) throw invalid('class.dates_order', 'endsOn');
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
          ...(patch.lunchStarts !== undefined && { lunch_starts: patch.lunchStarts }),
          ...(patch.lunchEnds !== undefined && { lunch_ends: patch.lunchEnds }),
        };
        await store.updateClass(trx, classId, { ...map, updated_at: nowIso() });
        await audit.record(trx, actor, { action: 'class.update', entity: 'class', entityId: classId, classId, before, after: patch });
      });
    },

    async transition(actor: Actor | null, classId: number, to: ClassStatus, trx?: Executor, opts: { confirmWarnings?: boolean } = {}) {
      const run = async (t: Executor) => {
        const row = await requireClass(t, classId);
        if (NEXT_STATUS[row.status] !== to) throw new AppError('class.invalid_transition', 409, { from: row.status, to });
        const problems = await transitionProblems(t, row, to, opts);
        if (problems.length) {
          throw new AppError('class.transition_requirements', 409, { to, reasons: problems });
        }
        await store.updateClass(t, classId, { status: to, updated_at: nowIso() });
        await audit.record(t, actor, {
          action: 'class.transition',
          entity: 'class',
          entityId: classId,
          classId,
          before: { status: row.status },
          after: { status: to },
        });
      };
      return trx ? run(trx) : database.transaction(run);
    },

    /** Checks the step-specific permission; the route only checks that the caller may run the class at all. */
    assertMayTransition(actor: Actor, scope: { institutionId: number; programmeId?: number; classId?: number }, to: ClassStatus) {
      if (!can(actor, STEP_ACTION[to], scope)) throw forbidden();
    },

    async listStaff(classId: number) {
      return (await store.listStaff(db, classId)).map((s) => ({ id: s.id, userId: s.user_id, displayName: s.display_name, role: s.role }));
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

    async removeStaff(actor: Actor, staffId: number) {
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
