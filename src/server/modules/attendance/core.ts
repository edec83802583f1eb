import type { BadgeScanOutcome } from '../../../contracts/attendance';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, conflict, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { AuditService } from '../audit/service';
import type { CheckInCodes } from './check-in-code';
import type { AttendanceStore, CheckInContextRow } from './store';
import { localTime, unpackStatuses } from './summary';
import type { AttendanceStatus } from './tables';

// What every use case of attendance shares: the service's dependencies, the rules of admission
// and arrival, and the reads of a class's sessions, trainees and records that the hours rules need.

export type AttendanceDeps = {
  database: Database;
  store: AttendanceStore;
  audit: Pick<AuditService, 'record' | 'recordEach'>;
  codes: CheckInCodes;
  publicUrl: string;
  /** The clock; tests of time rules pass their own. */
  now?: () => number;
};

/** Check-in opens this long before a session starts and closes when it ends. */
export const OPEN_BEFORE_MINUTES = 30;

export type AttendanceRow = Row<'attendance'>;
export type CheckInOutcome = {
  outcome: 'recorded' | 'already';
  sessionId: number;
  sessionTitle: string;
  classId: number;
  status: AttendanceStatus;
  method: AttendanceRow['method'];
  checkedInAt: string | null;
};
export type Who = Pick<Actor, 'userId'> | null;
export type OfflineRecord = Awaited<ReturnType<AttendanceStore['offlineRecordsOfClass']>>[number];

export const sessionWindow = (s: { starts_at: string; ends_at: string }) => {
  const opens = Date.parse(s.starts_at) - OPEN_BEFORE_MINUTES * 60_000;
  const closes = Date.parse(s.ends_at);
  return { opens, closes };
};

/** Late once the class's grace period after the start has passed. */
export const arrivalStatus = (startsAt: string, graceMinutes: number, atMs: number): 'present' | 'late' =>
  atMs > Date.parse(startsAt) + graceMinutes * 60_000 ? 'late' : 'present';

export type Admission = null | {
  outcome: Exclude<BadgeScanOutcome, 'recorded' | 'duplicate' | 'on_leave' | 'unknown_badge' | 'other_class' | 'id_reused'>;
  error: AppError;
};

export type Recorded = { outcome: 'recorded' | 'already' | 'on_leave'; row: AttendanceRow };

/**
 * A manual mark, a group leader's roll call or approved leave over an offline check-in still
 * waiting for review (待确认, #15) takes its place: the review is settled as 'superseded' (the
 * patch says so, and the audit's before/after with it), so the 离线签到 list no longer asks for it.
 */
export const settlesReview = (existing: Pick<AttendanceRow, 'review'>) => (existing.review === 'pending' ? { review: 'superseded' as const } : {});

export const makeAttendanceCore = (deps: AttendanceDeps) => {
  const { store, audit } = deps;
  const clock = deps.now ?? Date.now;

  // Whether a check-in at `atMs` may be recorded: the class is running, the trainee is enrolled
  // and expected (per-group sessions), and the session is open.
  async function admission(trx: Executor, ctx: CheckInContextRow, atMs: number): Promise<Admission> {
    if (ctx.class_status !== 'running') {
      return { outcome: 'class_not_running', error: new AppError('checkin.class_not_running', 409, { status: ctx.class_status }) };
    }
    if (ctx.enrolment_status === 'withdrawn') return { outcome: 'withdrawn', error: conflict('enrolment.withdrawn') };
    if (Number(ctx.group_count) > 0 && Number(ctx.in_group) === 0) {
      const names = (await store.groupNamesOfSession(trx, ctx.session_id)).map((g) => g.name).join('、');
      return { outcome: 'not_expected', error: new AppError('checkin.not_expected', 409, { groups: names }) };
    }
    const w = sessionWindow(ctx);
    if (atMs < w.opens || atMs > w.closes) {
      return {
        outcome: 'not_open',
        error: new AppError('checkin.session_not_open', 409, { opensAt: localTime(w.opens, ctx.time_zone), closesAt: localTime(w.closes, ctx.time_zone) }),
      };
    }
    return null;
  }
  // Records an arrival once. A retry or a second scan returns the first record; an arrival after
  // a manual "absent" mark replaces it (the trainee did come); approved leave is left for the
  // class teacher to resolve.
  async function recordArrival(trx: Executor, actor: Who, ctx: CheckInContextRow, method: 'qr' | 'badge', atMs: number): Promise<Recorded> {
    const at = new Date(atMs).toISOString();
    const now = nowIso();
    const status = arrivalStatus(ctx.starts_at, ctx.late_grace_minutes, atMs);
    const inserted = await store.insertOnce(trx, {
      session_id: ctx.session_id,
      enrolment_id: ctx.enrolment_id!,
      status,
      method,
      checked_in_at: at,
      reason: null,
      leave_request_id: null,
      recorded_by: actor?.userId ?? null,
      created_at: now,
      updated_at: now,
    });
    if (inserted) {
      await audit.record(trx, actor, {
        action: 'attendance.check_in',
        entity: 'attendance',
        entityId: inserted.id,
        classId: ctx.class_id,
        before: null,
        after: { sessionId: ctx.session_id, enrolmentId: ctx.enrolment_id, status, method, checkedInAt: at },
      });
      return { outcome: 'recorded', row: inserted };
    }
    const existing = (await store.find(trx, ctx.session_id, ctx.enrolment_id!))!;
    if (existing.status === 'present' || existing.status === 'late') return { outcome: 'already', row: existing };
    if (existing.status === 'leave') return { outcome: 'on_leave', row: existing };
    const patch = { status, method, checked_in_at: at, reason: null, recorded_by: actor?.userId ?? null, updated_at: now };
    await store.update(trx, existing.id, patch);
    await audit.record(trx, actor, {
      action: 'attendance.check_in',
      entity: 'attendance',
      entityId: existing.id,
      classId: ctx.class_id,
      before: pick(existing),
      after: { status, method, checkedInAt: at },
    });
    return { outcome: 'recorded', row: { ...existing, ...patch } };
  }
  const pick = (r: AttendanceRow) => ({
    sessionId: r.session_id,
    enrolmentId: r.enrolment_id,
    status: r.status,
    method: r.method,
    checkedInAt: r.checked_in_at,
    reason: r.reason,
    leaveRequestId: r.leave_request_id,
    ...(r.review ? { review: r.review } : {}),
  });
  async function requireClassInfo(trx: Executor, classId: number) {
    const c = await store.classInfo(trx, classId);
    if (!c) throw notFound('class', classId);
    return c;
  }
  /** Sessions of a class with the groups they are for, as the hours rules need them. */
  async function sessionsLite(trx: Executor, classId: number) {
    const [sessions, groups] = await Promise.all([store.classSessions(trx, classId), store.sessionGroupsOfClass(trx, classId)]);
    const byId = new Map<number, number[]>();
    for (const g of groups) {
      const list = byId.get(g.session_id);
      if (list) list.push(g.group_id);
      else byId.set(g.session_id, [g.group_id]);
    }
    return sessions.map((s) => ({
      id: s.id,
      title: s.title,
      kind: s.kind,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      hours: Number(s.hours),
      groupIds: byId.get(s.id) ?? [],
      endsAtMs: Date.parse(s.ends_at),
    }));
  }
  /** Everything the hours of a class depend on, read in one go (inside a transaction when given one). */
  // Offline check-ins (#15) are few: read apart from the packed statuses (whose covering index
  // knows no review), and a pending one laid over its status as 'review' (待确认).
  // Outside a transaction, in three lanes: the packed records and the trainees with their names
  // (1,000 lookups of people, the longest) each on a connection, the class's small reads one after
  // another on a third; a new pool opens three connections for it, not five (a cold matrix of
  // 1,000 × 60 at 1 M people: 56 ms p50 with five; two lanes against three, docs/benchmarks.md).
  async function classState(trx: Executor, classId: number) {
    const rest = async (c: Executor) => {
      const info = await requireClassInfo(c, classId);
      const sessions = await sessionsLite(c, classId);
      const offline = await store.offlineRecordsOfClass(c, classId);
      return { info, sessions, offline };
    };
    const [{ info, sessions, offline }, enrolments, packed] = await Promise.all([
      trx.isTransaction ? rest(trx) : trx.connection().execute(rest),
      store.classEnrolments(trx, classId),
      store.packedStatusesOfClass(trx, classId),
    ]);
    const recorded = unpackStatuses(
      packed,
      sessions.map((s) => s.id),
    );
    const offlineByEnrolment = new Map<number, Map<number, OfflineRecord>>();
    for (const r of offline) {
      const own = offlineByEnrolment.get(r.enrolment_id) ?? new Map<number, OfflineRecord>();
      own.set(r.session_id, r);
      offlineByEnrolment.set(r.enrolment_id, own);
    }
    const statusOf = (enrolmentId: number): ((sessionId: number) => AttendanceStatus | 'review' | undefined) => {
      const of = recorded(enrolmentId);
      const own = offlineByEnrolment.get(enrolmentId);
      if (!own) return of;
      return (sessionId) => (own.get(sessionId)?.review === 'pending' ? 'review' : of(sessionId));
    };
    /** statusOf by the session's position in `sessions`. */
    const statusAt = (enrolmentId: number): ((index: number) => AttendanceStatus | 'review' | undefined) => {
      const at = recorded.at(enrolmentId);
      const own = offlineByEnrolment.get(enrolmentId);
      if (!own) return at;
      return (index) => (own.get(sessions[index].id)?.review === 'pending' ? 'review' : at(index));
    };
    /** The offline records of one trainee, by session. */
    const offlineOf = (enrolmentId: number) => offlineByEnrolment.get(enrolmentId);
    return { info, sessions, enrolments, statusOf, statusAt, offlineOf };
  }
  const emptyCounts = () => ({ expected: 0, present: 0, late: 0, leave: 0, absent: 0, pending: 0 });
  const classify = (row: AttendanceRow): Recorded => (row.status === 'leave' ? { outcome: 'on_leave', row } : { outcome: 'already', row });
  function checkInView(ctx: CheckInContextRow, row: AttendanceRow) {
    return {
      sessionId: ctx.session_id,
      sessionTitle: ctx.title,
      classId: ctx.class_id,
      status: row.status,
      method: row.method,
      checkedInAt: row.checked_in_at,
    };
  }

  return { clock, admission, recordArrival, pick, settlesReview, requireClassInfo, sessionsLite, classState, emptyCounts, classify, checkInView };
};
export type AttendanceCore = ReturnType<typeof makeAttendanceCore>;
