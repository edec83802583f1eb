import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';

// A backup is one gzip'd tar: the database (a SQLite copy or a pg_dump), every stored file under
// files/<key>, and manifest.json last, naming each entry with its size and SHA-256. Restore reads
// the whole archive once to check it before it changes anything.

export const MANIFEST = 'manifest.json';
export const FORMAT = 'cohort-backup';

export type Manifest = {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  /** Fingerprint of the secret key the encrypted values were written with (the key itself is never in the archive). */
  keyFingerprint: string;
  migrations: string[];
  database: { path: string; bytes: number; sha256: string };
  files: Array<{ key: string; path: string; bytes: number; sha256: string }>;
  /** Files the database names that the storage did not have when the backup was made. */
  missingFiles: string[];
  rows: Record<string, number>;
};

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Writes entries into a .tar.gz; `add` streams one entry of known size. */
export function writeArchive(file: string) {
  const pack = tar.pack();
  const done = pipeline(pack, createGzip({ level: 6 }), createWriteStream(file, { mode: 0o600 }));
  return {
    addBuffer: (name: string, data: Buffer) =>
      new Promise<void>((resolve, reject) => {
        pack.entry({ name, size: data.length, mode: 0o600 }, data, (err) => (err ? reject(err) : resolve()));
      }),
    /** Streams a file of `size` bytes into the entry and returns its SHA-256. */
    async addFile(name: string, path: string, size: number): Promise<string> {
      const hash = createHash('sha256');
      const entry = pack.entry({ name, size, mode: 0o600 }) as unknown as Writable;
      const source = createReadStream(path);
      source.on('data', (chunk) => hash.update(chunk as Buffer));
      await pipeline(source, entry);
      return hash.digest('hex');
    },
    async close() {
      pack.finalize();
      await done;
    },
  };
}

/** Calls `onEntry` for each entry in order; the entry's stream must be consumed before the next comes. */
export async function readArchive(file: string, onEntry: (name: string, size: number, stream: Readable) => Promise<void>) {
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    onEntry(header.name, header.size ?? 0, stream as unknown as Readable).then(
      () => {
        // Whatever the handler left unread is skipped.
        stream.resume();
        next();
      },
      (err) => next(err),
    );
  });
  await pipeline(createReadStream(file), createGunzip(), extract);
}

export async function bufferOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
