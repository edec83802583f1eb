// Benchmark: GET /api/v1/classes/:id/enrolments for a class of 500 trainees, over real HTTP on
// 127.0.0.1, SQLite (default) or PostgreSQL (BENCH_DATABASE_URL=postgres://…).
// Target (issue #2): p95 ≤ 20 ms on SQLite.   Run: npm run bench:roster
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';

const TRAINEES = 500;
const WARMUP = 50;
const RUNS = 1000;

const dir = mkdtempSync(join(tmpdir(), 'cohort-bench-'));
const config = loadConfig({}, { dataDir: dir, databaseUrl: process.env.BENCH_DATABASE_URL, logLevel: 'silent', secretKey: Buffer.alloc(32, 1) });
const { app, services } = await buildApp(config, { webDir: null });
const { classes, roster, auth } = services;

const institutionId = await classes.createInstitution(null, { name: '基准学院', code: `B${Date.now() % 100000}` });
const programmeId = await classes.createProgramme(null, { institutionId, name: '基准项目' });
const classId = await classes.createClass(null, programmeId, {
  title: '500人班',
  startsOn: '2026-01-05',
  endsOn: '2026-01-16',
  timeZone: 'Asia/Shanghai',
  leaveLimitRatio: 1 / 7,
  minAttendanceRatio: 0.8,
  lateGraceMinutes: 10,
});
await services.database.transaction(async (trx) => {
  const groups: number[] = [];
  for (let g = 1; g <= 10; g++) groups.push(await roster.createGroupIn(trx, null, classId, { name: `第${g}组` }));
  for (let i = 0; i < TRAINEES; i++) {
    await roster.enrolIn(trx, null, classId, {
      groupId: groups[i % 10],
      role: i < 10 ? 'group_leader' : 'member',
      person: {
        name: `学员${i}`,
        nameBo: i % 3 === 0 ? 'བཀྲ་ཤིས་དབང་ལྷ' : null,
        gender: i % 2 ? 'male' : 'female',
        ethnicity: '藏族',
        workUnit: `西藏自治区某单位${i % 40}`,
        position: '科长',
        rank: '正科级',
        phone: `138${String(i).padStart(8, '0')}`,
      },
    });
  }
});
const userId = await auth.createUser(null, { username: 'bench', displayName: 'bench', password: 'bench-password' });
await auth.grant(null, userId, { role: 'organizer', scopeType: 'institution', scopeId: institutionId });

await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
});
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');

const url = `${base}/api/v1/classes/${classId}/enrolments`;
let bytes = 0;
const times: number[] = [];
for (let i = 0; i < WARMUP + RUNS; i++) {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const body = await res.text();
  const dt = performance.now() - t0;
  if (res.status !== 200) throw new Error(`status ${res.status}: ${body.slice(0, 200)}`);
  if (i >= WARMUP) times.push(dt);
  bytes = body.length;
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
console.log(`roster list, ${TRAINEES} trainees, ${services.database.dialect}, ${RUNS} sequential requests over HTTP (${bytes} bytes each)`);
console.log(`  p50 ${q(0.5)} ms   p95 ${q(0.95)} ms   p99 ${q(0.99)} ms   max ${times.at(-1)!.toFixed(2)} ms`);
console.log(`  machine: ${cpus().length} × ${cpus()[0].model}, Node ${process.version}`);
await app.close();
rmSync(dir, { recursive: true, force: true });
