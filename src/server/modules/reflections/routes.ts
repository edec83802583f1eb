import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  EnrolmentInClassParams,
  idParams,
  REFLECTION_ATTACHMENT_MAX_BYTES,
  Reflection,
  ReflectionExcerpt,
  ReflectionList,
  ReflectionSettingsBody,
  ReviewReflectionBody,
  SaveReflectionBody,
} from '../../../contracts';
import { permission } from '../../http';
import { AppError } from '../../lib/errors';
import { download } from '../certificates/routes';
import type { ReflectionService, ReflectionUpload } from './service';

export function reflectionRoutes(app: FastifyInstance, deps: { reflections: ReflectionService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { reflections } = deps;
  const tags = ['reflections'];
  const mine = idParams('enrolmentId');

  // The trainee, on the phone.
  r.get(
    '/api/v1/me/enrolments/:enrolmentId/reflection',
    { config: permission('self'), schema: { tags, params: mine, response: { 200: Reflection } } },
    async (req) => reflections.mine(req.actor!, req.params.enrolmentId),
  );
  r.put(
    '/api/v1/me/enrolments/:enrolmentId/reflection',
    { config: permission('self'), schema: { tags, params: mine, body: SaveReflectionBody, summary: 'Save the draft', response: { 200: Reflection } } },
    async (req) => reflections.saveDraft(req.actor!, req.params.enrolmentId, req.body),
  );
  r.post(
    '/api/v1/me/enrolments/:enrolmentId/reflection/submit',
    { config: permission('self'), schema: { tags, params: mine, body: SaveReflectionBody, response: { 200: Reflection } } },
    async (req) => reflections.submit(req.actor!, req.params.enrolmentId, req.body),
  );
  r.post(
    '/api/v1/me/enrolments/:enrolmentId/reflection/attachment',
    {
      config: permission('self'),
      schema: {
        tags,
        params: mine,
        consumes: ['multipart/form-data'],
        description: `One file part: a photo (JPEG, PNG, WebP) or a PDF or Word file of at most ${REFLECTION_ATTACHMENT_MAX_BYTES / 1024 / 1024} MB; replaces the one before.`,
        response: { 200: Reflection },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw new AppError('payload.unsupported_media_type', 415);
      const options = { limits: { fileSize: REFLECTION_ATTACHMENT_MAX_BYTES, files: 1 }, throwFileSizeLimit: false };
      const part = await req.file(options as Parameters<typeof req.file>[0]);
      if (!part) throw new AppError('validation.failed', 400, {}, [{ field: 'file', code: 'required' }]);
      const data = await part.toBuffer();
      const upload: ReflectionUpload = part.file.truncated
        ? { filename: part.filename, error: 'reflection.attachment_too_large' }
        : { filename: part.filename, mimetype: part.mimetype, data };
      return reflections.attach(req.actor!, req.params.enrolmentId, upload);
    },
  );
  r.get('/api/v1/me/enrolments/:enrolmentId/reflection/attachment', { config: permission('self'), schema: { tags, params: mine } }, async (req, reply) => {
    const f = await reflections.myAttachment(req.actor!, req.params.enrolmentId);
    return download(reply, f.fileName, f.contentType, f.data);
  });

  // The class teacher, in the class workspace.
  r.get(
    '/api/v1/classes/:classId/reflections',
    { config: permission('reflection.review', 'class'), schema: { tags, params: idParams('classId'), response: { 200: ReflectionList } } },
    async (req) => reflections.listOfClass(req.params.classId),
  );
  r.put(
    '/api/v1/classes/:classId/reflections/settings',
    {
      config: permission('reflection.review', 'class'),
      schema: { tags, params: idParams('classId'), body: ReflectionSettingsBody, response: { 200: ReflectionList } },
    },
    async (req) => reflections.setMinWords(req.actor!, req.params.classId, req.body.minWords),
  );
  r.get(
    '/api/v1/classes/:classId/reflections/excerpts',
    {
      config: permission('bulletin.write', 'class'),
      schema: {
        tags,
        params: idParams('classId'),
        summary: 'Accepted reflections whose authors agreed to be quoted',
        response: { 200: z.array(ReflectionExcerpt) },
      },
    },
    async (req) => reflections.excerpts(req.params.classId),
  );
  r.get(
    '/api/v1/classes/:classId/reflections/:enrolmentId',
    { config: permission('reflection.review', 'class'), schema: { tags, params: EnrolmentInClassParams, response: { 200: Reflection } } },
    async (req) => reflections.getOfClass(req.params.classId, req.params.enrolmentId),
  );
  r.post(
    '/api/v1/classes/:classId/reflections/:enrolmentId/review',
    {
      config: permission('reflection.review', 'class'),
      schema: { tags, params: EnrolmentInClassParams, body: ReviewReflectionBody, response: { 200: Reflection } },
    },
    async (req) => reflections.review(req.actor!, req.params.classId, req.params.enrolmentId, req.body),
  );
  r.get(
    '/api/v1/classes/:classId/reflections/:enrolmentId/attachment',
    { config: permission('reflection.review', 'class'), schema: { tags, params: EnrolmentInClassParams } },
    async (req, reply) => {
      const f = await reflections.attachment(req.params.classId, req.params.enrolmentId);
      return download(reply, f.fileName, f.contentType, f.data);
    },
  );
}
