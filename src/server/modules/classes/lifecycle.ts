import { type ClassStatus, NEXT_STATUS, PREVIOUS_STATUS, STEP_BACK_DAYS } from '../../../contracts';
import { type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, invalid } from '../../lib/errors';
import { type Actor, can } from '../../lib/permissions';
import { addDaysTo, wallClockOf } from '../../lib/wall-clock';
import type { AuditService } from '../audit/service';
import type { ClassStore } from './store';

// The class lifecycle (planning → enrolling → running → completed → archived) and its sense:
// a class starts on the day its first session is, and completes once its last session has ended,
// both in the class's time zone and by the clock, never by the plan. The organizer may move it on
// sooner with an explicit override and a reason, and may step it back (completed → running,
// running → enrolling) until STEP_BACK_DAYS after its last day; all of it audited.

type ClassRow = Row<'classes'> & { institution_id: number };
export type TransitionOptions = { confirmWarnings?: boolean; override?: boolean; reason?: string | null };

const MIN_REASON = 2;

export function makeLifecycle(deps: {
  store: Pick<ClassStore, 'classCounts' | 'sessionSpan' | 'updateClass'>;
  audit: Pick<AuditService, 'record'>;
  openPlanningWarnings?: (trx: Executor, classId: number) => Promise<number>;
  now: () => number;
}) {
  const { store, audit } = deps;

  /** What the lifecycle card shows; computed from the same rules the transition applies. */
  async function lifecycleOf(db: Executor, row: Pick<ClassRow, 'id' | 'status' | 'time_zone' | 'ends_on'>) {
    const now = deps.now();
    const today = wallClockOf(now, row.time_zone).date;
    const span = await store.sessionSpan(db, row.id);
    const firstSessionOn = span.firstStartsAt ? wallClockOf(span.firstStartsAt, row.time_zone).date : null;
    const next = NEXT_STATUS[row.status];
    const previous = PREVIOUS_STATUS[row.status];
    const stepBackUntil = previous ? addDaysTo(row.ends_on, STEP_BACK_DAYS) : null;
    return {
      today,
      firstSessionOn,
      lastSessionEndsAt: span.lastEndsAt,
      nextTooEarly: next ? tooEarly(next, { now, today, firstSessionOn, lastEndsAt: span.lastEndsAt }) !== null : false,
      previousStatus: previous && stepBackUntil && today <= stepBackUntil ? previous : null,
      stepBackUntil,
    };
  }

  function tooEarly(to: ClassStatus, at: { now: number; today: string; firstSessionOn: string | null; lastEndsAt: string | null }) {
    if (to === 'running' && at.firstSessionOn && at.today < at.firstSessionOn) return { code: 'class.too_early_running', date: at.firstSessionOn };
    if (to === 'completed' && at.lastEndsAt && at.now < Date.parse(at.lastEndsAt)) return { code: 'class.too_early_completed', date: at.lastEndsAt };
    return null;
  }

  const scopeOf = (row: ClassRow) => ({ institutionId: row.institution_id, programmeId: row.programme_id, classId: row.id });
  // The system (demo loader, scripts) acts as no one and may do what the organizer may.
  const isOrganizer = (actor: Actor | null, row: ClassRow) => actor === null || can(actor, 'class.manage', scopeOf(row));
  const requireReason = (reason: string | null | undefined) => {
    if (!reason || reason.trim().length < MIN_REASON) throw invalid('class.reason_required', 'reason');
    return reason.trim();
  };

  async function requirements(trx: Executor, row: ClassRow, to: ClassStatus, opts: TransitionOptions) {
    const problems: string[] = [];
    let warnings = 0;
    if (to === 'running') {
      const counts = await store.classCounts(trx, row.id);
      if (counts.trainees === 0) problems.push('no_trainees');
      if (counts.sessions === 0) problems.push('no_sessions');
      warnings = deps.openPlanningWarnings ? await deps.openPlanningWarnings(trx, row.id) : 0;
      if (warnings > 0 && !opts.confirmWarnings) problems.push('open_warnings');
    }
    if (problems.length) {
      // When the warnings are all that stands in the way, the caller can pass by saying so: the
      // field error tells the screen to ask, and then send confirmWarnings.
      const confirm =
        problems.length === 1 && problems[0] === 'open_warnings'
          ? [{ field: 'confirmWarnings', code: 'class.open_warnings', params: { count: warnings } }]
          : [];
      throw new AppError('class.transition_requirements', 409, { to, reasons: problems, warnings }, confirm);
    }
    return { warnings };
  }

  async function stepForward(trx: Executor, actor: Actor | null, row: ClassRow, to: ClassStatus, opts: TransitionOptions) {
    const { warnings } = await requirements(trx, row, to, opts);
    const now = deps.now();
    const span = await store.sessionSpan(trx, row.id);
    const today = wallClockOf(now, row.time_zone).date;
    const early = tooEarly(to, {
      now,
      today,
      firstSessionOn: span.firstStartsAt && wallClockOf(span.firstStartsAt, row.time_zone).date,
      lastEndsAt: span.lastEndsAt,
    });
    let reason: string | null = opts.reason?.trim() || null;
    if (early) {
      if (!opts.override) throw new AppError(early.code, 409, { to, date: displayDate(early.date, row.time_zone), today, overridable: true });
      if (!isOrganizer(actor, row)) throw new AppError('class.override_forbidden', 403);
      reason = requireReason(opts.reason);
    }
    await store.updateClass(trx, row.id, { status: to, updated_at: nowIso() });
    await audit.record(trx, actor, {
      action: 'class.transition',
      entity: 'class',
      entityId: row.id,
      classId: row.id,
      before: { status: row.status },
      after: {
        status: to,
        ...(early && { override: true, tooEarlyBefore: early.date }),
        ...(reason && { reason }),
        ...(warnings > 0 && { confirmedWarnings: warnings }),
      },
    });
  }

  async function stepBack(trx: Executor, actor: Actor | null, row: ClassRow, to: ClassStatus, opts: TransitionOptions) {
    if (!isOrganizer(actor, row)) throw new AppError('class.step_back_forbidden', 403);
    const reason = requireReason(opts.reason);
    const until = addDaysTo(row.ends_on, STEP_BACK_DAYS);
    const today = wallClockOf(deps.now(), row.time_zone).date;
    if (today > until) throw new AppError('class.step_back_expired', 409, { endsOn: row.ends_on, until, days: STEP_BACK_DAYS });
    await store.updateClass(trx, row.id, { status: to, updated_at: nowIso() });
    await audit.record(trx, actor, {
      action: 'class.step_back',
      entity: 'class',
      entityId: row.id,
      classId: row.id,
      before: { status: row.status },
      after: { status: to, reason },
    });
  }

  return {
    lifecycleOf,
    /** One step forward (NEXT_STATUS) or, for the organizer, one step back (PREVIOUS_STATUS). */
    async transition(trx: Executor, actor: Actor | null, row: ClassRow, to: ClassStatus, opts: TransitionOptions) {
      if (NEXT_STATUS[row.status] === to) return stepForward(trx, actor, row, to, opts);
      if (PREVIOUS_STATUS[row.status] === to) return stepBack(trx, actor, row, to, opts);
      throw new AppError('class.invalid_transition', 409, { from: row.status, to });
    },
  };
}

/** "2026-10-23 17:00" in the class's zone for an instant; a date stays a date. */
function displayDate(value: string, timeZone: string) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const { date, time } = wallClockOf(value, timeZone);
  return `${date} ${time.slice(0, 5)}`;
}
