import type { Generated } from 'kysely';

// The auth module's tables beyond the first ones in db/schema.ts (see the migration
// 2026-12-01T1020-account-invitations.ts).
declare module '../../db/schema' {
  interface DB {
    /** Single-use links with which a staff member sets their own password; only the token's hash is kept. */
    account_invitations: {
      id: Generated<number>;
      user_id: number;
      token_hash: string;
      created_at: string;
      expires_at: string;
      used_at: string | null;
      created_by: number | null;
    };
  }
}
