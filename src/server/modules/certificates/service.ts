import type { z } from 'zod';
import type { Eligibility, IssueBody } from '../../../contracts';
import type { Database } from '../../db/connection';
import { notFound } from '../../lib/errors';
import type { Lang } from '../../lib/i18n';
import type { Actor } from '../../lib/permissions';
import type { FileStorage } from '../../storage';
import type { AuditService } from '../audit/service';
import type { InstitutionService } from '../classes/institution-service';
import type { CompletionService } from '../completion/service';
import type { CredentialService } from '../credentials/service';
import type { TimetableService } from '../timetable/service';
import { certificatePdf } from './document';
import { makeFaceImages } from './images';
import { makeIssuing, type Who } from './issuing';
import { makeJobs } from './jobs';
import { reviewOf } from './review';
import { renderSerial, serialContext, serialPrefix } from './serial';
import { makeSettings } from './settings';
import type { CertificateRow, CertificateStore } from './store';
import { makeVerification } from './verification';
import { attendedOf, fileName, makeViews } from './views';

export { VERIFY_LIMIT_PER_MINUTE } from './verification';

// The certificates of a class, composed from its use cases: issuing (with the gate and the
// 需复核 decisions), batch jobs, public verification, and the wording settings. This file wires
// them together and answers the screens' reads.

export const makeCertificateService = (deps: {
  database: Database;
  store: CertificateStore;
  audit: Pick<AuditService, 'record'>;
  completion: Pick<CompletionService, 'eligibilityIn' | 'ruleIn' | 'lockClass'>;
  credentials: Pick<CredentialService, 'sign' | 'verify' | 'findInstitutionByCode'>;
  timetable: Pick<TimetableService, 'sessionsIn'>;
  storage: FileStorage;
  publicUrl: string;
  /** The institution's logo and seal, printed on its certificates (classes module, #9). */
  institutions?: Pick<InstitutionService, 'documentImage'>;
}) => {
  const { database, store, completion, publicUrl } = deps;
  const db = database.db;
  const views = makeViews(publicUrl);
  const imagesOf = makeFaceImages(deps.institutions);
  const settings = makeSettings({ ...deps, imagesOf });
  const issuing = makeIssuing({ ...deps, settings });
  const jobs = makeJobs({ ...deps, issuing, views, imagesOf });
  const pdfOf = async (row: CertificateRow) => certificatePdf({ ...views.face(row), images: await imagesOf(row.institution_id) });
  const verification = makeVerification({ ...deps, views });

  const byIds = async (ids: number[]) => {
    const out: CertificateRow[] = [];
    for (const id of ids) out.push((await store.find(db, id))!);
    return out.map(views.toCertificate);
  };
  const reread = async (id: number) => views.toCertificate((await store.find(db, id))!);

  const service = {
    toCertificate: views.toCertificate,
    verifyUrl: views.verifyUrl,

    /** The rule as the screen shows it, with the serial the next certificate would get. */
    async ruleView(classId: number) {
      const ctx = await completion.ruleIn(db, classId);
      const sctx = serialContext(ctx.cls, ctx.institution.code);
      const next = await store.peekSerial(db, ctx.institution.id, serialPrefix(ctx.rule.serialPattern, sctx));
      return { ...ctx.rule, serialExample: renderSerial(ctx.rule.serialPattern, sctx, next) };
    },

    /** Every trainee, eligible or not and why, with their certificate if they have one and what a changed record contradicts. */
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
        const review = c ? reviewOf(c, { attendedHours: r.attendedHours, totalHours: r.totalHours, eligible: r.eligible }) : null;
        const certificate = c ? { id: c.id, serial: c.serial, status: c.status, hours: attendedOf(c), classHours: Number(c.hours), review } : null;
        return { ...r, certificate };
      });
      const [gate, options, templates] = await Promise.all([
        issuing.gateIn(db, ctx.cls),
        settings.optionsIn(db, classId),
        settings.templatesIn(db, ctx.institution.id),
      ]);
      return {
        rule: await service.ruleView(classId),
        classStatus: ctx.cls.status,
        timeZone: ctx.cls.time_zone,
        canIssue: gate.open,
        issue: gate,
        bilingual: options.bilingual,
        bilingualAvailable: Boolean(templates.tibetanLine),
        attendanceAvailable: ctx.attendanceAvailable,
        rows,
        counts: {
          total: rows.length,
          eligible: rows.filter((r) => r.eligible).length,
          issued: rows.filter((r) => r.certificate?.status === 'valid').length,
          toIssue: rows.filter((r) => r.eligible && !r.certificate).length,
          review: rows.filter((r) => r.certificate?.review).length,
        },
      };
    },

    async list(classId: number) {
      return (await store.listForClass(db, classId)).map(views.toCertificate);
    },

    issueIn: issuing.issueIn,

    /** Issues certificates to every eligible trainee without one (or to the named ones), all or nothing. */
    async issue(actor: Who, classId: number, body: z.infer<typeof IssueBody>, lang: Lang = 'zh-CN', onProgress?: (done: number, total: number) => void) {
      const result = await database.transaction((trx) => issuing.issueIn(trx, actor, classId, body, lang, onProgress));
      return { issued: await byIds(result.ids), skipped: result.skipped };
    },

    async revoke(actor: Actor, classId: number, certificateId: number, reason: string) {
      await issuing.revoke(actor, classId, certificateId, reason);
      return reread(certificateId);
    },

    async reissue(actor: Actor, classId: number, certificateId: number, reason: string, lang: Lang = 'zh-CN') {
      const newId = await issuing.reissue(actor, classId, certificateId, reason, lang);
      return { previous: await reread(certificateId), certificate: await reread(newId) };
    },

    async keep(actor: Actor, classId: number, certificateId: number, reason: string, lang: Lang = 'zh-CN') {
      await issuing.keep(actor, classId, certificateId, reason, lang);
      return reread(certificateId);
    },

    allowEarlyIssue: issuing.allowEarlyIssue,
    settingsFor: settings.settingsFor,
    updateSettings: settings.updateSettings,
    setBilingual: settings.setBilingual,
    preview: settings.preview,

    async pdf(classId: number, certificateId: number) {
      const row = await issuing.requireCertificate(db, classId, certificateId);
      return { fileName: fileName(row, 'pdf'), data: await pdfOf(row) };
    },
    async credential(classId: number, certificateId: number) {
      const row = await issuing.requireCertificate(db, classId, certificateId);
      return { fileName: fileName(row, 'jwt'), jwt: row.credential_jwt };
    },

    // The trainee's own certificates.
    async listMine(personId: number) {
      return (await store.listForPerson(db, personId)).map(views.toMine);
    },
    async myFile(personId: number, certificateId: number, kind: 'pdf' | 'jwt') {
      const row = await store.find(db, certificateId);
      if (!row || row.person_id !== personId) throw notFound('certificate', certificateId);
      return kind === 'pdf'
        ? { fileName: fileName(row, 'pdf'), data: await pdfOf(row) }
        : { fileName: fileName(row, 'jwt'), data: Buffer.from(row.credential_jwt) };
    },

    ...verification,
    ...jobs,
  };
  return service;
};
export type CertificateService = ReturnType<typeof makeCertificateService>;
