import type { z } from 'zod';
import { BADGE_PREFIX, type BadgeScan, type BadgeScanOutcome } from '../../../contracts/attendance';
import { type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { type Lang, translate } from '../../lib/i18n';
import type { Actor } from '../../lib/permissions';
import { randomToken } from '../../lib/personal-data';
import { type AttendanceCore, type AttendanceDeps, OPEN_BEFORE_MINUTES } from './core';

// The class teacher's badge scanner: what the phone keeps offline, the scans it syncs (judged at
// scan time, idempotent per scan id) and the personal badges.
export const makeBadgeScans = (deps: AttendanceDeps, core: AttendanceCore) => {
  const { database, store } = deps;
  const db = database.db;
  const { clock, admission, recordArrival, requireClassInfo, sessionsLite } = core;
  const scanMessage = (outcome: BadgeScanOutcome, lang: Lang, params: Record<string, unknown> = {}) => translate(`badge_scan.${outcome}`, lang, params);
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

  const scanner = {
    /** What the badge scanner keeps on the phone to work offline: the class's sessions and badges. */
    async scannerData(classId: number) {
      const info = await requireClassInfo(db, classId);
      const enrolments = (await store.classEnrolments(db, classId)).filter((e) => e.status === 'enrolled');
      await database.transaction((trx) =>
        scanner.ensureBadges(
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
      await database.transaction((trx) => scanner.ensureBadges(trx, [enrolmentId]));
      return `${BADGE_PREFIX}${(await store.badgeOf(db, enrolmentId))!.token}`;
    },
    async badgesOf(trx: Executor, enrolmentIds: number[]) {
      await scanner.ensureBadges(trx, enrolmentIds);
      return new Map((await store.badgesOf(trx, enrolmentIds)).map((b) => [b.enrolment_id, `${BADGE_PREFIX}${b.token}`]));
    },
  };
  return scanner;
};
