import { z } from 'zod';
import { Id, optionalText } from './common';

// Photos of a class's sessions. Bytes are served by GET /api/v1/photos/:photoId/:variant.

export const PhotoVariant = z.enum(['thumb', 'display', 'print', 'full']);
export type PhotoVariant = z.infer<typeof PhotoVariant>;

/** Long edge in pixels of each stored copy; none is larger than the (oriented) source. */
export const PHOTO_VARIANT_EDGE: Record<PhotoVariant, number> = { thumb: 400, display: 1600, print: 1200, full: 4096 };

export const PHOTO_MAX_BYTES = 20 * 1024 * 1024;
export const PHOTO_MAX_FILES = 30;
export const PHOTO_MAX_PIXELS = 100_000_000;
// What the upload field offers. HEIC is left out on purpose: iPhones send JPEG anyway, and Safari
// on a Mac converts a HEIC photo to the first type listed here when HEIC is not among them — the
// server's image library cannot decode HEIC (HEVC), so it would only be refused.
export const PHOTO_ACCEPT = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'];

export const Photo = z.object({
  id: z.number(),
  classId: z.number(),
  sessionId: z.number().nullable(),
  position: z.number(),
  caption: z.string().nullable(),
  takenAt: z.string().nullable(),
  width: z.number(),
  height: z.number(),
  sourceFormat: z.string(),
  sourceBytes: z.number(),
  originalName: z.string().nullable(),
  createdAt: z.string(),
  /** URLs of the stored copies (authorised routes). */
  urls: z.object({ thumb: z.string(), display: z.string(), print: z.string(), full: z.string() }),
});
export type Photo = z.infer<typeof Photo>;

export const PhotoWallSession = z.object({
  sessionId: z.number().nullable(),
  title: z.string().nullable(),
  kind: z.string().nullable(),
  startsAt: z.string().nullable(),
  photos: z.array(Photo),
});
export const PhotoWall = z.object({ classId: z.number(), total: z.number(), sessions: z.array(PhotoWallSession) });
export type PhotoWall = z.infer<typeof PhotoWall>;

export const UploadPhotosResult = z.object({ photos: z.array(Photo) });

export const UpdatePhotoBody = z.object({
  caption: optionalText(300),
  /** Move the photo to another session of the same class (appended at the end). */
  sessionId: Id.optional(),
});
export const ReorderPhotosBody = z.object({ photoIds: z.array(Id).max(1000) });
