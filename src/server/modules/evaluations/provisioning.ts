import { type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { randomToken } from '../../lib/personal-data';
import type { EvaluationCore, EvaluationDeps } from './context';
import { BUILTIN_TEMPLATES } from './default-templates';
import type { EvaluationStore } from './store';

// Where evaluation rows come into being, so that reading a class's evaluation never writes:
// - the built-in templates when an institution is created (hook `onInstitutionCreated` of the
//   classes service),
// - a questionnaire row per session, and the class's own, when sessions are created (hook
//   `onSessionsCreated` of the timetable service; migration 2026-12-01T4000 did it once for the
//   sessions that existed before),
// - and the erasure of the respondent → response links of closed questionnaires, by a sweep the
//   server runs every minute (`forgetClosedResponseRefs`), instead of on the next look.

/** Seeds the built-in templates of an institution once (idempotent: the unique builtin key decides). */
export async function seedBuiltinTemplates(store: EvaluationStore, trx: Executor, institutionId: number) {
  if ((await store.countBuiltins(trx, institutionId)) > 0) return;
  const existing = await store.listTemplates(trx, institutionId);
  const at = nowIso();
  for (const b of BUILTIN_TEMPLATES) {
    const taken = existing.some((t) => t.default_for === b.defaultFor);
    await store.insertTemplate(trx, {
      institution_id: institutionId,
      name: b.name,
      description: b.description,
      default_for: taken ? null : b.defaultFor,
      builtin_key: b.key,
      questions_json: JSON.stringify(b.questions),
      created_at: at,
      updated_at: at,
    });
  }
}

export type CreatedSession = { id: number; kind: Row<'sessions'>['kind'] };

export const makeProvisioning = (deps: EvaluationDeps, core: EvaluationCore) => {
  const { database, store, classes } = deps;
  const db = database.db;

  const provisioning = {
    /** Hook of the classes service: a new institution gets the built-in templates. */
    seedTemplates: (trx: Executor, institutionId: number) => seedBuiltinTemplates(store, trx, institutionId),

    /**
     * Hook of the timetable service, inside the transaction that inserts the sessions: each gets a
     * questionnaire row (enabled when the institution has a default template for its kind), and the
     * class gets its own with its first session. Rows are the identity of a questionnaire (id, QR
     * link, overrides); their questions follow the template until the first answer freezes them.
     * Idempotent and safe when two requests race (unique scope per class).
     */
    async prepareQuestionnaires(trx: Executor, classId: number, sessions: CreatedSession[]) {
      const cls = await classes.requireClass(trx, classId);
      await seedBuiltinTemplates(store, trx, cls.institution_id);
      const have = new Set((await store.questionnairesOfClass(trx, classId)).map((q) => q.scope_key));
      const wanted = [...sessions.map((s) => ({ key: `session:${s.id}`, session: s })), { key: 'class', session: null as CreatedSession | null }].filter(
        (w) => !have.has(w.key),
      );
      if (!wanted.length) return;
      const defaults = new Map((await store.listTemplates(trx, cls.institution_id)).filter((t) => t.default_for).map((t) => [t.default_for as string, t]));
      const at = nowIso();
      await store.insertQuestionnaires(
        trx,
        wanted.map((w) => {
          const template = defaults.get(w.session ? w.session.kind : 'class');
          return {
            class_id: classId,
            session_id: w.session?.id ?? null,
            scope_key: w.key,
            template_id: template?.id ?? null,
            enabled: template ? 1 : 0,
            anonymous: 1,
            questions_json: null,
            opens_at: null,
            closes_at: null,
            link_token: randomToken(12),
            created_at: at,
            updated_at: at,
          };
        }),
      );
    },

    /**
     * Editing ends when a questionnaire closes; from then on nothing may tie a respondent to a
     * response. Erases the links of every closed questionnaire; only the classes that still hold
     * links are read, so a sweep of a quiet database is one query.
     */
    async forgetClosedResponseRefs() {
      for (const classId of await store.classesWithResponseRefs(db)) {
        await database.transaction(async (trx) => {
          const ctx = await core.classContext(trx, classId);
          await store.forgetResponseRefs(
            trx,
            ctx.questionnaires.filter((q) => core.stateOf(ctx, q) === 'closed').map((q) => q.id),
          );
        });
      }
    },
  };
  return provisioning;
};
