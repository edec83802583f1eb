import * as yauzl from 'yauzl';

// Vetting ZIP uploads before a library inflates them: spreadsheet parsers trust the archive and
// will happily inflate a zip bomb into memory. yauzl reads the central directory (ZIP64 included),
// checks file names and the local headers, and refuses to let an entry inflate past the size its
// directory entry declares. On top of it: our own byte limit per entry (smaller than declared, if
// the caller says so), and one error type with a stable code. Only reads, never writes.

export type ZipErrorCode = 'invalid' | 'unsupported' | 'encrypted' | 'too_large';

export class ZipError extends Error {
  constructor(
    readonly code: ZipErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  flags: number;
  compressedSize: number;
  /** As declared by the central directory; extractZipEntry enforces it. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

const LOCAL = 0x04034b50;

export function isZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === LOCAL;
}

// The archive and yauzl's entry each listed entry came from, so extracting does not read the
// central directory again.
const opened = new WeakMap<ZipEntry, { zip: yauzl.ZipFile; entry: yauzl.Entry; buffer: Buffer }>();

const OPTIONS: yauzl.Options = { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true, strictFileNames: false };

/** Lists the entries of a ZIP archive from its central directory, without inflating anything. */
export async function readZipDirectory(buffer: Buffer): Promise<ZipEntry[]> {
  if (buffer.length < 22) throw new ZipError('invalid', 'too short to be a zip archive');
  try {
    const zip = await yauzl.fromBufferPromise(buffer, OPTIONS);
    const entries: ZipEntry[] = [];
    for await (const entry of zip.eachEntry()) {
      const listed: ZipEntry = {
        name: entry.fileName,
        method: entry.compressionMethod,
        flags: entry.generalPurposeBitFlag,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        localHeaderOffset: entry.relativeOffsetOfLocalHeader,
      };
      if (!Number.isSafeInteger(listed.uncompressedSize) || !Number.isSafeInteger(listed.compressedSize)) {
        throw new ZipError('too_large', 'zip64 size out of range');
      }
      opened.set(listed, { zip, entry, buffer });
      entries.push(listed);
    }
    return entries;
  } catch (error) {
    throw asZipError(error, 'the archive');
  }
}

/**
 * Inflates one entry, refusing to produce more than its declared size (or maxBytes if smaller):
 * the declared size is what limits were checked against, and a bomb can lie about it.
 */
export async function extractZipEntry(buffer: Buffer, entry: ZipEntry, maxBytes = entry.uncompressedSize): Promise<Buffer> {
  if (entry.flags & 0x1) throw new ZipError('encrypted', `zip entry ${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError('unsupported', `zip entry ${entry.name} uses compression method ${entry.method}`);
  const limit = Math.min(entry.uncompressedSize, maxBytes);
  if (entry.method === 0 && entry.compressedSize > limit) throw new ZipError('too_large', `zip entry ${entry.name} is larger than declared`);
  let source = opened.get(entry);
  if (!source || source.buffer !== buffer) {
    // An entry listed from another copy of the archive: find it again in this one.
    const same = (await readZipDirectory(buffer)).find((e) => e.name === entry.name && e.localHeaderOffset === entry.localHeaderOffset);
    source = same ? opened.get(same) : undefined;
    if (!source) throw new ZipError('invalid', `zip entry ${entry.name} is not in the archive`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    const stream = await source.zip.openReadStreamPromise(source.entry);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        stream.destroy();
        throw new ZipError('too_large', `zip entry ${entry.name} inflates beyond its declared size`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw asZipError(error, `zip entry ${entry.name}`);
  }
  return Buffer.concat(chunks, size);
}

/** yauzl's and zlib's errors as our codes: a lie about sizes is "too large", everything else "invalid". */
function asZipError(error: unknown, what: string): ZipError {
  if (error instanceof ZipError) return error;
  const message = (error as Error).message ?? String(error);
  if (/too many bytes in the stream|larger than|out of range/i.test(message)) return new ZipError('too_large', `${what} inflates beyond its declared size`);
  if (/encrypted/i.test(message)) return new ZipError('encrypted', `${what} is encrypted`);
  if (/compression method/i.test(message)) return new ZipError('unsupported', `${what}: ${message}`);
  return new ZipError('invalid', `${what} is corrupt: ${message}`);
}
