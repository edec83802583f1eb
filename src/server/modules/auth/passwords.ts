import { randomInt } from 'node:crypto';
import argon2 from 'argon2';
import { passwordProblem } from '../../../contracts';
import { invalid } from '../../lib/errors';
import { randomToken } from '../../lib/personal-data';

// Hashing (argon2id), the strength rule (contracts/accounts.ts, shared with the web app) and the
// one-time passwords handed to new or reset accounts.

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

// A hash of a random password, so that a sign-in for an unknown user costs as much as a real one
// and timing does not tell which usernames exist.
let dummyHash: Promise<string> | null = null;

/** Checks a password against a hash; with no hash (unknown user, no password yet) it still spends the same time and says no. */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword(randomToken());
  const ok = await argon2.verify(hash ?? (await dummyHash), password).catch(() => false);
  return ok && !!hash;
}

/** Throws a field error on `field` unless the password passes the rule for this account. */
export function assertStrongPassword(password: string, account: { username: string; displayName?: string | null }, field = 'password') {
  const problem = passwordProblem(password, account);
  if (problem) throw invalid(problem, field);
}

// No 0/O, 1/l/I: read aloud or typed from a sheet of paper without mistakes.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** "Kp7w-3hXz-Qm9d": 12 random characters (~70 bits), readable, passing the strength rule. */
export function makeOneTimePassword(account: { username: string; displayName?: string | null }): string {
  for (;;) {
    const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
    const candidate = `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
    if (!passwordProblem(candidate, account)) return candidate;
  }
}
