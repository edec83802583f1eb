// The service worker of the class teacher's badge scanner (/t/scanner/…), so that the scanner
// opens and works with no network — on the bus to a site visit. It keeps:
// - the app shell (any /t/ page) and the hashed /assets/ files: network first for pages, cache
//   first for assets (their names change when they do);
// - the scanner's data and the signed-in user (/api/v1/classes/:id/scanner-data, /api/v1/auth/me):
//   network first, the last good answer when offline.
// Scans themselves are not the worker's business: the page queues them in IndexedDB and syncs.
// Kept as a string here because it must be served from a fixed URL under /t/ (a hashed build
// file could not control the scanner page).
export const SCANNER_SERVICE_WORKER = `
const CACHE = 'cohort-scanner-v1';
const SHELL = '/t/__shell__';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      try {
        const res = await fetch('/t/', { credentials: 'same-origin' });
        if (res.ok) await cache.put(SHELL, res.clone());
      } catch (e) {}
    }).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('cohort-scanner-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page lists what it loaded before the worker controlled it (its scripts and styles).
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type !== 'cache-urls' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        data.urls
          .filter((u) => typeof u === 'string' && new URL(u, self.location.origin).origin === self.location.origin)
          .map((u) => cache.match(u).then((hit) => hit || fetch(u, { credentials: 'same-origin' }).then((r) => (r.ok ? cache.put(u, r) : undefined)).catch(() => undefined))),
      ),
    ),
  );
});

// Boarding mode's buses and a group leader's roll call sheet (#18) work offline the same way.
const CACHED_API = [
  /^\\/api\\/v1\\/classes\\/\\d+\\/(scanner|boarding)-data$/,
  /^\\/api\\/v1\\/auth\\/me$/,
  /^\\/api\\/v1\\/me$/,
  /^\\/api\\/v1\\/me\\/enrolments\\/\\d+\\/roll-call$/,
];

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;

  if (req.mode === 'navigate' && url.pathname.startsWith('/t/')) {
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            caches.open(CACHE).then((c) => c.put(SHELL, copy));
          }
          return res;
        })
        .catch(() => caches.open(CACHE).then((c) => c.match(SHELL)).then((hit) => hit || Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.open(CACHE).then((c) =>
        c.match(req).then(
          (hit) =>
            hit ||
            fetch(req).then((res) => {
              if (res.ok) c.put(req, res.clone());
              return res;
            }),
        ),
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
            caches.open(CACHE).then((c) => c.put(req, copy));
          }
          return res;
        })
        .catch(() => caches.open(CACHE).then((c) => c.match(req)).then((hit) => hit || Response.error())),
    );
  }
});
`;
