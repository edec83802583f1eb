// The service worker of the trainee pages (/t/…, #15), written to dist/web/t/sw.js at build by
// vite-plugin.ts, which puts the build's precache list in front of this file as self.__COHORT_BUILD__:
// { version, urls } — the app shell's assets and every hashed chunk, style and font the trainee
// pages can load (the lazy ones too).
// - install: the shell (/t/) and the list go into this version's cache; the worker takes over at once;
// - activate: caches of versions before the previous one go (a page still running the previous
//   version may still load its lazy chunks), and so do the badge scanner's old caches;
// - a navigation to any /t/ URL gets the cached shell (the same for every route), else the network;
// - /assets/ files come from any cache first (their names change when they do);
// - the badge scanner's and roll call's data: network first, the last good answer when offline.
// The trainee pages keep their own data in IndexedDB; this worker does not cache them.
const BUILD = self.__COHORT_BUILD__;
const PREFIX = 'cohort-t-';
const CACHE = PREFIX + BUILD.version;
const API_CACHE = 'cohort-t-api';
const META = 'cohort-t-meta';
const SHELL = '/t/';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(async (cache) => {
        const shell = await fetch(SHELL, { credentials: 'same-origin', cache: 'reload' });
        if (!shell.ok) throw new Error(`shell ${shell.status}`);
        await cache.put(SHELL, shell);
        await cache.addAll(BUILD.urls.filter((u) => u !== SHELL));
      })
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const meta = await caches.open(META);
      const before = await meta.match('/current');
      const previous = before ? await before.text() : null;
      const keep = new Set([CACHE, API_CACHE, META]);
      if (previous && previous !== BUILD.version) keep.add(PREFIX + previous);
      for (const key of await caches.keys()) if ((key.startsWith(PREFIX) || key.startsWith('cohort-scanner-')) && !keep.has(key)) await caches.delete(key);
      if (previous !== BUILD.version) await meta.put('/current', new Response(BUILD.version));
      await self.clients.claim();
    })(),
  );
});

const CACHED_API = [/^\/api\/v1\/classes\/\d+\/(scanner|boarding)-data$/, /^\/api\/v1\/auth\/me$/, /^\/api\/v1\/me\/enrolments\/\d+\/roll-call$/];

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;

  if (req.mode === 'navigate' && (url.pathname === '/t' || url.pathname.startsWith('/t/'))) {
    event.respondWith(
      caches
        .open(CACHE)
        .then((c) => c.match(SHELL))
        .then((hit) => hit || fetch(req)),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ||
          fetch(req).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              caches.open(CACHE).then((c) => c.put(req, copy));
            }
            return res;
          }),
      ),
    );
    return;
  }
  if (CACHED_API.some((re) => re.test(url.pathname))) {
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            caches.open(API_CACHE).then((c) => c.put(req, copy));
          }
          return res;
        })
        .catch(() => caches.match(req, { cacheName: API_CACHE }).then((hit) => hit || Response.error())),
    );
  }
});
