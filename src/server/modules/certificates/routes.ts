import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Certificate,
  CertificateJob,
  CertificateOptionsBody,
  CertificateParams,
  CertificatePreviewBody,
  CertificateSettings,
  EarlyIssueBody,
  Eligibility,
  Id,
  IssueBody,
  IssueResult,
  idParams,
  JobParams,
  KeepBody,
  MyCertificate,
  OkSchema,
  PublicVerification,
  ReissueBody,
  ReissueResult,
  RevokeBody,
  StartJobBody,
  UpdateCertificateSettingsBody,
} from '../../../contracts';
import { langOf, permission } from '../../http';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { pickLang } from '../../lib/i18n';
import { can } from '../../lib/permissions';
import type { CertificateService } from './service';
import { achievementPage, type Lang, type PageState, tibetanFont, VERIFY_SCRIPT, verifyPage } from './verify-page';

/** Sends bytes as a download with a UTF-8 file name (RFC 6266 / 5987) and an ASCII fallback. */
export function download(reply: FastifyReply, fileName: string, contentType: string, data: Buffer | string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'private, no-store')
    .send(data);
}

/** Whether an Accept header asks for JSON(-LD) rather than a page (a browser's asks for text/html first). */
export function wantsJson(accept: string | undefined) {
  const types = (accept ?? '')
    .split(',')
    .map((part) => {
      const [type, ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { type: type.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((t) => t.q > 0);
  const best = (match: (t: string) => boolean) => Math.max(0, ...types.filter((t) => match(t.type)).map((t) => t.q));
  const json = best((t) => t === 'application/ld+json' || t === 'application/json');
  return json > 0 && json >= best((t) => t === 'text/html');
}

/** The verification pages speak the visitor's language, or the one the link asks for. */
const pageLang = (req: FastifyRequest): Lang => {
  const q = (req.query as { lang?: string } | undefined)?.lang;
  if (q === 'en' || q === 'zh-CN' || q === 'bo') return q;
  const accept = req.headers['accept-language'];
  return accept?.trim().toLowerCase().startsWith('bo') ? 'bo' : pickLang(accept);
};

export function certificateRoutes(app: FastifyInstance, deps: { certificates: CertificateService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { certificates } = deps;
  const tags = ['certificates'];

  app.addHook('onClose', async () => certificates.drain());

  r.get(
    '/api/v1/classes/:classId/completion',
    { config: permission('certificates.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: Eligibility } } },
    async (req) => certificates.eligibility(req.params.classId, langOf(req)),
  );
  r.get(
    '/api/v1/classes/:classId/certificates',
    { config: permission('certificates.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: z.array(Certificate) } } },
    async (req) => certificates.list(req.params.classId),
  );
  r.post(
    '/api/v1/classes/:classId/certificates/issue',
    {
      config: permission('certificates.issue', 'class'),
      schema: { tags, params: idParams('classId'), body: IssueBody, response: { 200: IssueResult } },
    },
    async (req) => certificates.issue(req.actor!, req.params.classId, req.body, langOf(req)),
  );
  r.post(
    '/api/v1/classes/:classId/certificates/:certificateId/revoke',
    { config: permission('certificates.issue', 'class'), schema: { tags, params: CertificateParams, body: RevokeBody, response: { 200: Certificate } } },
    async (req) => certificates.revoke(req.actor!, req.params.classId, req.params.certificateId, req.body.reason),
  );
  r.post(
    '/api/v1/classes/:classId/certificates/:certificateId/reissue',
    {
      config: permission('certificates.issue', 'class'),
      schema: { tags, params: CertificateParams, body: ReissueBody, response: { 200: ReissueResult } },
    },
    async (req) => certificates.reissue(req.actor!, req.params.classId, req.params.certificateId, req.body.reason, langOf(req)),
  );
  // 需复核: the class teacher keeps a certificate the changed record contradicts (reissue and revoke above).
  r.post(
    '/api/v1/classes/:classId/certificates/:certificateId/keep',
    { config: permission('certificates.issue', 'class'), schema: { tags, params: CertificateParams, body: KeepBody, response: { 200: Certificate } } },
    async (req) => certificates.keep(req.actor!, req.params.classId, req.params.certificateId, req.body.reason, langOf(req)),
  );
  // An organizer allows issuing while the class still runs, once its last session has ended.
  r.post(
    '/api/v1/classes/:classId/certificates/early-issue',
    { config: permission('completion.manage', 'class'), schema: { tags, params: idParams('classId'), body: EarlyIssueBody, response: { 200: OkSchema } } },
    async (req) => {
      await certificates.allowEarlyIssue(req.actor!, req.params.classId, req.body.reason);
      return { ok: true as const };
    },
  );
  // The institution's certificate wording (organizers change it) and a specimen PDF of it for this class.
  r.get(
    '/api/v1/classes/:classId/certificate-settings',
    { config: permission('certificates.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: CertificateSettings } } },
    async (req) => certificates.settingsFor(req.params.classId, can(req.actor, 'institution.manage', req.scope ?? undefined)),
  );
  r.put(
    '/api/v1/classes/:classId/certificate-settings',
    {
      config: permission('institution.manage', 'class'),
      schema: { tags, params: idParams('classId'), body: UpdateCertificateSettingsBody, response: { 200: CertificateSettings } },
    },
    async (req) => {
      await certificates.updateSettings(req.actor!, req.params.classId, req.body);
      return certificates.settingsFor(req.params.classId, true);
    },
  );
  r.post(
    '/api/v1/classes/:classId/certificate-preview',
    { config: permission('certificates.read', 'class'), schema: { tags, params: idParams('classId'), body: CertificatePreviewBody } },
    async (req, reply) => {
      const f = await certificates.preview(req.params.classId, req.body);
      return download(reply, f.fileName, 'application/pdf', f.data);
    },
  );
  r.put(
    '/api/v1/classes/:classId/certificate-options',
    {
      config: permission('completion.manage', 'class'),
      schema: { tags, params: idParams('classId'), body: CertificateOptionsBody, response: { 200: OkSchema } },
    },
    async (req) => {
      await certificates.setBilingual(req.actor!, req.params.classId, req.body.bilingual);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/v1/classes/:classId/certificates/:certificateId/pdf',
    { config: permission('certificates.read', 'class'), schema: { tags, params: CertificateParams } },
    async (req, reply) => {
      const f = await certificates.pdf(req.params.classId, req.params.certificateId);
      return download(reply, f.fileName, 'application/pdf', f.data);
    },
  );
  r.get(
    '/api/v1/classes/:classId/certificates/:certificateId/credential',
    { config: permission('certificates.read', 'class'), schema: { tags, params: CertificateParams } },
    async (req, reply) => {
      const f = await certificates.credential(req.params.classId, req.params.certificateId);
      return download(reply, f.fileName, 'application/jwt', f.jwt);
    },
  );

  // Batch jobs (zip or multi-page PDF, optionally issuing first). Reading and downloading a job's
  // file is for everyone who may read certificates; starting one is heavy work, for those who run
  // the class (a read-only sponsor downloads certificates one by one) (#14).
  r.post(
    '/api/v1/classes/:classId/certificate-jobs',
    {
      config: permission('certificates.issue', 'class'),
      schema: { tags, params: idParams('classId'), body: StartJobBody, response: { 202: CertificateJob } },
    },
    async (req, reply) => {
      if (req.body.kind === 'issue' && !can(req.actor, 'certificates.issue', req.scope ?? undefined)) throw forbidden();
      const job = await certificates.startJob(req.actor!, req.params.classId, req.body);
      reply.code(202);
      return job;
    },
  );
  r.get(
    '/api/v1/classes/:classId/certificate-jobs',
    { config: permission('certificates.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: z.array(CertificateJob) } } },
    async (req) => certificates.listJobs(req.params.classId),
  );
  r.get(
    '/api/v1/classes/:classId/certificate-jobs/:jobId',
    { config: permission('certificates.read', 'class'), schema: { tags, params: JobParams, response: { 200: CertificateJob } } },
    async (req) => certificates.getJob(req.params.classId, req.params.jobId),
  );
  r.get(
    '/api/v1/classes/:classId/certificate-jobs/:jobId/file',
    { config: permission('certificates.read', 'class'), schema: { tags, params: JobParams } },
    async (req, reply) => {
      const f = await certificates.jobFile(req.params.classId, req.params.jobId);
      return download(reply, f.fileName, f.contentType, f.data);
    },
  );

  // The trainee's own certificates, on their phone.
  r.get('/api/v1/me/certificates', { config: permission('self'), schema: { tags, response: { 200: z.array(MyCertificate) } } }, async (req) =>
    certificates.listMine(req.actor!.personId!),
  );
  r.get(
    '/api/v1/me/certificates/:certificateId/:format',
    { config: permission('self'), schema: { tags, params: z.object({ certificateId: Id, format: z.enum(['pdf', 'credential']) }) } },
    async (req, reply) => {
      const f = await certificates.myFile(req.actor!.personId!, req.params.certificateId, req.params.format === 'pdf' ? 'pdf' : 'jwt');
      return download(reply, f.fileName, req.params.format === 'pdf' ? 'application/pdf' : 'application/jwt', f.data);
    },
  );

  // Public: verification (JSON for programs, HTML for people), the revocation list the signed
  // credentials point at, and the issuer profile. Every request counts against the address's limit.
  const limited = async (req: FastifyRequest) => !(await certificates.allowVerification(req.ip));

  r.get(
    '/api/v1/public/verify/:token',
    { config: permission('public'), schema: { tags, params: z.object({ token: z.string().max(200) }), response: { 200: PublicVerification } } },
    async (req) => {
      if (await limited(req)) throw new AppError('rate_limited', 429);
      const found = await certificates.verifyToken(req.params.token);
      if (!found) throw new AppError('not_found', 404, { entity: 'certificate' });
      return found;
    },
  );
  r.get(
    '/api/v1/public/revocation-lists/:code',
    {
      config: permission('public'),
      schema: {
        tags,
        params: z.object({ code: z.string().max(40) }),
        response: {
          200: z.object({ id: z.string(), issuer: z.string(), revokedCredentials: z.array(z.object({ id: z.string(), revocationReason: z.string() })) }),
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=60').header('access-control-allow-origin', '*');
      return certificates.revocationList(req.params.code);
    },
  );

  // The W3C Bitstring Status Lists the credentials' credentialStatus names: signed, as vc+jwt.
  r.get(
    '/api/v1/public/status-lists/:code/:list',
    {
      config: permission('public'),
      schema: { tags, params: z.object({ code: z.string().max(40), list: z.coerce.number().int().min(1).max(1_000_000) }) },
    },
    async (req, reply) => {
      const jwt = await certificates.statusList(req.params.code, req.params.list);
      // The list's ttl is the specification's default, 300 s; caches follow it.
      return reply
        .header('content-type', 'application/vc+jwt')
        .header('cache-control', 'public, max-age=300')
        .header('access-control-allow-origin', '*')
        .send(jwt);
    },
  );

  // HTML pages live in their own plugin scope: the credential form posts urlencoded text, a
  // content type only these routes accept.
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 128 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const s = scope.withTypeProvider<ZodTypeProvider>();
    const page = (req: FastifyRequest, reply: FastifyReply, state: PageState, status = 200) =>
      reply
        .code(status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .send(verifyPage(state, pageLang(req), req.url));

    s.get('/verify/verify.js', { config: permission('public'), schema: { hide: true } }, async (_req, reply) =>
      reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(VERIFY_SCRIPT),
    );
    // The Tibetan web font of the page (the trainee pages' subset), under its content hash.
    s.get(
      '/verify/fonts/:font',
      { config: permission('public'), schema: { hide: true, params: z.object({ font: z.string().regex(/^tibetan-[0-9a-f]{12}\.woff2$/) }) } },
      async (req, reply) => {
        const font = tibetanFont();
        if (`/verify/fonts/${req.params.font}` !== font.path) throw notFound('file', req.params.font);
        return reply.header('content-type', 'font/woff2').header('cache-control', 'public, max-age=31536000, immutable').send(font.data);
      },
    );
    s.get(
      '/verify',
      {
        config: permission('public'),
        schema: {
          hide: true,
          querystring: z.object({ serial: z.string().max(200).optional(), name: z.string().max(200).optional(), lang: z.string().max(10).optional() }),
        },
      },
      async (req, reply) => {
        const { serial, name } = req.query;
        if (!serial && !name) return page(req, reply, { kind: 'form' });
        if (await limited(req)) return page(req, reply, { kind: 'rate_limited' }, 429);
        const found = await certificates.verifySerialName(serial ?? '', name ?? '');
        return found ? page(req, reply, { kind: 'result', certificate: found }) : page(req, reply, { kind: 'not_found', serial, name }, 404);
      },
    );
    s.get(
      '/verify/:token',
      {
        config: permission('public'),
        schema: { hide: true, params: z.object({ token: z.string().max(200) }), querystring: z.object({ lang: z.string().max(10).optional() }) },
      },
      async (req, reply) => {
        if (await limited(req)) return page(req, reply, { kind: 'rate_limited' }, 429);
        const found = await certificates.verifyToken(req.params.token);
        return found ? page(req, reply, { kind: 'result', certificate: found }) : page(req, reply, { kind: 'bad_link' }, 404);
      },
    );
    s.post(
      '/verify/credential',
      { config: permission('public'), schema: { hide: true, querystring: z.object({ lang: z.string().max(10).optional() }) } },
      async (req, reply) => {
        if (await limited(req)) return page(req, reply, { kind: 'rate_limited' }, 429);
        const body = req.body as Record<string, unknown> | string | undefined;
        const text = typeof body === 'string' ? body : typeof body?.credential === 'string' ? body.credential : '';
        const result = await certificates.verifyCredential(text.slice(0, 64 * 1024));
        if (result.outcome === 'verified' && result.certificate)
          return page(req, reply, { kind: 'result', certificate: result.certificate, credential: 'verified' });
        return page(req, reply, { kind: 'credential_problem', outcome: result.outcome }, 422);
      },
    );
    // The achievement a class's credentials embed: JSON-LD for programs that ask for it, a page for people.
    s.get(
      '/achievements/:achievement',
      {
        config: permission('public'),
        schema: {
          hide: true,
          params: z.object({ achievement: z.string().regex(/^class-\d{1,9}$/) }),
          querystring: z.object({ lang: z.string().max(10).optional() }),
        },
      },
      async (req, reply) => {
        const found = await certificates.achievement(Number(req.params.achievement.slice(6)));
        reply.header('vary', 'Accept').header('access-control-allow-origin', '*');
        if (wantsJson(req.headers.accept)) return reply.header('content-type', 'application/ld+json').send(found.document);
        return reply.header('content-type', 'text/html; charset=utf-8').send(achievementPage(found.page, pageLang(req), req.url));
      },
    );
    s.get('/issuers/:code', { config: permission('public'), schema: { hide: true, params: z.object({ code: z.string().max(40) }) } }, async (req, reply) => {
      const profile = await certificates.issuerProfile(req.params.code);
      return reply.header('content-type', 'application/ld+json').header('access-control-allow-origin', '*').send(profile);
    });
  });
}
