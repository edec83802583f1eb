import type { Bulletin, BulletinBlock, BulletinContent, BulletinSummary } from '../../../contracts/bulletins';
import { BulletinContent as BulletinContentSchema } from '../../../contracts/bulletins';
import type { Database, Executor } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, notFound } from '../../lib/errors';
import type { AuditService } from '../audit/service';
import type { ClassService } from '../classes/service';
import type { PhotoService } from '../photos/service';
import type { RosterService } from '../roster/service';
import type { TimetableService } from '../timetable/service';
import { photoIdsOf } from './model';
import { cleanText, sanitizeRichText } from './rich-text';
import type { BulletinStore } from './store';

// What the bulletin use cases share: dependencies, content rules, and reading an issue.

export type BulletinDeps = {
  database: Database;
  store: BulletinStore;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireClass'>;
  timetable: Pick<TimetableService, 'listSessions' | 'listLecturers'>;
  roster: Pick<RosterService, 'listGroups'>;
  photos: Pick<PhotoService, 'rowsByIds' | 'rowsOfSessions' | 'readRow'>;
};

export type BulletinRow = Row<'bulletins'>;
export type PhotoRow = Awaited<ReturnType<PhotoService['rowsByIds']>>[number];

export type BulletinFormat = 'pdf' | 'docx';
export const publicPath = (token: string) => `/b/${token}`;

export const fieldError = (field: string, code: string, params: Record<string, unknown> = {}, status = 400) =>
  new AppError('validation.failed', status, {}, [{ field, code, params }]);

/** Rich text reduced to the whitelist and plain text stripped of what no format can hold. */
export function sanitizeContent(content: BulletinContent): BulletinContent {
  const plain = (s: string) => cleanText(s).trim();
  const opt = (s: string | null | undefined) => (s == null ? null : plain(s) || null);
  const block = (b: BulletinBlock): BulletinBlock => {
    if (b.type === 'text') return { type: 'text', html: sanitizeRichText(b.html) };
    if (b.type === 'photo') return { type: 'photo', photoId: b.photoId, caption: opt(b.caption) };
    return { type: 'speech', speaker: plain(b.speaker), role: opt(b.role), summary: sanitizeRichText(b.summary) };
  };
  return {
    organizer: opt(content.organizer),
    sections: content.sections.map((s) => ({
      title: plain(s.title),
      intro: s.intro.map(block),
      items: s.items.map((i) => ({ heading: plain(i.heading), blocks: i.blocks.map(block) })),
    })),
  };
}

export function counts(content: BulletinContent) {
  return {
    sectionCount: content.sections.length,
    itemCount: content.sections.reduce((n, s) => n + s.items.length, 0),
    photoCount: photoIdsOf(content).length,
  };
}

export const makeBulletinCore = (deps: BulletinDeps) => {
  const { store } = deps;
  const parse = (json: string): BulletinContent => BulletinContentSchema.parse(JSON.parse(json));

  const toSummary = (r: BulletinRow): BulletinSummary => ({
    id: r.id,
    classId: r.class_id,
    issueNumber: r.issue_number,
    title: r.title,
    issueDate: r.issue_date,
    status: r.status,
    revision: r.revision,
    publishedAt: r.published_at,
    publicPath: r.public_token ? publicPath(r.public_token) : null,
    updatedAt: r.updated_at,
  });

  async function toBulletin(trx: Executor, r: BulletinRow, canWrite: boolean): Promise<Bulletin> {
    const content = parse(r.content_json);
    const photos = (await deps.photos.rowsByIds(trx, photoIdsOf(content))).filter((p) => p.class_id === r.class_id);
    return {
      ...toSummary(r),
      content,
      photos: photos.map((p) => ({
        id: p.id,
        caption: p.caption,
        width: p.width,
        height: p.height,
        sessionId: p.session_id,
        thumbUrl: `/api/v1/photos/${p.id}/thumb`,
        displayUrl: `/api/v1/photos/${p.id}/display`,
      })),
      canEdit: canWrite && r.status === 'draft',
    };
  }

  async function requireOpenClass(trx: Executor, classId: number) {
    const cls = await deps.classes.requireClass(trx, classId);
    if (cls.status === 'archived') throw new AppError('class.locked', 409, { status: cls.status, what: 'bulletins' });
    return cls;
  }

  /** Drafts are the class staff's working copies: readers without write access see published issues only. */
  async function requireVisible(trx: Executor, bulletinId: number, canWrite: boolean) {
    const row = await store.find(trx, bulletinId);
    if (!row || (row.status !== 'published' && !canWrite)) throw notFound('bulletin', bulletinId);
    return row;
  }

  return { parse, toSummary, toBulletin, requireOpenClass, requireVisible };
};
export type BulletinCore = ReturnType<typeof makeBulletinCore>;
