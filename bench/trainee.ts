// Benchmark: the trainee's phone on a weak network (#15). Serves the built web app and the demo
// class from a fresh SQLite file, opens a trainee's invitation in Debian's Chromium (390 × 844)
// under CDP network emulation (400 kbps down and up, 400 ms round trip), and measures:
//   - what the first visit transfers (bytes on the wire as the browser counts them, compressed),
//     split into JS, CSS, fonts, the document and API answers;
//   - the time to the first usable screen (the trainee's name in the header and today's content,
//     not "loading") on a cold visit (an empty HTTP cache, the sign-in cookie kept) and a warm one
//     (the same phone coming back).
// Targets: JS + CSS of the first visit ≤ 100 KB compressed; first usable screen ≤ 4 s cold and
// ≤ 1.5 s warm.   Run: npm run bench:trainee  [-- --no-build] [-- --runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { loadDemo } from '../src/server/demo/load-demo';

const ROOT = join(import.meta.dirname, '..');
const WEB = join(ROOT, 'dist', 'web');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const NETWORK = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
const TARGET = { firstVisitKb: 100, coldMs: 4000, warmMs: 1500 };

if (!process.argv.includes('--no-build')) {
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const dir = mkdtempSync(join(tmpdir(), 'cohort-bench-trainee-'));
const config = loadConfig({}, { dataDir: dir, logLevel: 'silent', secretKey: Buffer.alloc(32, 7) });
const { app, services } = await buildApp(config, { webDir: WEB });
const { classId } = await loadDemo(services);
const trainees = await services.trainee.classTrainees(classId);
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

type Transfer = Record<'js' | 'css' | 'font' | 'document' | 'api' | 'other', number>;

/** Counts the bytes each response took on the wire (CDP's encodedDataLength: headers + compressed body). */
async function watch(cdp: CDPSession) {
  const kinds = new Map<string, keyof Transfer>();
  const transfer: Transfer = { js: 0, css: 0, font: 0, document: 0, api: 0, other: 0 };
  const requests: string[] = [];
  cdp.on('Network.responseReceived', (e) => {
    const u = new URL(e.response.url);
    requests.push(`${e.response.status} ${u.pathname}${e.response.fromDiskCache || e.response.fromServiceWorker ? ' (cache)' : ''}`);
    const kind: keyof Transfer =
      e.type === 'Script'
        ? 'js'
        : e.type === 'Stylesheet'
          ? 'css'
          : e.type === 'Font'
            ? 'font'
            : e.type === 'Document'
              ? 'document'
              : u.pathname.startsWith('/api/')
                ? 'api'
                : 'other';
    kinds.set(e.requestId, kind);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const kind = kinds.get(e.requestId);
    if (kind) transfer[kind] += e.encodedDataLength;
  });
  return { transfer, requests };
}

async function emulated(context: BrowserContext) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  return { page, cdp };
}

/** Milliseconds from navigation start until the first usable screen is painted. */
async function usable(page: Page, started: number) {
  await page.waitForFunction(
    () => {
      const name = document.querySelector('.t-header-name')?.textContent?.trim();
      const main = document.querySelector('main.t-page');
      return Boolean(name && main?.querySelector('.t-title, .t-card') && !main.textContent?.includes('加载中'));
    },
    undefined,
    { timeout: 60_000, polling: 50 },
  );
  return Date.now() - started;
}

const kb = (n: number) => (n / 1024).toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const phone = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true };

try {
  // First visit: the invitation link, on a phone that has never seen Cohort.
  const first = await browser.newContext(phone);
  const { page, cdp } = await emulated(first);
  const seen = await watch(cdp);
  const { token } = await services.trainee.issueInvitation(null, trainees[0].id);
  const t0 = Date.now();
  await page.goto(`${url}/t/i/${token}`, { waitUntil: 'commit' });
  const firstMs = await usable(page, t0);
  // What the first screen needed; what loads after it (the QR decoder, when the phone is idle) apart.
  const atUsable = { ...seen.transfer };
  const requestsAtUsable = seen.requests.length;
  await page.waitForLoadState('networkidle');
  const state = await first.storageState();
  const jsCss = atUsable.js + atUsable.css;
  const later = seen.transfer.js + seen.transfer.css - jsCss;
  const list = (xs: string[]) => xs.join(' · ') || '—';
  console.log(`Trainee's first visit (invitation → today), 400 kbps / 400 ms RTT, Chromium ${browser.version()}:`);
  console.log(
    `  usable after ${firstMs} ms; transferred by then: ${Object.entries(atUsable)
      .map(([k, v]) => `${k} ${kb(v)} KB`)
      .join(', ')}`,
  );
  console.log(`  JS + CSS ${kb(jsCss)} KB compressed (target ≤ ${TARGET.firstVisitKb} KB: ${jsCss / 1024 <= TARGET.firstVisitKb ? 'met' : 'MISSED'})`);
  console.log(`  then, once idle: ${kb(later)} KB more JS (the camera page and its QR decoder, preloaded)`);
  console.log(`  requests until usable: ${list(seen.requests.slice(0, requestsAtUsable))}`);
  console.log(`  requests after: ${list(seen.requests.slice(requestsAtUsable))}`);
  await first.close();

  // Cold: signed in (the cookie and local storage kept), the HTTP cache empty.
  const cold: number[] = [];
  const warm: number[] = [];
  let warmRequests: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ ...phone, storageState: state });
    const { page: p, cdp: c } = await emulated(context);
    const s = Date.now();
    await p.goto(`${url}/t`, { waitUntil: 'commit' });
    cold.push(await usable(p, s));
    await p.waitForLoadState('networkidle');
    // Warm: the same phone opens Cohort again later (a new tab: what is cached stays).
    const again = await context.newPage();
    const c2 = await context.newCDPSession(again);
    await c2.send('Network.enable');
    await c2.send('Network.emulateNetworkConditions', NETWORK);
    const w = await watch(c2);
    await p.close();
    const s2 = Date.now();
    await again.goto(`${url}/t`, { waitUntil: 'commit' });
    warm.push(await usable(again, s2));
    await again.waitForLoadState('networkidle');
    warmRequests = w.requests;
    void c;
    await context.close();
  }
  console.log(
    `Cold visit (signed in, empty cache), ${RUNS} runs: median ${median(cold)} ms [${cold.join(', ')}] (target ≤ ${TARGET.coldMs} ms: ${median(cold) <= TARGET.coldMs ? 'met' : 'MISSED'})`,
  );
  console.log(
    `Warm visit (same phone again), ${RUNS} runs: median ${median(warm)} ms [${warm.join(', ')}] (target ≤ ${TARGET.warmMs} ms: ${median(warm) <= TARGET.warmMs ? 'met' : 'MISSED'})`,
  );
  console.log(`  warm requests: ${warmRequests.join(' · ')}`);
} finally {
  await browser.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
