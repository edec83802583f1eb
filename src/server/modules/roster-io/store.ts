import './tables';
import type { Executor } from '../../db/connection';

// All SQL of the roster-io module: the remembered column mappings.
export const makeRosterIoStore = () => ({
  mappingsOf: (db: Executor, institutionId: number) =>
    db.selectFrom('import_column_mappings').select(['header_key', 'field']).where('institution_id', '=', institutionId).execute(),
  /** Sets each heading's mapping, replacing what was remembered for it. */
  async rememberMappings(db: Executor, institutionId: number, entries: Array<{ headerKey: string; field: string }>, at: string) {
    if (!entries.length) return;
    await db
      .insertInto('import_column_mappings')
      .values(entries.map((e) => ({ institution_id: institutionId, header_key: e.headerKey, field: e.field, updated_at: at })))
      .onConflict((oc) =>
        oc.columns(['institution_id', 'header_key']).doUpdateSet((eb) => ({ field: eb.ref('excluded.field'), updated_at: eb.ref('excluded.updated_at') })),
      )
      .execute();
  },
});
export type RosterIoStore = ReturnType<typeof makeRosterIoStore>;
