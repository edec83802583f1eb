import type { Generated } from 'kysely';

// Tables of the backup module, declared here so that nobody edits db/schema.ts concurrently.
declare module '../../db/schema' {
  interface DB {
    /** One row: the fingerprint of the secret key this database's encrypted values were written with. */
    secret_key_check: { id: number; fingerprint: string; recorded_at: string };
    /** Scheduled backups, one row per scheduled time (the instance that inserts it makes the backup). */
    backup_runs: {
      id: Generated<number>;
      scheduled_for: string;
      started_at: string;
      finished_at: string | null;
      status: 'running' | 'done' | 'failed';
      archive: string | null;
      error: string | null;
    };
  }
}
