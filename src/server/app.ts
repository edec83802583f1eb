import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './config';
import { type Database, openDatabase } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { enforceDeclaredPermissions, installAuthHooks, installErrorHandling, permission } from './http';
import { makePersonalDataCipher } from './lib/personal-data';
import { makeAuditService } from './modules/audit/service';
import { makeAuditStore } from './modules/audit/store';
import { authRoutes } from './modules/auth/routes';
import { makeScopeStore } from './modules/auth/scope-store';
import { makeAuthService } from './modules/auth/service';
import { makeAuthStore } from './modules/auth/store';
import { classRoutes } from './modules/classes/routes';
import { makeClassService } from './modules/classes/service';
import { makeClassStore } from './modules/classes/store';
import { rosterRoutes } from './modules/roster/routes';
import { makeRosterService } from './modules/roster/service';
import { makeRosterStore } from './modules/roster/store';
import { timetableRoutes } from './modules/timetable/routes';
import { makeTimetableService } from './modules/timetable/service';
import { makeTimetableStore } from './modules/timetable/store';

/** Wires every module's store and service by hand; the one place that knows them all. */
export function makeServices(database: Database, config: Pick<Config, 'secretKey' | 'loginMaxFailures'>) {
  const db = database.db;
  const audit = makeAuditService({ db, store: makeAuditStore() });
  const auth = makeAuthService({ database, store: makeAuthStore(), scopes: makeScopeStore(), audit, loginMaxFailures: config.loginMaxFailures });
  const classes = makeClassService({ database, store: makeClassStore(), audit, auth });
  const cipher = makePersonalDataCipher(config.secretKey);
  const roster = makeRosterService({ database, store: makeRosterStore(), cipher, audit, classes });
  const timetable = makeTimetableService({ database, store: makeTimetableStore(), audit, classes, roster });
  return { database, audit, auth, classes, roster, timetable };
}
export type Services = ReturnType<typeof makeServices>;

export type BuiltApp = { app: FastifyInstance; services: Services; database: Database };

export async function buildApp(config: Config, options: { database?: Database; migrate?: boolean; webDir?: string | null } = {}): Promise<BuiltApp> {
  const database = options.database ?? openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  if (options.migrate !== false) await migrateToLatest(database.db);
  const services = makeServices(database, config);

  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: process.env.TRUST_PROXY === 'true',
    genReqId: () => crypto.randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  enforceDeclaredPermissions(app);
  installErrorHandling(app);

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS as style elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Cohort API', version: '1', description: 'Residential training classes (培训班): programmes, classes, roster, timetable.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cohort_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  installAuthHooks(app, services.auth);

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/healthz',
    {
      config: permission('public'),
      schema: { hide: true, response: { 200: z.object({ ok: z.boolean(), database: z.string() }), 503: z.object({ ok: z.boolean(), database: z.string() }) } },
    },
    async (_req, reply) => {
      const ok = await database.ping();
      reply.code(ok ? 200 : 503);
      return { ok, database: ok ? 'reachable' : 'unreachable' };
    },
  );
  r.get('/api/openapi.json', { config: permission('public'), schema: { hide: true } }, async () => app.swagger());

  authRoutes(app, { auth: services.auth, cookieSecure: config.cookieSecure });
  classRoutes(app, { classes: services.classes, audit: services.audit });
  rosterRoutes(app, { roster: services.roster });
  timetableRoutes(app, { timetable: services.timetable });

  const webDir = options.webDir === undefined ? join(process.cwd(), 'dist', 'web') : options.webDir;
  if (webDir && existsSync(join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });
    // Client-side routes: any non-API GET that is not a file gets the app shell.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api') && !req.url.startsWith('/assets/')) return reply.type('text/html').sendFile('index.html');
      return reply.code(404).type('application/problem+json').send({ type: 'about:blank', title: 'Not found', status: 404, code: 'route.not_found' });
    });
  }

  app.addHook('onClose', async () => {
    if (!options.database) await database.close();
  });
  await app.ready();
  return { app, services, database };
}
