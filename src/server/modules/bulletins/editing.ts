import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { BulletinBlock, BulletinContent, CreateBulletinBody, DraftOptions, PublishBody, SaveBulletinBody } from '../../../contracts/bulletins';
import { DraftOptions as DraftOptionsSchema } from '../../../contracts/bulletins';
import { type Executor, nowIso } from '../../db/connection';
import { AppError, type FieldError, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { type BulletinCore, type BulletinDeps, type BulletinRow, counts, fieldError, sanitizeContent } from './core';
import { draftFromRecord, localDay } from './draft';
import { photoIdsOf } from './model';
import { cleanText } from './rich-text';

// Drafting, saving with versions and restore, publishing and the public link: the issue's life as a draft.
export const makeEditing = (deps: BulletinDeps, core: BulletinCore) => {
  const { database, store, audit } = deps;
  const db = database.db;
  const { parse, toSummary, toBulletin, requireOpenClass, requireVisible } = core;

  async function requireDraft(trx: Executor, bulletinId: number, revision?: number) {
    const row = await store.find(trx, bulletinId);
    if (!row) throw notFound('bulletin', bulletinId);
    if (row.status === 'published') throw new AppError('bulletin.published', 409, { issue: row.issue_number });
    if (revision !== undefined && row.revision !== revision) throw new AppError('bulletin.stale', 409, { revision: row.revision });
    await requireOpenClass(trx, row.class_id);
    return row;
  }

  /** Every photo the content names must be a photo of this class. */
  async function checkPhotos(trx: Executor, classId: number, content: BulletinContent) {
    const ids = photoIdsOf(content);
    const found = new Map((await deps.photos.rowsByIds(trx, ids)).map((p) => [p.id, p]));
    const errors: FieldError[] = [];
    content.sections.forEach((s, si) => {
      const check = (blocks: BulletinBlock[], path: string) =>
        blocks.forEach((b, bi) => {
          if (b.type !== 'photo') return;
          const p = found.get(b.photoId);
          if (!p || p.class_id !== classId) errors.push({ field: `${path}.${bi}.photoId`, code: 'bulletin.photo_unknown', params: { id: b.photoId } });
        });
      check(s.intro, `content.sections.${si}.intro`);
      for (const [ii, it] of s.items.entries()) check(it.blocks, `content.sections.${si}.items.${ii}.blocks`);
    });
    if (errors.length) throw new AppError('validation.failed', 400, {}, errors);
  }

  async function checkIssueNumber(trx: Executor, classId: number, issueNumber: number, exceptId?: number) {
    if (await store.issueTaken(trx, classId, issueNumber, exceptId)) throw fieldError('issueNumber', 'bulletin.duplicate_issue', { issue: issueNumber }, 409);
  }

  const editing = {
    toSummary,

    /** Content drafted from the class's record, not saved: for a new issue or to refill an open one. */
    async draftContent(classId: number, input: z.input<typeof DraftOptionsSchema> = {}) {
      const options: DraftOptions = DraftOptionsSchema.parse(input);
      const cls = await deps.classes.requireClass(db, classId);
      if (options.from && options.to && options.from > options.to) throw fieldError('to', 'class.dates_order');
      const [sessions, groups, lecturers] = await Promise.all([
        deps.timetable.listSessions(classId),
        deps.roster.listGroups(classId),
        deps.timetable.listLecturers(cls.institution_id),
      ]);
      const photoRows = await deps.photos.rowsOfSessions(
        db,
        sessions.map((s) => s.id),
      );
      const photos = new Map<number, Array<{ id: number }>>();
      for (const p of photoRows) if (p.session_id !== null) photos.set(p.session_id, [...(photos.get(p.session_id) ?? []), { id: p.id }]);
      return draftFromRecord({
        timeZone: cls.time_zone,
        organizer: cls.organizer_name,
        sessions,
        photos,
        groupNames: new Map(groups.map((g) => [g.id, g.name])),
        lecturerOrganisations: new Map(lecturers.map((l) => [l.id, l.organisation])),
        options,
        startsOn: cls.starts_on,
        endsOn: cls.ends_on,
      });
    },

    async list(classId: number, canWrite: boolean) {
      const rows = await store.listOfClass(db, classId);
      return rows.filter((r) => canWrite || r.status === 'published').map(toSummary);
    },

    async get(bulletinId: number, canWrite: boolean) {
      return toBulletin(db, await requireVisible(db, bulletinId, canWrite), canWrite);
    },

    async create(actor: Actor | null, classId: number, body: z.input<typeof CreateBulletinBody>) {
      const cls = await requireOpenClass(db, classId);
      const drafted = body.draft ? await editing.draftContent(classId, body.draft) : null;
      const today = localDay(new Date().toISOString(), cls.time_zone);
      // The day reported on (or today, if that is earlier): a bulletin is dated when it is written.
      const defaultDate = [drafted?.to ?? cls.ends_on, today].sort()[0];
      const content = sanitizeContent(drafted?.content ?? { organizer: cls.organizer_name, sections: [] });
      const id = await database.transaction(async (trx) => {
        await requireOpenClass(trx, classId);
        const issueNumber = body.issueNumber ?? (await store.nextIssueNumber(trx, classId));
        await checkIssueNumber(trx, classId, issueNumber);
        await checkPhotos(trx, classId, content);
        const at = nowIso();
        const title = cleanText(body.title ?? cls.title).trim();
        const issueDate = body.issueDate ?? defaultDate;
        const json = JSON.stringify(content);
        const { id } = await store.insert(trx, {
          class_id: classId,
          issue_number: issueNumber,
          title,
          issue_date: issueDate,
          status: 'draft',
          content_json: json,
          revision: 1,
          public_token: null,
          published_at: null,
          published_by: null,
          created_by: actor?.userId ?? null,
          created_at: at,
          updated_at: at,
        });
        await store.insertVersion(trx, {
          bulletin_id: id,
          revision: 1,
          title,
          issue_date: issueDate,
          content_json: json,
          event: drafted ? 'draft' : 'create',
          detail: drafted ? `${drafted.from}..${drafted.to}` : null,
          note: null,
          saved_by: actor?.userId ?? null,
          saved_at: at,
        });
        await audit.record(trx, actor, {
          action: 'bulletin.create',
          entity: 'bulletin',
          entityId: id,
          classId,
          after: { issueNumber, title, issueDate, draft: body.draft ?? null, ...counts(content) },
        });
        return id;
      });
      return editing.get(id, true);
    },

    /** Saves an edit as the next revision (and a version row), if nobody saved in between. */
    async save(actor: Actor, bulletinId: number, body: z.infer<typeof SaveBulletinBody>) {
      const content = sanitizeContent(body.content);
      await database.transaction(async (trx) => {
        const row = await requireDraft(trx, bulletinId, body.revision);
        await checkIssueNumber(trx, row.class_id, body.issueNumber, row.id);
        await checkPhotos(trx, row.class_id, content);
        await write(
          trx,
          actor,
          row,
          { title: cleanText(body.title).trim(), issueNumber: body.issueNumber, issueDate: body.issueDate, content },
          'save',
          null,
          body.note,
        );
      });
      return editing.get(bulletinId, true);
    },

    async versions(bulletinId: number) {
      if (!(await store.find(db, bulletinId))) throw notFound('bulletin', bulletinId);
      return (await store.listVersions(db, bulletinId)).map((v) => ({
        revision: v.revision,
        event: v.event,
        detail: v.detail,
        title: v.title,
        issueDate: v.issue_date,
        note: v.note,
        savedAt: v.saved_at,
        savedBy: v.saved_by_name ?? null,
        ...counts(parse(v.content_json)),
      }));
    },

    async version(bulletinId: number, revision: number) {
      const v = await store.findVersion(db, bulletinId, revision);
      if (!v) throw notFound('bulletin_version', revision);
      const content = parse(v.content_json);
      return {
        revision: v.revision,
        event: v.event,
        detail: v.detail,
        title: v.title,
        issueDate: v.issue_date,
        note: v.note,
        savedAt: v.saved_at,
        savedBy: null,
        ...counts(content),
        content,
      };
    },

    /** Makes an earlier version current again, as a new revision (nothing is lost). */
    async restore(actor: Actor, bulletinId: number, fromRevision: number, currentRevision: number) {
      await database.transaction(async (trx) => {
        const row = await requireDraft(trx, bulletinId, currentRevision);
        const v = await store.findVersion(trx, bulletinId, fromRevision);
        if (!v) throw notFound('bulletin_version', fromRevision);
        const content = sanitizeContent(parse(v.content_json));
        await write(
          trx,
          actor,
          row,
          { title: v.title, issueNumber: row.issue_number, issueDate: v.issue_date, content },
          'restore',
          String(fromRevision),
          null,
        );
      });
      return editing.get(bulletinId, true);
    },

    /** Publishing locks the issue for good; the next issue is a new bulletin. */
    async publish(actor: Actor, bulletinId: number, body: z.infer<typeof PublishBody>) {
      await database.transaction(async (trx) => {
        const row = await requireDraft(trx, bulletinId, body.revision);
        const content = parse(row.content_json);
        if (!content.sections.length) throw fieldError('content', 'bulletin.empty');
        const at = nowIso();
        await store.update(trx, bulletinId, {
          status: 'published',
          published_at: at,
          published_by: actor.userId,
          public_token: body.makePublic ? randomBytes(24).toString('base64url') : null,
          updated_at: at,
        });
        await audit.record(trx, actor, {
          action: 'bulletin.publish',
          entity: 'bulletin',
          entityId: bulletinId,
          classId: row.class_id,
          after: { revision: row.revision, public: body.makePublic },
        });
      });
      return editing.get(bulletinId, true);
    },

    /** Turns the unguessable public link of a published issue on (a fresh token) or off. */
    async setPublicLink(actor: Actor, bulletinId: number, enabled: boolean) {
      await database.transaction(async (trx) => {
        const row = await store.find(trx, bulletinId);
        if (!row) throw notFound('bulletin', bulletinId);
        if (row.status !== 'published') throw new AppError('bulletin.not_published', 409);
        await requireOpenClass(trx, row.class_id);
        const token = enabled ? randomBytes(24).toString('base64url') : null;
        await store.update(trx, bulletinId, { public_token: token, updated_at: nowIso() });
        await audit.record(trx, actor, {
          action: enabled ? 'bulletin.link_on' : 'bulletin.link_off',
          entity: 'bulletin',
          entityId: bulletinId,
          classId: row.class_id,
        });
      });
      return editing.get(bulletinId, true);
    },

    async remove(actor: Actor, bulletinId: number) {
      await database.transaction(async (trx) => {
        const row = await requireDraft(trx, bulletinId);
        await store.delete(trx, bulletinId);
        await audit.record(trx, actor, { action: 'bulletin.delete', entity: 'bulletin', entityId: bulletinId, classId: row.class_id, before: toSummary(row) });
      });
    },
  };

  async function write(
    trx: Executor,
    actor: Actor,
    row: BulletinRow,
    next: { title: string; issueNumber: number; issueDate: string; content: BulletinContent },
    event: 'save' | 'restore',
    detail: string | null,
    note: string | null | undefined,
  ) {
    const revision = row.revision + 1;
    const at = nowIso();
    const json = JSON.stringify(next.content);
    const ok = await store.updateAtRevision(trx, row.id, row.revision, {
      title: next.title,
      issue_number: next.issueNumber,
      issue_date: next.issueDate,
      content_json: json,
      revision,
      updated_at: at,
    });
    if (!ok) throw new AppError('bulletin.stale', 409, { revision: row.revision });
    await store.insertVersion(trx, {
      bulletin_id: row.id,
      revision,
      title: next.title,
      issue_date: next.issueDate,
      content_json: json,
      event,
      detail,
      note: note ?? null,
      saved_by: actor?.userId ?? null,
      saved_at: at,
    });
    await audit.record(trx, actor, {
      action: `bulletin.${event}`,
      entity: 'bulletin',
      entityId: row.id,
      classId: row.class_id,
      after: { revision, title: next.title, issueNumber: next.issueNumber, issueDate: next.issueDate, detail, ...counts(next.content) },
    });
  }

  return editing;
};
