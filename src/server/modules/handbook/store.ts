import './tables';
import type { Executor } from '../../db/connection';
import type { NewRow } from '../../db/schema';

// All SQL of the handbook's texts.
export const makeHandbookStore = () => ({
  texts: (db: Executor, scopeType: 'institution' | 'class', scopeId: number) =>
    db.selectFrom('handbook_texts').selectAll().where('scope_type', '=', scopeType).where('scope_id', '=', scopeId).executeTakeFirst(),
  save: (db: Executor, row: NewRow<'handbook_texts'>) =>
    db
      .insertInto('handbook_texts')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['scope_type', 'scope_id']).doUpdateSet({
          welcome: row.welcome,
          rules: row.rules,
          staff_phones: row.staff_phones,
          updated_at: row.updated_at,
          updated_by: row.updated_by,
        }),
      )
      .execute(),
});
export type HandbookStore = ReturnType<typeof makeHandbookStore>;
