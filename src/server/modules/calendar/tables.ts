import type { Generated } from 'kysely';

declare module '../../db/schema' {
  interface DB {
    calendar_feeds: {
      id: Generated<number>;
      /** 'class:<id>' or 'enrolment:<id>': one live feed per class and per trainee. */
      scope_key: string;
      class_id: number;
      enrolment_id: number | null;
      /** Random; the token is HMAC(secret, scope_key:nonce), so a new nonce is a new URL. */
      nonce: string;
      /** SHA-256 of the token, for looking a presented token up. */
      token_hash: string;
      created_at: string;
      created_by_user_id: number | null;
    };
  }
}
