import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, OkSchema } from '../../../contracts';
import {
  PHOTO_MAX_BYTES,
  PHOTO_MAX_FILES,
  Photo,
  PhotoVariant,
  PhotoWall,
  ReorderPhotosBody,
  UpdatePhotoBody,
  UploadPhotosResult,
} from '../../../contracts/photos';
import { permission } from '../../http';
import { AppError } from '../../lib/errors';
import type { PhotoService, Upload } from './service';

export function photoRoutes(app: FastifyInstance, deps: { photos: PhotoService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { photos } = deps;
  const tags = ['photos'];

  r.get(
    '/api/v1/classes/:classId/photos',
    { config: permission('photo.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: PhotoWall } } },
    async (req) => photos.wall(req.params.classId),
  );
  r.get(
    '/api/v1/sessions/:sessionId/photos',
    { config: permission('photo.read', 'session'), schema: { tags, params: idParams('sessionId'), response: { 200: z.array(Photo) } } },
    async (req) => photos.listSession(req.params.sessionId),
  );
  r.post(
    '/api/v1/sessions/:sessionId/photos',
    {
      config: permission('photo.write', 'session'),
      schema: {
        tags,
        params: idParams('sessionId'),
        consumes: ['multipart/form-data'],
        description: `multipart/form-data with one or more file parts (any field name): JPEG, PNG, WebP or HEIF/AVIF, at most ${PHOTO_MAX_FILES} files of ${PHOTO_MAX_BYTES / 1024 / 1024} MB each. All or nothing: if any file is refused, none is kept and each refused file is named in errors[] as files[i].`,
        response: { 201: UploadPhotosResult },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('payload.unsupported_media_type', 415);
      // throwFileSizeLimit is honoured per call by @fastify/multipart although its types omit it.
      const options = { limits: { fileSize: PHOTO_MAX_BYTES, files: PHOTO_MAX_FILES, fields: 50, parts: PHOTO_MAX_FILES + 50 }, throwFileSizeLimit: false };
      const parts = req.parts(options as Parameters<typeof req.parts>[0]);
      async function* uploads(): AsyncGenerator<Upload> {
        try {
          for await (const part of parts) {
            if (part.type !== 'file') continue;
            const data = await part.toBuffer();
            // A file over the limit arrives cut off; name it rather than failing the whole stream.
            yield part.file.truncated ? { filename: part.filename || null, error: 'photo.too_large' } : { filename: part.filename || null, data };
          }
        } catch (e) {
          if ((e as { code?: string }).code === 'FST_FILES_LIMIT') {
            throw new AppError('validation.failed', 400, {}, [{ field: 'files', code: 'photo.too_many_files', params: { max: PHOTO_MAX_FILES } }]);
          }
          throw e;
        }
      }
      const result = await photos.upload(req.actor!, req.params.sessionId, uploads());
      reply.code(201);
      return { photos: result };
    },
  );
  r.put(
    '/api/v1/sessions/:sessionId/photos/order',
    {
      config: permission('photo.write', 'session'),
      schema: { tags, params: idParams('sessionId'), body: ReorderPhotosBody, response: { 200: z.array(Photo) } },
    },
    async (req) => photos.reorder(req.actor!, req.params.sessionId, req.body.photoIds),
  );
  r.patch(
    '/api/v1/photos/:photoId',
    { config: permission('photo.write', 'photo'), schema: { tags, params: idParams('photoId'), body: UpdatePhotoBody, response: { 200: Photo } } },
    async (req) => photos.update(req.actor!, req.params.photoId, req.body),
  );
  r.delete(
    '/api/v1/photos/:photoId',
    { config: permission('photo.write', 'photo'), schema: { tags, params: idParams('photoId'), response: { 200: OkSchema } } },
    async (req) => {
      await photos.remove(req.actor!, req.params.photoId);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/v1/photos/:photoId/:variant',
    {
      config: permission('photo.read', 'photo'),
      schema: {
        tags,
        params: idParams('photoId').extend({ variant: PhotoVariant }),
        description: 'The bytes of one stored copy (EXIF-free JPEG, WebP for thumb).',
      },
    },
    async (req, reply) => {
      const file = await photos.read(req.params.photoId, req.params.variant);
      // A stored copy never changes (a new upload gets a new key), so the browser may keep it.
      reply.header('cache-control', 'private, max-age=31536000, immutable').header('etag', file.etag);
      if (req.headers['if-none-match'] === file.etag) return reply.code(304).send();
      return reply.type(file.contentType).send(file.data);
    },
  );
}
