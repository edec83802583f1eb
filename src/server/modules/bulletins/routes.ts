import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, idParams, OkSchema } from '../../../contracts';
import {
  Bulletin,
  BulletinContent,
  BulletinSummary,
  BulletinVersion,
  BulletinVersionDetail,
  CreateBulletinBody,
  DraftQuery,
  PublishBody,
  RevisionBody,
  SaveBulletinBody,
} from '../../../contracts/bulletins';
import { PhotoVariant } from '../../../contracts/photos';
import { permission } from '../../http';
import { AppError } from '../../lib/errors';
import { can } from '../../lib/permissions';
import type { BulletinFormat, BulletinService } from './service';

const GONE_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>简报不可用</title></head>
<body style="font-family:sans-serif;text-align:center;padding:64px 16px;color:#444"><h1 style="font-size:22px">此简报链接无效或已停用</h1><p>This bulletin link is not valid or has been withdrawn.</p></body></html>`;

const canWrite = (req: FastifyRequest) => Boolean(req.scope && can(req.actor, 'bulletin.write', req.scope));

function sendFile(reply: FastifyReply, file: { data: Buffer; filename: string; contentType: string }, inline: boolean) {
  return reply
    .type(file.contentType)
    .header(
      'content-disposition',
      `${inline ? 'inline' : 'attachment'}; filename="bulletin.${file.filename.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .header('cache-control', 'private, no-store')
    .send(file.data);
}

export function bulletinRoutes(app: FastifyInstance, deps: { bulletins: BulletinService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { bulletins } = deps;
  const tags = ['bulletins'];
  const bulletinParams = idParams('bulletinId');
  const versionParams = idParams('bulletinId', 'revision');

  r.get(
    '/api/v1/classes/:classId/bulletins',
    { config: permission('bulletin.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: z.array(BulletinSummary) } } },
    async (req) => bulletins.list(req.params.classId, canWrite(req)),
  );
  r.get(
    '/api/v1/classes/:classId/bulletin-draft',
    {
      config: permission('bulletin.write', 'class'),
      schema: {
        tags,
        description: 'Content drafted from the class record (not saved), e.g. to refill an open draft.',
        params: idParams('classId'),
        querystring: DraftQuery,
        response: { 200: z.object({ from: z.string(), to: z.string(), content: BulletinContent }) },
      },
    },
    async (req) => bulletins.draftContent(req.params.classId, req.query),
  );
  r.post(
    '/api/v1/classes/:classId/bulletins',
    { config: permission('bulletin.write', 'class'), schema: { tags, params: idParams('classId'), body: CreateBulletinBody, response: { 201: Bulletin } } },
    async (req, reply) => {
      const b = await bulletins.create(req.actor!, req.params.classId, req.body);
      reply.code(201);
      return b;
    },
  );
  r.get(
    '/api/v1/bulletins/:bulletinId',
    { config: permission('bulletin.read', 'bulletin'), schema: { tags, params: bulletinParams, response: { 200: Bulletin } } },
    async (req) => bulletins.get(req.params.bulletinId, canWrite(req)),
  );
  r.put(
    '/api/v1/bulletins/:bulletinId',
    { config: permission('bulletin.write', 'bulletin'), schema: { tags, params: bulletinParams, body: SaveBulletinBody, response: { 200: Bulletin } } },
    async (req) => bulletins.save(req.actor!, req.params.bulletinId, req.body),
  );
  r.delete(
    '/api/v1/bulletins/:bulletinId',
    { config: permission('bulletin.write', 'bulletin'), schema: { tags, params: bulletinParams, response: { 200: OkSchema } } },
    async (req) => {
      await bulletins.remove(req.actor!, req.params.bulletinId);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/v1/bulletins/:bulletinId/versions',
    { config: permission('bulletin.write', 'bulletin'), schema: { tags, params: bulletinParams, response: { 200: z.array(BulletinVersion) } } },
    async (req) => bulletins.versions(req.params.bulletinId),
  );
  r.get(
    '/api/v1/bulletins/:bulletinId/versions/:revision',
    { config: permission('bulletin.write', 'bulletin'), schema: { tags, params: versionParams, response: { 200: BulletinVersionDetail } } },
    async (req) => bulletins.version(req.params.bulletinId, req.params.revision),
  );
  r.post(
    '/api/v1/bulletins/:bulletinId/versions/:revision/restore',
    { config: permission('bulletin.write', 'bulletin'), schema: { tags, params: versionParams, body: RevisionBody, response: { 200: Bulletin } } },
    async (req) => bulletins.restore(req.actor!, req.params.bulletinId, req.params.revision, req.body.revision),
  );
  r.post(
    '/api/v1/bulletins/:bulletinId/publish',
    { config: permission('bulletin.write', 'bulletin'), schema: { tags, params: bulletinParams, body: PublishBody, response: { 200: Bulletin } } },
    async (req) => bulletins.publish(req.actor!, req.params.bulletinId, req.body),
  );
  r.put(
    '/api/v1/bulletins/:bulletinId/public-link',
    {
      config: permission('bulletin.write', 'bulletin'),
      schema: { tags, params: bulletinParams, body: z.object({ enabled: z.boolean() }), response: { 200: Bulletin } },
    },
    async (req) => bulletins.setPublicLink(req.actor!, req.params.bulletinId, req.body.enabled),
  );

  for (const format of ['pdf', 'docx'] as const satisfies BulletinFormat[]) {
    r.get(
      `/api/v1/bulletins/:bulletinId/${format}`,
      { config: permission('bulletin.read', 'bulletin'), schema: { tags, params: bulletinParams, description: `The issue as ${format.toUpperCase()}.` } },
      async (req, reply) => sendFile(reply, await bulletins.renderFile(req.params.bulletinId, format, canWrite(req)), false),
    );
  }
  r.get(
    '/api/v1/bulletins/:bulletinId/page',
    { config: permission('bulletin.read', 'bulletin'), schema: { tags, params: bulletinParams, description: 'The issue as a web page (signed-in view).' } },
    async (req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(await bulletins.renderPage(req.params.bulletinId, canWrite(req))),
  );

  // Public link of a published issue: anyone holding the unguessable token, nothing else.
  const tokenParams = z.object({ token: z.string().max(64) });
  r.get('/b/:token', { config: permission('public'), schema: { hide: true, params: tokenParams } }, async (req, reply) => {
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-cache').type('text/html; charset=utf-8');
    try {
      return reply.send(await bulletins.renderPublicPage(req.params.token));
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 404) throw e;
      // Someone following a withdrawn or mistyped link gets a page, not JSON.
      return reply.code(404).send(GONE_PAGE);
    }
  });
  for (const format of ['pdf', 'docx'] as const) {
    r.get(`/b/:token/${format}`, { config: permission('public'), schema: { hide: true, params: tokenParams } }, async (req, reply) =>
      sendFile(reply, await bulletins.renderPublicFile(req.params.token, format), false),
    );
  }
  r.get(
    '/b/:token/photos/:photoId/:variant',
    {
      config: permission('public'),
      schema: { hide: true, params: tokenParams.extend({ photoId: Id, variant: PhotoVariant }) },
    },
    async (req, reply) => {
      const file = await bulletins.publicPhoto(req.params.token, req.params.photoId, req.params.variant);
      return reply.type(file.contentType).header('cache-control', 'public, max-age=86400').header('referrer-policy', 'no-referrer').send(file.data);
    },
  );
}
