import type { z } from 'zod';
import {
  type CertificatePreviewBody,
  type CertificateTemplates,
  DEFAULT_CERTIFICATE_TEMPLATES,
  renderCertificateText,
  type UpdateCertificateSettingsBody,
} from '../../../contracts';
import { type Database, type Executor, nowIso } from '../../db/connection';
import { AppError } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { AuditService } from '../audit/service';
import type { CompletionService } from '../completion/service';
import { certificatePdf } from './document';
import type { FaceImagesOf } from './images';
import type { CertificateStore } from './store';

// The institution's certificate wording (templates with a preview) and the per-class options:
// bilingual certificates (a Tibetan line) and the organizer's early-issue override.

export function makeSettings(deps: {
  database: Database;
  store: CertificateStore;
  audit: Pick<AuditService, 'record'>;
  completion: Pick<CompletionService, 'eligibilityIn' | 'ruleIn'>;
  publicUrl: string;
  imagesOf: FaceImagesOf;
}) {
  const { database, store, audit, completion, publicUrl, imagesOf } = deps;
  const db = database.db;

  async function templatesIn(trx: Executor, institutionId: number): Promise<CertificateTemplates> {
    const row = await store.findSettings(trx, institutionId);
    if (!row) return DEFAULT_CERTIFICATE_TEMPLATES;
    return {
      bodyTemplate: row.body_template,
      hoursFullTemplate: row.hours_full_template,
      hoursPartialTemplate: row.hours_partial_template,
      tibetanLine: row.tibetan_line,
    };
  }

  async function optionsIn(trx: Executor, classId: number) {
    const row = await store.findOptions(trx, classId);
    return {
      bilingual: row?.bilingual === 1,
      earlyIssue:
        row?.early_issue_at && row.early_issue_reason
          ? { reason: row.early_issue_reason, grantedBy: row.early_issue_by_name ?? null, grantedAt: row.early_issue_at }
          : null,
    };
  }

  return {
    templatesIn,
    optionsIn,

    /** The wording of the class's institution, and whether the caller may change it. */
    async settingsFor(classId: number, canEdit: boolean) {
      const { institution } = await completion.ruleIn(db, classId);
      const row = await store.findSettings(db, institution.id);
      return { ...(await templatesIn(db, institution.id)), updatedAt: row?.updated_at ?? null, updatedBy: row?.updated_by_name ?? null, canEdit };
    },

    /** Replaces the institution's wording; applies to certificates issued from now on (issued ones keep their text). */
    async updateSettings(actor: Actor, classId: number, body: z.infer<typeof UpdateCertificateSettingsBody>) {
      await database.transaction(async (trx) => {
        const { institution } = await completion.ruleIn(trx, classId);
        const before = await templatesIn(trx, institution.id);
        await store.upsertSettings(trx, {
          institution_id: institution.id,
          body_template: body.bodyTemplate,
          hours_full_template: body.hoursFullTemplate,
          hours_partial_template: body.hoursPartialTemplate,
          tibetan_line: body.tibetanLine,
          updated_at: nowIso(),
          updated_by: actor.userId,
        });
        await audit.record(trx, actor, {
          action: 'certificate.settings.update',
          entity: 'institution',
          entityId: institution.id,
          classId,
          before,
          after: body,
        });
      });
    },

    /** Prints the class's certificates with a Tibetan line (only once the institution has one). */
    async setBilingual(actor: Actor, classId: number, bilingual: boolean) {
      await database.transaction(async (trx) => {
        const { institution } = await completion.ruleIn(trx, classId);
        if (bilingual && !(await templatesIn(trx, institution.id)).tibetanLine) throw new AppError('certificate.no_tibetan_line', 409);
        const before = await optionsIn(trx, classId);
        await store.upsertOptions(trx, classId, { bilingual: bilingual ? 1 : 0 }, nowIso());
        await audit.record(trx, actor, {
          action: 'certificate.options.update',
          entity: 'class',
          entityId: classId,
          classId,
          before: { bilingual: before.bilingual },
          after: { bilingual },
        });
      });
    },

    /**
     * A specimen certificate for the class with the templates as typed: for the trainee whose hours
     * show the most (one who attended fewer than the class's hours, when there is one).
     */
    async preview(classId: number, body: z.infer<typeof CertificatePreviewBody>) {
      const ctx = await completion.eligibilityIn(db, classId, 'zh-CN');
      const saved = await templatesIn(db, ctx.institution.id);
      const templates: CertificateTemplates = {
        bodyTemplate: body.bodyTemplate ?? saved.bodyTemplate,
        hoursFullTemplate: body.hoursFullTemplate ?? saved.hoursFullTemplate,
        hoursPartialTemplate: body.hoursPartialTemplate ?? saved.hoursPartialTemplate,
        tibetanLine: body.tibetanLine === undefined ? saved.tibetanLine : body.tibetanLine,
      };
      const enrolled = ctx.rows.filter((r) => r.enrolmentStatus === 'enrolled');
      const sample = enrolled.find((r) => r.attendedHours < r.totalHours && r.nameBo) ??
        enrolled.find((r) => r.attendedHours < r.totalHours) ??
        enrolled[0] ?? { name: '示例学员', nameBo: null, totalHours: 40, attendedHours: 36 };
      const bilingual = body.bilingual ?? (await optionsIn(db, classId)).bilingual;
      const text = renderCertificateText(
        templates,
        { ...sample, classTitle: ctx.cls.title, startsOn: ctx.cls.starts_on, endsOn: ctx.cls.ends_on },
        { bilingual },
      );
      const data = await certificatePdf({
        serial: 'SPECIMEN',
        name: sample.name,
        nameBo: sample.nameBo,
        body: text.body,
        tibetan: text.tibetan,
        issuerName: ctx.rule.issuerName,
        issuedOn: ctx.cls.ends_on,
        verifyUrl: `${publicUrl}/verify`,
        status: 'valid',
        specimen: true,
        images: await imagesOf(ctx.institution.id),
      });
      return { fileName: `结业证书样张_${ctx.cls.short_title ?? ctx.cls.title}.pdf`, data };
    },
  };
}
export type Settings = ReturnType<typeof makeSettings>;
