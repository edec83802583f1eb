// Tables of the roster module added after db/schema.ts was written, declared here so that nobody
// edits schema.ts concurrently.
declare module '../../db/schema' {
  interface DB {
    /** Full ID numbers revealed per user and hour window (the reveal limit). */
    id_number_reveals: { user_id: number; window_start: string; hits: number };
  }
}

export {};
