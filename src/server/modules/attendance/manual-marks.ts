import { type Executor, nowIso } from '../../db/connection';
import { AppError, conflict, invalid, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { type AttendanceCore, type AttendanceDeps, sessionWindow, settlesReview } from './core';
import { effectiveStatus } from './summary';
import type { AttendanceStatus } from './tables';

// One session's attendance list and the class teacher's marks by hand.
export const makeManualMarks = (deps: AttendanceDeps, core: AttendanceCore) => {
  const { database, store, audit } = deps;
  const db = database.db;
  const { clock, pick, requireClassInfo, sessionsLite, emptyCounts } = core;

  const marks = {
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
        const status = effectiveStatus(session, e.group_id, r?.review === 'pending' ? 'review' : r?.status, now);
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
          review: r?.review ?? null,
          syncedAt: r?.synced_at ?? null,
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
          const settled = settlesReview(existing);
          const patch = { status: input.status, method: 'manual' as const, reason, recorded_by: actor.userId, updated_at: now, ...settled };
          await store.update(trx, existing.id, patch);
          await audit.record(trx, actor, {
            action: 'attendance.mark',
            entity: 'attendance',
            entityId: existing.id,
            classId: ctx.class_id,
            before: pick(existing),
            after: { status: input.status, method: 'manual', reason, ...settled },
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
      return (await marks.sessionAttendance(sessionId)).entries.find((e) => e.enrolmentId === enrolmentId)!;
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
      return (await marks.sessionAttendance(sessionId)).entries.find((e) => e.enrolmentId === enrolmentId) ?? null;
    },
  };
  return marks;
};
