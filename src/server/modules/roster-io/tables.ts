import type { Generated } from 'kysely';

// Tables of the roster-io module: the column mappings users chose by hand (#16).
declare module '../../db/schema' {
  interface DB {
    import_column_mappings: {
      id: Generated<number>;
      institution_id: number;
      /** The heading as normaliseHeader gives it. */
      header_key: string;
      /** An import field, or 'ignore'. */
      field: string;
      updated_at: string;
    };
  }
}
