import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Certificate, CertificateJob, Eligibility, IssueBody, MyCertificate, PublicVerification, StartJobBody } from '../../../contracts';
import { type Database, type Executor, nowIso } from '../../db/connection';
import { AppError, notFound } from '../../lib/errors';
import type { Lang } from '../../lib/i18n';
import type { Actor } from '../../lib/permissions';
import { randomToken } from '../../lib/personal-data';
import type { FileStorage } from '../../storage';
import type { AuditService } from '../audit/service';
import type { CompletionService } from '../completion/service';
import { issuerId, OB_CONTEXT, openBadgeCredential, revocationListUrl } from '../credentials/open-badge';
import type { CredentialService } from '../credentials/service';
import { type CertificateFace, certificatePdf, certificatesPdf } from './document';
import { renderSerial, type SerialContext, serialPrefix, serialSafe } from './serial';
import type { CertificateRow, CertificateStore } from './store';
import { zipStore } from './zip';

/** Issuing is open while the class runs (the closing ceremony) and after it has completed. */
const ISSUABLE = new Set(['running', 'completed']);
/** A job whose runner has not reported for this long is taken over by whoever looks at it next. */
const STALE_MS = 60_000;
/** Public verification: requests per address and minute, counted in the database for all instances. */
export const VERIFY_LIMIT_PER_MINUTE = 30;

type Who = Pick<Actor, 'userId'> | null;

/** Names are compared as people type them: width, case and spaces do not matter. */
const normaliseName = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s·•．.]/gu, '')
    .toLowerCase();

/** A file name that is safe in a zip and on every desktop, keeping Chinese and Tibetan. */
const safeFileName = (s: string) =>
  Array.from(s, (ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .slice(0, 120);

export const makeCertificateService = (deps: {
  database: Database;
  store: CertificateStore;
  audit: Pick<AuditService, 'record'>;
  completion: Pick<CompletionService, 'eligibilityIn' | 'ruleIn' | 'lockClass'>;
  credentials: Pick<CredentialService, 'sign' | 'verify' | 'findInstitutionByCode'>;
  storage: FileStorage;
  publicUrl: string;
}) => {
  const { database, store, audit, completion, credentials, storage, publicUrl } = deps;
  const db = database.db;
  const running = new Set<Promise<unknown>>();

  const verifyUrl = (token: string) => `${publicUrl}/verify/${token}`;

  const toCertificate = (r: CertificateRow): Certificate => ({
    id: r.id,
    classId: r.class_id,
    enrolmentId: r.enrolment_id,
    personId: r.person_id,
    serial: r.serial,
    status: r.status,
    name: r.name,
    nameBo: r.name_bo,
    classTitle: r.class_title,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    hours: Number(r.hours),
    issuerName: r.issuer_name,
    issuedOn: r.issued_on,
    issuedAt: r.issued_at,
    issuedBy: r.issued_by_name ?? null,
    revokedAt: r.revoked_at,
    revokeReason: r.revoke_reason,
    replacesId: r.replaces_id,
    replacedById: r.replaced_by_id,
    verifyUrl: verifyUrl(r.token),
  });

  const toPublic = (r: CertificateRow): PublicVerification => ({
    status: r.status,
    statusChangedOn: r.revoked_at,
    name: r.name,
    nameBo: r.name_bo,
    classTitle: r.class_title,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    hours: Number(r.hours),
    issuerName: r.issuer_name,
  });

  const toMine = (r: CertificateRow): MyCertificate => ({
    id: r.id,
    serial: r.serial,
    status: r.status,
    classTitle: r.class_title,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    hours: Number(r.hours),
    issuerName: r.issuer_name,
    issuedOn: r.issued_on,
    verifyUrl: verifyUrl(r.token),
  });

  const face = (r: CertificateRow): CertificateFace => ({
    serial: r.serial,
    name: r.name,
    nameBo: r.name_bo,
    classTitle: r.class_title,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    hours: Number(r.hours),
    issuerName: r.issuer_name,
    issuedOn: r.issued_on,
    verifyUrl: verifyUrl(r.token),
    status: r.status,
  });

  const fileName = (r: CertificateRow, ext: string) => safeFileName(`${r.serial}_${r.name}.${ext}`);

  const toJob = (j: NonNullable<Awaited<ReturnType<CertificateStore['findJob']>>>): CertificateJob => ({
    id: j.id,
    classId: j.class_id,
    kind: j.kind,
    format: j.format,
    status: j.status,
    total: Number(j.total),
    done: Number(j.done),
    issued: Number(j.issued),
    sizeBytes: j.size_bytes === null ? null : Number(j.size_bytes),
    error: j.error,
    createdAt: j.created_at,
    finishedAt: j.finished_at,
  });

  function serialContext(cls: { starts_on: string; code: string | null; id: number }, institutionCode: string): SerialContext {
    return {
      year: cls.starts_on.slice(0, 4),
      month: cls.starts_on.slice(5, 7),
      inst: serialSafe(institutionCode, 'INST'),
      classCode: serialSafe(cls.code, `C${cls.id}`),
    };
  }

  async function requireCertificate(trx: Executor, classId: number, certificateId: number) {
    const row = await store.find(trx, certificateId);
    if (!row || row.class_id !== classId) throw notFound('certificate', certificateId);
    return row;
  }

  /** The date printed on a certificate: the last day of the class, or today if it is issued before then. */
  function issuedOnFor(cls: { ends_on: string; time_zone: string }) {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: cls.time_zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    // ISO dates compare as strings: the earlier of today and the last day.
    return [today, cls.ends_on].sort()[0];
  }

  type Candidate = { enrolmentId: number; personId: number; name: string; nameBo: string | null; totalHours: number };

  /** Writes certificates (serial, token, signed credential) for the candidates, in the caller's transaction. */
  async function createCertificates(
    trx: Executor,
    who: Who,
    ctx: Awaited<ReturnType<CompletionService['ruleIn']>>,
    candidates: Candidate[],
    replaces?: CertificateRow,
    onProgress?: (done: number, total: number) => void,
  ) {
    const { cls, institution, rule } = ctx;
    const sctx = serialContext(cls, institution.code);
    const prefix = serialPrefix(rule.serialPattern, sctx);
    const issuedOn = issuedOnFor(cls);
    const created: number[] = [];
    let next = candidates.length ? await store.takeSerials(trx, institution.id, prefix, candidates.length) : 0;
    let left = candidates.length;
    for (const c of candidates) {
      const issuedAt = nowIso();
      const credentialId = `urn:uuid:${randomUUID()}`;
      const token = randomToken(32);
      const payload = openBadgeCredential({
        publicUrl,
        credentialId,
        institution: { code: institution.code, name: rule.issuerName },
        classId: cls.id,
        classTitle: cls.title,
        startsOn: cls.starts_on,
        endsOn: cls.ends_on,
        hours: c.totalHours,
        name: c.name,
        nameBo: c.nameBo,
        issuedAt,
      });
      const { jwt, kid } = await credentials.sign(trx, institution.id, payload);
      let id: number | null = null;
      // A serial another pattern of the institution already rendered is skipped, never shared.
      while (id === null) {
        if (left === 0) {
          next = await store.takeSerials(trx, institution.id, prefix, 1);
          left = 1;
        }
        const serial = renderSerial(rule.serialPattern, sctx, next);
        next += 1;
        left -= 1;
        id = await store.insertUnlessSerialTaken(trx, {
          institution_id: institution.id,
          class_id: cls.id,
          enrolment_id: c.enrolmentId,
          person_id: c.personId,
          serial,
          token,
          credential_id: credentialId,
          status: 'valid',
          name: c.name,
          name_bo: c.nameBo,
          class_title: cls.title,
          starts_on: cls.starts_on,
          ends_on: cls.ends_on,
          hours: c.totalHours,
          issuer_name: rule.issuerName,
          issued_on: issuedOn,
          issued_at: issuedAt,
          issued_by: who?.userId ?? null,
          revoked_at: null,
          revoked_by: null,
          revoke_reason: null,
          replaces_id: replaces?.id ?? null,
          replaced_by_id: null,
          key_kid: kid,
          credential_jwt: jwt,
        });
        if (id !== null) {
          await audit.record(trx, who, {
            action: replaces ? 'certificate.reissue' : 'certificate.issue',
            entity: 'certificate',
            entityId: id,
            classId: cls.id,
            after: { serial, enrolmentId: c.enrolmentId, name: c.name, hours: c.totalHours, replaces: replaces?.serial ?? null },
          });
        }
      }
      created.push(id);
      onProgress?.(created.length, candidates.length);
    }
    return created;
  }

  async function issueIn(
    trx: Executor,
    who: Who,
    classId: number,
    body: z.infer<typeof IssueBody>,
    lang: Lang,
    onProgress?: (done: number, total: number) => void,
  ) {
    // Issuances of one class queue here, so the second sees what the first issued.
    await completion.lockClass(trx, classId);
    const ctx = await completion.eligibilityIn(trx, classId, lang);
    if (!ISSUABLE.has(ctx.cls.status)) throw new AppError('certificate.class_not_ready', 409, { status: ctx.cls.status });
    const holding = new Set(await store.enrolmentIdsWith(trx, classId, 'valid'));
    // A revoked certificate was withdrawn on purpose: a batch does not hand its holder a new one;
    // naming the trainee does (a deliberate decision, audited like every issuance).
    const revoked = body.enrolmentIds ? new Set<number>() : new Set(await store.enrolmentIdsWith(trx, classId, 'revoked'));
    let rows = ctx.rows;
    if (body.enrolmentIds) {
      const wanted = new Set(body.enrolmentIds);
      rows = rows.filter((r) => wanted.has(r.enrolmentId));
      const missing = [...wanted].filter((id) => !rows.some((r) => r.enrolmentId === id));
      if (missing.length) throw notFound('enrolment', missing[0]);
      const refused = rows.find((r) => !r.eligible && !holding.has(r.enrolmentId));
      if (refused) throw new AppError('certificate.not_eligible', 409, { name: refused.name, reasons: refused.reasons.map((r) => r.message).join('；') });
    }
    const candidates = rows.filter((r) => r.eligible && !holding.has(r.enrolmentId) && !revoked.has(r.enrolmentId));
    const ids = await createCertificates(trx, who, ctx, candidates, undefined, onProgress);
    return { ids, skipped: rows.length - candidates.length };
  }

  async function rowsByIds(trx: Executor, ids: number[]) {
    const out: CertificateRow[] = [];
    for (const id of ids) out.push((await store.find(trx, id))!);
    return out;
  }

  async function renderBatch(rows: CertificateRow[], format: 'zip' | 'pdf', onProgress: (done: number) => Promise<void> | void) {
    if (format === 'pdf') return certificatesPdf(rows.map(face), onProgress);
    const files = [];
    for (const [i, r] of rows.entries()) {
      files.push({ name: fileName(r, 'pdf'), data: await certificatePdf(face(r)) });
      await onProgress(i + 1);
    }
    return zipStore(files);
  }

  const service = {
    toCertificate,
    verifyUrl,

    /** The rule as the screen shows it, with the serial the next certificate would get. */
    async ruleView(classId: number) {
      const ctx = await completion.ruleIn(db, classId);
      const sctx = serialContext(ctx.cls, ctx.institution.code);
      const next = await store.peekSerial(db, ctx.institution.id, serialPrefix(ctx.rule.serialPattern, sctx));
      return { ...ctx.rule, serialExample: renderSerial(ctx.rule.serialPattern, sctx, next) };
    },

    /** Every trainee, eligible or not and why, with their certificate if they have one. */
    async eligibility(classId: number, lang: Lang): Promise<Eligibility> {
      const ctx = await completion.eligibilityIn(db, classId, lang);
      const certs = await store.listForClass(db, classId);
      const current = new Map<number, CertificateRow>();
      // The valid one if any, else the latest.
      for (const c of certs) {
        const have = current.get(c.enrolment_id);
        if (!have || c.status === 'valid' || (have.status !== 'valid' && c.id > have.id)) current.set(c.enrolment_id, c);
      }
      const rows = ctx.rows.map((r) => {
        const c = current.get(r.enrolmentId);
        return { ...r, certificate: c ? { id: c.id, serial: c.serial, status: c.status } : null };
      });
      const issued = rows.filter((r) => r.certificate?.status === 'valid').length;
      return {
        rule: await service.ruleView(classId),
        classStatus: ctx.cls.status,
        canIssue: ISSUABLE.has(ctx.cls.status),
        attendanceAvailable: ctx.attendanceAvailable,
        rows,
        counts: {
          total: rows.length,
          eligible: rows.filter((r) => r.eligible).length,
          issued,
          toIssue: rows.filter((r) => r.eligible && !r.certificate).length,
        },
      };
    },

    async list(classId: number) {
      return (await store.listForClass(db, classId)).map(toCertificate);
    },

    issueIn,

    /** Issues certificates to every eligible trainee without one (or to the named ones), all or nothing. */
    async issue(actor: Who, classId: number, body: z.infer<typeof IssueBody>, lang: Lang = 'zh-CN', onProgress?: (done: number, total: number) => void) {
      const result = await database.transaction((trx) => issueIn(trx, actor, classId, body, lang, onProgress));
      return { issued: (await rowsByIds(db, result.ids)).map(toCertificate), skipped: result.skipped };
    },

    async revoke(actor: Actor, classId: number, certificateId: number, reason: string) {
      await database.transaction(async (trx) => {
        const row = await requireCertificate(trx, classId, certificateId);
        if (row.status !== 'valid') throw new AppError('certificate.not_valid', 409, { serial: row.serial, status: row.status });
        const at = nowIso();
        await store.update(trx, row.id, { status: 'revoked', revoked_at: at, revoked_by: actor.userId, revoke_reason: reason });
        await audit.record(trx, actor, {
          action: 'certificate.revoke',
          entity: 'certificate',
          entityId: row.id,
          classId,
          before: { status: row.status },
          after: { status: 'revoked', serial: row.serial, reason },
        });
      });
      return toCertificate((await store.find(db, certificateId))!);
    },

    /**
     * Replaces a valid certificate by a new one with a new serial from the class's counter, taking
     * the trainee's current name and hours. The old one stays on record as `replaced` (its serial is
     * never handed out again) and its verification page says so.
     */
    async reissue(actor: Actor, classId: number, certificateId: number, reason: string, lang: Lang = 'zh-CN') {
      const newId = await database.transaction(async (trx) => {
        await completion.lockClass(trx, classId);
        const old = await requireCertificate(trx, classId, certificateId);
        if (old.status !== 'valid') throw new AppError('certificate.not_valid', 409, { serial: old.serial, status: old.status });
        const ctx = await completion.eligibilityIn(trx, classId, lang);
        if (!ISSUABLE.has(ctx.cls.status)) throw new AppError('certificate.class_not_ready', 409, { status: ctx.cls.status });
        const row = ctx.rows.find((r) => r.enrolmentId === old.enrolment_id);
        if (!row?.eligible) {
          throw new AppError('certificate.not_eligible', 409, { name: old.name, reasons: (row?.reasons ?? []).map((r) => r.message).join('；') });
        }
        await store.update(trx, old.id, { status: 'replaced', revoked_at: nowIso(), revoked_by: actor.userId, revoke_reason: reason });
        const [id] = await createCertificates(trx, actor, ctx, [row], old);
        await store.update(trx, old.id, { replaced_by_id: id });
        return id;
      });
      return { previous: toCertificate((await store.find(db, certificateId))!), certificate: toCertificate((await store.find(db, newId))!) };
    },

    async pdf(classId: number, certificateId: number) {
      const row = await requireCertificate(db, classId, certificateId);
      return { fileName: fileName(row, 'pdf'), data: await certificatePdf(face(row)) };
    },
    async credential(classId: number, certificateId: number) {
      const row = await requireCertificate(db, classId, certificateId);
      return { fileName: fileName(row, 'jwt'), jwt: row.credential_jwt };
    },

    // -------------------------------------------------------------------------------------
    // The trainee's own certificates

    async listMine(personId: number) {
      return (await store.listForPerson(db, personId)).map(toMine);
    },
    async myFile(personId: number, certificateId: number, kind: 'pdf' | 'jwt') {
      const row = await store.find(db, certificateId);
      if (!row || row.person_id !== personId) throw notFound('certificate', certificateId);
      return kind === 'pdf'
        ? { fileName: fileName(row, 'pdf'), data: await certificatePdf(face(row)) }
        : { fileName: fileName(row, 'jwt'), data: Buffer.from(row.credential_jwt) };
    },

    // -------------------------------------------------------------------------------------
    // Public verification

    async verifyToken(token: string) {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
      const row = await store.findByToken(db, token);
      return row ? toPublic(row) : null;
    },

    /** Serial and name must both match; a wrong name says no more than an unknown serial. */
    async verifySerialName(serial: string, name: string) {
      const s = serial.trim();
      const n = normaliseName(name);
      if (!s || !n || s.length > 80) return null;
      const rows = await store.findBySerial(db, s);
      const row = rows.find((r) => normaliseName(r.name) === n || (r.name_bo !== null && normaliseName(r.name_bo) === n));
      return row ? toPublic(row) : null;
    },

    /** Checks an uploaded VC-JWT: our signature, then the certificate's status in our records. */
    async verifyCredential(jwt: string) {
      const check = await credentials.verify(jwt);
      if (check.outcome !== 'verified') return { outcome: check.outcome, certificate: null };
      const id = typeof check.payload.jti === 'string' ? check.payload.jti : typeof check.payload.id === 'string' ? check.payload.id : '';
      const row = id ? await store.findByCredentialId(db, id) : undefined;
      if (!row || row.institution_id !== check.institutionId) return { outcome: 'unknown_credential' as const, certificate: null };
      return { outcome: 'verified' as const, certificate: toPublic(row) };
    },

    /** The 1EdTech revocation list the credentials' credentialStatus points at. */
    async revocationList(code: string) {
      const institution = await credentials.findInstitutionByCode(code);
      if (!institution) throw notFound('institution', code);
      const rows = await store.revokedOfInstitution(db, institution.id);
      return {
        id: revocationListUrl(publicUrl, institution.code),
        issuer: issuerId(publicUrl, institution.code),
        revokedCredentials: rows.map((r) => ({
          id: r.credential_id,
          revocationReason: r.status === 'replaced' ? 'Replaced by a reissued certificate' : 'Revoked by the issuer',
        })),
      };
    },

    /** The issuer's Open Badges Profile, where the credentials' issuer.id points. */
    async issuerProfile(code: string) {
      const institution = await credentials.findInstitutionByCode(code);
      if (!institution) throw notFound('institution', code);
      return { '@context': [...OB_CONTEXT], id: issuerId(publicUrl, institution.code), type: ['Profile'], name: institution.name };
    },

    /** Counts one public request of an address; false once it has made too many this minute. */
    async allowVerification(address: string) {
      const now = Date.now();
      const window = new Date(now - (now % 60_000)).toISOString();
      const hits = await store.hit(db, `verify:${address}`, window);
      // Old windows are pruned now and then by whichever request comes along.
      if (Math.random() < 0.01) await store.pruneHits(db, new Date(now - 3_600_000).toISOString());
      return hits <= VERIFY_LIMIT_PER_MINUTE;
    },

    // -------------------------------------------------------------------------------------
    // Batch jobs: issue and/or render a class's certificates into one zip or one PDF. The job
    // lives in the database (progress, heartbeat, result key); any instance can report it, and a
    // job whose runner died is picked up again by the next instance that is asked about it.

    async startJob(actor: Actor, classId: number, body: z.infer<typeof StartJobBody>) {
      const ctx = await completion.ruleIn(db, classId);
      if (body.kind === 'issue' && !ISSUABLE.has(ctx.cls.status)) throw new AppError('certificate.class_not_ready', 409, { status: ctx.cls.status });
      const { id } = await database.transaction(async (trx) => {
        const job = await store.insertJob(trx, {
          class_id: classId,
          kind: body.kind,
          format: body.format,
          status: 'queued',
          created_by: actor.userId,
          created_at: nowIso(),
        });
        await audit.record(trx, actor, { action: 'certificate.job', entity: 'certificate_job', entityId: job.id, classId, after: body });
        return job;
      });
      service.launch(id);
      return toJob((await store.findJob(db, id))!);
    },

    /** Runs a job in the background of this process; its state is in the database only. */
    launch(jobId: number) {
      const p = service.runJob(jobId).catch(() => undefined);
      running.add(p);
      void p.finally(() => running.delete(p));
    },

    async getJob(classId: number, jobId: number) {
      const job = await store.findJob(db, jobId);
      if (!job || job.class_id !== classId) throw notFound('certificate_job', jobId);
      const last = job.heartbeat_at ?? job.created_at;
      if ((job.status === 'queued' || job.status === 'running') && Date.parse(last) < Date.now() - STALE_MS) service.launch(jobId);
      return toJob(job);
    },

    async listJobs(classId: number) {
      return (await store.listJobs(db, classId)).map(toJob);
    },

    /** Claims and runs a job to the end; returns false if another runner has it. */
    async runJob(jobId: number, onProgress?: (done: number, total: number) => void) {
      const at = nowIso();
      if (!(await store.claimJob(db, jobId, at, new Date(Date.now() - STALE_MS).toISOString()))) return false;
      const job = (await store.findJob(db, jobId))!;
      try {
        let issued = 0;
        if (job.kind === 'issue') {
          const who = job.created_by ? { userId: job.created_by } : null;
          issued = (await database.transaction((trx) => issueIn(trx, who, job.class_id, {}, 'zh-CN'))).ids.length;
        }
        const rows = await store.validForClass(db, job.class_id);
        await store.updateJob(db, jobId, { total: rows.length, issued, done: 0, heartbeat_at: nowIso() });
        let reported = Date.now();
        const data = await renderBatch(rows, job.format, async (done) => {
          onProgress?.(done, rows.length);
          // A few writes a second are enough for a progress bar and keep the database quiet.
          if (done === rows.length || Date.now() - reported > 300) {
            reported = Date.now();
            await store.updateJob(db, jobId, { done, heartbeat_at: nowIso() });
          }
        });
        const key = `certificates/class-${job.class_id}/job-${jobId}.${job.format}`;
        await storage.put(key, data, job.format === 'zip' ? 'application/zip' : 'application/pdf');
        await store.updateJob(db, jobId, {
          status: 'done',
          done: rows.length,
          storage_key: key,
          size_bytes: data.length,
          finished_at: nowIso(),
          heartbeat_at: nowIso(),
        });
      } catch (e) {
        const code = e instanceof AppError ? e.code : 'internal';
        await store.updateJob(db, jobId, { status: 'failed', error: code, finished_at: nowIso() });
        if (!(e instanceof AppError)) throw e;
      }
      return true;
    },

    async jobFile(classId: number, jobId: number) {
      const job = await store.findJob(db, jobId);
      if (!job || job.class_id !== classId) throw notFound('certificate_job', jobId);
      if (job.status !== 'done' || !job.storage_key) throw new AppError('certificate.job_not_done', 409, { status: job.status });
      const data = await storage.get(job.storage_key);
      if (!data) throw notFound('certificate_job', jobId);
      const cls = await completion.ruleIn(db, classId);
      const base = safeFileName(`结业证书_${cls.cls.short_title ?? cls.cls.title}`);
      return { fileName: `${base}.${job.format}`, data, contentType: job.format === 'zip' ? 'application/zip' : 'application/pdf' };
    },

    /** The CLI: issues what is due, then writes every valid certificate of the class into dir. */
    async exportAll(classId: number, onProgress: (done: number, total: number) => void) {
      const rows = await store.validForClass(db, classId);
      const files: Array<{ name: string; data: Buffer }> = [];
      for (const [i, r] of rows.entries()) {
        files.push({ name: fileName(r, 'pdf'), data: await certificatePdf(face(r)) });
        onProgress(i + 1, rows.length);
      }
      return files;
    },

    /** Waits for background jobs of this process (on shutdown and in tests). */
    async drain() {
      while (running.size) await Promise.all([...running]);
    },
  };
  return service;
};
export type CertificateService = ReturnType<typeof makeCertificateService>;
