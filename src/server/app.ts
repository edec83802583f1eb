import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './config';
import { type Database, openDatabase } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { enforceDeclaredPermissions, frameworkProblem, installAuthHooks, installErrorHandling, permission, refuseNulBytes } from './http';
import { logSerializers } from './lib/log-redaction';
import { makePersonalDataCipher } from './lib/personal-data';
import { apiHeaders, securityHeaders } from './lib/security-headers';
import { appraisalRoutes } from './modules/appraisals/routes';
import { makeAppraisalService } from './modules/appraisals/service';
import { makeAppraisalStore } from './modules/appraisals/store';
import { makeCheckInCodes } from './modules/attendance/check-in-code';
import { attendanceRoutes } from './modules/attendance/routes';
import { makeAttendanceService } from './modules/attendance/service';
import { makeAttendanceStore } from './modules/attendance/store';
import { makeAuditService } from './modules/audit/service';
import { makeAuditStore } from './modules/audit/store';
import { accountRoutes } from './modules/auth/account-routes';
import { authRoutes } from './modules/auth/routes';
import { makeScopeStore } from './modules/auth/scope-store';
import { makeAuthService } from './modules/auth/service';
import { makeStaffAccounts } from './modules/auth/staff-accounts';
import { makeAuthStore } from './modules/auth/store';
import { ensureSecretKey } from './modules/backup/key-check';
import { makeBackupStore } from './modules/backup/store';
import { bulletinRoutes } from './modules/bulletins/routes';
import { makeBulletinService } from './modules/bulletins/service';
import { makeBulletinStore } from './modules/bulletins/store';
import { busRoutes } from './modules/buses/routes';
import { makeBusService } from './modules/buses/service';
import { makeBusStore } from './modules/buses/store';
import { calendarRoutes } from './modules/calendar/routes';
import { makeCalendarService } from './modules/calendar/service';
import { makeCalendarStore } from './modules/calendar/store';
import { certificateRoutes } from './modules/certificates/routes';
import { makeCertificateService } from './modules/certificates/service';
import { makeCertificateStore } from './modules/certificates/store';
import { institutionRoutes } from './modules/classes/institution-routes';
import { makeInstitutionService } from './modules/classes/institution-service';
import { makeInstitutionStore } from './modules/classes/institution-store';
import { classRoutes } from './modules/classes/routes';
import { makeClassService } from './modules/classes/service';
import { makeClassSetupService } from './modules/classes/setup-service';
import { makeClassStore } from './modules/classes/store';
import { committeeRoutes } from './modules/committee/routes';
import { makeCommitteeService } from './modules/committee/service';
import { makeCommitteeStore } from './modules/committee/store';
import { completionRoutes } from './modules/completion/routes';
import { makeCompletionService } from './modules/completion/service';
import { makeCompletionStore } from './modules/completion/store';
import { credentialRoutes } from './modules/credentials/routes';
import { makeCredentialService } from './modules/credentials/service';
import { makeCredentialStore } from './modules/credentials/store';
import { evaluationRoutes } from './modules/evaluations/routes';
import { makeEvaluationService } from './modules/evaluations/service';
import { makeEvaluationStore } from './modules/evaluations/store';
import { followupRoutes } from './modules/followup/routes';
import { makeFollowupService } from './modules/followup/service';
import { makeFollowupStore } from './modules/followup/store';
import { handbookRoutes } from './modules/handbook/routes';
import { makeHandbookService } from './modules/handbook/service';
import { makeHandbookStore } from './modules/handbook/store';
import { hoursRoutes } from './modules/hours/routes';
import { makeHoursService } from './modules/hours/service';
import { makeHoursStore } from './modules/hours/store';
import { outsideTrainingRoutes } from './modules/outside-training/routes';
import { makeOutsideTrainingService } from './modules/outside-training/service';
import { makeOutsideTrainingStore } from './modules/outside-training/store';
import { photoRoutes } from './modules/photos/routes';
import { makePhotoService } from './modules/photos/service';
import { makePhotoStore } from './modules/photos/store';
import { reflectionRoutes } from './modules/reflections/routes';
import { makeReflectionService } from './modules/reflections/service';
import { makeReflectionStore } from './modules/reflections/store';
import { residenceRoutes } from './modules/residence/routes';
import { makeResidenceService } from './modules/residence/service';
import { makeResidenceStore } from './modules/residence/store';
import { rosterRoutes } from './modules/roster/routes';
import { makeRosterService } from './modules/roster/service';
import { makeRosterStore } from './modules/roster/store';
import { makeRosterExportService } from './modules/roster-io/export-service';
import { MAX_IMPORT_BYTES } from './modules/roster-io/file';
import { makeRosterImportService } from './modules/roster-io/import-service';
import { rosterIoRoutes } from './modules/roster-io/routes';
import { makeRosterIoStore } from './modules/roster-io/store';
import { timetableRoutes } from './modules/timetable/routes';
import { makeTimetableService } from './modules/timetable/service';
import { makeTimetableStore } from './modules/timetable/store';
import { traineeRoutes } from './modules/trainee/routes';
import { makeTraineeService } from './modules/trainee/service';
import { makeTraineeStore } from './modules/trainee/store';
import { makeStorage } from './storage';
import { appShell, registerCompression, registerWebApp } from './web-assets';

/** Wires every module's store and service by hand; the one place that knows them all. */
export function makeServices(
  database: Database,
  config: Pick<Config, 'secretKey' | 'loginMaxFailures'> & Partial<Pick<Config, 'publicUrl' | 'dataDir' | 'storage' | 'invitationValidDays'>>,
  /** The follow-up's clock (#19): tests move it to its date. */
  options: { now?: () => number } = {},
) {
  const db = database.db;
  const audit = makeAuditService({ db, store: makeAuditStore() });
  // Accounts and institutions (#9): inviting new class staff adds them through the classes service.
  const storage = makeStorage({ dataDir: config.dataDir ?? './data', storage: config.storage });
  const institutions = makeInstitutionService({
    database,
    store: makeInstitutionStore(),
    audit,
    storage,
    // evaluations (issue 20): a new institution gets the built-in questionnaire templates.
    onInstitutionCreated: (trx, institutionId) => evaluations.seedTemplates(trx, institutionId),
  });
  const auth = makeAuthService({
    database,
    store: makeAuthStore(),
    scopes: makeScopeStore(),
    audit,
    loginMaxFailures: config.loginMaxFailures,
    publicUrl: config.publicUrl,
    addClassStaff: (trx, actor, classId, input) => classes.addStaff(actor, classId, input, trx),
  });
  const classes = makeClassService({
    database,
    store: makeClassStore(),
    audit,
    auth,
    institutions,
    // Planning (#9): the timetable module counts the open warnings; timetable depends on classes.
    openPlanningWarnings: (trx, classId) => timetable.openPlanningWarnings(trx, classId),
  });
  const cipher = makePersonalDataCipher(config.secretKey);
  const roster = makeRosterService({
    database,
    store: makeRosterStore(),
    cipher,
    audit,
    classes,
    // The drawer's dietary needs (#18) go through the meals part of residence, built further down.
    dietary: { setIn: (trx, actor, classId, enrolmentId, needs) => residence.setDietaryIn(trx, actor, classId, enrolmentId, needs) },
  });
  const timetable = makeTimetableService({
    database,
    store: makeTimetableStore(),
    audit,
    classes,
    roster,
    auth,
    accounts: makeStaffAccounts(),
    // evaluations (issue 20): new sessions get their questionnaire rows in the same transaction, so reads never write.
    onSessionsCreated: (trx, classId, sessions) => evaluations.prepareQuestionnaires(trx, classId, sessions),
  });
  const rosterImport = makeRosterImportService({ database, audit, classes, roster, store: makeRosterIoStore() });
  const rosterExport = makeRosterExportService({ classes, roster, timetable });
  const calendar = makeCalendarService({
    database,
    store: makeCalendarStore(),
    secretKey: config.secretKey,
    publicUrl: config.publicUrl ?? 'http://localhost:3000',
    audit,
    classes,
    roster,
    timetable,
  });
  const photos = makePhotoService({
    database,
    store: makePhotoStore(),
    storage,
    audit,
    classes,
    timetable,
    // Photos shown in a published bulletin must stay; the bulletins module knows which those are.
    publishedUse: (trx, photo) => bulletins.publishedUseOfPhoto(trx, photo),
  });
  const bulletins = makeBulletinService({ database, store: makeBulletinStore(), audit, classes, timetable, roster, photos });
  const evaluations = makeEvaluationService({
    database,
    store: makeEvaluationStore(),
    audit,
    classes,
    timetable,
    roster,
    secretKey: config.secretKey,
    publicUrl: config.publicUrl ?? 'http://localhost:3000',
  });
  const publicUrl = config.publicUrl ?? 'http://localhost:3000';
  const attendance = makeAttendanceService({ database, store: makeAttendanceStore(), audit, codes: makeCheckInCodes(config.secretKey), publicUrl });
  // Completion and certificates (#7): attendance gives the hours, evaluations the questionnaires answered; reflections count once accepted (#19).
  // Reflections (#19): completion's "须提交心得体会" counts accepted ones.
  const reflections = makeReflectionService({ database, store: makeReflectionStore(), storage, audit, classes, roster });
  const completion = makeCompletionService({
    database,
    store: makeCompletionStore(),
    audit,
    classes,
    roster,
    attendance,
    evaluations,
    reflections,
    institutions,
  });
  const credentials = makeCredentialService({ database, store: makeCredentialStore(), secretKey: config.secretKey, audit, publicUrl });
  const certificates = makeCertificateService({
    database,
    store: makeCertificateStore(),
    audit,
    completion,
    credentials,
    storage,
    publicUrl: config.publicUrl ?? 'http://localhost:3000',
    institutions,
    // Certificates (#10): the class's sessions say when its last one ended (issuing opens then at the earliest).
    timetable,
  });
  const hours = makeHoursService({ database, store: makeHoursStore() });
  // 培训经历认定 (#19): approved outside training counts in the ledger (the hours store reads it).
  const outsideTraining = makeOutsideTrainingService({ database, store: makeOutsideTrainingStore(), storage, audit });
  // 结业鉴定 (#19): hours from the ledger, the seal from the institution.
  const appraisals = makeAppraisalService({ database, store: makeAppraisalStore(), audit, classes, roster, hours, completion, institutions });
  // Class set-up where the class meets its timetable (classes engineer): date edits and copying a past class.
  const classSetup = makeClassSetupService({ database, audit, classes, roster, timetable, completion });
  const trainee = makeTraineeService({
    database,
    store: makeTraineeStore(),
    audit,
    auth,
    roster,
    timetable,
    attendance,
    hours,
    publicUrl,
    invitationValidDays: config.invitationValidDays,
  });
  // Buses for site visits and the class committee with the group leaders' roll call (#18).
  const buses = makeBusService({ database, store: makeBusStore(), audit, classes, roster, timetable, attendance });
  const committee = makeCommitteeService({ database, store: makeCommitteeStore(), audit, classes, roster, timetable, attendance });
  // Rooms, meals and travel of the residential class (#18): meal counts follow approved leave.
  const residence = makeResidenceService({ database, store: makeResidenceStore(), audit, classes, roster, attendance });
  // Action plans and the follow-up months later (#19), opened on its date by the scheduler below.
  const followup = makeFollowupService({
    database,
    store: makeFollowupStore(),
    audit,
    classes,
    roster,
    secretKey: config.secretKey,
    publicUrl,
    now: options.now,
  });
  // The 学员手册 (#19): made from the record of every module that has a part of it.
  const handbook = makeHandbookService({
    database,
    store: makeHandbookStore(),
    audit,
    classes,
    institutions,
    roster,
    timetable,
    committee,
    residence,
    buses,
    attendance,
    publicUrl,
  });
  return {
    database,
    audit,
    followup,
    handbook,
    buses,
    committee,
    residence,
    auth,
    classes,
    classSetup,
    institutions,
    roster,
    timetable,
    completion,
    credentials,
    certificates,
    rosterImport,
    rosterExport,
    calendar,
    storage,
    photos,
    bulletins,
    evaluations,
    attendance,
    hours,
    trainee,
    reflections,
    appraisals,
    outsideTraining,
  };
}
export type Services = ReturnType<typeof makeServices>;

export type BuiltApp = { app: FastifyInstance; services: Services; database: Database };

export async function buildApp(
  config: Config,
  options: { database?: Database; migrate?: boolean; webDir?: string | null; now?: () => number } = {},
): Promise<BuiltApp> {
  const database = options.database ?? openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  if (options.migrate !== false) await migrateToLatest(database.db);
  // hardening (#14): a secret key that does not fit the data stops the start, naming the key.
  await ensureSecretKey(database, makeBackupStore(), config.secretKey, config.secretKeySource);
  const services = makeServices(database, config, { now: options.now });

  const app = Fastify({
    // Secrets in URLs (invitation, verification and calendar tokens) and search terms never reach the log (#14).
    logger:
      config.logLevel === 'silent'
        ? false
        : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'], serializers: logSerializers },
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: process.env.TRUST_PROXY === 'true',
    genReqId: () => crypto.randomUUID(),
    frameworkErrors: frameworkProblem,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  enforceDeclaredPermissions(app);
  const webDir = options.webDir === undefined ? join(process.cwd(), 'dist', 'web') : options.webDir;
  const serveWeb = !!webDir && existsSync(join(webDir, 'index.html'));
  installErrorHandling(app, { appShell: serveWeb && webDir ? appShell(webDir) : undefined });
  // hardening (#14): text with NUL bytes is refused before any route sees it.
  refuseNulBytes(app);

  await app.register(fastifyCookie);
  await registerCompression(app);
  // File uploads (rosters, photos). Routes read the parts themselves and may set tighter or other limits per request.
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_IMPORT_BYTES } });
  // helmet's headers, computed once (lib/security-headers.ts) rather than per request.
  const helmetHeaders = securityHeaders({
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
  const helmetApiHeaders = apiHeaders(helmetHeaders);
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(req.url.startsWith('/api/v1/') ? helmetApiHeaders : helmetHeaders);
    done();
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
  accountRoutes(app, { auth: services.auth });
  institutionRoutes(app, { institutions: services.institutions });
  classRoutes(app, { classes: services.classes, audit: services.audit, setup: services.classSetup });
  rosterRoutes(app, { roster: services.roster });
  timetableRoutes(app, { timetable: services.timetable });
  completionRoutes(app, { completion: services.completion, certificates: services.certificates });
  certificateRoutes(app, { certificates: services.certificates });
  credentialRoutes(app, { credentials: services.credentials });
  rosterIoRoutes(app, { rosterImport: services.rosterImport, rosterExport: services.rosterExport });
  calendarRoutes(app, { calendar: services.calendar });
  photoRoutes(app, { photos: services.photos });
  bulletinRoutes(app, { bulletins: services.bulletins });
  evaluationRoutes(app, { evaluations: services.evaluations });
  attendanceRoutes(app, { attendance: services.attendance });
  hoursRoutes(app, { hours: services.hours });
  busRoutes(app, { buses: services.buses });
  committeeRoutes(app, { committee: services.committee });
  residenceRoutes(app, { residence: services.residence });
  reflectionRoutes(app, { reflections: services.reflections });
  appraisalRoutes(app, { appraisals: services.appraisals });
  followupRoutes(app, { followup: services.followup });
  outsideTrainingRoutes(app, { outsideTraining: services.outsideTraining });
  handbookRoutes(app, { handbook: services.handbook });
  traineeRoutes(app, { trainee: services.trainee, auth: services.auth, cookieSecure: config.cookieSecure });

  // The web app's files; client-side routes get index.html from the not-found handler (http.ts).
  if (serveWeb && webDir) await registerWebApp(app, webDir);

  // evaluations (issue 20): a closed questionnaire's respondent → response links are erased within a
  // minute of closing, by every instance (idempotent), instead of on the next look.
  const sweepEvaluations = () => services.evaluations.forgetClosedResponseRefs().catch((e) => app.log.error(e, 'evaluation sweep failed'));
  await sweepEvaluations();
  const evaluationSweep = setInterval(sweepEvaluations, 60_000);
  evaluationSweep.unref();

  // The follow-up (#19) opens on its date: checked at start and every minute, by every instance
  // (the first to insert the class's row opens it; the others insert nothing).
  const openFollowups = () => services.followup.openDue().catch((e) => app.log.error(e, 'follow-up scheduler failed'));
  await openFollowups();
  const followupTimer = setInterval(openFollowups, 60_000);
  followupTimer.unref();

  app.addHook('onClose', async () => {
    clearInterval(evaluationSweep);
    clearInterval(followupTimer);
    if (!options.database) await database.close();
  });
  await app.ready();
  return { app, services, database };
}
