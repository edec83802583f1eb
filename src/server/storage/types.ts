/**
 * Where uploaded files and their derived copies live. Keys are relative paths such as
 * `photos/12/5d1c…/display.jpg`; callers never see a file system path or a URL, so the
 * same code runs on local disk and on S3-compatible storage.
 */
export interface FileStorage {
  readonly kind: 'local' | 's3';
  readonly describe: string;
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such object. */
  get(key: string): Promise<Buffer | null>;
  /** Idempotent: deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
}

export class StorageError extends Error {}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** Keys are made by the application, never by users; anything else is a programming error. */
export function checkKey(key: string): void {
  if (!KEY.test(key) || key.includes('..') || key.length > 512) throw new StorageError(`invalid storage key: ${JSON.stringify(key)}`);
}
