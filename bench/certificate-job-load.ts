// Benchmark: does a long certificate job stop the server? Builds a completed class of N trainees
// (default 5,000) with their certificates issued, then measures ordinary requests — GET /healthz
// and the roster of another, 40-trainee class — from a separate process (bench/support/latency-probe.ts),
// first with no job running, then while a bundle job renders the whole class into one zip and
// while one renders it into one multi-page PDF. Target: p99 of ordinary requests ≤ 200 ms.
// Run: npm run bench:job-load   (SQLite in a temporary directory; BENCH_CERTIFICATES=N changes the count,
// BENCH_DATABASE_URL=postgres://… uses PostgreSQL)
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { finishedClass } from './support/certificate-class';

const N = Number(process.env.BENCH_CERTIFICATES ?? 5000);
const IDLE_MS = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'cohort-bench-jobload-'));
const config = loadConfig({}, { dataDir: dir, databaseUrl: process.env.BENCH_DATABASE_URL, logLevel: 'silent', secretKey: Buffer.alloc(32, 7) });
const { app, services } = await buildApp(config, { webDir: null });

const t0 = performance.now();
const big = await finishedClass(services, N);
const small = await finishedClass(services, 40, { code: 'XZ-S', institutionId: big.institutionId });
const { issued } = await services.certificates.issue(null, big.classId, {});
console.log(`setup: ${N} trainees, ${issued.length} certificates issued in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const userId = await services.auth.createUser(null, { username: 'runner', displayName: 'runner', password: 'job-load-pass-1', isAdmin: true });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'runner', password: 'job-load-pass-1' }),
});
if (login.status !== 200) throw new Error(`login: ${login.status}`);
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const urls = [
  { name: 'GET /healthz', url: `${base}/healthz` },
  { name: `GET roster (40 trainees)`, url: `${base}/api/v1/classes/${small.classId}/enrolments` },
];

type Result = { name: string; count: number; errors: number; p50: number; p95: number; p99: number; max: number };
const probe = fork(join(import.meta.dirname, 'support', 'latency-probe.ts'), [], { execArgv: ['--import', 'tsx'] });
async function measure(phase: string, during: () => Promise<unknown>): Promise<{ phase: string; results: Result[]; seconds: number }> {
  const answer = new Promise<{ phase: string; results: Result[] }>((resolve) => probe.once('message', (m) => resolve(m as never)));
  probe.send({ start: phase, urls, cookie });
  const started = performance.now();
  await during();
  const seconds = (performance.now() - started) / 1000;
  probe.send({ stop: true });
  return { ...(await answer), seconds };
}

const load = loadavg()[0];
const phases = [await measure('no job', () => sleep(IDLE_MS))];
for (const format of ['zip', 'pdf'] as const) {
  phases.push(
    await measure(`${format} job`, async () => {
      const job = await services.certificates.startJob({ userId } as never, big.classId, { kind: 'bundle', format });
      await services.certificates.drain();
      const done = await services.certificates.getJob(big.classId, job.id);
      if (done.status !== 'done') throw new Error(`job ${job.id}: ${done.status}`);
    }),
  );
}
probe.disconnect();

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${services.database.dialect}; 1-min load average at start ${load.toFixed(1)}`,
);
for (const p of phases) {
  console.log(`${p.phase} (${p.seconds.toFixed(1)} s):`);
  for (const r of p.results)
    console.log(
      `  ${r.name.padEnd(26)} n=${String(r.count).padStart(5)}  p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  max ${r.max} ms${r.errors ? `  errors ${r.errors}` : ''}`,
    );
}

await app.close();
rmSync(dir, { recursive: true, force: true });
