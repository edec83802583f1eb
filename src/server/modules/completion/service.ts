import type { z } from 'zod';
import type { ExceptionBody, UpdateCompletionRuleBody } from '../../../contracts';
import { type Database, type Executor, nowIso } from '../../db/connection';
import { AppError, notFound } from '../../lib/errors';
import type { Lang } from '../../lib/i18n';
import type { Actor } from '../../lib/permissions';
import type { AuditService } from '../audit/service';
import type { InstitutionService } from '../classes/institution-service';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import { evaluateCompletion, reasonMessage } from './rules';
import type { CompletionStore } from './store';

/** What completion needs from attendance (#5): per enrolment, hours attended, on leave, absent, still to come, and in all. */
export type AttendanceSummarySource = {
  attendanceSummary(
    trx: Executor,
    classId: number,
  ): Promise<Array<{ enrolmentId: number; attendedHours: number; leaveHours: number; absentHours: number; pendingHours?: number; totalHours: number }>>;
};
/** What completion will need from evaluations (#6): questionnaires each trainee was asked to answer, and answered. */
export type EvaluationCountSource = {
  completionCounts(trx: Executor, classId: number): Promise<Array<{ enrolmentId: number; submitted: number; expected: number }>>;
};
/** What completion will need from reflections (心得体会): how many each trainee handed in. */
export type ReflectionCountSource = { reflectionCounts(trx: Executor, classId: number): Promise<Array<{ enrolmentId: number; count: number }>> };

export const DEFAULT_SERIAL_PATTERN = '{inst}-{year}-{class}-{seq:3}';

export const makeCompletionService = (deps: {
  database: Database;
  store: CompletionStore;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireClass'>;
  roster: Pick<RosterService, 'rosterIn'>;
  attendance?: AttendanceSummarySource;
  // The next two stay unset until those modules exist; the requirement flags are then inert (and
  // the rule says so), rather than failing everyone.
  evaluations?: EvaluationCountSource;
  reflections?: ReflectionCountSource;
  /** The institution's default serial pattern, for a class's first rule row (classes module, #9). */
  institutions?: Pick<InstitutionService, 'serialPatternOf'>;
}) => {
  const { database, store, audit, classes, roster } = deps;
  const db = database.db;

  async function ensureRule(trx: Executor, classId: number) {
    const existing = await store.findRule(trx, classId);
    if (existing) return existing;
    // A new rule starts from the institution's default serial pattern (#9).
    const institution = deps.institutions ? await store.institutionOfClass(trx, classId) : undefined;
    await store.ensureRule(trx, {
      class_id: classId,
      serial_pattern: institution ? await deps.institutions!.serialPatternOf(trx, institution.id) : DEFAULT_SERIAL_PATTERN,
      require_evaluations: 0,
      require_reflections: 0,
      issuer_name: null,
      updated_at: nowIso(),
      updated_by: null,
    });
    return (await store.findRule(trx, classId))!;
  }

  /** The class, its institution and its completion rule, read in the caller's transaction. */
  async function ruleIn(trx: Executor, classId: number) {
    const cls = await classes.requireClass(trx, classId);
    const rule = await ensureRule(trx, classId);
    const institution = (await store.institutionOfClass(trx, classId))!;
    return {
      cls,
      institution,
      rule: {
        classId,
        minAttendanceRatio: Number(cls.min_attendance_ratio),
        leaveLimitRatio: Number(cls.leave_limit_ratio),
        requireEvaluations: rule.require_evaluations === 1,
        requireReflections: rule.require_reflections === 1,
        evaluationsAvailable: Boolean(deps.evaluations),
        reflectionsAvailable: Boolean(deps.reflections),
        serialPattern: rule.serial_pattern,
        issuerName: rule.issuer_name ?? cls.organizer_name ?? institution.name,
      },
    };
  }

  async function requireEnrolmentOf(trx: Executor, classId: number, enrolmentId: number) {
    const row = (await roster.rosterIn(trx, classId)).find((r) => r.id === enrolmentId);
    if (!row) throw notFound('enrolment', enrolmentId);
    return row;
  }

  const service = {
    ruleIn,
    /** Locks the class's rule row until the transaction ends: issuances of one class run one after the other. */
    async lockClass(trx: Executor, classId: number) {
      await classes.requireClass(trx, classId);
      await ensureRule(trx, classId);
      await store.lockRule(trx, classId);
    },

    async updateRule(actor: Actor, classId: number, patch: z.infer<typeof UpdateCompletionRuleBody>) {
      await database.transaction(async (trx) => {
        const before = await ruleIn(trx, classId);
        await store.updateRule(trx, classId, {
          ...(patch.serialPattern !== undefined && { serial_pattern: patch.serialPattern }),
          ...(patch.requireEvaluations !== undefined && { require_evaluations: patch.requireEvaluations ? 1 : 0 }),
          ...(patch.requireReflections !== undefined && { require_reflections: patch.requireReflections ? 1 : 0 }),
          ...(patch.issuerName !== undefined && { issuer_name: patch.issuerName }),
          updated_at: nowIso(),
          updated_by: actor.userId,
        });
        await audit.record(trx, actor, { action: 'completion.rule.update', entity: 'class', entityId: classId, classId, before: before.rule, after: patch });
      });
    },

    /** A copied class (next year's) starts with the same rule: serial pattern, issuer, what is required. */
    async copyRuleIn(trx: Executor, fromClassId: number, toClassId: number) {
      const from = await ensureRule(trx, fromClassId);
      await ensureRule(trx, toClassId);
      await store.updateRule(trx, toClassId, {
        serial_pattern: from.serial_pattern,
        require_evaluations: from.require_evaluations,
        require_reflections: from.require_reflections,
        issuer_name: from.issuer_name,
        updated_at: nowIso(),
      });
    },

    /** Demo and CLI: sets the serial pattern inside the caller's transaction. */
    async setSerialPatternIn(trx: Executor, classId: number, pattern: string) {
      await ensureRule(trx, classId);
      await store.updateRule(trx, classId, { serial_pattern: pattern, updated_at: nowIso() });
    },

    async setException(actor: Actor, classId: number, enrolmentId: number, input: z.infer<typeof ExceptionBody>) {
      await database.transaction(async (trx) => {
        const enrolment = await requireEnrolmentOf(trx, classId, enrolmentId);
        if (enrolment.status === 'withdrawn' && input.decision === 'eligible')
          throw new AppError('completion.withdrawn_exception', 409, { name: enrolment.name });
        const before = await store.findException(trx, enrolmentId);
        await store.upsertException(trx, {
          class_id: classId,
          enrolment_id: enrolmentId,
          decision: input.decision,
          reason: input.reason,
          decided_by: actor.userId,
          decided_at: nowIso(),
        });
        await audit.record(trx, actor, {
          action: 'completion.exception.set',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId,
          before: before ? { decision: before.decision, reason: before.reason } : null,
          after: { name: enrolment.name, ...input },
        });
      });
    },

    async clearException(actor: Actor, classId: number, enrolmentId: number) {
      await database.transaction(async (trx) => {
        const enrolment = await requireEnrolmentOf(trx, classId, enrolmentId);
        const before = await store.findException(trx, enrolmentId);
        if (!before) throw notFound('completion_exception', enrolmentId);
        await store.deleteException(trx, enrolmentId);
        await audit.record(trx, actor, {
          action: 'completion.exception.clear',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId,
          before: { name: enrolment.name, decision: before.decision, reason: before.reason },
        });
      });
    },

    /** Every trainee of the class (withdrawn included), eligible or not and why, in the caller's transaction. */
    async eligibilityIn(trx: Executor, classId: number, lang: Lang) {
      const { rule, cls, institution } = await ruleIn(trx, classId);
      const [people, hours, exceptions, evaluations, reflections] = await Promise.all([
        roster.rosterIn(trx, classId),
        deps.attendance ? deps.attendance.attendanceSummary(trx, classId) : Promise.resolve(null),
        store.listExceptions(trx, classId),
        rule.requireEvaluations && deps.evaluations ? deps.evaluations.completionCounts(trx, classId) : Promise.resolve(null),
        rule.requireReflections && deps.reflections ? deps.reflections.reflectionCounts(trx, classId) : Promise.resolve(null),
      ]);
      const hoursOf = new Map((hours ?? []).map((h) => [h.enrolmentId, h]));
      const exceptionOf = new Map(exceptions.map((x) => [x.enrolment_id, x]));
      const evaluationsOf = new Map((evaluations ?? []).map((e) => [e.enrolmentId, e]));
      const reflectionsOf = new Map((reflections ?? []).map((r) => [r.enrolmentId, r.count]));
      const rows = people.map((p) => {
        const h = hoursOf.get(p.id);
        const x = exceptionOf.get(p.id);
        const facts = {
          enrolmentStatus: p.status,
          totalHours: h?.totalHours ?? 0,
          attendedHours: h?.attendedHours ?? 0,
          pendingHours: h?.pendingHours ?? 0,
          leaveHours: h?.leaveHours ?? 0,
          evaluations: evaluations ? (evaluationsOf.get(p.id) ?? { submitted: 0, expected: 0 }) : null,
          reflections: reflections ? (reflectionsOf.get(p.id) ?? 0) : null,
          exception: x ? { decision: x.decision, reason: x.reason } : null,
        };
        const result = evaluateCompletion(facts, rule);
        return {
          enrolmentId: p.id,
          personId: p.person_id,
          name: p.name,
          nameBo: p.name_bo,
          groupName: p.group_name ?? null,
          enrolmentStatus: p.status,
          totalHours: facts.totalHours,
          attendedHours: facts.attendedHours,
          leaveHours: facts.leaveHours,
          absentHours: h?.absentHours ?? 0,
          attendanceShare: result.attendanceShare,
          leaveShare: result.leaveShare,
          ruleEligible: result.ruleEligible,
          eligible: result.eligible,
          reasons: result.reasons.map((r) => ({ ...r, message: reasonMessage(r, lang) })),
          exception: x ? { decision: x.decision, reason: x.reason, decidedBy: x.decided_by_name ?? null, decidedAt: x.decided_at } : null,
        };
      });
      return { rule, cls, institution, rows, attendanceAvailable: Boolean(deps.attendance) };
    },

    eligibility: (classId: number, lang: Lang) => service.eligibilityIn(db, classId, lang),
  };
  return service;
};
export type CompletionService = ReturnType<typeof makeCompletionService>;
