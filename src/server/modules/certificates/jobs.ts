import type { z } from 'zod';
import type { StartJobBody } from '../../../contracts';
import { type Database, nowIso } from '../../db/connection';
import { AppError, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { FileStorage } from '../../storage';
import type { AuditService } from '../audit/service';
import type { CompletionService } from '../completion/service';
import { certificatePdf } from './document';
import type { FaceImagesOf } from './images';
import type { Issuing } from './issuing';
import { renderInWorker } from './render';
import type { CertificateRow, CertificateStore } from './store';
import { fileName, safeFileName, toJob, type Views } from './views';

// Batch jobs: issue and/or render a class's certificates into one zip or one PDF. The job lives in
// the database (progress, heartbeat, result key); any instance can report it, and a job whose
// runner died is picked up again by the next instance that is asked about it. Rendering runs in a
// worker thread (render.ts), so a job of thousands of certificates does not hold up the requests
// that arrive meanwhile; a class runs one job at a time.

/** A job whose runner has not reported for this long is taken over by whoever looks at it next. */
const STALE_MS = 60_000;
const isStale = (job: { heartbeat_at: string | null; created_at: string }) => Date.parse(job.heartbeat_at ?? job.created_at) < Date.now() - STALE_MS;

export function makeJobs(deps: {
  database: Database;
  store: CertificateStore;
  audit: Pick<AuditService, 'record'>;
  completion: Pick<CompletionService, 'ruleIn' | 'lockClass'>;
  issuing: Pick<Issuing, 'issueIn' | 'gateIn'>;
  storage: FileStorage;
  views: Views;
  imagesOf: FaceImagesOf;
}) {
  const { database, store, audit, completion, issuing, storage, views, imagesOf } = deps;
  const db = database.db;
  const running = new Set<Promise<unknown>>();

  async function renderBatch(rows: CertificateRow[], format: 'zip' | 'pdf', onProgress: (done: number) => Promise<void> | void) {
    // A class's certificates are all of one institution: its logo and seal are read once.
    const images = rows.length ? await imagesOf(rows[0].institution_id) : {};
    return renderInWorker({ format, files: rows.map((r) => ({ name: fileName(r, 'pdf'), face: { ...views.face(r), images } })) }, onProgress);
  }

  const jobs = {
    async startJob(actor: Actor, classId: number, body: z.infer<typeof StartJobBody>) {
      const ctx = await completion.ruleIn(db, classId);
      if (body.kind === 'issue') {
        const gate = await issuing.gateIn(db, ctx.cls);
        if (gate.blockedBy === 'class_status') throw new AppError('certificate.class_not_ready', 409, { status: ctx.cls.status });
        if (gate.blockedBy === 'sessions_pending') throw new AppError('certificate.sessions_pending', 409, { until: gate.lastSessionEndsAt ?? '' });
        if (gate.blockedBy === 'override_required') throw new AppError('certificate.early_issue_required', 409);
      }
      const { id } = await database.transaction(async (trx) => {
        // One job per class at a time: the class's rule row is locked, so two starts cannot both pass.
        await completion.lockClass(trx, classId);
        const active = await store.activeJob(trx, classId);
        if (active) {
          if (isStale(active)) jobs.launch(active.id);
          throw new AppError('certificate.job_running', 409, { jobId: active.id });
        }
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
      jobs.launch(id);
      return toJob((await store.findJob(db, id))!);
    },

    /** Runs a job in the background of this process; its state is in the database only. */
    launch(jobId: number) {
      const p = jobs.runJob(jobId).catch(() => undefined);
      running.add(p);
      void p.finally(() => running.delete(p));
    },

    async getJob(classId: number, jobId: number) {
      const job = await store.findJob(db, jobId);
      if (!job || job.class_id !== classId) throw notFound('certificate_job', jobId);
      if ((job.status === 'queued' || job.status === 'running') && isStale(job)) jobs.launch(jobId);
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
          issued = (await database.transaction((trx) => issuing.issueIn(trx, who, job.class_id, {}, 'zh-CN'))).ids.length;
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

    /** The CLI: writes every valid certificate of the class into files. */
    async exportAll(classId: number, onProgress: (done: number, total: number) => void) {
      const rows = await store.validForClass(db, classId);
      const files: Array<{ name: string; data: Buffer }> = [];
      const images = rows.length ? await imagesOf(rows[0].institution_id) : {};
      for (const [i, r] of rows.entries()) {
        files.push({ name: fileName(r, 'pdf'), data: await certificatePdf({ ...views.face(r), images }) });
        onProgress(i + 1, rows.length);
      }
      return files;
    },

    /** Waits for background jobs of this process (on shutdown and in tests). */
    async drain() {
      while (running.size) await Promise.all([...running]);
    },
  };
  return jobs;
}
