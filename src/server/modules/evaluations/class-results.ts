import type { z } from 'zod';
import type {
  ClassEvaluations,
  EvaluationSettings,
  NonRespondents,
  OutstandingEvaluations,
  QuestionnaireResults,
  UpdateEvaluationSettingsBody,
  UpdateQuestionnaireBody,
} from '../../../contracts';
import { nowIso } from '../../db/connection';
import { qrSvg } from '../../documents/qr';
import { invalid, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { EvaluationCore, EvaluationDeps, QRow } from './context';

// A class's questionnaires as staff see them: overview, settings, per-questionnaire changes,
// results, non-respondents and reminders, the QR link, and the data of the class report.
export const makeClassResults = (deps: EvaluationDeps, core: EvaluationCore) => {
  const { database, store, audit, classes } = deps;
  const { settingsOf, classContext, timesOf, stateOf, titleOf, summaryOf, visibility, requireQuestionnaire, resultsOf, ratingsFor, nonRespondentsOf } = core;

  const results = {
    // The class
    async classOverview(actor: Actor, classId: number): Promise<z.infer<typeof ClassEvaluations>> {
      return database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const view = await visibility(trx, actor, ctx);
        const visible = ctx.questionnaires.filter(view.sees);
        const ratings = await store.ratingCounts(
          trx,
          visible.map((q) => q.id),
        );
        const summaries = visible.map((q) => summaryOf(ctx, q, ratingsFor(ratings, q.id)));
        // Sessions in timetable order, the class questionnaire last.
        summaries.sort((a, b) => (a.session ? a.session.startsAt : '9').localeCompare(b.session ? b.session.startsAt : '9') || a.id - b.id);
        return {
          classId,
          institutionId: ctx.cls.institution_id,
          classTitle: ctx.cls.title,
          timeZone: ctx.cls.time_zone,
          settings: ctx.settings,
          ownSessionsOnly: !view.all,
          questionnaires: summaries,
        };
      });
    },

    async updateSettings(actor: Actor, classId: number, patch: z.infer<typeof UpdateEvaluationSettingsBody>) {
      return database.transaction(async (trx) => {
        await classes.requireClass(trx, classId);
        const before = await settingsOf(trx, classId);
        const next = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as EvaluationSettings;
        await store.upsertSettings(trx, {
          class_id: classId,
          close_after_hours: next.closeAfterHours,
          open_before_end_minutes: next.openBeforeEndMinutes,
          min_group_size: next.minGroupSize,
          updated_at: nowIso(),
        });
        await audit.record(trx, actor, { action: 'evaluation.settings', entity: 'class', entityId: classId, classId, before, after: next });
        return next;
      });
    },

    async updateQuestionnaire(actor: Actor, classId: number, questionnaireId: number, patch: z.infer<typeof UpdateQuestionnaireBody>) {
      return database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const q = requireQuestionnaire(ctx, questionnaireId);
        const locked = q.questions_json !== null;
        const changes: Partial<QRow> = {};
        if (patch.templateId !== undefined && patch.templateId !== q.template_id) {
          if (locked) throw invalid('evaluation.locked', 'templateId');
          const t = await store.findTemplate(trx, patch.templateId);
          if (!t || t.institution_id !== ctx.cls.institution_id) throw invalid('not_found', 'templateId', { entity: 'evaluation_template' });
          if (t.archived) throw invalid('evaluation.template_archived', 'templateId');
          changes.template_id = t.id;
          ctx.templates.set(t.id, t);
        }
        if (patch.enabled !== undefined && (patch.enabled ? 1 : 0) !== q.enabled) {
          if (!patch.enabled && locked) throw invalid('evaluation.locked', 'enabled');
          if (patch.enabled && !(changes.template_id ?? q.template_id)) throw invalid('evaluation.template_required', 'templateId');
          changes.enabled = patch.enabled ? 1 : 0;
        }
        if (patch.anonymous !== undefined && (patch.anonymous ? 1 : 0) !== q.anonymous) {
          if (locked) throw invalid('evaluation.locked', 'anonymous');
          changes.anonymous = patch.anonymous ? 1 : 0;
        }
        if (patch.opensAt !== undefined) changes.opens_at = patch.opensAt === null ? null : new Date(patch.opensAt).toISOString();
        if (patch.closesAt !== undefined) changes.closes_at = patch.closesAt === null ? null : new Date(patch.closesAt).toISOString();
        const next = { ...q, ...changes } as QRow;
        const times = timesOf(ctx, next);
        if (times.closesAt <= times.opensAt) throw invalid('evaluation.close_before_open', patch.closesAt !== undefined ? 'closesAt' : 'opensAt');
        if (Object.keys(changes).length) {
          await store.updateQuestionnaire(trx, q.id, { ...changes, updated_at: nowIso() });
          Object.assign(q, changes);
          await audit.record(trx, actor, {
            action: 'evaluation.questionnaire',
            entity: 'questionnaire',
            entityId: q.id,
            classId,
            before: patch,
            after: changes,
          });
        }
        const ratings = await store.ratingCounts(trx, [q.id]);
        return summaryOf(ctx, q, ratings);
      });
    },

    async results(actor: Actor, classId: number, questionnaireId: number) {
      return database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const q = requireQuestionnaire(ctx, questionnaireId);
        // A lecturer asking for someone else's session is told it does not exist for them.
        if (!(await visibility(trx, actor, ctx)).sees(q)) throw notFound('questionnaire', questionnaireId);
        return resultsOf(trx, ctx, q, await store.ratingCounts(trx, [q.id]));
      });
    },

    async nonRespondents(classId: number, questionnaireId: number): Promise<NonRespondents> {
      return database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const q = requireQuestionnaire(ctx, questionnaireId);
        const summary = summaryOf(ctx, q, []);
        return {
          questionnaireId: q.id,
          title: summary.title,
          state: summary.state,
          closesAt: summary.closesAt,
          expected: summary.expected,
          answered: summary.answered,
          people: nonRespondentsOf(ctx, q),
        };
      });
    },

    /** Everyone with an open questionnaire still to answer: the class teacher's reminder list. */
    async outstanding(classId: number): Promise<OutstandingEvaluations> {
      return database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const open = ctx.questionnaires.filter((q) => stateOf(ctx, q) === 'open');
        const people = new Map<number, OutstandingEvaluations['people'][number]>();
        for (const q of open) {
          const times = timesOf(ctx, q);
          for (const p of nonRespondentsOf(ctx, q)) {
            const entry = people.get(p.enrolmentId) ?? { ...p, pending: [] };
            entry.pending.push({ questionnaireId: q.id, title: titleOf(ctx, q), closesAt: times.closesAt });
            people.set(p.enrolmentId, entry);
          }
        }
        const order = new Map(ctx.roster.map((e, i) => [e.id, i]));
        return {
          openQuestionnaires: open.length,
          people: [...people.values()].sort((a, b) => (order.get(a.enrolmentId) ?? 0) - (order.get(b.enrolmentId) ?? 0)),
        };
      });
    },

    async link(actor: Actor, classId: number, questionnaireId: number) {
      const path = await database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const q = requireQuestionnaire(ctx, questionnaireId);
        if (!(await visibility(trx, actor, ctx)).sees(q)) throw notFound('questionnaire', questionnaireId);
        return `/t/evaluations/q/${q.link_token}`;
      });
      const url = `${deps.publicUrl.replace(/\/$/, '')}${path}`;
      return { path, url, svg: await qrSvg(url) };
    },

    /** Everything the class report shows: summaries and full results of every questionnaire in use. */
    async reportData(classId: number) {
      return database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const used = ctx.questionnaires.filter((q) => q.enabled === 1);
        const ratings = await store.ratingCounts(
          trx,
          used.map((q) => q.id),
        );
        const results: QuestionnaireResults[] = [];
        for (const q of used) results.push(await resultsOf(trx, ctx, q, ratingsFor(ratings, q.id)));
        results.sort((a, b) => (a.questionnaire.session?.startsAt ?? '9').localeCompare(b.questionnaire.session?.startsAt ?? '9'));
        return {
          classTitle: ctx.cls.title,
          timeZone: ctx.cls.time_zone,
          startsOn: ctx.cls.starts_on,
          endsOn: ctx.cls.ends_on,
          settings: ctx.settings,
          results,
        };
      });
    },
  };
  return results;
};
