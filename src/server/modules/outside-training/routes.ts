import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  idParams,
  OUTSIDE_CERTIFICATE_MAX_BYTES,
  OutsideTraining,
  OutsideTrainingBody,
  OutsideTrainingQuery,
  ReviewOutsideTrainingBody,
} from '../../../contracts';
import { permission } from '../../http';
import { AppError } from '../../lib/errors';
import { download } from '../certificates/routes';
import type { CertificateUpload, OutsideTrainingService } from './service';

/** The one file part of a certificate upload; one past the limit is reported by name, not cut. */
async function certificatePart(req: FastifyRequest): Promise<CertificateUpload> {
  if (!req.isMultipart()) throw new AppError('payload.unsupported_media_type', 415);
  const options = { limits: { fileSize: OUTSIDE_CERTIFICATE_MAX_BYTES, files: 1 }, throwFileSizeLimit: false };
  const part = await req.file(options as Parameters<typeof req.file>[0]);
  if (!part) throw new AppError('validation.failed', 400, {}, [{ field: 'file', code: 'required' }]);
  const data = await part.toBuffer();
  return part.file.truncated ? { filename: part.filename, error: 'outside.certificate_too_large' } : { filename: part.filename, data };
}

const uploadSchema = {
  consumes: ['multipart/form-data'],
  description: `One file part: a photo (JPEG, PNG, WebP) or a PDF of the certificate, at most ${OUTSIDE_CERTIFICATE_MAX_BYTES / 1024 / 1024} MB; replaces the one before.`,
  response: { 200: OutsideTraining },
};

export function outsideTrainingRoutes(app: FastifyInstance, deps: { outsideTraining: OutsideTrainingService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = deps.outsideTraining;
  const tags = ['outside-training'];
  const mine = idParams('trainingId');
  const inInstitution = idParams('institutionId', 'trainingId');

  // The trainee, on the phone.
  r.get('/api/v1/me/outside-trainings', { config: permission('self'), schema: { tags, response: { 200: z.array(OutsideTraining) } } }, async (req) =>
    svc.listMine(req.actor!),
  );
  r.post(
    '/api/v1/me/outside-trainings',
    {
      config: permission('self'),
      schema: { tags, body: OutsideTrainingBody, summary: 'Record training taken elsewhere, for review', response: { 200: OutsideTraining } },
    },
    async (req) => svc.recordMine(req.actor!, req.body),
  );
  r.post('/api/v1/me/outside-trainings/:trainingId/certificate', { config: permission('self'), schema: { tags, params: mine, ...uploadSchema } }, async (req) =>
    svc.attachMine(req.actor!, req.params.trainingId, await certificatePart(req)),
  );
  r.get('/api/v1/me/outside-trainings/:trainingId/certificate', { config: permission('self'), schema: { tags, params: mine } }, async (req, reply) => {
    const f = await svc.myCertificate(req.actor!, req.params.trainingId);
    return download(reply, f.fileName, f.contentType, f.data);
  });

  // The 教务 office: the review queue and recording for one person.
  r.get(
    '/api/v1/institutions/:institutionId/outside-trainings',
    {
      config: permission('hours.recognise', 'institution'),
      schema: { tags, params: idParams('institutionId'), querystring: OutsideTrainingQuery, response: { 200: z.array(OutsideTraining) } },
    },
    async (req) => svc.list(req.params.institutionId, req.query),
  );
  r.post(
    '/api/v1/institutions/:institutionId/people/:personId/outside-trainings',
    {
      config: permission('hours.recognise', 'institution'),
      schema: { tags, params: idParams('institutionId', 'personId'), body: OutsideTrainingBody, response: { 200: OutsideTraining } },
    },
    async (req) => svc.recordFor(req.actor!, req.params.institutionId, req.params.personId, req.body),
  );
  r.post(
    '/api/v1/institutions/:institutionId/outside-trainings/:trainingId/certificate',
    { config: permission('hours.recognise', 'institution'), schema: { tags, params: inInstitution, ...uploadSchema } },
    async (req) => svc.attachFor(req.actor!, req.params.institutionId, req.params.trainingId, await certificatePart(req)),
  );
  r.get(
    '/api/v1/institutions/:institutionId/outside-trainings/:trainingId/certificate',
    { config: permission('hours.recognise', 'institution'), schema: { tags, params: inInstitution } },
    async (req, reply) => {
      const f = await svc.certificate(req.params.institutionId, req.params.trainingId);
      return download(reply, f.fileName, f.contentType, f.data);
    },
  );
  r.post(
    '/api/v1/institutions/:institutionId/outside-trainings/:trainingId/review',
    {
      config: permission('hours.recognise', 'institution'),
      schema: { tags, params: inInstitution, body: ReviewOutsideTrainingBody, response: { 200: OutsideTraining } },
    },
    async (req) => svc.review(req.actor!, req.params.institutionId, req.params.trainingId, req.body),
  );
}
