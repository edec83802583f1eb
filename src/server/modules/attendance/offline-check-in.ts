import type { z } from 'zod';
import type { OfflineCheckInBody, OfflineCheckInResult } from '../../../contracts/attendance';
import { nowIso } from '../../db/connection';
import { AppError, conflict, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { CODE_WINDOW_MS, extractCode } from './check-in-code';
import { type AttendanceCore, type AttendanceDeps, arrivalStatus } from './core';
import { localTime } from './summary';

// Check-in while offline (#15): the trainee's phone scans the projected code with no network,
// keeps the scan (code, scan time, who was signed in) and uploads it when the network returns.
// The code proves when it was shown: the scan time the phone claims must fall in the code's own
// window (a code kept and "scanned" later is refused), the upload must arrive within the class's
// offline window after the code stopped being valid, and the queued scan must be the signed-in
// trainee's own. The phone's clock is all the scan time rests on, so these check-ins keep their
// own method, and one that arrives more than a few minutes after its code waits for the class
// teacher (待确认) to accept or reject.

/** An upload later than this after its code's window is shown to the class teacher for review. */
export const OFFLINE_REVIEW_AFTER_MS = 5 * 60_000;
/** How far ahead of the server's clock a phone's scan time may be. */
const CLOCK_SKEW_MS = 60_000;

type Body = z.infer<typeof OfflineCheckInBody>;
type ReviewRow = Awaited<ReturnType<AttendanceDeps['store']['offlineCheckIns']>>[number];
const reviewItem = (r: ReviewRow) => ({
  attendanceId: r.id,
  sessionId: r.session_id,
  sessionTitle: r.title,
  enrolmentId: r.enrolment_id,
  name: r.name,
  status: r.status,
  scannedAt: r.checked_in_at,
  syncedAt: r.synced_at,
  review: r.review!,
});

export const makeOfflineCheckIn = (deps: AttendanceDeps, core: AttendanceCore) => {
  const { database, store, audit, codes } = deps;
  const { clock, admission, checkInView } = core;

  const resultOf = (
    view: ReturnType<AttendanceCore['checkInView']>,
    outcome: 'recorded' | 'already',
    row: { synced_at: string | null; review: string | null },
  ) => ({ outcome, ...view, syncedAt: row.synced_at ?? null, review: (row.review ?? null) as OfflineCheckInResult['review'] }) as OfflineCheckInResult;

  return {
    /** A queued scan arrives: recorded as an offline check-in at its scan time, or refused with the reason. */
    async offlineCheckIn(actor: Actor, body: Body): Promise<OfflineCheckInResult> {
      if (body.personId !== actor.personId) throw new AppError('checkin.offline_other_person', 403);
      const now = clock();
      const scannedAt = Date.parse(body.scannedAt);
      if (scannedAt > now + CLOCK_SKEW_MS) throw new AppError('checkin.offline_scan_time', 409);
      // The code as it was at the claimed scan time: its own window or the one after.
      const check = codes.verify(extractCode(body.code), scannedAt);
      if (!check.ok) throw check.reason === 'expired' ? new AppError('checkin.offline_scan_time', 409) : new AppError('checkin.code_invalid', 400);
      const codeEnds = (check.window + 2) * CODE_WINDOW_MS;

      return database.transaction(async (trx) => {
        const ctx = await store.checkInContext(trx, check.sessionId, { personId: actor.personId! });
        if (!ctx) throw new AppError('checkin.code_invalid', 400);
        if (!ctx.enrolment_id) throw new AppError('checkin.not_enrolled', 403);
        const windowMs = Number(ctx.offline_window_minutes ?? 120) * 60_000;
        if (now - codeEnds > windowMs) {
          throw new AppError('checkin.offline_too_late', 409, {
            minutes: Number(ctx.offline_window_minutes ?? 120),
            scannedAt: localTime(scannedAt, ctx.time_zone),
          });
        }
        const problem = await admission(trx, ctx, scannedAt);
        if (problem) throw problem.error;

        const at = new Date(scannedAt).toISOString();
        const synced = new Date(now).toISOString();
        const review = now - codeEnds > OFFLINE_REVIEW_AFTER_MS ? ('pending' as const) : null;
        const status = arrivalStatus(ctx.starts_at, ctx.late_grace_minutes, scannedAt);
        const stamp = nowIso();
        const after = { sessionId: ctx.session_id, enrolmentId: ctx.enrolment_id, status, method: 'offline', checkedInAt: at, syncedAt: synced, review };
        const inserted = await store.insertOffline(trx, {
          session_id: ctx.session_id,
          enrolment_id: ctx.enrolment_id,
          status,
          method: 'offline',
          checked_in_at: at,
          reason: null,
          leave_request_id: null,
          recorded_by: actor.userId,
          created_at: stamp,
          updated_at: stamp,
          synced_at: synced,
          review,
        });
        if (inserted) {
          await audit.record(trx, actor, {
            action: 'attendance.check_in',
            entity: 'attendance',
            entityId: inserted.id,
            classId: ctx.class_id,
            before: null,
            after,
          });
          return resultOf(checkInView(ctx, inserted), 'recorded', inserted);
        }
        const existing = (await store.find(trx, ctx.session_id, ctx.enrolment_id))!;
        if (existing.status === 'present' || existing.status === 'late') return resultOf(checkInView(ctx, existing), 'already', existing);
        if (existing.status === 'leave') throw new AppError('checkin.on_leave', 409);
        // An earlier "absent" mark: the trainee did come, as the queued scan shows.
        const patch = {
          status,
          method: 'offline' as const,
          checked_in_at: at,
          reason: null,
          recorded_by: actor.userId,
          updated_at: stamp,
          synced_at: synced,
          review,
        };
        await store.update(trx, existing.id, patch);
        await audit.record(trx, actor, {
          action: 'attendance.check_in',
          entity: 'attendance',
          entityId: existing.id,
          classId: ctx.class_id,
          before: { status: existing.status, method: existing.method, checkedInAt: existing.checked_in_at },
          after,
        });
        const row = { ...existing, ...patch };
        return resultOf(checkInView(ctx, row), 'recorded', row);
      });
    },

    /** The class's offline check-ins that were reviewed or wait for review (待确认). */
    async offlineCheckIns(classId: number) {
      const rows = await store.offlineCheckIns(database.db, classId);
      return rows.map(reviewItem);
    },

    /** The class teacher accepts a late offline check-in (it stays an arrival) or rejects it (absent). */
    async reviewOfflineCheckIn(actor: Actor, classId: number, attendanceId: number, decision: 'accept' | 'reject') {
      return database.transaction(async (trx) => {
        const row = await store.attendanceInClass(trx, attendanceId, classId);
        if (!row) throw notFound('attendance', attendanceId);
        if (row.review !== 'pending') throw conflict('attendance.offline_not_pending');
        const patch =
          decision === 'accept'
            ? { review: 'accepted' as const, updated_at: nowIso() }
            : { review: 'rejected' as const, status: 'absent' as const, updated_at: nowIso() };
        await store.update(trx, row.id, patch);
        await audit.record(trx, actor, {
          action: decision === 'accept' ? 'attendance.offline_accept' : 'attendance.offline_reject',
          entity: 'attendance',
          entityId: row.id,
          classId,
          before: { status: row.status, review: row.review, checkedInAt: row.checked_in_at, syncedAt: row.synced_at },
          after: { status: 'status' in patch ? patch.status : row.status, review: patch.review },
        });
        const rows = await store.offlineCheckIns(trx, classId);
        return reviewItem(rows.find((x) => x.id === row.id)!);
      });
    },
  };
};
