import { createCipheriv, createDecipheriv, createHash, createHmac, hash, randomBytes } from 'node:crypto';

// ID numbers are encrypted at rest (AES-256-GCM, random IV) and indexed by an HMAC so that
// "does this person exist already" works without decrypting every row. Both keys derive from
// the one secret, with different labels, so neither can stand in for the other.
export type PersonalDataCipher = {
  encrypt: (plain: string) => string;
  decrypt: (stored: string) => string;
  blindIndex: (plain: string) => string;
};

export function makePersonalDataCipher(secret: Buffer): PersonalDataCipher {
  const encKey = createHash('sha256')
    .update(Buffer.concat([Buffer.from('cohort:enc:'), secret]))
    .digest();
  const macKey = createHash('sha256')
    .update(Buffer.concat([Buffer.from('cohort:mac:'), secret]))
    .digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(stored) {
      const raw = Buffer.from(stored.replace(/^v1:/, ''), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    blindIndex: (plain) => createHmac('sha256', macKey).update(plain.trim().toUpperCase()).digest('base64url'),
  };
}

/** 540102198001011234 → 5401**********1234: enough to tell two people apart on a list, no more. */
export const maskIdNumber = (id: string) => (id.length <= 8 ? '*'.repeat(id.length) : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`);

/**
 * Any document number, masked: an 18-character ID as maskIdNumber does; a short one (a permit's
 * H12345678, a passport's E12345678) shows its first character and last three only, since four and
 * four would leave a single digit hidden: H*****678.
 */
export const maskDocumentNumber = (n: string) =>
  n.length >= 15 ? maskIdNumber(n) : n.length < 6 ? '*'.repeat(n.length) : `${n[0]}${'*'.repeat(n.length - 4)}${n.slice(-3)}`;

/**
 * What the blind index of a document is computed over: a mainland ID number by itself (as before
 * document types existed), any other number with its type, so a passport and a permit that
 * happen to share a number are two documents.
 */
export const documentKey = (type: string, number: string) => (type === 'resident_id' ? number : `${type}:${number}`);

// Every request hashes its session token; the one-shot crypto.hash (Node ≥ 20.12) is about three
// times cheaper than createHash().update().digest().
export const sha256 = (s: string) => hash('sha256', s, 'base64url');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
