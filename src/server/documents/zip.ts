import { inflateRawSync } from 'node:zlib';

// A minimal ZIP reader for vetting uploads before a library inflates them: spreadsheet parsers
// trust the archive and will happily inflate a zip bomb into memory. Only reads, never writes.

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

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

export function isZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === LOCAL;
}

function need(buffer: Buffer, offset: number, length: number): void {
  if (offset < 0 || offset + length > buffer.length) throw new ZipError('invalid', 'truncated zip archive');
}

function u64(buffer: Buffer, offset: number): number {
  need(buffer, offset, 8);
  const value = buffer.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('too_large', 'zip64 size out of range');
  return Number(value);
}

function findEndOfCentralDirectory(buffer: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, so it is within that tail.
  const stop = Math.max(0, buffer.length - 22 - 0xffff);
  for (let i = buffer.length - 22; i >= stop; i--) {
    if (buffer.readUInt32LE(i) === EOCD) return i;
  }
  throw new ZipError('invalid', 'no zip end-of-central-directory record');
}

/** Lists the entries of a ZIP archive from its central directory, without inflating anything. */
export function readZipDirectory(buffer: Buffer): ZipEntry[] {
  if (buffer.length < 22) throw new ZipError('invalid', 'too short to be a zip archive');
  const eocd = findEndOfCentralDirectory(buffer);
  let count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === U32_MAX) {
    const locator = eocd - 20;
    need(buffer, locator, 20);
    if (buffer.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new ZipError('invalid', 'missing zip64 locator');
    const record = u64(buffer, locator + 8);
    need(buffer, record, 56);
    if (buffer.readUInt32LE(record) !== ZIP64_EOCD) throw new ZipError('invalid', 'bad zip64 end record');
    count = u64(buffer, record + 32);
    offset = u64(buffer, record + 48);
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    need(buffer, offset, 46);
    if (buffer.readUInt32LE(offset) !== CENTRAL) throw new ZipError('invalid', 'bad central directory entry');
    const flags = buffer.readUInt16LE(offset + 8);
    const method = buffer.readUInt16LE(offset + 10);
    let compressedSize = buffer.readUInt32LE(offset + 20);
    let uncompressedSize = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    let localHeaderOffset = buffer.readUInt32LE(offset + 42);
    need(buffer, offset + 46, nameLength + extraLength + commentLength);
    const name = buffer.toString(flags & 0x800 ? 'utf8' : 'latin1', offset + 46, offset + 46 + nameLength);
    // ZIP64 extra field: 64-bit values appear only for the fields saturated at 0xFFFFFFFF, in this order.
    let extra = offset + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = buffer.readUInt16LE(extra);
      const size = buffer.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let p = extra + 4;
        if (uncompressedSize === U32_MAX) {
          uncompressedSize = u64(buffer, p);
          p += 8;
        }
        if (compressedSize === U32_MAX) {
          compressedSize = u64(buffer, p);
          p += 8;
        }
        if (localHeaderOffset === U32_MAX) localHeaderOffset = u64(buffer, p);
      }
      extra += 4 + size;
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Inflates one entry, refusing to produce more than its declared size (or maxBytes if smaller):
 * the declared size is what limits were checked against, and a bomb can lie about it.
 */
export function extractZipEntry(buffer: Buffer, entry: ZipEntry, maxBytes = entry.uncompressedSize): Buffer {
  if (entry.flags & 0x1) throw new ZipError('encrypted', `zip entry ${entry.name} is encrypted`);
  const at = entry.localHeaderOffset;
  need(buffer, at, 30);
  if (buffer.readUInt32LE(at) !== LOCAL) throw new ZipError('invalid', `bad local header for ${entry.name}`);
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  need(buffer, start, entry.compressedSize);
  const data = buffer.subarray(start, start + entry.compressedSize);
  const limit = Math.min(entry.uncompressedSize, maxBytes);
  if (entry.method === 0) {
    if (data.length > limit) throw new ZipError('too_large', `zip entry ${entry.name} is larger than declared`);
    return data;
  }
  if (entry.method !== 8) throw new ZipError('unsupported', `zip entry ${entry.name} uses compression method ${entry.method}`);
  try {
    // One spare byte distinguishes "exactly the declared size" from "more than declared".
    const out = inflateRawSync(data, { maxOutputLength: limit + 1 });
    if (out.length > limit) throw new ZipError('too_large', `zip entry ${entry.name} inflates beyond its declared size`);
    return out;
  } catch (error) {
    if (error instanceof ZipError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ZipError('too_large', `zip entry ${entry.name} inflates beyond its declared size`);
    }
    throw new ZipError('invalid', `zip entry ${entry.name} is corrupt`);
  }
}
