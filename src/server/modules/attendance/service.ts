import type { z } from 'zod';
import { BADGE_PREFIX, type BadgeScan, type BadgeScanOutcome, type LeaveRequestBody, MATRIX_CELL } from '../../../contracts/attendance';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { NewRow, Row } from '../../db/schema';
import { qrSvg } from '../../documents/qr';
import { writeXlsx } from '../../documents/xlsx';
import { AppError, conflict, invalid, notFound } from '../../lib/errors';
import { type Lang, translate } from '../../lib/i18n';
import type { Actor } from '../../lib/permissions';
import { randomToken } from '../../lib/personal-data';
import type { AuditService } from '../audit/service';
import { type CheckInCodes, CODE_WINDOW_MS, extractCode } from './check-in-code';
import type { AttendanceStore, CheckInContextRow } from './store';
import { type Effective, effectiveStatus, type HoursSummary, isExpected, localDay, localTime, round2, summarise, unpackStatuses } from './summary';
import type { AttendanceStatus, LeaveStatus } from './tables';

/** Check-in opens this long before a session starts and closes when it ends. */
export const OPEN_BEFORE_MINUTES = 30;

type AttendanceRow = Row<'attendance'>;
export type CheckInOutcome = {
  outcome: 'recorded' | 'already';
  sessionId: number;
  sessionTitle: string;
  classId: number;
  status: AttendanceStatus;
  method: AttendanceRow['method'];
  checkedInAt: string | null;
};
type Who = Pick<Actor, 'userId'> | null;

export const sessionWindow = (s: { starts_at: string; ends_at: string }) => {
  const opens = Date.parse(s.starts_at) - OPEN_BEFORE_MINUTES * 60_000;
  const closes = Date.parse(s.ends_at);
  return { opens, closes };
};

/** Late once the class's grace period after the start has passed. */
export const arrivalStatus = (startsAt: string, graceMinutes: number, atMs: number): 'present' | 'late' =>
  atMs > Date.parse(startsAt) + graceMinutes * 60_000 ? 'late' : 'present';

type Admission = null | {
  outcome: Exclude<BadgeScanOutcome, 'recorded' | 'duplicate' | 'on_leave' | 'unknown_badge' | 'other_class' | 'id_reused'>;
  error: AppError;
};

export const makeAttendanceService = (deps: {
  database: Database;
  store: AttendanceStore;
  audit: Pick<AuditService, 'record' | 'recordEach'>;
  codes: CheckInCodes;
  publicUrl: string;
  /** The clock; tests of time rules pass their own. */
  now?: () => number;
}) => {
  const { database, store, audit, codes } = deps;
  const db = database.db;
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

  type Recorded = { outcome: 'recorded' | 'already' | 'on_leave'; row: AttendanceRow };

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
  async function classState(trx: Executor, classId: number) {
    const [info, sessions, enrolments, packed] = await Promise.all([
      requireClassInfo(trx, classId),
      sessionsLite(trx, classId),
      store.classEnrolments(trx, classId),
      store.packedStatusesOfClass(trx, classId),
    ]);
    const statusOf = unpackStatuses(
      packed,
      sessions.map((s) => s.id),
    );
    return { info, sessions, enrolments, statusOf };
  }

  const emptyCounts = () => ({ expected: 0, present: 0, late: 0, leave: 0, absent: 0, pending: 0 });

  async function leaveViews(trx: Executor, leaves: Awaited<ReturnType<AttendanceStore['listLeaves']>>) {
    if (!leaves.length) return [];
    const classIds = [...new Set(leaves.map((l) => l.class_id))];
    const links = await store.sessionsOfLeaves(
      trx,
      leaves.map((l) => l.id),
    );
    const states = new Map(await Promise.all(classIds.map(async (id) => [id, await classState(trx, id)] as const)));
    const now = clock();
    return leaves.map((l) => {
      const st = states.get(l.class_id)!;
      const e = st.enrolments.find((x) => x.id === l.enrolment_id)!;
      const ids = new Set(links.filter((x) => x.leave_request_id === l.id).map((x) => x.session_id));
      const sessions = st.sessions.filter((s) => ids.has(s.id));
      const statusOf = st.statusOf(l.enrolment_id);
      const usage = summarise(st.sessions, e.group_id, statusOf, now, Number(st.info.leave_limit_ratio));
      // Hours this request would add to leave + absence if approved: its sessions not counted as either yet.
      const extra = sessions.reduce((sum, s) => {
        const eff = effectiveStatus(s, e.group_id, statusOf(s.id), now);
        return eff === 'leave' || eff === 'absent' ? sum : sum + s.hours;
      }, 0);
      return {
        id: l.id,
        classId: l.class_id,
        enrolmentId: l.enrolment_id,
        name: e.name,
        nameBo: e.name_bo,
        groupName: e.group_name ?? null,
        startsAt: l.starts_at,
        endsAt: l.ends_at,
        reason: l.reason,
        status: l.status,
        requestedAt: l.requested_at,
        decidedAt: l.decided_at,
        decidedBy: l.decided_by_name ?? null,
        decisionComment: l.decision_comment,
        sessions: sessions.map((s) => ({ id: s.id, title: s.title, startsAt: s.startsAt, endsAt: s.endsAt, hours: s.hours })),
        hours: round2(sessions.reduce((sum, s) => sum + s.hours, 0)),
        usage: {
          ...usage,
          wouldExceed: l.status === 'pending' && usage.leaveHours + usage.absentHours + extra > usage.limitHours + 1e-9,
        },
      };
    });
  }

  const scanMessage = (outcome: BadgeScanOutcome, lang: Lang, params: Record<string, unknown> = {}) => translate(`badge_scan.${outcome}`, lang, params);

  // Group commit for the rotating code: when a class scans the projected code at once, the
  // check-ins that arrive in the same turn of the event loop are judged one by one, exactly as if
  // alone, but read and written in one transaction with a few multi-row statements. On SQLite a
  // commit per check-in is most of its cost; on PostgreSQL it saves round trips. The unique
  // (session, enrolment) key still decides between instances.
  type CheckInJob = { actor: Actor; sessionId: number; at: number; resolve: (r: CheckInOutcome) => void; reject: (e: unknown) => void };
  let queue: CheckInJob[] = [];
  let scheduled = false;
  const MAX_BATCH = 500;

  // While batches are in flight new check-ins wait and gather into the next one; SQLite has one
  // connection anyway, PostgreSQL gets a few batches in parallel on its pool.
  const MAX_IN_FLIGHT = database.dialect === 'postgres' ? 4 : 1;
  let inFlight = 0;

  function flushQueue() {
    scheduled = false;
    if (inFlight >= MAX_IN_FLIGHT || !queue.length) return;
    const jobs = queue.slice(0, MAX_BATCH);
    queue = queue.slice(MAX_BATCH);
    inFlight += 1;
    if (queue.length && inFlight < MAX_IN_FLIGHT) {
      scheduled = true;
      setImmediate(flushQueue);
    }
    runCheckIns(jobs)
      .then(
        (outcomes) => {
          jobs.forEach((j, i) => {
            const o = outcomes[i];
            if (o instanceof AppError) j.reject(o);
            else j.resolve(o);
          });
        },
        (e) => {
          for (const j of jobs) j.reject(e);
        },
      )
      .finally(() => {
        inFlight -= 1;
        if (queue.length && !scheduled) {
          scheduled = true;
          setImmediate(flushQueue);
        }
      });
  }

  // Two batches (two instances, or two flushes on PostgreSQL's pool) may insert the same keys;
  // rows go in key order so they cannot deadlock, and a batch that still loses a deadlock or a
  // serialization check is simply run again.
  async function runCheckIns(jobs: CheckInJob[], attempt = 1): Promise<Array<CheckInOutcome | AppError>> {
    try {
      return await runCheckInsOnce(jobs);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt < 4 && (code === '40P01' || code === '40001' || code === 'SQLITE_BUSY')) return runCheckIns(jobs, attempt + 1);
      throw e;
    }
  }

  async function runCheckInsOnce(jobs: CheckInJob[]): Promise<Array<CheckInOutcome | AppError>> {
    return database.transaction(async (trx) => {
      const rows = await store.checkInContexts(trx, [...new Set(jobs.map((j) => j.sessionId))], [...new Set(jobs.map((j) => j.actor.personId!))]);
      const contextOf = new Map(rows.map((r) => [`${r.session_id}:${r.person_id}`, r]));
      const knownSessions = new Set(rows.map((r) => r.session_id));
      const out: Array<CheckInOutcome | AppError | null> = jobs.map(() => null);
      // Admission, one by one; the first job of a (session, enrolment) pair writes for all of them.
      const writers = new Map<string, { job: number; ctx: CheckInContextRow; status: 'present' | 'late'; followers: number[] }>();
      const ctxOf: Array<CheckInContextRow | null> = jobs.map(() => null);
      for (const [i, j] of jobs.entries()) {
        const ctx = contextOf.get(`${j.sessionId}:${j.actor.personId}`);
        if (!ctx) {
          out[i] = knownSessions.has(j.sessionId) ? new AppError('checkin.not_enrolled', 403) : new AppError('checkin.code_invalid', 400);
          continue;
        }
        ctxOf[i] = ctx;
        const problem = await admission(trx, ctx, j.at);
        if (problem) {
          out[i] = problem.error;
          continue;
        }
        const key = `${ctx.session_id}:${ctx.enrolment_id}`;
        const w = writers.get(key);
        if (w) w.followers.push(i);
        else writers.set(key, { job: i, ctx, status: arrivalStatus(ctx.starts_at, ctx.late_grace_minutes, j.at), followers: [] });
      }
      const now = nowIso();
      const ordered = [...writers.values()].sort((a, b) => a.ctx.session_id - b.ctx.session_id || a.ctx.enrolment_id! - b.ctx.enrolment_id!);
      const inserted = await store.insertManyOnce(
        trx,
        ordered.map((w) => ({
          session_id: w.ctx.session_id,
          enrolment_id: w.ctx.enrolment_id!,
          status: w.status,
          method: 'qr' as const,
          checked_in_at: new Date(jobs[w.job].at).toISOString(),
          reason: null,
          leave_request_id: null,
          recorded_by: jobs[w.job].actor.userId,
          created_at: now,
          updated_at: now,
        })),
      );
      const insertedBy = new Map(inserted.map((r) => [`${r.session_id}:${r.enrolment_id}`, r]));
      const missing = [...writers.entries()].filter(([k]) => !insertedBy.has(k)).map(([, w]) => w.ctx);
      const existing = new Map(
        (await store.findMany(trx, [...new Set(missing.map((c) => c.session_id))], [...new Set(missing.map((c) => c.enrolment_id!))])).map((r) => [
          `${r.session_id}:${r.enrolment_id}`,
          r,
        ]),
      );
      const audits: Parameters<AuditService['recordEach']>[1] = [];
      for (const [key, w] of writers) {
        const j = jobs[w.job];
        let result: Recorded;
        const row = insertedBy.get(key);
        if (row) {
          audits.push({
            actor: j.actor,
            action: 'attendance.check_in',
            entity: 'attendance',
            entityId: row.id,
            classId: w.ctx.class_id,
            before: null,
            after: { sessionId: row.session_id, enrolmentId: row.enrolment_id, status: row.status, method: 'qr', checkedInAt: row.checked_in_at },
          });
          result = { outcome: 'recorded', row };
        } else {
          const found = existing.get(key)!;
          // An earlier "absent" mark: the single-check-in rules apply (it becomes an arrival).
          result = found.status === 'absent' ? await recordArrival(trx, j.actor, w.ctx, 'qr', j.at) : classify(found);
        }
        const view = (outcome: 'recorded' | 'already') => ({ outcome, ...checkInView(w.ctx, result.row) });
        out[w.job] = result.outcome === 'on_leave' ? new AppError('checkin.on_leave', 409) : view(result.outcome);
        for (const f of w.followers) out[f] = result.outcome === 'on_leave' ? new AppError('checkin.on_leave', 409) : view('already');
      }
      await audit.recordEach(trx, audits);
      return out as Array<CheckInOutcome | AppError>;
    });
  }

  const classify = (row: AttendanceRow): Recorded => (row.status === 'leave' ? { outcome: 'on_leave', row } : { outcome: 'already', row });

  const service = {
    OPEN_BEFORE_MINUTES,

    /** The rotating code for the projector, with the state of the session and how many have checked in. */
    async checkInCode(sessionId: number) {
      const ctx = await store.sessionContext(db, sessionId);
      if (!ctx) throw notFound('session', sessionId);
      const now = clock();
      const c = codes.codeFor(sessionId, now);
      const url = `${deps.publicUrl}/t/c/${c.code}`;
      const w = sessionWindow(ctx);
      const counts = Object.fromEntries((await store.countForSession(db, sessionId)).map((r) => [r.status, Number(r.n)]));
      const expected = (await service.sessionAttendance(sessionId)).counts.expected;
      return {
        sessionId,
        sessionTitle: ctx.title,
        startsAt: ctx.starts_at,
        endsAt: ctx.ends_at,
        timeZone: ctx.time_zone,
        code: c.code,
        url,
        svg: await qrSvg(url),
        changesAt: c.changesAt,
        windowSeconds: CODE_WINDOW_MS / 1000,
        window: {
          opensAt: new Date(w.opens).toISOString(),
          closesAt: new Date(w.closes).toISOString(),
          isOpen: ctx.class_status === 'running' && now >= w.opens && now <= w.closes,
          classStatus: ctx.class_status,
        },
        counts: { expected, present: counts.present ?? 0, late: counts.late ?? 0, leave: counts.leave ?? 0 },
      };
    },

    /** What a scanned code points at, before the trainee presses "check in". */
    async previewCode(actor: Actor, scanned: string) {
      const check = codes.verify(extractCode(scanned), clock());
      const none = { sessionId: null, sessionTitle: null, startsAt: null, classTitle: null, already: null };
      if (!check.ok) return { valid: false, reason: check.reason === 'expired' ? 'checkin.code_expired' : 'checkin.code_invalid', ...none };
      const ctx = await store.checkInContext(db, check.sessionId, { personId: actor.personId! });
      if (!ctx) return { valid: false, reason: 'checkin.code_invalid', ...none };
      const info = await requireClassInfo(db, ctx.class_id);
      const existing = ctx.enrolment_id ? await store.find(db, ctx.session_id, ctx.enrolment_id) : undefined;
      return {
        valid: !!ctx.enrolment_id,
        reason: ctx.enrolment_id ? null : 'checkin.not_enrolled',
        sessionId: ctx.session_id,
        sessionTitle: ctx.title,
        startsAt: ctx.starts_at,
        classTitle: info.title,
        already:
          existing && (existing.status === 'present' || existing.status === 'late') ? { outcome: 'already' as const, ...checkInView(ctx, existing) } : null,
      };
    },

    /** A trainee checks in with the projected code (scanned in the trainee app or opened as a link). */
    async checkInByCode(actor: Actor, scanned: string): Promise<CheckInOutcome> {
      const now = clock();
      const check = codes.verify(extractCode(scanned), now);
      if (!check.ok) throw check.reason === 'expired' ? new AppError('checkin.code_expired', 409) : new AppError('checkin.code_invalid', 400);
      return new Promise((resolve, reject) => {
        queue.push({ actor, sessionId: check.sessionId, at: now, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flushQueue);
        }
      });
    },

    /** What the badge scanner keeps on the phone to work offline: the class's sessions and badges. */
    async scannerData(classId: number) {
      const info = await requireClassInfo(db, classId);
      const enrolments = (await store.classEnrolments(db, classId)).filter((e) => e.status === 'enrolled');
      await database.transaction((trx) =>
        service.ensureBadges(
          trx,
          enrolments.map((e) => e.id),
        ),
      );
      const badges = new Map(
        (
          await store.badgesOf(
            db,
            enrolments.map((e) => e.id),
          )
        ).map((b) => [b.enrolment_id, b.token]),
      );
      const sessions = await sessionsLite(db, classId);
      return {
        classId,
        classTitle: info.title,
        classStatus: info.status,
        timeZone: info.time_zone,
        sessions: sessions.map((s) => ({
          id: s.id,
          title: s.title,
          kind: s.kind,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          opensAt: new Date(Date.parse(s.startsAt) - OPEN_BEFORE_MINUTES * 60_000).toISOString(),
          groupIds: s.groupIds,
        })),
        badges: enrolments.map((e) => ({
          badge: `${BADGE_PREFIX}${badges.get(e.id)}`,
          enrolmentId: e.id,
          name: e.name,
          nameBo: e.name_bo,
          groupId: e.group_id,
          groupName: e.group_name ?? null,
        })),
      };
    },

    /**
     * Scans made by the class teacher's phone, possibly offline and synced later. Each scan is
     * judged at the time it was made; each gets its own outcome; a scan sent twice (a retried sync)
     * gets the answer it got the first time.
     */
    async scanBadges(actor: Actor, classId: number, scans: Array<z.infer<typeof BadgeScan>>, lang: Lang) {
      const now = clock();
      return database.transaction(async (trx) => {
        const seen = new Map((await store.findScans(trx, [...new Set(scans.map((s) => s.clientId))])).map((s) => [s.client_id, s]));
        const results = [];
        for (const scan of scans) {
          const earlier = seen.get(scan.clientId);
          if (earlier) {
            if (earlier.class_id !== classId || earlier.session_id !== scan.sessionId || earlier.badge !== scan.badge) {
              results.push({ ...blankResult(scan.clientId, 'id_reused'), message: scanMessage('id_reused', lang) });
              continue;
            }
            results.push(await replay(trx, earlier, lang));
            continue;
          }
          const result = await judgeScan(trx, actor, classId, scan, now, lang);
          await store.insertScan(trx, {
            client_id: scan.clientId,
            class_id: classId,
            session_id: scan.sessionId,
            badge: scan.badge,
            scanned_at: new Date(scan.scannedAt).toISOString(),
            outcome: result.outcome,
            attendance_id: result.attendanceId,
            recorded_by: actor.userId,
            received_at: new Date(now).toISOString(),
          });
          seen.set(scan.clientId, {
            client_id: scan.clientId,
            class_id: classId,
            session_id: scan.sessionId,
            badge: scan.badge,
            scanned_at: scan.scannedAt,
            outcome: result.outcome,
            attendance_id: result.attendanceId,
            recorded_by: actor.userId,
            received_at: '',
          });
          const { attendanceId: _, ...view } = result;
          results.push(view);
        }
        return { results };
      });
    },

    /** The attendance list of one session: every trainee expected there, with what is known. */
    async sessionAttendance(sessionId: number, trx: Executor = db) {
      const ctx = await store.sessionContext(trx, sessionId);
      if (!ctx) throw notFound('session', sessionId);
      const [info, sessions, enrolments, records, groups] = await Promise.all([
        requireClassInfo(trx, ctx.class_id),
        sessionsLite(trx, ctx.class_id),
        store.classEnrolments(trx, ctx.class_id),
        store.listForSession(trx, sessionId),
        store.classGroups(trx, ctx.class_id),
      ]);
      const session = sessions.find((s) => s.id === sessionId)!;
      const byEnrolment = new Map(records.map((r) => [r.enrolment_id, r]));
      const now = clock();
      const counts = emptyCounts();
      const entries = [];
      for (const e of enrolments) {
        const r = byEnrolment.get(e.id);
        if (e.status !== 'enrolled' && !r) continue;
        const status = effectiveStatus(session, e.group_id, r?.status, now);
        if (status === 'none') continue;
        counts.expected += 1;
        counts[status] += 1;
        entries.push({
          enrolmentId: e.id,
          name: e.name,
          nameBo: e.name_bo,
          groupId: e.group_id,
          groupName: e.group_name ?? null,
          recorded: r?.status ?? null,
          status,
          method: r?.method ?? null,
          checkedInAt: r?.checked_in_at ?? null,
          reason: r?.reason ?? null,
          recordedBy: r?.recorded_by_name ?? null,
          updatedAt: r?.updated_at ?? null,
          leaveRequestId: r?.leave_request_id ?? null,
        });
      }
      const w = sessionWindow(ctx);
      return {
        session: {
          id: session.id,
          classId: ctx.class_id,
          title: session.title,
          kind: session.kind,
          startsAt: session.startsAt,
          endsAt: session.endsAt,
          hours: session.hours,
          groups: groups.filter((g) => session.groupIds.includes(g.id)),
          lateAfter: new Date(Date.parse(session.startsAt) + info.late_grace_minutes * 60_000).toISOString(),
        },
        window: {
          opensAt: new Date(w.opens).toISOString(),
          closesAt: new Date(w.closes).toISOString(),
          isOpen: info.status === 'running' && now >= w.opens && now <= w.closes,
          classStatus: info.status,
        },
        timeZone: info.time_zone,
        counts,
        entries,
      };
    },

    /** The class teacher marks a trainee by hand (present, late, absent or leave, with a reason). */
    async markAttendance(actor: Actor, sessionId: number, enrolmentId: number, input: { status: AttendanceStatus; reason?: string | null }) {
      const reason = input.reason ?? null;
      if ((input.status === 'absent' || input.status === 'leave') && !reason) throw invalid('attendance.reason_required', 'reason');
      await database.transaction(async (trx) => {
        const ctx = await store.checkInContext(trx, sessionId, { enrolmentId });
        if (!ctx) throw notFound('session', sessionId);
        if (!ctx.enrolment_id) throw notFound('enrolment', enrolmentId);
        if (ctx.class_status !== 'running') throw new AppError('attendance.class_locked', 409, { status: ctx.class_status });
        if (ctx.enrolment_status === 'withdrawn') throw conflict('enrolment.withdrawn');
        if (Number(ctx.group_count) > 0 && Number(ctx.in_group) === 0) throw conflict('attendance.not_expected');
        const existing = await store.find(trx, sessionId, enrolmentId);
        const now = nowIso();
        if (existing) {
          const patch = { status: input.status, method: 'manual' as const, reason, recorded_by: actor.userId, updated_at: now };
          await store.update(trx, existing.id, patch);
          await audit.record(trx, actor, {
            action: 'attendance.mark',
            entity: 'attendance',
            entityId: existing.id,
            classId: ctx.class_id,
            before: pick(existing),
            after: { status: input.status, method: 'manual', reason },
          });
        } else {
          const row = await store.insertOnce(trx, {
            session_id: sessionId,
            enrolment_id: enrolmentId,
            status: input.status,
            method: 'manual',
            checked_in_at: null,
            reason,
            leave_request_id: null,
            recorded_by: actor.userId,
            created_at: now,
            updated_at: now,
          });
          await audit.record(trx, actor, {
            action: 'attendance.mark',
            entity: 'attendance',
            entityId: row?.id ?? null,
            classId: ctx.class_id,
            before: null,
            after: { sessionId, enrolmentId, status: input.status, method: 'manual', reason },
          });
        }
      });
      return (await service.sessionAttendance(sessionId)).entries.find((e) => e.enrolmentId === enrolmentId)!;
    },

    /** Removes a record (a mark made by mistake); the trainee is then pending or absent again. */
    async clearAttendance(actor: Actor, sessionId: number, enrolmentId: number) {
      await database.transaction(async (trx) => {
        const ctx = await store.checkInContext(trx, sessionId, { enrolmentId });
        if (!ctx) throw notFound('session', sessionId);
        if (!ctx.enrolment_id) throw notFound('enrolment', enrolmentId);
        if (ctx.class_status !== 'running') throw new AppError('attendance.class_locked', 409, { status: ctx.class_status });
        const existing = await store.find(trx, sessionId, enrolmentId);
        if (!existing) return;
        await store.remove(trx, existing.id);
        await audit.record(trx, actor, {
          action: 'attendance.clear',
          entity: 'attendance',
          entityId: existing.id,
          classId: ctx.class_id,
          before: pick(existing),
          after: null,
        });
      });
      return (await service.sessionAttendance(sessionId)).entries.find((e) => e.enrolmentId === enrolmentId) ?? null;
    },

    /** Trainees × sessions, filtered by group and day, with totals per trainee (whole class) and per session. */
    async matrix(classId: number, filter: { groupId?: number; day?: string } = {}) {
      const { info, sessions, enrolments, statusOf } = await classState(db, classId);
      const tz = info.time_zone;
      const now = clock();
      const ratio = Number(info.leave_limit_ratio);
      const withDay = sessions.map((s) => ({ ...s, day: localDay(s.startsAt, tz) }));
      const days = [...new Set(withDay.map((s) => s.day))];
      const groups = await store.classGroups(db, classId);
      const shownSessions = withDay.filter(
        (s) => (!filter.day || s.day === filter.day) && (filter.groupId === undefined || s.groupIds.length === 0 || s.groupIds.includes(filter.groupId)),
      );
      const shownTrainees = enrolments.filter((e) => e.status === 'enrolled' && (filter.groupId === undefined || e.group_id === filter.groupId));
      const counts = shownSessions.map(() => emptyCounts());
      let overLimitCount = 0;
      const trainees = shownTrainees.map((e) => {
        const of = statusOf(e.id);
        let cells = '';
        shownSessions.forEach((s, i) => {
          const eff: Effective = effectiveStatus(s, e.group_id, of(s.id), now);
          cells += MATRIX_CELL[eff];
          if (eff !== 'none') {
            counts[i].expected += 1;
            counts[i][eff] += 1;
          }
        });
        const hours = summarise(sessions, e.group_id, of, now, ratio);
        if (hours.overLimit) overLimitCount += 1;
        return { enrolmentId: e.id, name: e.name, nameBo: e.name_bo, groupId: e.group_id, groupName: e.group_name ?? null, cells, hours };
      });
      return {
        classId,
        classTitle: info.title,
        timeZone: tz,
        leaveLimitRatio: ratio,
        days,
        groups,
        sessions: shownSessions.map((s, i) => ({
          id: s.id,
          title: s.title,
          kind: s.kind,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          day: s.day,
          hours: s.hours,
          counts: counts[i],
        })),
        trainees,
        overLimitCount,
      };
    },

    /** The matrix as a workbook: one sheet of trainees × sessions with totals, in the request's language. */
    async matrixXlsx(classId: number, filter: { groupId?: number; day?: string }, lang: Lang) {
      const m = await service.matrix(classId, filter);
      const label = (k: string) => translate(`attendance.xlsx.${k}`, lang);
      const cellText = Object.fromEntries(
        (Object.entries(MATRIX_CELL) as Array<[Effective, string]>).map(([status, ch]) => [ch, status === 'none' ? '' : label(status)]),
      );
      const columns = [
        { header: label('name'), key: 'name', width: 14 },
        { header: label('group'), key: 'group', width: 10 },
        ...m.sessions.map((s, i) => ({ header: `${s.day.slice(5)} ${localTime(s.startsAt, m.timeZone).slice(6)}\n${s.title}`, key: `s${i}`, width: 14 })),
        { header: label('attended_hours'), key: 'attended', width: 10 },
        { header: label('leave_hours'), key: 'leave', width: 10 },
        { header: label('absent_hours'), key: 'absent', width: 10 },
        { header: label('total_hours'), key: 'total', width: 10 },
        { header: label('over_limit'), key: 'over', width: 12 },
      ];
      const rows: Array<Record<string, string | number | null>> = m.trainees.map((t) => ({
        name: t.nameBo ? `${t.name} ${t.nameBo}` : t.name,
        group: t.groupName,
        ...Object.fromEntries([...t.cells].map((ch, i) => [`s${i}`, cellText[ch]])),
        attended: t.hours.attendedHours,
        leave: t.hours.leaveHours,
        absent: t.hours.absentHours,
        total: t.hours.totalHours,
        over: t.hours.overLimit ? label('over_limit_yes') : '',
      }));
      rows.push({
        name: label('present_count'),
        ...Object.fromEntries(m.sessions.map((s, i) => [`s${i}`, s.counts.present + s.counts.late])),
      });
      rows.push({
        name: label('expected_count'),
        ...Object.fromEntries(m.sessions.map((s, i) => [`s${i}`, s.counts.expected])),
      });
      return writeXlsx([{ name: label('sheet'), title: `${m.classTitle} ${label('sheet')}`, columns, rows }]);
    },

    /**
     * For completion and certificates (#7): per enrolment of the class, the attended, leave and
     * absent hours and the class hours they count against. Runs inside the caller's transaction.
     */
    async attendanceSummary(
      trx: Executor,
      classId: number,
    ): Promise<Array<HoursSummary & { enrolmentId: number; personId: number; name: string; groupName: string | null; enrolmentStatus: string }>> {
      const { info, sessions, enrolments, statusOf } = await classState(trx, classId);
      const now = clock();
      return enrolments.map((e) => ({
        enrolmentId: e.id,
        personId: e.person_id,
        name: e.name,
        groupName: e.group_name ?? null,
        enrolmentStatus: e.status,
        ...summarise(sessions, e.group_id, statusOf(e.id), now, Number(info.leave_limit_ratio)),
      }));
    },

    classSummary: (classId: number) => service.attendanceSummary(db, classId),

    /** One trainee's sessions with their status, for the trainee's timetable. */
    async statusesForEnrolment(trx: Executor, enrolmentId: number) {
      return store.statusesOfEnrolments(trx, [enrolmentId]);
    },

    // ---------------------------------------------------------------------------------------
    // Personal badges

    async ensureBadges(trx: Executor, enrolmentIds: number[]) {
      const have = new Set((await store.badgesOf(trx, enrolmentIds)).map((b) => b.enrolment_id));
      for (const id of enrolmentIds) {
        if (!have.has(id)) await store.insertBadge(trx, { enrolment_id: id, token: randomToken(12), created_at: nowIso() });
      }
    },
    /** What the trainee's badge QR code holds. */
    async badgeOf(enrolmentId: number) {
      await database.transaction((trx) => service.ensureBadges(trx, [enrolmentId]));
      return `${BADGE_PREFIX}${(await store.badgeOf(db, enrolmentId))!.token}`;
    },
    async badgesOf(trx: Executor, enrolmentIds: number[]) {
      await service.ensureBadges(trx, enrolmentIds);
      return new Map((await store.badgesOf(trx, enrolmentIds)).map((b) => [b.enrolment_id, `${BADGE_PREFIX}${b.token}`]));
    },

    // ---------------------------------------------------------------------------------------
    // Leave

    /** A trainee asks for leave, naming sessions or a time span; the sessions it covers are fixed now. */
    async requestLeave(actor: Actor, enrolmentId: number, input: z.infer<typeof LeaveRequestBody>) {
      const id = await database.transaction(async (trx) => {
        const enrolment = (await store.classEnrolmentById(trx, enrolmentId))!;
        const info = await requireClassInfo(trx, enrolment.class_id);
        if (info.status !== 'enrolling' && info.status !== 'running') throw new AppError('leave.class_closed', 409, { status: info.status });
        if (enrolment.status === 'withdrawn') throw conflict('enrolment.withdrawn');
        const sessions = await sessionsLite(trx, enrolment.class_id);
        let chosen: typeof sessions;
        let span: { startsAt: string; endsAt: string } | null = null;
        if (input.sessionIds?.length) {
          const wanted = [...new Set(input.sessionIds)];
          chosen = sessions.filter((s) => wanted.includes(s.id));
          if (chosen.length !== wanted.length) throw invalid('attendance.session_other_class', 'sessionIds');
          if (chosen.some((s) => !isExpected(s, enrolment.group_id))) throw invalid('attendance.not_expected', 'sessionIds');
        } else if (input.startsAt && input.endsAt) {
          const from = Date.parse(input.startsAt);
          const to = Date.parse(input.endsAt);
          if (to <= from) throw invalid('session.time_order', 'endsAt');
          span = { startsAt: new Date(from).toISOString(), endsAt: new Date(to).toISOString() };
          chosen = sessions.filter((s) => Date.parse(s.startsAt) < to && Date.parse(s.endsAt) > from && isExpected(s, enrolment.group_id));
          if (!chosen.length) throw invalid('leave.no_sessions', 'startsAt');
        } else {
          throw invalid('leave.span_or_sessions', input.startsAt ? 'endsAt' : 'sessionIds');
        }
        const clash = await store.openLeavesCovering(
          trx,
          enrolmentId,
          chosen.map((s) => s.id),
        );
        if (clash.length) {
          const titles = chosen
            .filter((s) => clash.some((c) => c.session_id === s.id))
            .map((s) => `${localTime(s.startsAt, info.time_zone)} ${s.title}`)
            .join('、');
          throw conflict('leave.overlap', { titles });
        }
        const { id } = await store.insertLeave(trx, {
          class_id: enrolment.class_id,
          enrolment_id: enrolmentId,
          starts_at: span?.startsAt ?? null,
          ends_at: span?.endsAt ?? null,
          reason: input.reason,
          status: 'pending',
          requested_at: nowIso(),
          requested_by: actor.userId,
          decided_at: null,
          decided_by: null,
          decision_comment: null,
        });
        await store.insertLeaveSessions(
          trx,
          id,
          chosen.map((s) => s.id),
        );
        await audit.record(trx, actor, {
          action: 'leave.request',
          entity: 'leave_request',
          entityId: id,
          classId: enrolment.class_id,
          after: { enrolmentId, sessionIds: chosen.map((s) => s.id), ...span, reason: input.reason },
        });
        return id;
      });
      return service.getLeave(id);
    },

    /** The trainee withdraws a request that has not been decided. */
    async cancelLeave(actor: Actor, leaveId: number) {
      await database.transaction(async (trx) => {
        const l = await store.findLeave(trx, leaveId);
        if (!l) throw notFound('leave_request', leaveId);
        if (l.status !== 'pending') throw new AppError('leave.already_decided', 409, { status: l.status });
        await store.updateLeave(trx, leaveId, { status: 'cancelled', decided_at: nowIso() });
        await audit.record(trx, actor, {
          action: 'leave.cancel',
          entity: 'leave_request',
          entityId: leaveId,
          classId: l.class_id,
          before: { status: l.status },
          after: { status: 'cancelled' },
        });
      });
      return service.getLeave(leaveId);
    },

    /** The class teacher approves or rejects; approval marks the request's sessions as leave. */
    async decideLeave(actor: Actor, classId: number, leaveId: number, input: { decision: 'approve' | 'reject'; comment?: string | null }) {
      await database.transaction(async (trx) => {
        const l = await store.findLeave(trx, leaveId);
        if (!l || l.class_id !== classId) throw notFound('leave_request', leaveId);
        if (l.status !== 'pending') throw new AppError('leave.already_decided', 409, { status: l.status });
        const info = await requireClassInfo(trx, classId);
        if (info.status !== 'enrolling' && info.status !== 'running') throw new AppError('attendance.class_locked', 409, { status: info.status });
        const status: LeaveStatus = input.decision === 'approve' ? 'approved' : 'rejected';
        const at = nowIso();
        await store.updateLeave(trx, leaveId, { status, decided_at: at, decided_by: actor.userId, decision_comment: input.comment ?? null });
        await audit.record(trx, actor, {
          action: `leave.${input.decision}`,
          entity: 'leave_request',
          entityId: leaveId,
          classId,
          before: { status: l.status },
          after: { status, comment: input.comment ?? null },
        });
        if (status === 'approved') await applyLeave(trx, actor, l, at);
      });
      return service.getLeave(leaveId);
    },

    async getLeave(leaveId: number, trx: Executor = db) {
      const rows = await store.listLeaves(trx, { ids: [leaveId] });
      if (!rows.length) throw notFound('leave_request', leaveId);
      return (await leaveViews(trx, rows))[0];
    },
    async listLeaves(classId: number, status?: LeaveStatus) {
      await requireClassInfo(db, classId);
      return leaveViews(db, await store.listLeaves(db, { classId, status }));
    },
    async leavesOfEnrolment(enrolmentId: number) {
      return leaveViews(db, await store.listLeaves(db, { enrolmentId }));
    },
    findLeaveRow: (leaveId: number, trx: Executor = db) => store.findLeave(trx, leaveId),

    /**
     * The historical record of a finished class (the demo's 2020 class): written directly, not
     * through the live check-in path, which rightly refuses a completed class. Idempotent: a
     * record that exists is left as it is.
     */
    /** The sessions and trainees of a class as a historical record is written against them (inside the caller's transaction). */
    async historicalFrame(trx: Executor, classId: number) {
      const [sessions, enrolments] = await Promise.all([sessionsLite(trx, classId), store.classEnrolments(trx, classId)]);
      return {
        sessions,
        enrolments: enrolments.map((e) => ({ id: e.id, groupId: e.group_id, role: e.role, status: e.status, name: e.name })),
      };
    },

    async importHistoricalRecord(
      trx: Executor,
      classId: number,
      records: Array<{
        sessionId: number;
        enrolmentId: number;
        status: AttendanceStatus;
        checkedInAt: string | null;
        reason?: string | null;
        leaveRequestId?: number | null;
        method?: 'qr' | 'badge' | 'manual';
      }>,
    ) {
      const sessionIds = new Set((await store.classSessions(trx, classId)).map((s) => s.id));
      const enrolmentIds = new Set((await store.classEnrolments(trx, classId)).map((e) => e.id));
      const at = nowIso();
      const rows: Array<NewRow<'attendance'>> = records
        .filter((r) => sessionIds.has(r.sessionId) && enrolmentIds.has(r.enrolmentId))
        .map((r) => ({
          session_id: r.sessionId,
          enrolment_id: r.enrolmentId,
          status: r.status,
          method: r.status === 'leave' ? 'leave' : (r.method ?? 'record'),
          checked_in_at: r.checkedInAt,
          reason: r.reason ?? null,
          leave_request_id: r.leaveRequestId ?? null,
          recorded_by: null,
          created_at: at,
          updated_at: at,
        }));
      let inserted = 0;
      for (let i = 0; i < rows.length; i += 200) inserted += (await store.insertManyOnce(trx, rows.slice(i, i + 200))).length;
      if (inserted) await audit.record(trx, null, { action: 'attendance.import', entity: 'class', entityId: classId, classId, after: { records: inserted } });
      return inserted;
    },
    /** An approved leave request of a finished class, for the same historical record. Returns its id. */
    async importHistoricalLeave(
      trx: Executor,
      input: {
        classId: number;
        enrolmentId: number;
        sessionIds: number[];
        reason: string;
        requestedAt: string;
        decidedAt: string;
        decidedBy?: number | null;
        comment?: string | null;
      },
    ) {
      const existing = (await store.listLeaves(trx, { enrolmentId: input.enrolmentId })).find((l) => l.reason === input.reason && l.class_id === input.classId);
      if (existing) return existing.id;
      const { id } = await store.insertLeave(trx, {
        class_id: input.classId,
        enrolment_id: input.enrolmentId,
        starts_at: null,
        ends_at: null,
        reason: input.reason,
        status: 'approved',
        requested_at: input.requestedAt,
        requested_by: null,
        decided_at: input.decidedAt,
        decided_by: input.decidedBy ?? null,
        decision_comment: input.comment ?? null,
      });
      await store.insertLeaveSessions(trx, id, input.sessionIds);
      await audit.record(trx, null, { action: 'leave.import', entity: 'leave_request', entityId: id, classId: input.classId, after: input });
      return id;
    },
  };

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

  function blankResult(clientId: string, outcome: BadgeScanOutcome) {
    return { clientId, outcome, enrolmentId: null, name: null, status: null, method: null, checkedInAt: null };
  }

  async function replay(trx: Executor, earlier: Row<'badge_scans'>, lang: Lang) {
    const token = earlier.badge.startsWith(BADGE_PREFIX) ? earlier.badge.slice(BADGE_PREFIX.length) : earlier.badge;
    const badge = await store.findBadge(trx, token);
    const person = badge ? await store.classEnrolmentById(trx, badge.enrolment_id) : undefined;
    const row = badge ? await store.find(trx, earlier.session_id, badge.enrolment_id) : undefined;
    const outcome = earlier.outcome as BadgeScanOutcome;
    return {
      clientId: earlier.client_id,
      outcome,
      enrolmentId: badge?.enrolment_id ?? null,
      name: person?.name ?? null,
      status: row?.status ?? null,
      method: row?.method ?? null,
      checkedInAt: row?.checked_in_at ?? null,
      message: scanMessage(outcome, lang, { name: person?.name ?? '' }),
    };
  }

  async function judgeScan(trx: Executor, actor: Actor, classId: number, scan: z.infer<typeof BadgeScan>, now: number, lang: Lang) {
    const token = scan.badge.startsWith(BADGE_PREFIX) ? scan.badge.slice(BADGE_PREFIX.length) : scan.badge;
    const badge = await store.findBadge(trx, token);
    const unknown = { ...blankResult(scan.clientId, 'unknown_badge'), attendanceId: null, message: scanMessage('unknown_badge', lang) };
    if (!badge) return unknown;
    const ctx = await store.checkInContext(trx, scan.sessionId, { enrolmentId: badge.enrolment_id });
    if (!ctx || ctx.class_id !== classId)
      return { ...blankResult(scan.clientId, 'other_class'), attendanceId: null, message: scanMessage('other_class', lang) };
    if (!ctx.enrolment_id) return unknown;
    const person = (await store.classEnrolmentById(trx, ctx.enrolment_id))!;
    // Judged at the moment of the scan, not of the sync; a scan time in the future (a phone clock running ahead) counts as now.
    const atMs = Math.min(Date.parse(scan.scannedAt), now);
    const base = { clientId: scan.clientId, enrolmentId: ctx.enrolment_id, name: person.name };
    const problem = await admission(trx, ctx, atMs);
    if (problem) {
      const existing = await store.find(trx, ctx.session_id, ctx.enrolment_id);
      return {
        ...base,
        outcome: problem.outcome,
        status: existing?.status ?? null,
        method: existing?.method ?? null,
        checkedInAt: existing?.checked_in_at ?? null,
        attendanceId: existing?.id ?? null,
        message: scanMessage(problem.outcome, lang, { name: person.name }),
      };
    }
    const r = await recordArrival(trx, actor, ctx, 'badge', atMs);
    const outcome: BadgeScanOutcome = r.outcome === 'recorded' ? 'recorded' : r.outcome === 'on_leave' ? 'on_leave' : 'duplicate';
    return {
      ...base,
      outcome,
      status: r.row.status,
      method: r.row.method,
      checkedInAt: r.row.checked_in_at,
      attendanceId: r.row.id,
      message: scanMessage(outcome, lang, { name: person.name, method: translate(`attendance.method.${r.row.method}`, lang) }),
    };
  }

  // Approved leave: each session of the request becomes "leave" unless the trainee was there
  // (present or late stays); a manual "absent" becomes leave. Each change is audited.
  async function applyLeave(trx: Executor, actor: Actor, l: Row<'leave_requests'>, at: string) {
    const sessionIds = (await store.sessionsOfLeaves(trx, [l.id])).map((x) => x.session_id);
    for (const sessionId of sessionIds) {
      const existing = await store.find(trx, sessionId, l.enrolment_id);
      if (existing && existing.status !== 'absent') continue;
      const after = { sessionId, enrolmentId: l.enrolment_id, status: 'leave' as const, method: 'leave' as const, reason: l.reason, leaveRequestId: l.id };
      let entityId: number | null;
      if (existing) {
        await store.update(trx, existing.id, {
          status: 'leave',
          method: 'leave',
          reason: l.reason,
          leave_request_id: l.id,
          recorded_by: actor.userId,
          updated_at: at,
        });
        entityId = existing.id;
      } else {
        const row = await store.insertOnce(trx, {
          session_id: sessionId,
          enrolment_id: l.enrolment_id,
          status: 'leave',
          method: 'leave',
          checked_in_at: null,
          reason: l.reason,
          leave_request_id: l.id,
          recorded_by: actor.userId,
          created_at: at,
          updated_at: at,
        });
        entityId = row?.id ?? null;
      }
      await audit.record(trx, actor, {
        action: 'attendance.leave',
        entity: 'attendance',
        entityId,
        classId: l.class_id,
        before: existing ? pick(existing) : null,
        after,
      });
    }
  }

  return service;
};
export type AttendanceService = ReturnType<typeof makeAttendanceService>;
