import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { PHOTO_MAX_PIXELS, PHOTO_VARIANT_EDGE, type PhotoVariant } from '../../../contracts/photos';
import { instantOf } from '../../lib/wall-clock';

// Everything that touches untrusted image bytes. The type is decided from the content (magic
// bytes, then libvips' own reading of the header), never from the file name or the client's MIME
// type; the pixel count is checked before anything is decoded; every stored copy is re-encoded
// from pixels, so no EXIF (GPS, camera serials), XMP or ICC from the upload survives.

export type SourceFormat = 'jpeg' | 'png' | 'webp' | 'heif';

export class PhotoRejected extends Error {
  constructor(
    readonly code: 'photo.unsupported_type' | 'photo.too_many_pixels' | 'photo.unreadable' | 'photo.heic_unsupported' | 'photo.empty',
    readonly params: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

/** The format by magic bytes, or null for anything we do not accept. */
export function sniffFormat(buf: Buffer): SourceFormat | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47 && buf.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  // ISO-BMFF: …ftyp<brand>; HEIC from phones and AVIF share the container.
  if (buf.length >= 12 && buf.toString('latin1', 4, 8) === 'ftyp') {
    const brand = buf.toString('latin1', 8, 12);
    if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis'].includes(brand)) return 'heif';
  }
  return null;
}

export type ProcessedVariant = { data: Buffer; width: number; height: number; contentType: string; ext: string };
export type ProcessedPhoto = {
  sourceFormat: SourceFormat;
  width: number;
  height: number;
  takenAt: string | null;
  variants: Record<PhotoVariant, ProcessedVariant>;
};

const open = (input: Buffer) => sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: 'error', sequentialRead: true });

/**
 * Checks and converts one upload. `timeZone` interprets an EXIF capture time without an offset
 * (cameras record wall-clock time).
 */
/** The checks every upload passes before a pixel is decoded: type by the bytes and by libvips' reading of the header, pixel count. */
async function checkHeader(
  input: Buffer,
  accepted?: readonly SourceFormat[],
): Promise<{ sniffed: SourceFormat; meta: Metadata & { width: number; height: number } }> {
  if (input.length === 0) throw new PhotoRejected('photo.empty');
  const sniffed = sniffFormat(input);
  if (!sniffed || (accepted && !accepted.includes(sniffed))) throw new PhotoRejected('photo.unsupported_type');
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new PhotoRejected('photo.unreadable');
  }
  const format = String(meta.format) === 'jpg' ? 'jpeg' : meta.format;
  if (format !== sniffed) throw new PhotoRejected(format === 'heif' || sniffed === 'heif' ? 'photo.heic_unsupported' : 'photo.unsupported_type');
  if (!meta.width || !meta.height) throw new PhotoRejected('photo.unreadable');
  // The decompression-bomb guard: refuse by the header's dimensions before decoding a single pixel.
  if (meta.width * meta.height > PHOTO_MAX_PIXELS) {
    throw new PhotoRejected('photo.too_many_pixels', { width: meta.width, height: meta.height, megapixels: Math.round(PHOTO_MAX_PIXELS / 1e6) });
  }
  return { sniffed, meta: meta as Metadata & { width: number; height: number } };
}

export async function processPhoto(input: Buffer, timeZone: string): Promise<ProcessedPhoto> {
  const { sniffed, meta } = await checkHeader(input);
  if (sniffed === 'heif' && meta.compression === 'hevc' && !sharp.format.heif.input.fileSuffix?.includes('.heic')) {
    throw new PhotoRejected('photo.heic_unsupported');
  }
  const takenAt = meta.exif ? exifTakenAt(meta.exif, timeZone) : null;

  let full: { data: Buffer; info: OutputInfo };
  try {
    full = await open(input)
      .rotate() // apply the EXIF orientation to the pixels; the tag itself is dropped with the rest
      .resize({ width: PHOTO_VARIANT_EDGE.full, height: PHOTO_VARIANT_EDGE.full, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 88, chromaSubsampling: '4:4:4' })
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    const message = (e as Error).message ?? '';
    if (/pixel limit/i.test(message)) throw new PhotoRejected('photo.too_many_pixels', { megapixels: Math.round(PHOTO_MAX_PIXELS / 1e6) });
    if (sniffed === 'heif') throw new PhotoRejected('photo.heic_unsupported');
    throw new PhotoRejected('photo.unreadable');
  }
  // Smaller copies come from the clean full-size JPEG (shrink-on-load makes that cheap).
  const derive = async (variant: 'display' | 'print' | 'thumb') => {
    const edge = PHOTO_VARIANT_EDGE[variant];
    const pipeline = open(full.data).resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true });
    const out =
      variant === 'thumb'
        ? await pipeline.webp({ quality: 72 }).toBuffer({ resolveWithObject: true })
        : await pipeline.jpeg({ quality: variant === 'print' ? 78 : 82, progressive: variant === 'display' }).toBuffer({ resolveWithObject: true });
    return variant === 'thumb'
      ? { data: out.data, width: out.info.width, height: out.info.height, contentType: 'image/webp', ext: 'webp' }
      : { data: out.data, width: out.info.width, height: out.info.height, contentType: 'image/jpeg', ext: 'jpg' };
  };
  const [display, print, thumb] = await Promise.all([derive('display'), derive('print'), derive('thumb')]);
  return {
    sourceFormat: sniffed,
    width: full.info.width,
    height: full.info.height,
    takenAt,
    variants: {
      full: { data: full.data, width: full.info.width, height: full.info.height, contentType: 'image/jpeg', ext: 'jpg' },
      display,
      print,
      thumb,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The one EXIF fact we keep: when the picture was taken (DateTimeOriginal, with OffsetTimeOriginal
// when the camera wrote one). A small bounds-checked TIFF reader; anything odd yields null.

export function exifTakenAt(exif: Buffer, timeZone: string): string | null {
  try {
    let base = 0;
    if (exif.toString('latin1', 0, 4) === 'Exif') base = 6;
    const order = exif.toString('latin1', base, base + 2);
    const le = order === 'II';
    if (!le && order !== 'MM') return null;
    const u16 = (o: number) => (le ? exif.readUInt16LE(base + o) : exif.readUInt16BE(base + o));
    const u32 = (o: number) => (le ? exif.readUInt32LE(base + o) : exif.readUInt32BE(base + o));
    if (u16(2) !== 42) return null;
    const readIfd = (offset: number) => {
      const tags = new Map<number, { type: number; count: number; valueOffset: number }>();
      const n = u16(offset);
      if (n > 500) return tags;
      for (let i = 0; i < n; i++) {
        const e = offset + 2 + i * 12;
        tags.set(u16(e), { type: u16(e + 2), count: u32(e + 4), valueOffset: e + 8 });
      }
      return tags;
    };
    const ascii = (t: { type: number; count: number; valueOffset: number } | undefined) => {
      if (t?.type !== 2 || t.count > 64) return null;
      const at = t.count <= 4 ? t.valueOffset : u32(t.valueOffset);
      return exif
        .toString('latin1', base + at, base + at + t.count)
        .replace(/\0.*$/s, '')
        .trim();
    };
    const ifd0 = readIfd(u32(4));
    const exifPointer = ifd0.get(0x8769);
    const sub = exifPointer ? readIfd(u32(exifPointer.valueOffset)) : new Map();
    const when = ascii(sub.get(0x9003)) ?? ascii(ifd0.get(0x0132));
    const offset = ascii(sub.get(0x9011));
    const m = when && /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(when);
    if (!m || m[1] === '0000') return null;
    const local = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
    const instant = offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? new Date(`${local}${offset}`) : zonedToUtc(local, timeZone);
    return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
  } catch {
    return null;
  }
}

/** Wall-clock time in a zone ("YYYY-MM-DDTHH:mm:ss") → the instant; the offset is the one in force then (DST included). */
export const zonedToUtc = (local: string, timeZone: string): Date => new Date(instantOf(local.slice(0, 10), local.slice(11, 19), timeZone));

// ---------------------------------------------------------------------------------------------
// Images for documents (an institution's logo and seal, #9): the same intake as photos — type from
// the bytes, pixel guard before decoding, re-encoded so no metadata survives — but PNG stays PNG
// (a seal needs its transparency) and nothing but PNG and JPEG is taken.

export type DocumentImage = { data: Buffer; contentType: 'image/png' | 'image/jpeg'; ext: 'png' | 'jpg'; width: number; height: number };

export async function processDocumentImage(input: Buffer, maxEdge: number): Promise<DocumentImage> {
  const { sniffed } = await checkHeader(input, ['png', 'jpeg']);
  try {
    const pipeline = open(input).rotate().resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true });
    const out =
      sniffed === 'png'
        ? await pipeline.png({ compressionLevel: 9 }).toBuffer({ resolveWithObject: true })
        : await pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer({ resolveWithObject: true });
    return {
      data: out.data,
      contentType: sniffed === 'png' ? 'image/png' : 'image/jpeg',
      ext: sniffed === 'png' ? 'png' : 'jpg',
      width: out.info.width,
      height: out.info.height,
    };
  } catch (e) {
    if (/pixel limit/i.test((e as Error).message ?? '')) throw new PhotoRejected('photo.too_many_pixels', { megapixels: Math.round(PHOTO_MAX_PIXELS / 1e6) });
    throw new PhotoRejected('photo.unreadable');
  }
}
