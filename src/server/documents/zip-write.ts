import { once } from 'node:events';
import type { PassThrough } from 'node:stream';
import zlib from 'node:zlib';

// Writing a ZIP archive as it is made, for the streamed XLSX (#17): each entry is deflated by
// zlib (on libuv's thread pool, beside the JavaScript that makes the next rows) straight into the
// output stream, with its CRC and sizes in a data descriptor after it, so nothing waits for a
// whole entry in memory. Backpressure both ways: a write waits while zlib is full, zlib pauses
// while the output's reader is behind. Sizes are limited to 4 GiB (no ZIP64): a bigger report
// throws rather than writing a file nobody can open. `zip.ts` reads; this only writes.

const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** Bit 3: sizes and CRC follow the data; bit 11: the name is UTF-8. */
const FLAGS = 0x0808;
const DEFLATE = 8;
const LIMIT = 0xffffffff;

type Written = { name: Buffer; crc: number; compressed: number; size: number; offset: number };

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 of `data` continuing from `crc` (zlib's own where Node has it, ≥ 20.15). */
export function crc32(data: Buffer, crc = 0): number {
  const native = (zlib as { crc32?: (d: Buffer, v: number) => number }).crc32;
  if (native) return native(data, crc);
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** DOS date and time of `at` (local wall clock, as archivers write it). */
function dosTime(at: Date) {
  const time = (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2);
  const date = (Math.max(0, at.getFullYear() - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate();
  return { time, date };
}

export interface ZipEntryWriter {
  /** Adds text (UTF-8) or bytes to the entry; resolves when zlib can take more. */
  write(data: string | Buffer): Promise<void>;
  /** Ends the entry: flushes zlib and writes the data descriptor. */
  end(): Promise<void>;
}

export function zipWriter(out: PassThrough, options: { level?: number; at?: Date } = {}) {
  const level = options.level ?? 3;
  const { time, date } = dosTime(options.at ?? new Date());
  const entries: Written[] = [];
  let offset = 0;
  let open = false;
  // A reader that goes away (a download cancelled: the HTTP layer destroys `out`) never drains
  // again: every wait below also ends on 'close', and what is writing then throws, so the caller's
  // row source is closed (its cursor and transaction with it) instead of waiting for ever.
  let gone: Error | null = null;
  let deflating: zlib.DeflateRaw | null = null;
  let leave: (e: Error) => void = () => {};
  const left = new Promise<never>((_, reject) => {
    leave = reject;
  });
  left.catch(() => {});
  out.once('close', () => {
    if (out.writableFinished) return;
    gone = new Error('the zip stream was closed before it was finished');
    deflating?.destroy();
    leave(gone);
  });
  /** `p`, unless the reader goes away first. */
  const unlessGone = <T>(p: Promise<T>) => Promise.race([p, left]);
  const drained = () => unlessGone(once(out, 'drain'));
  const emit = async (chunk: Buffer) => {
    if (gone) throw gone;
    offset += chunk.length;
    if (offset > LIMIT) throw new Error('zip archive over 4 GiB');
    if (!out.write(chunk)) await drained();
    if (gone) throw gone;
  };
  const header = (name: Buffer) => {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(LOCAL, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(FLAGS, 6);
    h.writeUInt16LE(DEFLATE, 8);
    h.writeUInt16LE(time, 10);
    h.writeUInt16LE(date, 12);
    // CRC and sizes (14–25) are zero here and come in the descriptor.
    h.writeUInt16LE(name.length, 26);
    h.writeUInt16LE(0, 28);
    return Buffer.concat([h, name]);
  };

  /** Starts an entry; one at a time. */
  async function entry(path: string): Promise<ZipEntryWriter> {
    if (open) throw new Error('a zip entry is still open');
    open = true;
    const name = Buffer.from(path, 'utf8');
    const written: Written = { name, crc: 0, compressed: 0, size: 0, offset };
    await emit(header(name));
    if (gone) throw gone;
    const deflate = zlib.createDeflateRaw({ level });
    deflating = deflate;
    let failed: Error | null = null;
    deflate.on('error', (e) => {
      failed = e;
    });
    // Compressed output goes straight out; zlib waits while the reader of `out` is behind.
    deflate.on('data', (chunk: Buffer) => {
      written.compressed += chunk.length;
      offset += chunk.length;
      if (offset > LIMIT) deflate.destroy(new Error('zip archive over 4 GiB'));
      else if (!out.write(chunk)) {
        deflate.pause();
        out.once('drain', () => deflate.resume());
      }
    });
    const ended = once(deflate, 'end');
    // Awaited in end(); a zlib error before then must not become an unhandled rejection.
    ended.catch(() => {});
    return {
      async write(data) {
        if (failed) throw failed;
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        written.crc = crc32(bytes, written.crc);
        written.size += bytes.length;
        if (written.size > LIMIT) throw new Error(`zip entry ${path} over 4 GiB`);
        if (!deflate.write(bytes)) await unlessGone(Promise.race([once(deflate, 'drain'), ended]));
      },
      async end() {
        deflate.end();
        await unlessGone(ended);
        if (failed) throw failed;
        deflating = null;
        const d = Buffer.alloc(16);
        d.writeUInt32LE(DESCRIPTOR, 0);
        d.writeUInt32LE(written.crc >>> 0, 4);
        d.writeUInt32LE(written.compressed, 8);
        d.writeUInt32LE(written.size, 12);
        await emit(d);
        entries.push(written);
        open = false;
      },
    };
  }

  /** A whole entry at once. */
  async function file(path: string, data: string | Buffer) {
    const e = await entry(path);
    await e.write(data);
    await e.end();
  }

  /** Writes the central directory and ends `out`. */
  async function finish() {
    if (open) throw new Error('a zip entry is still open');
    if (entries.length > 0xffff) throw new Error('too many zip entries');
    const start = offset;
    for (const e of entries) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(CENTRAL, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(FLAGS, 8);
      c.writeUInt16LE(DEFLATE, 10);
      c.writeUInt16LE(time, 12);
      c.writeUInt16LE(date, 14);
      c.writeUInt32LE(e.crc >>> 0, 16);
      c.writeUInt32LE(e.compressed, 20);
      c.writeUInt32LE(e.size, 24);
      c.writeUInt16LE(e.name.length, 28);
      // Extra, comment, disk, attributes: 0.
      c.writeUInt32LE(e.offset, 42);
      await emit(Buffer.concat([c, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(offset - start, 12);
    end.writeUInt32LE(start, 16);
    await emit(end);
    out.end();
  }

  return { entry, file, finish };
}
