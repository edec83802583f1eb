import { nowIso } from '../../db/connection';
import { qrSvg } from '../../documents/qr';
import { AppError, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { AuditService } from '../audit/service';
import { CODE_WINDOW_MS, extractCode } from './check-in-code';
import { type AttendanceCore, type AttendanceDeps, arrivalStatus, type CheckInOutcome, type Recorded, sessionWindow } from './core';
import type { CheckInContextRow } from './store';

// Check-in with the rotating code: the projector's view, the preview of a scanned code, and the
// batched recording of a class scanning at once.
export const makeCheckIn = (
  deps: AttendanceDeps,
  core: AttendanceCore,
  sessionAttendance: (sessionId: number) => Promise<{ counts: { expected: number } }>,
) => {
  const { database, store, audit, codes } = deps;
  const db = database.db;
  const { clock, admission, recordArrival, classify, checkInView, requireClassInfo } = core;
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

  const checkIn = {
    /** The rotating code for the projector, with the state of the session and how many have checked in. */
    async checkInCode(sessionId: number) {
      const ctx = await store.sessionContext(db, sessionId);
      if (!ctx) throw notFound('session', sessionId);
      const now = clock();
      const c = codes.codeFor(sessionId, now);
      const url = `${deps.publicUrl}/t/c/${c.code}`;
      const w = sessionWindow(ctx);
      const counts = Object.fromEntries((await store.countForSession(db, sessionId)).map((r) => [r.status, Number(r.n)]));
      const expected = (await sessionAttendance(sessionId)).counts.expected;
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
  };
  return checkIn;
};
