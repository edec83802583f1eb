import { createHash, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { type Database, type Executor, nowIso } from '../../db/connection';
import { notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { makePersonalDataCipher } from '../../lib/personal-data';
import type { AuditService } from '../audit/service';
import type { CredentialStore } from './store';

// The institution's Ed25519 signing keys and the VC-JWTs signed with them. A key is made on first
// use; its private half is stored encrypted with a key derived from the server secret and never
// leaves this module (not in API responses, not in logs). Rotation retires the active key and
// makes a new one; retired public keys stay in the JWKS so that old credentials still verify.

export type KeyRow = Awaited<ReturnType<CredentialStore['findByKid']>>;

export type CredentialCheck =
  | { outcome: 'malformed' | 'unknown_key' | 'bad_signature' }
  | { outcome: 'verified'; kid: string; institutionId: number; payload: Record<string, unknown> };

/** A key of its own for the signing keys, derived from the server secret with a separate label (the backup's key check uses it too). */
export const signingKeySecret = (secret: Buffer) =>
  createHash('sha256')
    .update(Buffer.concat([Buffer.from('cohort:signing-keys:'), secret]))
    .digest();

/** Where a key is published on its own, as a bare JWK: the JOSE header's `kid` (OB 3.0 §8.2: a URI dereferenced to the JWK). */
export const keyUrl = (publicUrl: string, thumbprint: string) => `${publicUrl}/keys/${thumbprint}`;
/** The thumbprint a header `kid` names: the key URL's last segment, or a bare thumbprint (credentials signed before #10). */
export const thumbprintOf = (kid: string) => kid.slice(kid.lastIndexOf('/') + 1);

export const makeCredentialService = (deps: {
  database: Database;
  store: CredentialStore;
  secretKey: Buffer;
  audit: Pick<AuditService, 'record'>;
  /** Base of the key URLs named in the JWT headers. */
  publicUrl: string;
}) => {
  const { database, store, audit, publicUrl } = deps;
  const db = database.db;
  const cipher = makePersonalDataCipher(signingKeySecret(deps.secretKey));
  // Imported keys are cached by kid: importing costs more than signing. Keys never change under a kid.
  const privateKeys = new Map<string, Promise<CryptoKey | Uint8Array>>();
  const publicKeys = new Map<string, Promise<CryptoKey | Uint8Array>>();

  async function newKeyRow(institutionId: number) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const priv = privateKey.export({ format: 'jwk' }) as JWK;
    const pub: JWK = { kty: 'OKP', crv: 'Ed25519', x: priv.x };
    const kid = await calculateJwkThumbprint(pub);
    return {
      institution_id: institutionId,
      kid,
      public_jwk: JSON.stringify({ ...pub, kid, alg: 'EdDSA', use: 'sig' }),
      private_enc: cipher.encrypt(JSON.stringify(priv)),
      created_at: nowIso(),
      retired_at: null,
    };
  }

  /** The institution's active key, made on first use (inside the caller's transaction). */
  async function activeKey(trx: Executor, institutionId: number) {
    const existing = await store.activeKey(trx, institutionId);
    if (existing) return existing;
    const row = await newKeyRow(institutionId);
    if (await store.insertIfNoActive(trx, row)) {
      await audit.record(trx, null, { action: 'signing_key.create', entity: 'signing_key', after: { institutionId, kid: row.kid } });
    }
    const key = await store.activeKey(trx, institutionId);
    if (!key) throw new Error('no active signing key after creating one');
    return key;
  }

  const privateKeyOf = (row: NonNullable<KeyRow>) => {
    let key = privateKeys.get(row.kid);
    if (!key) {
      key = importJWK(JSON.parse(cipher.decrypt(row.private_enc)) as JWK, 'EdDSA');
      privateKeys.set(row.kid, key);
    }
    return key;
  };
  const publicKeyOf = (row: NonNullable<KeyRow>) => {
    let key = publicKeys.get(row.kid);
    if (!key) {
      key = importJWK(JSON.parse(row.public_jwk) as JWK, 'EdDSA');
      publicKeys.set(row.kid, key);
    }
    return key;
  };

  return {
    activeKey,

    /**
     * Signs a credential as a VC-JWT with the institution's active key. The JOSE header is alg
     * EdDSA, kid the key's URL, and typ "JWT" for Open Badges (OB 3.0 allows no other) or
     * "vc+jwt" for other credentials such as the status lists (VC-JOSE-COSE's media type).
     */
    async sign(trx: Executor, institutionId: number, payload: Record<string, unknown>, options: { typ?: 'JWT' | 'vc+jwt' } = {}) {
      const key = await activeKey(trx, institutionId);
      const header = { alg: 'EdDSA', kid: keyUrl(publicUrl, key.kid), typ: options.typ ?? 'JWT' };
      const jwt = await new SignJWT(payload).setProtectedHeader(header).sign(await privateKeyOf(key));
      return { jwt, kid: key.kid };
    },

    /**
     * Every public key, retired ones included, as a JWK Set: each under its thumbprint (what
     * credentials signed before #10 name) and under its URL (what newer headers name), so a
     * verifier that matches `kid` against a JWKS finds it either way.
     */
    async jwks() {
      const rows = await store.listPublic(db);
      return {
        keys: rows.flatMap((r) => {
          const jwk = JSON.parse(r.public_jwk) as JWK;
          return [jwk, { ...jwk, kid: keyUrl(publicUrl, r.kid) }];
        }),
      };
    },

    /** One public key as a bare JWK (kty, crv, x): what a header's `kid` URL dereferences to. */
    async publicJwk(thumbprint: string) {
      const row = await store.findByKid(db, thumbprint);
      if (!row) return null;
      const { kty, crv, x } = JSON.parse(row.public_jwk) as JWK;
      return { kty, crv, x };
    },

    async listKeys(institutionId: number) {
      if (!(await store.findInstitution(db, institutionId))) throw notFound('institution', institutionId);
      return (await store.listPublic(db, institutionId)).map((r) => ({
        kid: r.kid,
        createdAt: r.created_at,
        retiredAt: r.retired_at,
        active: r.retired_at === null,
      }));
    },

    /** Retires the active key (it stays published) and makes a new one. */
    async rotate(actor: Pick<Actor, 'userId'> | null, institutionId: number) {
      return database.transaction(async (trx) => {
        if (!(await store.findInstitution(trx, institutionId))) throw notFound('institution', institutionId);
        const before = await store.activeKey(trx, institutionId);
        await store.retireActive(trx, institutionId, nowIso());
        const row = await newKeyRow(institutionId);
        await store.insertIfNoActive(trx, row);
        await audit.record(trx, actor, {
          action: 'signing_key.rotate',
          entity: 'signing_key',
          before: before ? { kid: before.kid } : null,
          after: { institutionId, kid: row.kid },
        });
        return { kid: row.kid, retiredKid: before?.kid ?? null };
      });
    },

    findInstitutionByCode: (code: string) => store.findInstitutionByCode(db, code),

    /** Checks a VC-JWT's signature against our published keys. Says nothing yet about revocation. */
    async verify(jwt: string): Promise<CredentialCheck> {
      const compact = jwt.trim();
      if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(compact)) return { outcome: 'malformed' };
      let kid: string | undefined;
      try {
        const header = decodeProtectedHeader(compact);
        if (header.alg !== 'EdDSA') return { outcome: 'bad_signature' };
        kid = header.kid;
      } catch {
        return { outcome: 'malformed' };
      }
      const row = kid ? await store.findByKid(db, thumbprintOf(kid)) : undefined;
      if (!row) return { outcome: 'unknown_key' };
      try {
        const { payload } = await jwtVerify(compact, await publicKeyOf(row), { algorithms: ['EdDSA'] });
        return { outcome: 'verified', kid: row.kid, institutionId: row.institution_id, payload: payload as Record<string, unknown> };
      } catch {
        return { outcome: 'bad_signature' };
      }
    },
  };
};
export type CredentialService = ReturnType<typeof makeCredentialService>;
