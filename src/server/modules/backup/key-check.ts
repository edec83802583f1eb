import { createHmac } from 'node:crypto';
import { type Database, nowIso } from '../../db/connection';
import { makePersonalDataCipher } from '../../lib/personal-data';
import { signingKeySecret } from '../credentials/service';
import type { BackupStore } from './store';

/**
 * The secret key in use does not match the data: started anyway, every ID number and signed
 * certificate would give a 500 later, and new ones would be written with a key the old ones do not
 * share. Stops the start instead, naming where the key came from.
 */
export class SecretKeyMismatchError extends Error {
  override name = 'SecretKeyMismatchError';
}

/** A short, one-way fingerprint of the secret key: safe to store, print and put in a backup manifest. */
export const keyFingerprint = (secret: Buffer) => createHmac('sha256', secret).update('cohort secret key fingerprint v1').digest('base64url').slice(0, 16);

const decrypts = (key: Buffer, value: string) => {
  try {
    makePersonalDataCipher(key).decrypt(value);
    return true;
  } catch {
    return false;
  }
};

/**
 * Checks the configured key against the database at start: against the stored fingerprint, or,
 * for a database that has none yet (made before fingerprints), by decrypting a stored ID number
 * and signing key; then stores the fingerprint. `source` names the key for the message.
 */
export async function ensureSecretKey(database: Database, store: BackupStore, secret: Buffer, source: string) {
  const fingerprint = keyFingerprint(secret);
  const stored = await store.keyCheck(database.db);
  const refuse = (why: string) =>
    new SecretKeyMismatchError(
      `The secret key from ${source} does not match this database (${database.describe}): ${why}. ` +
        'Start with the key the data was written with (COHORT_SECRET_KEY, or the file DATA_DIR/secret.key); see "Backup, restore and moving keys" in the README. ' +
        `/ ${source} 中的密钥与数据库不一致：请使用写入数据时的密钥（COHORT_SECRET_KEY 或 DATA_DIR/secret.key）。`,
    );
  if (stored) {
    if (stored.fingerprint !== fingerprint)
      throw refuse(`the database was written with the key of fingerprint ${stored.fingerprint}, this key's is ${fingerprint}`);
    return fingerprint;
  }
  const samples = await store.encryptedSamples(database.db);
  if (samples.idNumber && !decrypts(secret, samples.idNumber)) throw refuse('it cannot decrypt the ID numbers stored');
  if (samples.signingKey && !decrypts(signingKeySecret(secret), samples.signingKey)) throw refuse('it cannot decrypt the certificate signing keys stored');
  await store.recordKeyCheck(database.db, fingerprint, nowIso());
  return fingerprint;
}
