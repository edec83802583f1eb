// How the built web app and the API's responses travel over a weak network (#15): responses are
// compressed (br, else gzip) when they are text and large enough to gain; the build's static
// files are served from the .br/.gz copies written at build time (vite.config.ts), so no byte of
// them is compressed per request; hashed assets are cached for a year, the app shell revalidated.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

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

/** The trainee's first-screen preload in t.html, left out where nobody is signed in yet. */
const START_PRELOAD = /\s*<!--[^>]*-->\s*<link rel="preload" href="\/api\/v1\/me\/start"[^>]*>/;

/**
 * The page a client-side route gets: t.html for the trainee's pages (/t, /t/…), index.html for
 * the office. The invitation link and the staff badge scanner are opened by nobody signed in as
 * a trainee, so their copy of t.html does not preload the trainee's first screen (the answer
 * would be a refusal, and the fetch after sign-in would be handed that refusal). Read per request
 * (a rebuilt web app is served at once) and revalidated by its ETag.
 */
export function appShell(webDir: string) {
  return (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0];
    const trainee = /^\/t(\/|$)/.test(path) && existsSync(join(webDir, 't.html'));
    let html = readFileSync(join(webDir, trainee ? 't.html' : 'index.html'), 'utf8');
    if (trainee && /^\/t\/(i|scanner|s)\//.test(path)) html = html.replace(START_PRELOAD, '');
    const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 22)}"`;
    reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE).header('etag', etag);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(html);
  };
}
