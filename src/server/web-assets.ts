// How the built web app and the API's responses travel over a weak network (#15): responses are
// compressed (br, else gzip) when they are text and large enough to gain; the build's static
// files are served from the .br/.gz copies written at build time (vite.config.ts), so no byte of
// them is compressed per request; hashed assets are cached for a year, the app shell revalidated.
import { constants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Text worth compressing; event streams and binary files (PDF, XLSX, ZIP, images) never are. */
export const COMPRESSIBLE = /^(text\/(?!event-stream)|application\/(json|problem\+json|javascript|xml|manifest\+json)|image\/svg\+xml)/;

/** Assets with a content hash in their name never change: one year, immutable. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The app shell and unhashed files: the browser may keep them but asks each time (ETag). */
export const REVALIDATE = 'no-cache';

export async function registerCompression(app: FastifyInstance) {
  await app.register(fastifyCompress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: COMPRESSIBLE,
    // Quality 4 is what a request can afford; the static files were compressed at 11 at build.
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}

export async function registerWebApp(app: FastifyInstance, webDir: string) {
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? IMMUTABLE : REVALIDATE);
      // The trainee pages' worker (t/sw.js) controls /t itself as well as /t/… (#15).
      if (/[\\/]t[\\/]sw\.js(\.br|\.gz)?$/.test(path)) res.setHeader('service-worker-allowed', '/t');
    },
  });
}
