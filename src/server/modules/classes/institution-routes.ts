import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INSTITUTION_IMAGE_MAX_BYTES, InstitutionBody, InstitutionDetail, InstitutionImageParams, idParams, UpdateInstitutionBody } from '../../../contracts';
import { permission } from '../../http';
import { AppError } from '../../lib/errors';
import type { InstitutionService } from './institution-service';

// Institutions on screen (#9): the administrator keeps them; staff read the list and the images.
export function institutionRoutes(app: FastifyInstance, deps: { institutions: InstitutionService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { institutions } = deps;
  const tags = ['institutions'];

  r.get(
    '/api/v1/institutions',
    {
      config: permission('staff'),
      schema: { tags, description: 'The institutions the caller works in (all for an administrator).', response: { 200: z.array(InstitutionDetail) } },
    },
    async (req) => institutions.list(req.actor!),
  );
  r.post(
    '/api/v1/institutions',
    {
      config: permission('admin'),
      schema: {
        tags,
        body: InstitutionBody,
        description: 'A code taken by another institution is a 409 on the field code.',
        response: { 201: InstitutionDetail },
      },
    },
    async (req, reply) => {
      const id = await institutions.create(req.actor, req.body);
      reply.code(201);
      return institutions.get(id);
    },
  );
  r.patch(
    '/api/v1/institutions/:institutionId',
    { config: permission('admin'), schema: { tags, params: idParams('institutionId'), body: UpdateInstitutionBody, response: { 200: InstitutionDetail } } },
    async (req) => institutions.update(req.actor!, req.params.institutionId, req.body),
  );
  r.put(
    '/api/v1/institutions/:institutionId/images/:kind',
    {
      config: permission('admin'),
      schema: {
        tags,
        params: InstitutionImageParams,
        consumes: ['multipart/form-data'],
        description: `multipart/form-data with one file part: PNG (transparency kept, for a seal) or JPEG, at most ${INSTITUTION_IMAGE_MAX_BYTES / 1024 / 1024} MB; checked and re-encoded like photos (no metadata kept), at most 2000 px on the longest edge. Replaces the earlier image of that kind.`,
        response: { 200: InstitutionDetail },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw new AppError('payload.unsupported_media_type', 415);
      // throwFileSizeLimit is honoured per call by @fastify/multipart although its types omit it.
      const options = { limits: { fileSize: INSTITUTION_IMAGE_MAX_BYTES, files: 1, fields: 5, parts: 6 }, throwFileSizeLimit: false };
      let upload: { data: Buffer | null; truncated?: boolean } = { data: null };
      for await (const part of req.parts(options as Parameters<typeof req.parts>[0])) {
        if (part.type !== 'file' || upload.data) continue;
        const data = await part.toBuffer();
        upload = { data, truncated: part.file.truncated };
      }
      return institutions.putImage(req.actor!, req.params.institutionId, req.params.kind, upload);
    },
  );
  r.delete(
    '/api/v1/institutions/:institutionId/images/:kind',
    { config: permission('admin'), schema: { tags, params: InstitutionImageParams, response: { 200: InstitutionDetail } } },
    async (req) => institutions.deleteImage(req.actor!, req.params.institutionId, req.params.kind),
  );
  r.get(
    '/api/v1/institutions/:institutionId/images/:kind',
    {
      config: permission('staff'),
      schema: { tags, params: InstitutionImageParams, description: 'The stored logo or seal (PNG or JPEG), for signed-in staff.' },
    },
    async (req, reply) => {
      const file = await institutions.readImage(req.params.institutionId, req.params.kind);
      reply.header('cache-control', 'private, max-age=86400').header('etag', file.etag);
      if (req.headers['if-none-match'] === file.etag) return reply.code(304).send();
      return reply.type(file.contentType).send(file.data);
    },
  );
}
