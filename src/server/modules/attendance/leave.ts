import type { z } from 'zod';
import type { LeaveRequestBody } from '../../../contracts/attendance';
import { type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, conflict, invalid, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { type AttendanceCore, type AttendanceDeps, settlesReview } from './core';
import type { AttendanceStore } from './store';
import { effectiveStatus, isExpected, localTime, round2, summarise } from './summary';
import type { LeaveStatus } from './tables';

// Leave requests: asked by the trainee, decided by the class teacher; approval marks the sessions.
export const makeLeave = (deps: AttendanceDeps, core: AttendanceCore) => {
  const { database, store, audit } = deps;
  const db = database.db;
  const { clock, pick, requireClassInfo, sessionsLite, classState } = core;
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
  // Approved leave: each session of the request becomes "leave" unless the trainee was there
  // (present or late stays); a manual "absent" becomes leave. Each change is audited.
  async function applyLeave(trx: Executor, actor: Actor, l: Row<'leave_requests'>, at: string) {
    const sessionIds = (await store.sessionsOfLeaves(trx, [l.id])).map((x) => x.session_id);
    for (const sessionId of sessionIds) {
      const existing = await store.find(trx, sessionId, l.enrolment_id);
      // An offline check-in still waiting for review (待确认) is not "there" yet: the approved leave takes its place.
      const settled = existing ? settlesReview(existing) : {};
      if (existing && existing.status !== 'absent' && !('review' in settled)) continue;
      const after = {
        sessionId,
        enrolmentId: l.enrolment_id,
        status: 'leave' as const,
        method: 'leave' as const,
        reason: l.reason,
        leaveRequestId: l.id,
        ...settled,
      };
      let entityId: number | null;
      if (existing) {
        await store.update(trx, existing.id, {
          status: 'leave',
          method: 'leave',
          reason: l.reason,
          leave_request_id: l.id,
          recorded_by: actor.userId,
          updated_at: at,
          ...settled,
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

  const leaves = {
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
      return leaves.getLeave(id);
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
      return leaves.getLeave(leaveId);
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
      return leaves.getLeave(leaveId);
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
  };
  return leaves;
};
