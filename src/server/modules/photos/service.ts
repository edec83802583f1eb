import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Photo, PhotoWall, UpdatePhotoBody } from '../../../contracts/photos';
import { PHOTO_MAX_FILES, type PhotoVariant } from '../../../contracts/photos';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, type FieldError, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { FileStorage } from '../../storage';
import type { AuditService } from '../audit/service';
import type { ClassService } from '../classes/service';
import type { TimetableService } from '../timetable/service';
import { PhotoRejected, type ProcessedPhoto, processPhoto } from './images';
import type { PhotoStore } from './store';

type PhotoRow = Row<'photos'>;
export type Upload = { filename: string | null; data: Buffer } | { filename: string | null; error: 'photo.too_large' };

const VARIANTS: PhotoVariant[] = ['thumb', 'display', 'print', 'full'];

export const photoUrl = (id: number, variant: PhotoVariant) => `/api/v1/photos/${id}/${variant}`;

export function toPhoto(r: PhotoRow): Photo {
  return {
    id: r.id,
    classId: r.class_id,
    sessionId: r.session_id,
    position: r.position,
    caption: r.caption,
    takenAt: r.taken_at,
    width: r.width,
    height: r.height,
    sourceFormat: r.source_format,
    sourceBytes: r.source_bytes,
    originalName: r.original_name,
    createdAt: r.created_at,
    urls: { thumb: photoUrl(r.id, 'thumb'), display: photoUrl(r.id, 'display'), print: photoUrl(r.id, 'print'), full: photoUrl(r.id, 'full') },
  };
}

// Captions go into PDF, DOCX and HTML: control characters would break the DOCX's XML.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const cleanCaption = (s: string | null | undefined) => (s ? s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '').trim() || null : null);

const variantFiles = (r: PhotoRow): Record<PhotoVariant, string> => JSON.parse(r.variants_json);

export const makePhotoService = (deps: {
  database: Database;
  store: PhotoStore;
  storage: FileStorage;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireClass'>;
  timetable: Pick<TimetableService, 'getSession' | 'listSessions'>;
  /** Which published bulletin issue shows a photo, if any (wired to the bulletins module in app.ts). */
  publishedUse: (trx: Executor, photo: { id: number; classId: number }) => Promise<number | null>;
}) => {
  const { database, store, storage, audit } = deps;
  const db = database.db;

  // Photos may change while the class runs and after it completes (the bulletin is often written
  // then); an archived class is frozen.
  async function requireOpenClass(trx: Executor, classId: number) {
    const cls = await deps.classes.requireClass(trx, classId);
    if (cls.status === 'archived') throw new AppError('class.locked', 409, { status: cls.status, what: 'photos' });
    return cls;
  }

  async function requirePhoto(trx: Executor, photoId: number) {
    const row = await store.find(trx, photoId);
    if (!row) throw notFound('photo', photoId);
    return row;
  }

  const keysOf = (r: Pick<PhotoRow, 'storage_key' | 'variants_json'>) => Object.values(variantFiles(r as PhotoRow)).map((f) => `${r.storage_key}/${f}`);

  async function removeFiles(keys: string[]) {
    // Best effort: a leftover file is harmless, a failed request because of one is not.
    await Promise.all(keys.map((k) => storage.delete(k).catch(() => undefined)));
  }

  const service = {
    toPhoto,

    async listSession(sessionId: number) {
      return (await store.listOfSession(db, sessionId)).map(toPhoto);
    },

    /** The class photo wall: every photo, grouped by session in timetable order; unassigned last. */
    async wall(classId: number): Promise<PhotoWall> {
      const [rows, sessions] = await Promise.all([store.listOfClass(db, classId), deps.timetable.listSessions(classId)]);
      const bySession = new Map<number | null, PhotoRow[]>();
      for (const r of rows) bySession.set(r.session_id, [...(bySession.get(r.session_id) ?? []), r]);
      const groups: PhotoWall['sessions'] = sessions
        .filter((s) => bySession.has(s.id))
        .map((s) => ({ sessionId: s.id, title: s.title, kind: s.kind, startsAt: s.startsAt, photos: bySession.get(s.id)!.map(toPhoto) }));
      const loose = bySession.get(null);
      if (loose) groups.push({ sessionId: null, title: null, kind: null, startsAt: null, photos: loose.map(toPhoto) });
      return { classId, total: rows.length, sessions: groups };
    },

    /**
     * Checks every file, stores its clean copies, and records them all in one transaction — or,
     * if any file is refused, stores nothing and names each refused file.
     */
    async upload(actor: Actor | null, sessionId: number, uploads: AsyncIterable<Upload> | Iterable<Upload>) {
      const session = await deps.timetable.getSession(sessionId);
      const cls = await requireOpenClass(db, session.classId);
      const accepted: Array<{ filename: string | null; sourceBytes: number; photo: ProcessedPhoto }> = [];
      const errors: FieldError[] = [];
      let index = 0;
      for await (const u of uploads) {
        const field = `files[${index}]`;
        const name = u.filename ?? `#${index + 1}`;
        index += 1;
        if (index > PHOTO_MAX_FILES) {
          errors.push({ field, code: 'photo.too_many_files', params: { max: PHOTO_MAX_FILES, name } });
          continue;
        }
        if ('error' in u) {
          errors.push({ field, code: u.error, params: { name } });
          continue;
        }
        try {
          // One at a time: each decode may hold a few hundred MB for a large photo.
          accepted.push({ filename: u.filename, sourceBytes: u.data.length, photo: await processPhoto(u.data, cls.time_zone) });
        } catch (e) {
          if (!(e instanceof PhotoRejected)) throw e;
          errors.push({ field, code: e.code, params: { ...e.params, name } });
        }
      }
      if (index === 0) throw new AppError('validation.failed', 400, {}, [{ field: 'files', code: 'photo.none' }]);
      if (errors.length) throw new AppError('validation.failed', 400, {}, errors);

      const stored: Array<{ key: string; files: Record<PhotoVariant, string> }> = [];
      const written: string[] = [];
      try {
        for (const a of accepted) {
          const key = `photos/${cls.id}/${randomUUID()}`;
          const files = {} as Record<PhotoVariant, string>;
          for (const v of VARIANTS) {
            const variant = a.photo.variants[v];
            files[v] = `${v}.${variant.ext}`;
            await storage.put(`${key}/${files[v]}`, variant.data, variant.contentType);
            written.push(`${key}/${files[v]}`);
          }
          stored.push({ key, files });
        }
        const ids = await database.transaction(async (trx) => {
          await requireOpenClass(trx, cls.id);
          let position = await store.nextPosition(trx, sessionId);
          const out: number[] = [];
          for (const [i, a] of accepted.entries()) {
            const at = nowIso();
            const { id } = await store.insert(trx, {
              class_id: cls.id,
              session_id: sessionId,
              position: position++,
              caption: null,
              taken_at: a.photo.takenAt,
              width: a.photo.width,
              height: a.photo.height,
              source_format: a.photo.sourceFormat,
              source_bytes: a.sourceBytes,
              original_name: a.filename ? a.filename.slice(0, 200) : null,
              storage_key: stored[i].key,
              variants_json: JSON.stringify(stored[i].files),
              uploaded_by: actor?.userId ?? null,
              created_at: at,
              updated_at: at,
            });
            out.push(id);
          }
          await audit.record(trx, actor, {
            action: 'photo.upload',
            entity: 'session',
            entityId: sessionId,
            classId: cls.id,
            after: { photoIds: out, files: accepted.map((a) => a.filename) },
          });
          return out;
        });
        return (await store.findMany(db, ids)).sort((a, b) => a.position - b.position).map(toPhoto);
      } catch (e) {
        await removeFiles(written);
        throw e;
      }
    },

    async update(actor: Actor | null, photoId: number, patch: z.infer<typeof UpdatePhotoBody>) {
      await database.transaction(async (trx) => {
        const before = await requirePhoto(trx, photoId);
        await requireOpenClass(trx, before.class_id);
        let move: { session_id: number; position: number } | null = null;
        if (patch.sessionId !== undefined && patch.sessionId !== before.session_id) {
          const target = await deps.timetable.getSession(patch.sessionId, trx).catch(() => null);
          if (!target || target.classId !== before.class_id) {
            throw new AppError('validation.failed', 400, {}, [{ field: 'sessionId', code: 'photo.other_class' }]);
          }
          move = { session_id: target.id, position: await store.nextPosition(trx, target.id) };
        }
        await store.update(trx, photoId, {
          ...(patch.caption !== undefined && { caption: cleanCaption(patch.caption) }),
          ...(move ?? {}),
          updated_at: nowIso(),
        });
        await audit.record(trx, actor, {
          action: 'photo.update',
          entity: 'photo',
          entityId: photoId,
          classId: before.class_id,
          before: { caption: before.caption, sessionId: before.session_id },
          after: patch,
        });
      });
      return toPhoto((await store.find(db, photoId))!);
    },

    /** Sets the order of a session's photos; the list must name each of them exactly once. */
    async reorder(actor: Actor, sessionId: number, photoIds: number[]) {
      await database.transaction(async (trx) => {
        const session = await deps.timetable.getSession(sessionId, trx);
        await requireOpenClass(trx, session.classId);
        const current = await store.listOfSession(trx, sessionId);
        const have = new Set(current.map((p) => p.id));
        if (photoIds.length !== have.size || new Set(photoIds).size !== photoIds.length || photoIds.some((id) => !have.has(id))) {
          throw new AppError('validation.failed', 400, {}, [{ field: 'photoIds', code: 'photo.order_mismatch', params: { count: have.size } }]);
        }
        for (const [i, id] of photoIds.entries()) await store.update(trx, id, { position: i + 1 });
        await audit.record(trx, actor, {
          action: 'photo.reorder',
          entity: 'session',
          entityId: sessionId,
          classId: session.classId,
          before: current.map((p) => p.id),
          after: photoIds,
        });
      });
      return service.listSession(sessionId);
    },

    async remove(actor: Actor, photoId: number) {
      const row = await database.transaction(async (trx) => {
        const before = await requirePhoto(trx, photoId);
        await requireOpenClass(trx, before.class_id);
        const issue = await deps.publishedUse(trx, { id: photoId, classId: before.class_id });
        if (issue !== null) throw new AppError('photo.in_published_bulletin', 409, { issue });
        await store.delete(trx, photoId);
        await audit.record(trx, actor, { action: 'photo.delete', entity: 'photo', entityId: photoId, classId: before.class_id, before: toPhoto(before) });
        return before;
      });
      // Only after the row is gone: a failed delete must not lose the files of a photo still listed.
      await removeFiles(keysOf(row));
    },

    /** The bytes of one stored copy. */
    async read(photoId: number, variant: PhotoVariant, trx: Executor = db) {
      const row = await requirePhoto(trx, photoId);
      return service.readRow(row, variant);
    },
    async readRow(row: PhotoRow, variant: PhotoVariant) {
      const file = variantFiles(row)[variant];
      const data = await storage.get(`${row.storage_key}/${file}`);
      if (!data) throw notFound('photo', row.id);
      return { data, contentType: file.endsWith('.webp') ? 'image/webp' : 'image/jpeg', etag: `"p${row.id}-${variant}-${row.storage_key.slice(-12)}"` };
    },

    // For the bulletins module.
    rowsByIds: (trx: Executor, ids: number[]) => store.findMany(trx, [...new Set(ids)]),
    rowsOfSessions: (trx: Executor, sessionIds: number[]) => store.listOfSessions(trx, sessionIds),
  };
  return service;
};
export type PhotoService = ReturnType<typeof makePhotoService>;
