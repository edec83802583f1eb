import type { z } from 'zod';
import type {
  AgendaItemInput,
  CreateLecturerBody,
  CreateSessionBody,
  CreateSiteBody,
  PerGroupSessionsBody,
  PlanningCandidate,
  UpdateSessionBody,
} from '../../../contracts';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { DB, Row } from '../../db/schema';
import { AppError, notFound } from '../../lib/errors';
import { type Actor, can } from '../../lib/permissions';
import { shiftWallClock } from '../../lib/wall-clock';
import type { AuditService } from '../audit/service';
import type { AuthService } from '../auth/service';
import type { StaffAccounts } from '../auth/staff-accounts';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import { makeLecturerGrants } from './lecturer-grants';
import { makePlanningChecks } from './planning';
import { makeSessionCopies } from './session-copies';
import type { TimetableStore } from './store';

type SiteRow = Row<'sites'>;
const toSite = (s: SiteRow) => ({
  id: s.id,
  institutionId: s.institution_id,
  name: s.name,
  shortName: s.short_name,
  address: s.address,
  description: s.description,
  host: s.host,
  contactName: s.contact_name,
  contactPhone: s.contact_phone,
  district: s.district,
  travelMinutes: s.travel_minutes,
});

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function localDate(instant: string | Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const fieldError = (field: string, code: string, params: Record<string, unknown> = {}, status = 400) =>
  new AppError('validation.failed', status, {}, [{ field, code, params }]);

export const makeTimetableService = (deps: {
  database: Database;
  store: TimetableStore;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireWritable' | 'requireClass'>;
  roster: Pick<RosterService, 'groupsByIds' | 'enrolmentsByIds' | 'groupsIn'>;
  /**
   * Called inside every transaction that inserts sessions, once per batch, with the new sessions
   * (evaluations makes their questionnaire rows; wired in app.ts). Bulk and copy paths call it too.
   */
  onSessionsCreated?: (trx: Executor, classId: number, sessions: Array<{ id: number; kind: Row<'sessions'>['kind'] }>) => Promise<void>;
  // Lecturers' grants and the accounts a lecturer entry may be tied to (#9).
  auth: Pick<AuthService, 'grant' | 'revokeWhere'>;
  accounts: StaffAccounts;
}) => {
  const { database, store, audit, classes } = deps;
  const db = database.db;
  const planning = makePlanningChecks({ store, classes, roster: deps.roster });
  const grants = makeLecturerGrants({ store, auth: deps.auth });

  async function loadSessions(trx: Executor, rows: Array<Row<'sessions'>>) {
    const ids = rows.map((r) => r.id);
    const [lecturers, groups, agenda, sites] = await Promise.all([
      store.lecturersOfSessions(trx, ids),
      store.groupsOfSessions(trx, ids),
      store.agendaOfSessions(trx, ids),
      store.listSitesByIds(trx, [...new Set(rows.map((r) => r.site_id).filter((x): x is number => x !== null))]),
    ]);
    const siteById = new Map(sites.map((s) => [s.id, toSite(s)]));
    return rows.map((r) => ({
      id: r.id,
      classId: r.class_id,
      kind: r.kind,
      title: r.title,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      site: r.site_id ? (siteById.get(r.site_id) ?? null) : null,
      venue: r.venue,
      hours: r.hours,
      description: r.description,
      notes: r.notes,
      lecturers: lecturers.filter((l) => l.session_id === r.id).map((l) => ({ id: l.id, name: l.name, title: l.title })),
      groups: groups.filter((g) => g.session_id === r.id).map((g) => ({ id: g.id, name: g.name })),
      agenda: agenda
        .filter((a) => a.session_id === r.id)
        .map((a) => ({
          id: a.id,
          position: a.position,
          kind: a.kind,
          title: a.title,
          speakerName: a.speaker_name,
          speakerRole: a.speaker_role,
          enrolmentId: a.enrolment_id,
          groupId: a.group_id,
          summary: a.summary,
        })),
      revision: r.revision,
      /** For calendar feeds (LAST-MODIFIED); routes' response schemas leave it out. */
      updatedAt: r.updated_at,
    }));
  }

  type SessionShape = {
    kind: DB['sessions']['kind'];
    startsAt: string;
    endsAt: string;
    siteId: number | null;
    lecturerIds: number[];
    groupIds: number[];
    agenda?: Array<z.infer<typeof AgendaItemInput>>;
  };

  // The rules a session obeys whoever writes it: time order, inside the class dates, a site for a
  // site visit, and references that stay within the class and its institution.
  async function validateSession(
    trx: Executor,
    cls: { id: number; starts_on: string; ends_on: string; time_zone: string; institution_id: number },
    s: SessionShape,
  ) {
    if (Date.parse(s.endsAt) <= Date.parse(s.startsAt)) throw fieldError('endsAt', 'session.time_order');
    const startDay = localDate(s.startsAt, cls.time_zone);
    const endDay = localDate(s.endsAt, cls.time_zone);
    if (startDay < cls.starts_on || startDay > cls.ends_on)
      throw fieldError('startsAt', 'session.outside_class', { startsOn: cls.starts_on, endsOn: cls.ends_on });
    if (endDay > cls.ends_on) throw fieldError('endsAt', 'session.outside_class', { startsOn: cls.starts_on, endsOn: cls.ends_on });
    if (s.kind === 'site_visit' && !s.siteId) throw fieldError('siteId', 'session.site_required');
    if (s.siteId) {
      const site = await store.findSite(trx, s.siteId);
      if (!site) throw fieldError('siteId', 'not_found', { entity: 'site' });
      if (site.institution_id !== cls.institution_id) throw fieldError('siteId', 'site.other_institution');
    }
    const lecturers = await store.findLecturersByIds(trx, s.lecturerIds);
    if (lecturers.length !== new Set(s.lecturerIds).size) throw fieldError('lecturerIds', 'not_found', { entity: 'lecturer' });
    if (lecturers.some((l) => l.institution_id !== cls.institution_id)) throw fieldError('lecturerIds', 'lecturer.other_institution');
    const groups = await deps.roster.groupsByIds(trx, s.groupIds);
    if (groups.length !== new Set(s.groupIds).size || groups.some((g) => g.class_id !== cls.id)) throw fieldError('groupIds', 'group.other_class');
    if (s.agenda?.length) {
      if (s.kind !== 'ceremony' && s.kind !== 'opening') throw fieldError('agenda', 'session.agenda_only_ceremony');
      await validateAgenda(trx, cls.id, s.agenda);
    }
  }

  async function validateAgenda(trx: Executor, classId: number, items: Array<z.infer<typeof AgendaItemInput>>) {
    const enrolmentIds = items.map((i) => i.enrolmentId).filter((x): x is number => !!x);
    const groupIds = items.map((i) => i.groupId).filter((x): x is number => !!x);
    const enrolments = await deps.roster.enrolmentsByIds(trx, enrolmentIds);
    if (enrolments.length !== new Set(enrolmentIds).size || enrolments.some((e) => e.class_id !== classId))
      throw fieldError('agenda.enrolmentId', 'not_found', { entity: 'enrolment' });
    const groups = await deps.roster.groupsByIds(trx, groupIds);
    if (groups.length !== new Set(groupIds).size || groups.some((g) => g.class_id !== classId)) throw fieldError('agenda.groupId', 'group.other_class');
  }

  const agendaRows = (items: Array<z.infer<typeof AgendaItemInput>>) =>
    items.map((i, n) => ({
      position: n + 1,
      kind: i.kind,
      title: i.title,
      speaker_name: i.speakerName ?? null,
      speaker_role: i.speakerRole ?? null,
      enrolment_id: i.enrolmentId ?? null,
      group_id: i.groupId ?? null,
      summary: i.summary ?? null,
    }));

  async function requireSession(trx: Executor, sessionId: number) {
    const row = await store.findSession(trx, sessionId);
    if (!row) throw notFound('session', sessionId);
    return row;
  }

  const service = {
    localDate,

    async listSites(institutionId: number) {
      return (await store.listSites(db, institutionId)).map(toSite);
    },
    /** The sites a class's sessions go to, in the order first visited. */
    async listClassSites(classId: number) {
      const sessions = await store.listSessions(db, classId);
      const ids = [...new Set(sessions.map((s) => s.site_id).filter((x): x is number => x !== null))];
      const sites = new Map((await store.listSitesByIds(db, ids)).map((s) => [s.id, toSite(s)]));
      return ids.map((id) => ({
        ...sites.get(id)!,
        sessions: sessions.filter((s) => s.site_id === id).map((s) => ({ id: s.id, title: s.title, startsAt: s.starts_at })),
      }));
    },
    async createSite(actor: Actor | null, institutionId: number, input: z.infer<typeof CreateSiteBody>, trx?: Executor) {
      const run = async (t: Executor) => {
        const { id } = await store.insertSite(t, {
          institution_id: institutionId,
          name: input.name,
          short_name: input.shortName ?? null,
          address: input.address ?? null,
          description: input.description ?? null,
          host: input.host ?? null,
          contact_name: input.contactName ?? null,
          contact_phone: input.contactPhone ?? null,
          district: input.district ?? null,
          travel_minutes: input.travelMinutes ?? null,
          created_at: nowIso(),
        });
        await audit.record(t, actor, { action: 'site.create', entity: 'site', entityId: id, after: input });
        return toSite((await store.findSite(t, id))!);
      };
      return trx ? run(trx) : database.transaction(run);
    },
    async updateSite(actor: Actor, siteId: number, patch: Partial<z.infer<typeof CreateSiteBody>>) {
      return database.transaction(async (trx) => {
        const before = await store.findSite(trx, siteId);
        if (!before) throw notFound('site', siteId);
        await store.updateSite(trx, siteId, {
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.shortName !== undefined && { short_name: patch.shortName }),
          ...(patch.address !== undefined && { address: patch.address }),
          ...(patch.description !== undefined && { description: patch.description }),
          ...(patch.host !== undefined && { host: patch.host }),
          ...(patch.contactName !== undefined && { contact_name: patch.contactName }),
          ...(patch.contactPhone !== undefined && { contact_phone: patch.contactPhone }),
          ...(patch.district !== undefined && { district: patch.district }),
          ...(patch.travelMinutes !== undefined && { travel_minutes: patch.travelMinutes }),
        });
        await audit.record(trx, actor, { action: 'site.update', entity: 'site', entityId: siteId, before: toSite(before), after: patch });
        return toSite((await store.findSite(trx, siteId))!);
      });
    },
    findSiteByName: (institutionId: number, name: string, trx: Executor = db) => store.findSiteByName(trx, institutionId, name),

    async listLecturers(institutionId: number) {
      const rows = await store.listLecturers(db, institutionId);
      const accounts = new Map(
        (
          await deps.accounts.byIds(
            db,
            rows.map((l) => l.user_id).filter((x): x is number => x !== null),
          )
        ).map((u) => [u.id, { id: u.id, username: u.username, displayName: u.display_name }]),
      );
      return rows.map((l) => ({
        id: l.id,
        institutionId: l.institution_id,
        name: l.name,
        title: l.title,
        organisation: l.organisation,
        expertise: l.expertise,
        bio: l.bio,
        sessionCount: Number(l.session_count ?? 0),
        account: l.user_id ? (accounts.get(l.user_id) ?? null) : null,
      }));
    },
    /**
     * A lecturer of the pool with the sessions they taught. With a viewer, only sessions of classes
     * the viewer may read the timetable of: the pool is institution-wide, a class's timetable is not.
     */
    async getLecturer(lecturerId: number, viewer?: Actor | null) {
      const l = await store.findLecturer(db, lecturerId);
      if (!l) throw notFound('lecturer', lecturerId);
      const taught = await store.sessionsOfLecturer(db, lecturerId);
      const sessions = viewer
        ? taught.filter((s) => can(viewer, 'timetable.read', { institutionId: l.institution_id, programmeId: s.programme_id, classId: s.class_id }))
        : taught;
      return {
        id: l.id,
        institutionId: l.institution_id,
        name: l.name,
        title: l.title,
        organisation: l.organisation,
        expertise: l.expertise,
        bio: l.bio,
        sessionCount: taught.length,
        sessions: sessions.map((s) => ({
          sessionId: s.session_id,
          classId: s.class_id,
          classTitle: s.class_title,
          title: s.title,
          kind: s.kind,
          startsAt: s.starts_at,
          hours: s.hours,
        })),
      };
    },
    async createLecturer(actor: Actor | null, institutionId: number, input: z.infer<typeof CreateLecturerBody>, trx?: Executor) {
      const run = async (t: Executor) => {
        const { id } = await store.insertLecturer(t, {
          institution_id: institutionId,
          name: input.name,
          title: input.title ?? null,
          organisation: input.organisation ?? null,
          expertise: input.expertise ?? null,
          bio: input.bio ?? null,
          phone: input.phone ?? null,
          user_id: null,
          created_at: nowIso(),
        });
        await audit.record(t, actor, { action: 'lecturer.create', entity: 'lecturer', entityId: id, after: input });
        return id;
      };
      return trx ? run(trx) : database.transaction(run);
    },
    async updateLecturer(actor: Actor, lecturerId: number, patch: Partial<z.infer<typeof CreateLecturerBody>>) {
      await database.transaction(async (trx) => {
        const before = await store.findLecturer(trx, lecturerId);
        if (!before) throw notFound('lecturer', lecturerId);
        await store.updateLecturer(trx, lecturerId, {
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.title !== undefined && { title: patch.title }),
          ...(patch.organisation !== undefined && { organisation: patch.organisation }),
          ...(patch.expertise !== undefined && { expertise: patch.expertise }),
          ...(patch.bio !== undefined && { bio: patch.bio }),
          ...(patch.phone !== undefined && { phone: patch.phone }),
        });
        await audit.record(trx, actor, { action: 'lecturer.update', entity: 'lecturer', entityId: lecturerId, before, after: patch });
      });
      return service.getLecturer(lecturerId);
    },
    findLecturerByName: (institutionId: number, name: string, trx: Executor = db) => store.findLecturerByName(trx, institutionId, name),
    /** The lecturer-pool entries a user account speaks for (a lecturer sees their own evaluation results). */
    lecturerIdsOfUser: (userId: number, trx: Executor = db) => store.lecturerIdsOfUser(trx, userId),
    /** Ties a lecturer-pool entry to a user account (or unties it with null). */
    async linkLecturerUser(trx: Executor, actor: Actor | null, lecturerId: number, userId: number | null) {
      const before = await store.findLecturer(trx, lecturerId);
      if (!before) throw notFound('lecturer', lecturerId);
      if (before.user_id === userId) return;
      const taught = await store.classIdsOfLecturers(trx, [lecturerId]);
      await grants.keepingGrants(trx, actor, taught, () => store.updateLecturer(trx, lecturerId, { user_id: userId }));
      await audit.record(trx, actor, {
        action: 'lecturer.link_user',
        entity: 'lecturer',
        entityId: lecturerId,
        before: { userId: before.user_id },
        after: { userId },
      });
    },

    async listSessions(classId: number, filter: { from?: string; to?: string; kind?: string } = {}) {
      const norm = { ...filter, from: filter.from && new Date(filter.from).toISOString(), to: filter.to && new Date(filter.to).toISOString() };
      return loadSessions(db, await store.listSessions(db, classId, norm));
    },
    /** The class's sessions read inside the caller's transaction. */
    sessionsIn: async (trx: Executor, classId: number) => loadSessions(trx, await store.listSessions(trx, classId)),
    async getSession(sessionId: number, trx: Executor = db) {
      return (await loadSessions(trx, [await requireSession(trx, sessionId)]))[0];
    },

    async createSessionIn(trx: Executor, actor: Actor | null, classId: number, input: z.infer<typeof CreateSessionBody>) {
      const cls = await classes.requireWritable(trx, classId, 'timetable');
      const shape = { ...input, siteId: input.siteId ?? null };
      await validateSession(trx, cls, shape);
      const at = nowIso();
      const { id } = await grants.keepingGrants(trx, actor, [classId], async () => {
        const inserted = await store.insertSession(trx, {
          class_id: classId,
          kind: input.kind,
          title: input.title,
          starts_at: new Date(input.startsAt).toISOString(),
          ends_at: new Date(input.endsAt).toISOString(),
          local_date: localDate(input.startsAt, cls.time_zone),
          site_id: input.siteId ?? null,
          venue: input.venue ?? null,
          hours: input.hours,
          description: input.description ?? null,
          notes: input.notes ?? null,
          created_at: at,
          updated_at: at,
          revision: 0,
        });
        await store.setSessionLecturers(trx, inserted.id, [...new Set(input.lecturerIds)]);
        return inserted;
      });
      await store.setSessionGroups(trx, id, [...new Set(input.groupIds)]);
      if (input.agenda?.length) await store.replaceAgenda(trx, id, agendaRows(input.agenda));
      await audit.record(trx, actor, { action: 'session.create', entity: 'session', entityId: id, classId, after: input });
      await deps.onSessionsCreated?.(trx, classId, [{ id, kind: input.kind }]);
      return id;
    },
    async createSession(actor: Actor, classId: number, input: z.infer<typeof CreateSessionBody>) {
      const id = await database.transaction((trx) => service.createSessionIn(trx, actor, classId, input));
      return service.getSession(id);
    },

    async updateSession(actor: Actor, sessionId: number, patch: z.infer<typeof UpdateSessionBody>) {
      await database.transaction(async (trx) => {
        const before = (await loadSessions(trx, [await requireSession(trx, sessionId)]))[0];
        const cls = await classes.requireWritable(trx, before.classId, 'timetable');
        const merged = {
          kind: patch.kind ?? before.kind,
          startsAt: patch.startsAt ?? before.startsAt,
          endsAt: patch.endsAt ?? before.endsAt,
          siteId: patch.siteId !== undefined ? (patch.siteId ?? null) : (before.site?.id ?? null),
          lecturerIds: patch.lecturerIds ?? before.lecturers.map((l) => l.id),
          groupIds: patch.groupIds ?? before.groups.map((g) => g.id),
        };
        await validateSession(trx, cls, merged);
        if (before.agenda.length && merged.kind !== 'ceremony' && merged.kind !== 'opening') throw fieldError('kind', 'session.agenda_only_ceremony');
        await store.updateSession(trx, sessionId, {
          kind: merged.kind,
          ...(patch.title !== undefined && { title: patch.title }),
          starts_at: new Date(merged.startsAt).toISOString(),
          ends_at: new Date(merged.endsAt).toISOString(),
          local_date: localDate(merged.startsAt, cls.time_zone),
          site_id: merged.siteId,
          ...(patch.venue !== undefined && { venue: patch.venue ?? null }),
          ...(patch.hours !== undefined && { hours: patch.hours }),
          ...(patch.description !== undefined && { description: patch.description ?? null }),
          ...(patch.notes !== undefined && { notes: patch.notes ?? null }),
          updated_at: nowIso(),
        });
        if (patch.lecturerIds)
          await grants.keepingGrants(trx, actor, [before.classId], () => store.setSessionLecturers(trx, sessionId, [...new Set(patch.lecturerIds!)]));
        if (patch.groupIds) await store.setSessionGroups(trx, sessionId, [...new Set(patch.groupIds)]);
        await audit.record(trx, actor, { action: 'session.update', entity: 'session', entityId: sessionId, classId: before.classId, before, after: patch });
      });
      return service.getSession(sessionId);
    },

    async replaceAgenda(actor: Actor, sessionId: number, items: Array<z.infer<typeof AgendaItemInput>>) {
      await database.transaction(async (trx) => {
        const s = await requireSession(trx, sessionId);
        await classes.requireWritable(trx, s.class_id, 'timetable');
        if (s.kind !== 'ceremony' && s.kind !== 'opening' && items.length) throw fieldError('items', 'session.agenda_only_ceremony');
        await validateAgenda(trx, s.class_id, items);
        await store.replaceAgenda(trx, sessionId, agendaRows(items));
        await store.updateSession(trx, sessionId, { updated_at: nowIso() });
        await audit.record(trx, actor, { action: 'session.agenda', entity: 'session', entityId: sessionId, classId: s.class_id, after: items });
      });
      return service.getSession(sessionId);
    },

    async deleteSession(actor: Actor, sessionId: number) {
      await database.transaction(async (trx) => {
        const before = (await loadSessions(trx, [await requireSession(trx, sessionId)]))[0];
        await classes.requireWritable(trx, before.classId, 'timetable');
        await grants.keepingGrants(trx, actor, [before.classId], () => store.deleteSession(trx, sessionId));
        await audit.record(trx, actor, { action: 'session.delete', entity: 'session', entityId: sessionId, classId: before.classId, before });
      });
    },

    // Class set-up (classes engineer): the class's start date moved and the timetable moves with it.
    /** Moves every session of the class by `days` calendar days in its time zone, wall-clock times kept. */
    async shiftSessionsIn(trx: Executor, actor: Actor | null, classId: number, days: number) {
      const cls = await classes.requireWritable(trx, classId, 'timetable');
      const rows = await store.listSessions(trx, classId);
      for (const r of rows) {
        const startsAt = shiftWallClock(r.starts_at, days, cls.time_zone);
        await store.updateSession(trx, r.id, {
          starts_at: startsAt,
          ends_at: shiftWallClock(r.ends_at, days, cls.time_zone),
          local_date: localDate(startsAt, cls.time_zone),
          updated_at: nowIso(),
        });
      }
      if (rows.length)
        await audit.record(trx, actor, { action: 'timetable.shift', entity: 'class', entityId: classId, classId, after: { days, sessions: rows.length } });
      return rows.length;
    },

    // Planning (#9): warnings before saving and for the whole class, sessions for every group at
    // once, duplicates, and the account a lecturer entry speaks for.
    checkPlanning: (classId: number, candidates: Array<z.infer<typeof PlanningCandidate>>) => planning.checkCandidates(db, classId, candidates),
    planningWarnings: (classId: number) => planning.classWarnings(db, classId),
    /** The classes service's hook: the move to `running` waits for these to be confirmed. */
    openPlanningWarnings: async (trx: Executor, classId: number) => (await planning.classWarnings(trx, classId)).length,
    async createForGroups(actor: Actor, classId: number, input: z.infer<typeof PerGroupSessionsBody>) {
      const ids = await copies.createForGroups(actor, classId, input);
      return Promise.all(ids.map((id) => service.getSession(id)));
    },
    async duplicateSession(actor: Actor, sessionId: number, date: string) {
      return service.getSession(await copies.duplicate(actor, sessionId, date));
    },
    staffAccounts: async (institutionId: number) =>
      (await deps.accounts.forInstitution(db, institutionId)).map((u) => ({ id: u.id, username: u.username, displayName: u.display_name })),
    /** Ties a lecturer entry to one of the institution's staff accounts (or unties it). */
    async setLecturerUser(actor: Actor, lecturerId: number, userId: number | null) {
      await database.transaction(async (trx) => {
        const l = await store.findLecturer(trx, lecturerId);
        if (!l) throw notFound('lecturer', lecturerId);
        if (userId !== null && !(await deps.accounts.forInstitution(trx, l.institution_id)).some((u) => u.id === userId))
          throw fieldError('userId', 'lecturer.account_not_staff');
        await service.linkLecturerUser(trx, actor, lecturerId, userId);
      });
      return (await service.listLecturers((await store.findLecturer(db, lecturerId))!.institution_id)).find((x) => x.id === lecturerId)!;
    },
  };
  const copies = makeSessionCopies({ database, classes, createSessionIn: service.createSessionIn, getSession: service.getSession });
  return service;
};
export type TimetableService = ReturnType<typeof makeTimetableService>;
