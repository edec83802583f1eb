import type { z } from 'zod';
import type { TemplateBody, TemplateTarget } from '../../../contracts';
import { type Executor, nowIso } from '../../db/connection';
import { notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { type EvaluationCore, type EvaluationDeps, parseQuestions, type TemplateRow } from './context';
import { seedBuiltinTemplates } from './provisioning';
import { normaliseQuestions } from './questions';

// Questionnaire templates per institution: the built-in four, seeded once, then the institution's to edit.
export const makeTemplates = (deps: EvaluationDeps, _core: EvaluationCore) => {
  const { database, store, audit } = deps;
  const db = database.db;

  const toTemplate = (t: TemplateRow, usedBy: number) => ({
    id: t.id,
    institutionId: t.institution_id,
    name: t.name,
    description: t.description,
    defaultFor: (t.default_for as TemplateTarget | null) ?? null,
    builtinKey: t.builtin_key,
    questions: parseQuestions(t.questions_json),
    revision: t.revision,
    usedBy,
    updatedAt: t.updated_at,
  });

  async function requireTemplate(trx: Executor, institutionId: number, templateId: number) {
    const t = await store.findTemplate(trx, templateId);
    if (!t || t.institution_id !== institutionId || t.archived) throw notFound('evaluation_template', templateId);
    return t;
  }

  async function templatesWithUsage(trx: Executor, institutionId: number) {
    const rows = await store.listTemplates(trx, institutionId);
    const usage = new Map(
      (
        await store.templateUsage(
          trx,
          rows.map((r) => r.id),
        )
      ).map((u) => [u.templateId, u.n]),
    );
    return rows.map((r) => toTemplate(r, usage.get(r.id) ?? 0));
  }

  const templates = {
    // Templates (institution level)
    /** Reads only: the built-in templates were seeded when the institution was created (`provisioning.ts`). */
    listTemplates: (institutionId: number) => templatesWithUsage(db, institutionId),

    async createTemplate(actor: Actor, institutionId: number, input: z.output<typeof TemplateBody>) {
      return database.transaction(async (trx) => {
        await seedBuiltinTemplates(store, trx, institutionId);
        const at = nowIso();
        const questions = normaliseQuestions(input.questions);
        const inserted = await store.insertTemplate(trx, {
          institution_id: institutionId,
          name: input.name,
          description: input.description ?? null,
          default_for: input.defaultFor ?? null,
          builtin_key: null,
          questions_json: JSON.stringify(questions),
          created_at: at,
          updated_at: at,
        });
        const id = inserted!.id;
        if (input.defaultFor) await store.clearDefaultFor(trx, institutionId, input.defaultFor, id);
        await audit.record(trx, actor, { action: 'evaluation_template.create', entity: 'evaluation_template', entityId: id, after: { ...input, questions } });
        return (await templatesWithUsage(trx, institutionId)).find((t) => t.id === id)!;
      });
    },

    async updateTemplate(actor: Actor, institutionId: number, templateId: number, input: z.output<typeof TemplateBody>) {
      return database.transaction(async (trx) => {
        const before = await requireTemplate(trx, institutionId, templateId);
        const questions = normaliseQuestions(input.questions);
        await store.updateTemplate(trx, templateId, {
          name: input.name,
          description: input.description ?? null,
          default_for: input.defaultFor === undefined ? before.default_for : input.defaultFor,
          questions_json: JSON.stringify(questions),
          updated_at: nowIso(),
        });
        if (input.defaultFor) await store.clearDefaultFor(trx, institutionId, input.defaultFor, templateId);
        await audit.record(trx, actor, {
          action: 'evaluation_template.update',
          entity: 'evaluation_template',
          entityId: templateId,
          before: toTemplate(before, 0),
          after: { ...input, questions },
        });
        return (await templatesWithUsage(trx, institutionId)).find((t) => t.id === templateId)!;
      });
    },

    /** Archives a template: it leaves the list; questionnaires that use it keep their questions. */
    async archiveTemplate(actor: Actor, institutionId: number, templateId: number) {
      await database.transaction(async (trx) => {
        const before = await requireTemplate(trx, institutionId, templateId);
        await store.updateTemplate(trx, templateId, { archived: 1, default_for: null, updated_at: nowIso() });
        await audit.record(trx, actor, {
          action: 'evaluation_template.archive',
          entity: 'evaluation_template',
          entityId: templateId,
          before: toTemplate(before, 0),
        });
      });
      return { ok: true as const };
    },
  };
  return templates;
};
