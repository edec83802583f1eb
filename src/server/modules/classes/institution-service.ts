import { randomUUID } from 'node:crypto';
import { INSTITUTION_IMAGE_MAX_BYTES, type InstitutionImageKind } from '../../../contracts';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { FileStorage } from '../../storage';
import type { AuditService } from '../audit/service';
import { DEFAULT_SERIAL_PATTERN } from '../completion/service';
import { PhotoRejected, processDocumentImage } from '../photos/images';
import { type InstitutionStore, isUniqueViolation } from './institution-store';

// Institutions and their settings (#9): name, short name, code (unique), the default certificate
// serial pattern new classes start from, and the logo and seal images documents print. A use case
// of the classes module, which owns the `institutions` table; the classes service delegates here.

/** Longest edge a stored logo or seal keeps (enough for print at 600 dpi across 8 cm). */
const IMAGE_MAX_EDGE = 2000;

const IMAGE_CODES: Record<PhotoRejected['code'], string> = {
  'photo.empty': 'image.missing',
  'photo.unsupported_type': 'image.unsupported_type',
  'photo.heic_unsupported': 'image.unsupported_type',
  'photo.too_many_pixels': 'image.too_many_pixels',
  'photo.unreadable': 'image.unreadable',
};

export type InstitutionInput = { name: string; shortName?: string | null; code: string; serialPattern?: string | null; sponsorsSeePhones?: boolean };

export const makeInstitutionService = (deps: {
  database: Database;
  store: InstitutionStore;
  audit: Pick<AuditService, 'record'>;
  storage: FileStorage;
  /** Called inside the transaction that creates an institution (evaluations seeds its built-in templates; wired in app.ts). */
  onInstitutionCreated?: (trx: Executor, institutionId: number) => Promise<void>;
}) => {
  const { database, store, audit, storage } = deps;
  const db = database.db;

  const duplicateCode = (code: string) =>
    new AppError('institution.duplicate_code', 409, { code }, [{ field: 'code', code: 'institution.duplicate_code', params: { code } }]);

  async function details(trx: Executor, rows: Row<'institutions'>[]) {
    const images = await store.images(
      trx,
      rows.map((r) => r.id),
    );
    const imageOf = (id: number, kind: InstitutionImageKind) => {
      const img = images.find((i) => i.institution_id === id && i.kind === kind);
      return img
        ? {
            kind,
            contentType: img.content_type,
            width: img.width,
            height: img.height,
            bytes: img.bytes,
            uploadedAt: img.uploaded_at,
            url: `/api/v1/institutions/${id}/images/${kind}?v=${encodeURIComponent(img.storage_key.slice(-12))}`,
          }
        : null;
    };
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      shortName: r.short_name,
      code: r.code,
      serialPattern: r.serial_pattern,
      defaultSerialPattern: DEFAULT_SERIAL_PATTERN,
      sponsorsSeePhones: r.sponsors_see_phones === 1,
      images: { logo: imageOf(r.id, 'logo'), seal: imageOf(r.id, 'seal') },
    }));
  }

  async function detail(trx: Executor, id: number) {
    const row = await store.find(trx, id);
    if (!row) throw notFound('institution', id);
    return (await details(trx, [row]))[0];
  }

  async function requireInstitution(trx: Executor, id: number) {
    const row = await store.find(trx, id);
    if (!row) throw notFound('institution', id);
    return row;
  }

  return {
    /** The institutions the actor works in (all of them for an administrator). */
    async list(actor: Actor) {
      const ids = actor.isAdmin ? 'all' : [...new Set(actor.grants.map((g) => g.institutionId))];
      return details(db, await store.list(db, ids));
    },
    get: (id: number) => detail(db, id),

    async create(actor: Actor | null, input: InstitutionInput, trx?: Executor) {
      const run = async (t: Executor) => {
        const inserted = await store.insert(t, {
          name: input.name,
          short_name: input.shortName ?? null,
          code: input.code,
          serial_pattern: input.serialPattern ?? null,
          sponsors_see_phones: input.sponsorsSeePhones ? 1 : 0,
          created_at: nowIso(),
        });
        if (!inserted) throw duplicateCode(input.code);
        await audit.record(t, actor, { action: 'institution.create', entity: 'institution', entityId: inserted.id, after: input });
        await deps.onInstitutionCreated?.(t, inserted.id);
        return inserted.id;
      };
      return trx ? run(trx) : database.transaction(run);
    },

    async update(actor: Actor, id: number, patch: Partial<InstitutionInput>) {
      try {
        return await database.transaction(async (trx) => {
          const before = await requireInstitution(trx, id);
          if (patch.code !== undefined && patch.code !== before.code && (await store.codeTakenByOther(trx, patch.code, id))) throw duplicateCode(patch.code);
          await store.update(trx, id, {
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.shortName !== undefined && { short_name: patch.shortName }),
            ...(patch.code !== undefined && { code: patch.code }),
            ...(patch.serialPattern !== undefined && { serial_pattern: patch.serialPattern }),
            ...(patch.sponsorsSeePhones !== undefined && { sponsors_see_phones: patch.sponsorsSeePhones ? 1 : 0 }),
          });
          await audit.record(trx, actor, {
            action: 'institution.update',
            entity: 'institution',
            entityId: id,
            before: {
              name: before.name,
              shortName: before.short_name,
              code: before.code,
              serialPattern: before.serial_pattern,
              sponsorsSeePhones: before.sponsors_see_phones === 1,
            },
            after: patch,
          });
          return detail(trx, id);
        });
      } catch (e) {
        // Two renames to one code at the same moment on PostgreSQL: the constraint decides.
        if (patch.code !== undefined && isUniqueViolation(e)) throw duplicateCode(patch.code);
        throw e;
      }
    },

    /** Stores a new logo or seal (PNG or JPEG, checked and re-encoded like photos) in place of the old one. */
    async putImage(actor: Actor, id: number, kind: InstitutionImageKind, upload: { data: Buffer | null; truncated?: boolean }) {
      await requireInstitution(db, id);
      const refuse = (code: string, params: Record<string, unknown> = {}) => new AppError('validation.failed', 400, {}, [{ field: 'file', code, params }]);
      if (upload.truncated) throw refuse('image.too_large', { mb: INSTITUTION_IMAGE_MAX_BYTES / 1024 / 1024 });
      if (!upload.data) throw refuse('image.missing');
      let image: Awaited<ReturnType<typeof processDocumentImage>>;
      try {
        image = await processDocumentImage(upload.data, IMAGE_MAX_EDGE);
      } catch (e) {
        if (e instanceof PhotoRejected) throw refuse(IMAGE_CODES[e.code], e.params);
        throw e;
      }
      const key = `institutions/${id}/${kind}-${randomUUID()}.${image.ext}`;
      await storage.put(key, image.data, image.contentType);
      let replaced: string | null = null;
      try {
        const result = await database.transaction(async (trx) => {
          const before = await store.image(trx, id, kind);
          replaced = before?.storage_key ?? null;
          await store.putImage(trx, {
            institution_id: id,
            kind,
            storage_key: key,
            content_type: image.contentType,
            width: image.width,
            height: image.height,
            bytes: image.data.length,
            uploaded_at: nowIso(),
            uploaded_by: actor.userId,
          });
          await audit.record(trx, actor, {
            action: 'institution.image',
            entity: 'institution',
            entityId: id,
            before: before ? { kind, width: before.width, height: before.height, bytes: before.bytes } : null,
            after: { kind, contentType: image.contentType, width: image.width, height: image.height, bytes: image.data.length },
          });
          return detail(trx, id);
        });
        if (replaced) await storage.delete(replaced).catch(() => undefined);
        return result;
      } catch (e) {
        await storage.delete(key).catch(() => undefined);
        throw e;
      }
    },

    async deleteImage(actor: Actor, id: number, kind: InstitutionImageKind) {
      let key: string | null = null;
      const result = await database.transaction(async (trx) => {
        await requireInstitution(trx, id);
        const before = await store.image(trx, id, kind);
        if (!before) throw notFound('institution_image', kind);
        key = before.storage_key;
        await store.deleteImage(trx, id, kind);
        await audit.record(trx, actor, { action: 'institution.image_delete', entity: 'institution', entityId: id, before: { kind } });
        return detail(trx, id);
      });
      if (key) await storage.delete(key).catch(() => undefined);
      return result;
    },

    /**
     * The bytes of an institution's logo or seal, for documents (the certificate PDF prints the
     * seal): PNG (transparency kept) or JPEG, at most 2000 px on the longest edge. Null when none
     * was uploaded.
     */
    async documentImage(institutionId: number, kind: InstitutionImageKind, trx: Executor = db) {
      const row = await store.image(trx, institutionId, kind);
      if (!row) return null;
      const data = await storage.get(row.storage_key);
      if (!data) return null;
      return { data, contentType: row.content_type as 'image/png' | 'image/jpeg', width: row.width, height: row.height };
    },

    async readImage(institutionId: number, kind: InstitutionImageKind) {
      const row = await store.image(db, institutionId, kind);
      const data = row ? await storage.get(row.storage_key) : null;
      if (!row || !data) throw notFound('institution_image', kind);
      return { data, contentType: row.content_type, etag: `"i${institutionId}-${kind}-${row.storage_key.slice(-12)}"` };
    },

    /** The serial pattern a class of this institution starts from: the institution's, or the built-in default. */
    async serialPatternOf(trx: Executor, institutionId: number) {
      return (await store.find(trx, institutionId))?.serial_pattern ?? DEFAULT_SERIAL_PATTERN;
    },

    findByCode: (code: string, trx: Executor = db) => store.findByCode(trx, code),
    findById: (id: number, trx: Executor = db) => store.find(trx, id),
    /** hardening (#14): the personal-data settings other modules ask about (whether sponsors see phones). */
    async settings(trx: Executor, id: number) {
      const row = await requireInstitution(trx, id);
      return { sponsorsSeePhones: row.sponsors_see_phones === 1 };
    },
  };
};
export type InstitutionService = ReturnType<typeof makeInstitutionService>;
