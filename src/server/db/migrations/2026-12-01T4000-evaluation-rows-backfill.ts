import type { Kysely } from 'kysely';
import { randomToken } from '../../lib/personal-data';
import { BUILTIN_TEMPLATES } from '../../modules/evaluations/default-templates';

// Evaluation rows used to be made on the first look at a class's evaluation (issue 20): reads wrote.
// Now the built-in templates are seeded when an institution is created and questionnaire rows when
// sessions are (evaluations/provisioning.ts). This one-off backfill does the same for what existed
// before: every institution gets its built-in templates, every session of every class its
// questionnaire, and every class with sessions its own. Idempotent (unique keys, and only what is
// missing is inserted), so a database where the old code had already made the rows is unchanged.
// Written against the tables as they are at this migration, not through the module's store.
export async function up(db: Kysely<any>) {
  const at = new Date().toISOString();
  const institutions = await db.selectFrom('institutions').select('id').orderBy('id').execute();
  for (const { id } of institutions) {
    const templates = await db.selectFrom('evaluation_templates').select(['builtin_key', 'default_for', 'archived']).where('institution_id', '=', id).execute();
    if (templates.some((t) => t.builtin_key !== null)) continue;
    for (const b of BUILTIN_TEMPLATES) {
      const taken = templates.some((t) => t.archived === 0 && t.default_for === b.defaultFor);
      await db
        .insertInto('evaluation_templates')
        .values({
          institution_id: id,
          name: b.name,
          description: b.description,
          default_for: taken ? null : b.defaultFor,
          builtin_key: b.key,
          questions_json: JSON.stringify(b.questions),
          revision: 0,
          archived: 0,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.columns(['institution_id', 'builtin_key']).doNothing())
        .execute();
    }
  }

  const classes = await db
    .selectFrom('classes as c')
    .innerJoin('programmes as p', 'p.id', 'c.programme_id')
    .select(['c.id', 'p.institution_id'])
    .where((eb) => eb.exists(eb.selectFrom('sessions as s').select('s.id').whereRef('s.class_id', '=', 'c.id')))
    .orderBy('c.id')
    .execute();
  for (const cls of classes) {
    const have = new Set(
      (await db.selectFrom('evaluation_questionnaires').select('scope_key').where('class_id', '=', cls.id).execute()).map((q) => q.scope_key),
    );
    const sessions = await db.selectFrom('sessions').select(['id', 'kind']).where('class_id', '=', cls.id).orderBy('starts_at').orderBy('id').execute();
    const wanted = [
      ...sessions.map((s) => ({ key: `session:${s.id}`, sessionId: s.id as number, kind: s.kind as string })),
      { key: 'class', sessionId: null, kind: 'class' },
    ].filter((w) => !have.has(w.key));
    if (!wanted.length) continue;
    const defaults = new Map(
      (
        await db
          .selectFrom('evaluation_templates')
          .select(['id', 'default_for'])
          .where('institution_id', '=', cls.institution_id)
          .where('archived', '=', 0)
          .where('default_for', 'is not', null)
          .execute()
      ).map((t) => [t.default_for as string, t.id as number]),
    );
    for (let i = 0; i < wanted.length; i += 200) {
      await db
        .insertInto('evaluation_questionnaires')
        .values(
          wanted.slice(i, i + 200).map((w) => ({
            class_id: cls.id,
            session_id: w.sessionId,
            scope_key: w.key,
            template_id: defaults.get(w.kind) ?? null,
            enabled: defaults.has(w.kind) ? 1 : 0,
            anonymous: 1,
            questions_json: null,
            opens_at: null,
            closes_at: null,
            link_token: randomToken(12),
            created_at: at,
            updated_at: at,
          })),
        )
        .onConflict((oc) => oc.columns(['class_id', 'scope_key']).doNothing())
        .execute();
    }
  }
}

// Nothing to undo: the rows are the ones the old code would have made on the first look.
export async function down(_db: Kysely<any>) {}
