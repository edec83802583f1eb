import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, SigningKey } from '../../../contracts';
import { permission } from '../../http';
import { AppError } from '../../lib/errors';
import type { CredentialService } from './service';

export function credentialRoutes(app: FastifyInstance, deps: { credentials: CredentialService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { credentials } = deps;
  const tags = ['credentials'];

  // The issuers' public keys, retired ones included, so that every credential ever signed verifies.
  r.get('/.well-known/jwks.json', { config: permission('public'), schema: { tags, hide: true } }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
    return credentials.jwks();
  });

  // One key on its own, where a credential's JOSE header `kid` points (a bare JWK, no private part).
  r.get('/keys/:kid', { config: permission('public'), schema: { tags, hide: true, params: z.object({ kid: z.string().max(100) }) } }, async (req, reply) => {
    const jwk = await credentials.publicJwk(req.params.kid);
    if (!jwk) throw new AppError('not_found', 404, { entity: 'signing_key' });
    return reply
      .header('content-type', 'application/jwk+json')
      .header('cache-control', 'public, max-age=86400')
      .header('access-control-allow-origin', '*')
      .send(JSON.stringify(jwk));
  });

  r.get(
    '/api/v1/institutions/:institutionId/signing-keys',
    { config: permission('admin'), schema: { tags, params: idParams('institutionId'), response: { 200: z.array(SigningKey) } } },
    async (req) => credentials.listKeys(req.params.institutionId),
  );
  r.post(
    '/api/v1/institutions/:institutionId/signing-keys/rotate',
    {
      config: permission('admin'),
      schema: { tags, params: idParams('institutionId'), response: { 200: z.object({ kid: z.string(), retiredKid: z.string().nullable() }) } },
    },
    async (req) => credentials.rotate(req.actor!, req.params.institutionId),
  );
}
