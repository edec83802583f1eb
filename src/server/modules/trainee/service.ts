import type { z } from 'zod';
import type { LeaveRequestBody, OfflineCheckInBody, OfflineReview } from '../../../contracts/attendance';
import { type Database, type Executor, nowIso } from '../../db/connection';
import { qrSvg } from '../../documents/qr';
import { AppError, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { randomToken, sha256 } from '../../lib/personal-data';
import type { AttendanceService } from '../attendance/service';
import { effectiveStatus, localDay } from '../attendance/summary';
import type { AuditService } from '../audit/service';
import type { AuthService } from '../auth/service';
import type { HoursService } from '../hours/service';
import { zonedToUtc } from '../photos/images';
import type { RosterService } from '../roster/service';
import type { TimetableService } from '../timetable/service';
import { renderInvitationSheet } from './invitation-sheet';
import type { TraineeStore } from './store';

/** A trainee's phone stays signed in this long; opening the invitation again starts a new session. */
export const TRAINEE_SESSION_DAYS = 30;
/** Invitations open until this many days after the class ends (or after being issued or renewed, when later). */
export const INVITATION_VALID_DAYS = 30;

export const makeTraineeService = (deps: {
  database: Database;
  store: TraineeStore;
  audit: Pick<AuditService, 'record'>;
  auth: Pick<AuthService, 'traineeAccountOf' | 'findTraineeAccount' | 'startSession' | 'endSessionsOfUser'>;
  roster: Pick<RosterService, 'listGroups' | 'findEnrolmentRow'>;
  timetable: Pick<TimetableService, 'listSessions'>;
  attendance: Pick<
    AttendanceService,
    | 'badgeOf'
    | 'badgesOf'
    | 'checkInByCode'
    | 'offlineCheckIn'
    | 'previewCode'
    | 'requestLeave'
    | 'cancelLeave'
    | 'leavesOfEnrolment'
    | 'statusesForEnrolment'
    | 'findLeaveRow'
    | 'OPEN_BEFORE_MINUTES'
  >;
  hours: Pick<HoursService, 'personHours'>;
  publicUrl: string;
  invitationValidDays?: number;
  now?: () => number;
}) => {
  const { database, store, audit } = deps;
  const db = database.db;
  const clock = deps.now ?? Date.now;
  const inviteUrl = (token: string) => `${deps.publicUrl}/t/i/${token}`;
  const validDays = deps.invitationValidDays ?? INVITATION_VALID_DAYS;

  /**
   * Until when an invitation issued or renewed now opens: `validDays` after the end of the class's
   * last day (in its time zone), or after now when that is later (an invitation issued after the
   * class, e.g. to fetch a certificate).
   */
  async function expiryFor(trx: Executor, enrolmentId: number) {
    const e = await deps.roster.findEnrolmentRow(trx, enrolmentId);
    const c = e ? await store.classEnd(trx, e.class_id) : undefined;
    const day = 86_400_000;
    const classEnd = c ? zonedToUtc(`${c.ends_on}T23:59:59`, c.time_zone).getTime() : clock();
    return new Date(Math.max(classEnd, clock()) + validDays * day).toISOString();
  }

  async function issue(trx: Executor, actor: Actor | null, enrolmentId: number) {
    const at = nowIso();
    await store.revokeInvitations(trx, enrolmentId, at);
    const token = randomToken(24);
    const expiresAt = await expiryFor(trx, enrolmentId);
    const { id } = await store.insertInvitation(trx, {
      enrolment_id: enrolmentId,
      token_hash: sha256(token),
      issued_at: at,
      issued_by: actor?.userId ?? null,
      expires_at: expiresAt,
    });
    return { id, token, expiresAt };
  }
  const isExpired = (i: { expires_at: string | null }) => i.expires_at !== null && Date.parse(i.expires_at) < clock();

  const toEnrolment = (e: Awaited<ReturnType<TraineeStore['enrolmentsOfPerson']>>[number]) => ({
    enrolmentId: e.enrolment_id,
    classId: e.class_id,
    classTitle: e.title,
    shortTitle: e.short_title,
    startsOn: e.starts_on,
    endsOn: e.ends_on,
    timeZone: e.time_zone,
    place: e.place,
    classStatus: e.class_status,
    status: e.status,
    groupId: e.group_id,
    groupName: e.group_name ?? null,
    role: e.role,
  });

  /** The trainee's own enrolment, or 404 — never someone else's. */
  async function ownEnrolment(actor: Actor, enrolmentId: number) {
    const e = (await store.enrolmentsOfPerson(db, actor.personId!)).find((x) => x.enrolment_id === enrolmentId);
    if (!e) throw notFound('enrolment', enrolmentId);
    return e;
  }

  const service = {
    // -------------------------------------------------------------------------------------------
    // Staff: invitations

    async listInvitations(classId: number) {
      const [enrolments, invitations] = await Promise.all([service.classTrainees(classId), store.latestInvitationsOfClass(db, classId)]);
      const latest = new Map<number, (typeof invitations)[number]>();
      for (const i of invitations) latest.set(i.enrolment_id, i);
      return enrolments.map((e) => {
        const i = latest.get(e.id);
        return {
          enrolmentId: e.id,
          name: e.name,
          nameBo: e.nameBo,
          groupName: e.groupName,
          status: !i ? ('none' as const) : i.revoked_at ? ('revoked' as const) : isExpired(i) ? ('expired' as const) : ('active' as const),
          issuedAt: i?.issued_at ?? null,
          lastUsedAt: i?.last_used_at ?? null,
          useCount: Number(i?.use_count ?? 0),
          expiresAt: i?.expires_at ?? null,
        };
      });
    },

    /** Enrolled trainees of a class in roster order, as the invitation screens show them. */
    async classTrainees(classId: number) {
      return (await store.classTrainees(db, classId)).map((r) => ({ id: r.id, name: r.name, nameBo: r.name_bo, groupName: r.group_name ?? null }));
    },

    /** A new personal invitation for one trainee (the old one stops working); shown once. */
    async issueInvitation(actor: Actor | null, enrolmentId: number) {
      const e = await deps.roster.findEnrolmentRow(db, enrolmentId);
      if (!e) throw notFound('enrolment', enrolmentId);
      if (e.status !== 'enrolled') throw new AppError('invitation.not_enrolled', 409);
      const { token, expiresAt } = await database.transaction(async (trx) => {
        const r = await issue(trx, actor, enrolmentId);
        await audit.record(trx, actor, {
          action: 'invitation.issue',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId: e.class_id,
          after: { expiresAt: r.expiresAt },
        });
        return r;
      });
      const url = inviteUrl(token);
      return { enrolmentId, name: e.name, token, url, svg: await qrSvg(url), expiresAt };
    },

    /**
     * Renews the trainee's invitation (expired or about to): the same link, the one already handed
     * out or printed, opens again until the default expiry counted from now (#14).
     */
    async renewInvitation(actor: Actor, enrolmentId: number) {
      const e = await deps.roster.findEnrolmentRow(db, enrolmentId);
      if (!e) throw notFound('enrolment', enrolmentId);
      if (e.status !== 'enrolled') throw new AppError('invitation.not_enrolled', 409);
      return database.transaction(async (trx) => {
        const [current] = await store.activeInvitationsOf(trx, [enrolmentId]);
        if (!current) throw new AppError('invitation.none_active', 409);
        const expiresAt = await expiryFor(trx, enrolmentId);
        await store.updateInvitation(trx, current.id, { expires_at: expiresAt });
        await audit.record(trx, actor, {
          action: 'invitation.renew',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId: e.class_id,
          before: { expiresAt: current.expires_at },
          after: { expiresAt },
        });
        return { enrolmentId, expiresAt };
      });
    },

    /** Stops the trainee's invitation and signs their phones out. */
    async revokeInvitation(actor: Actor, enrolmentId: number) {
      const e = await deps.roster.findEnrolmentRow(db, enrolmentId);
      if (!e) throw notFound('enrolment', enrolmentId);
      await database.transaction(async (trx) => {
        await store.revokeInvitations(trx, enrolmentId, nowIso());
        const user = await deps.auth.findTraineeAccount(e.person_id, trx);
        if (user) await deps.auth.endSessionsOfUser(trx, user.id);
        await audit.record(trx, actor, { action: 'invitation.revoke', entity: 'enrolment', entityId: enrolmentId, classId: e.class_id });
      });
    },

    /**
     * The printable sheet: issues fresh invitations for the chosen trainees (all enrolled ones by
     * default, or only those without an active invitation) and lays them out as cards. Tokens are
     * stored only as hashes, so this PDF is the one place they can be read.
     */
    async invitationSheet(actor: Actor, classId: number, input: { enrolmentIds?: number[]; onlyWithout?: boolean }) {
      const trainees = await service.classTrainees(classId);
      let chosen = input.enrolmentIds ? trainees.filter((t) => input.enrolmentIds!.includes(t.id)) : trainees;
      if (input.enrolmentIds && chosen.length !== new Set(input.enrolmentIds).size) {
        throw new AppError('validation.failed', 400, {}, [{ field: 'enrolmentIds', code: 'not_found', params: { entity: 'enrolment' } }]);
      }
      const cards = await database.transaction(async (trx) => {
        if (input.onlyWithout) {
          const active = new Set(
            (
              await store.activeInvitationsOf(
                trx,
                chosen.map((t) => t.id),
              )
            ).map((i) => i.enrolment_id),
          );
          chosen = chosen.filter((t) => !active.has(t.id));
        }
        const badges = await deps.attendance.badgesOf(
          trx,
          chosen.map((t) => t.id),
        );
        const out = [];
        for (const t of chosen) {
          const { token } = await issue(trx, actor, t.id);
          out.push({ name: t.name, nameBo: t.nameBo, groupName: t.groupName, url: inviteUrl(token), badge: badges.get(t.id)! });
        }
        await audit.record(trx, actor, {
          action: 'invitation.sheet',
          entity: 'class',
          entityId: classId,
          classId,
          after: { enrolmentIds: chosen.map((t) => t.id) },
        });
        return out;
      });
      const cls = await store.classTitle(db, classId);
      // The day it was printed, in the class's time zone (a sheet printed at 07:00 in Beijing is that day, not UTC's).
      const issuedOn = localDay(new Date(clock()).toISOString(), cls?.time_zone ?? 'Asia/Shanghai');
      return renderInvitationSheet({ classTitle: cls?.title ?? '', cards, issuedOn });
    },

    // -------------------------------------------------------------------------------------------
    // The trainee's phone

    /**
     * Exchanges an invitation for a device session. The trainee's account (a users row tied to the
     * person, without password) is made on first use; the same person in several classes has one.
     */
    async openInvitation(token: string, meta: { userAgent?: string }) {
      return database.transaction(async (trx) => {
        const inv = await store.findInvitationByHash(trx, sha256(token));
        if (!inv || inv.revoked_at) throw new AppError('invitation.invalid', 401);
        const e = await deps.roster.findEnrolmentRow(trx, inv.enrolment_id);
        if (e?.status !== 'enrolled') throw new AppError('invitation.not_enrolled', 403);
        if (isExpired(inv)) {
          const c = await store.classEnd(trx, e.class_id);
          throw new AppError('invitation.expired', 401, { date: localDay(inv.expires_at!, c?.time_zone ?? 'Asia/Shanghai') });
        }
        // The person's device account (a kind of its own, found by the person, never by a username).
        const userId = await deps.auth.traineeAccountOf(trx, e.person_id, e.name);
        const session = await deps.auth.startSession(trx, userId, { userAgent: meta.userAgent, days: TRAINEE_SESSION_DAYS });
        await store.updateInvitation(trx, inv.id, { last_used_at: nowIso(), use_count: Number(inv.use_count) + 1 });
        await audit.record(trx, { userId }, { action: 'invitation.open', entity: 'enrolment', entityId: e.id, classId: e.class_id });
        return { ...session, enrolmentId: e.id };
      });
    },

    async me(actor: Actor) {
      const person = await store.person(db, actor.personId!);
      if (!person) throw notFound('person', actor.personId);
      const enrolments = await store.enrolmentsOfPerson(db, actor.personId!);
      return {
        personId: person.id,
        name: person.name,
        nameBo: person.name_bo,
        nameLatin: person.name_latin,
        locale: actor.locale,
        csrfToken: actor.csrfToken,
        enrolments: enrolments.map(toEnrolment),
      };
    },

    /** The trainee's sessions in one class (their group's and the whole class's), with where, who, and their own status. */
    async timetable(actor: Actor, enrolmentId: number) {
      const e = await ownEnrolment(actor, enrolmentId);
      const [sessions, records, leaves] = await Promise.all([
        deps.timetable.listSessions(e.class_id),
        deps.attendance.statusesForEnrolment(db, enrolmentId),
        deps.attendance.leavesOfEnrolment(enrolmentId),
      ]);
      const byId = new Map(records.map((r) => [r.session_id, r]));
      const leaveOf = new Map<number, 'pending' | 'approved' | 'rejected' | 'cancelled'>();
      // Newest first: the latest request decides what a session shows.
      for (const l of leaves) for (const s of l.sessions) if (!leaveOf.has(s.id) && l.status !== 'cancelled') leaveOf.set(s.id, l.status);
      const now = clock();
      const items = sessions
        .filter((s) => s.groups.length === 0 || (e.group_id !== null && s.groups.some((g) => g.id === e.group_id)))
        .map((s) => {
          const r = byId.get(s.id);
          const opens = Date.parse(s.startsAt) - deps.attendance.OPEN_BEFORE_MINUTES * 60_000;
          return {
            id: s.id,
            kind: s.kind,
            title: s.title,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            day: localDay(s.startsAt, e.time_zone),
            hours: s.hours,
            venue: s.venue,
            site: s.site ? { name: s.site.name, address: s.site.address, contactName: s.site.contactName, contactPhone: s.site.contactPhone } : null,
            lecturers: s.lecturers.map((l) => ({ name: l.name, title: l.title })),
            groups: s.groups.map((g) => g.name),
            description: s.description,
            status: effectiveStatus({ endsAt: s.endsAt, groupIds: [] }, e.group_id, r?.status, now),
            method: r?.method ?? null,
            checkedInAt: r?.checked_in_at ?? null,
            review: (r?.review as z.infer<typeof OfflineReview> | null | undefined) ?? null,
            leave: leaveOf.get(s.id) ?? null,
            opensAt: new Date(opens).toISOString(),
            isOpen: e.class_status === 'running' && now >= opens && now <= Date.parse(s.endsAt),
          };
        });
      return { enrolment: toEnrolment(e), today: localDay(new Date(now).toISOString(), e.time_zone), sessions: items };
    },

    async group(actor: Actor, enrolmentId: number) {
      const e = await ownEnrolment(actor, enrolmentId);
      if (!e.group_id) return { group: null, members: [] };
      const g = (await deps.roster.listGroups(e.class_id)).find((x) => x.id === e.group_id);
      if (!g) return { group: null, members: [] };
      return {
        group: { id: g.id, name: g.name },
        members: g.members.map((m) => ({ name: m.name, nameBo: m.nameBo, role: m.role, workUnit: m.workUnit, isMe: m.enrolmentId === enrolmentId })),
      };
    },

    async badge(actor: Actor, enrolmentId: number) {
      const e = await ownEnrolment(actor, enrolmentId);
      if (e.status !== 'enrolled') throw new AppError('invitation.not_enrolled', 403);
      const badge = await deps.attendance.badgeOf(enrolmentId);
      const person = await store.person(db, actor.personId!);
      return { enrolmentId, name: person?.name ?? '', badge, svg: await qrSvg(badge) };
    },

    async classHours(actor: Actor, enrolmentId: number) {
      const e = await ownEnrolment(actor, enrolmentId);
      const all = await deps.hours.personHours(actor.personId!);
      const mine = all.classes.find((c) => c.enrolmentId === enrolmentId)!;
      return { enrolmentId, classTitle: e.title, leaveLimitRatio: Number(e.leave_limit_ratio), hours: mine.hours };
    },
    allHours: (actor: Actor) => deps.hours.personHours(actor.personId!),

    /**
     * The trainee's first screen in one round trip (#15, weak networks): who they are, and the
     * timetable and hours of the class to show — the one asked for if it is theirs and enrolled,
     * else one that is running, else one enrolling, else the first.
     */
    async start(actor: Actor, wanted?: number) {
      const me = await service.me(actor);
      const enrolled = me.enrolments.filter((e) => e.status === 'enrolled');
      const pick =
        enrolled.find((e) => e.enrolmentId === wanted) ??
        enrolled.find((e) => e.classStatus === 'running') ??
        enrolled.find((e) => e.classStatus === 'enrolling') ??
        enrolled[0];
      if (!pick) return { me, enrolmentId: null, timetable: null, hours: null };
      const [timetable, hours] = await Promise.all([service.timetable(actor, pick.enrolmentId), service.classHours(actor, pick.enrolmentId)]);
      return { me, enrolmentId: pick.enrolmentId, timetable, hours };
    },

    checkIn: (actor: Actor, code: string) => deps.attendance.checkInByCode(actor, code),
    offlineCheckIn: (actor: Actor, body: z.infer<typeof OfflineCheckInBody>) => deps.attendance.offlineCheckIn(actor, body),
    previewCheckIn: (actor: Actor, code: string) => deps.attendance.previewCode(actor, code),

    async leaveRequests(actor: Actor, enrolmentId: number) {
      await ownEnrolment(actor, enrolmentId);
      return deps.attendance.leavesOfEnrolment(enrolmentId);
    },
    async requestLeave(actor: Actor, enrolmentId: number, input: z.infer<typeof LeaveRequestBody>) {
      await ownEnrolment(actor, enrolmentId);
      return deps.attendance.requestLeave(actor, enrolmentId, input);
    },
    async cancelLeave(actor: Actor, leaveId: number) {
      const l = await deps.attendance.findLeaveRow(leaveId);
      if (!l) throw notFound('leave_request', leaveId);
      await ownEnrolment(actor, l.enrolment_id);
      return deps.attendance.cancelLeave(actor, leaveId);
    },
  };
  return service;
};
export type TraineeService = ReturnType<typeof makeTraineeService>;
