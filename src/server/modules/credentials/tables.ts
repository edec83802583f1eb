import type { Generated } from 'kysely';

// Tables of the credentials module, declared here so that nobody edits db/schema.ts concurrently.
declare module '../../db/schema' {
  interface DB {
    signing_keys: {
      id: Generated<number>;
      institution_id: number;
      kid: string;
      /** The public half as a JWK (kty OKP, crv Ed25519, x). */
      public_jwk: string;
      /** The private JWK, AES-256-GCM encrypted with a key derived from the server secret. */
      private_enc: string;
      created_at: string;
      retired_at: string | null;
    };
  }
}
