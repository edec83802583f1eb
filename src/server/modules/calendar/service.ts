import { createHash, createHmac, randomBytes } from 'node:crypto';
import { type CalendarFeed, SESSION_KIND_LABELS_ZH, sessionPlace } from '../../../contracts';
import { type Database, type Executor, nowIso } from '../../db/connection';
import { type IcsEvent, writeIcs } from '../../documents/ics';
import { AppError, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { AuditService } from '../audit/service';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import type { TimetableService } from '../timetable/service';
import type { CalendarStore } from './store';

const classScope = (classId: number) => `class:${classId}`;
const enrolmentScope = (enrolmentId: number) => `enrolment:${enrolmentId}`;
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export function makeCalendarService(deps: {
  database: Database;
  store: CalendarStore;
  secretKey: Buffer;
  publicUrl: string;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'getClass' | 'requireClass'>;
  roster: Pick<RosterService, 'findEnrolmentRow'>;
  timetable: Pick<TimetableService, 'listSessions'>;
}) {
  const { database, store, audit, classes, roster, timetable } = deps;
  const db = database.db;
  // A key of its own, derived from the one secret with a label, like the personal-data keys.
  const feedKey = createHash('sha256')
    .update(Buffer.concat([Buffer.from('cohort:calendar-feed:'), deps.secretKey]))
    .digest();
  const base = deps.publicUrl.replace(/\/$/, '');
  const host = new URL(base).hostname;

  const tokenOf = (scopeKey: string, nonce: string) => createHmac('sha256', feedKey).update(`${scopeKey}:${nonce}`).digest('base64url');
  const urlOf = (token: string) => `${base}/api/v1/calendar/${token}.ics`;

  function feedOut(row: { scope_key: string; nonce: string; created_at: string } | undefined): CalendarFeed {
    if (!row) return { url: null, webcalUrl: null, createdAt: null };
    const url = urlOf(tokenOf(row.scope_key, row.nonce));
    return { url, webcalUrl: url.replace(/^https?:/, 'webcal:'), createdAt: row.created_at };
  }

  /** The scope's live feed; a new one when there is none or when rotating (the old URL stops working). */
  async function ensureFeed(trx: Executor, actor: Actor | null, scope: { key: string; classId: number; enrolmentId: number | null }, rotate: boolean) {
    const existing = await store.findByScope(trx, scope.key);
    if (existing && !rotate) return existing;
    if (existing) await store.deleteByScope(trx, scope.key);
    const nonce = randomBytes(16).toString('base64url');
    const row = {
      scope_key: scope.key,
      class_id: scope.classId,
      enrolment_id: scope.enrolmentId,
      nonce,
      token_hash: hashToken(tokenOf(scope.key, nonce)),
      created_at: nowIso(),
      created_by_user_id: actor?.userId ?? null,
    };
    await store.insert(trx, row);
    await audit.record(trx, actor, {
      action: rotate && existing ? 'calendar_feed.rotate' : 'calendar_feed.create',
      entity: scope.enrolmentId ? 'enrolment' : 'class',
      entityId: scope.enrolmentId ?? scope.classId,
      classId: scope.classId,
    });
    return row;
  }

  async function requireEnrolment(trx: Executor, enrolmentId: number) {
    const e = await roster.findEnrolmentRow(trx, enrolmentId);
    if (!e) throw notFound('enrolment', enrolmentId);
    return e;
  }

  const service = {
    async classFeed(classId: number): Promise<CalendarFeed> {
      return feedOut(await store.findByScope(db, classScope(classId)));
    },
    async ensureClassFeed(actor: Actor | null, classId: number, options: { rotate?: boolean } = {}): Promise<CalendarFeed> {
      return feedOut(
        await database.transaction(async (trx) => {
          await classes.requireClass(trx, classId);
          return ensureFeed(trx, actor, { key: classScope(classId), classId, enrolmentId: null }, options.rotate ?? false);
        }),
      );
    },

    async traineeFeed(enrolmentId: number): Promise<CalendarFeed> {
      return feedOut(await store.findByScope(db, enrolmentScope(enrolmentId)));
    },
    /**
     * The trainee's own feed URL (created on first call, the same afterwards unless rotated). For
     * the trainee invitation feature; pass its transaction when inside one.
     */
    async createTraineeFeedToken(enrolmentId: number, options: { actor?: Actor | null; rotate?: boolean; trx?: Executor } = {}) {
      const run = async (trx: Executor) => {
        const e = await requireEnrolment(trx, enrolmentId);
        if (e.status !== 'enrolled') throw new AppError('enrolment.withdrawn', 409);
        const row = await ensureFeed(
          trx,
          options.actor ?? null,
          { key: enrolmentScope(enrolmentId), classId: e.class_id, enrolmentId },
          options.rotate ?? false,
        );
        const token = tokenOf(row.scope_key, row.nonce);
        return { token, ...feedOut(row), url: urlOf(token) };
      };
      return options.trx ? run(options.trx) : database.transaction(run);
    },

    /**
     * The trainee's own feed, asked for on their phone (#15): only for an enrolment of theirs
     * (another's is not found); created on first use, the same URL afterwards.
     */
    async myFeed(actor: Actor, enrolmentId: number): Promise<CalendarFeed> {
      const e = await requireEnrolment(db, enrolmentId);
      if (actor.personId === null || e.person_id !== actor.personId) throw notFound('enrolment', enrolmentId);
      const { token: _token, ...feed } = await service.createTraineeFeedToken(enrolmentId, { actor });
      return feed;
    },

    /** The iCalendar text behind a feed token; the token is the only authorisation. */
    async renderFeed(token: string): Promise<{ fileName: string; body: string }> {
      const feed = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await store.findByTokenHash(db, hashToken(token)) : undefined;
      if (!feed) throw new AppError('calendar.feed_not_found', 404);
      const cls = await classes.getClass(null, feed.class_id);
      let sessions = await timetable.listSessions(feed.class_id);
      let name = cls.title;
      if (feed.enrolment_id !== null) {
        const e = await requireEnrolment(db, feed.enrolment_id);
        // A trainee who left the class no longer gets its timetable.
        if (e.status !== 'enrolled') throw new AppError('calendar.feed_not_found', 404);
        // Sessions without groups are for everyone; the others for their groups' members only.
        sessions = sessions.filter((s) => s.groups.length === 0 || (e.group_id !== null && s.groups.some((g) => g.id === e.group_id)));
        name = `${cls.title}（${e.name}）`;
      }
      const events: IcsEvent[] = sessions.map((s) => {
        const details = [
          SESSION_KIND_LABELS_ZH[s.kind],
          s.lecturers.length ? `授课/主持：${s.lecturers.map((l) => (l.title ? `${l.name}（${l.title}）` : l.name)).join('、')}` : null,
          s.groups.length ? `参加对象：${s.groups.map((g) => g.name).join('、')}` : null,
          s.hours ? `学时：${s.hours}` : null,
          s.description,
        ].filter((x): x is string => !!x);
        return {
          uid: `session-${s.id}@${host}`,
          sequence: s.revision,
          start: new Date(s.startsAt),
          end: new Date(s.endsAt),
          summary: s.title,
          location: sessionPlace(s) || undefined,
          description: details.join('\n'),
          lastModified: s.updatedAt ? new Date(s.updatedAt) : undefined,
          status: 'CONFIRMED',
        };
      });
      const body = writeIcs({ name, timeZone: cls.timeZone, events, refreshInterval: 'PT1H', description: cls.place ?? undefined });
      return { fileName: `${feed.enrolment_id ? `trainee-${feed.enrolment_id}` : `class-${feed.class_id}`}.ics`, body };
    },
  };
  return service;
}
export type CalendarService = ReturnType<typeof makeCalendarService>;
