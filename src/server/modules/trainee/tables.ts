import type { Generated } from 'kysely';

// Tables of the trainee module, declared here so that nobody edits db/schema.ts concurrently.
declare module '../../db/schema' {
  interface DB {
    invitations: {
      id: Generated<number>;
      enrolment_id: number;
      token_hash: string;
      issued_at: string;
      issued_by: number | null;
      revoked_at: string | null;
      last_used_at: string | null;
      use_count: Generated<number>;
      /** After this instant the link no longer opens; renewing moves it. */
      expires_at: string | null;
    };
  }
}
