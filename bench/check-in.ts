// Check-in burst: 2,000 trainees check in to one session with the rotating code, 200 clients at
// once, every request sent twice (a double tap, a retry). The server runs in its own process on
// 127.0.0.1; bench/support/load.ts (a third process) is the load generator. Compared in the same run with a
// bare Fastify route (SQLite target: ≥ 40 %, p99 ≤ 50 ms) and, on PostgreSQL, with a minimal route
// doing only the same INSERT (target: ≥ 50 %). Afterwards the database must hold exactly 2,000
// check-ins per session. With --instances 2 (PostgreSQL) two app processes share the burst: each
// trainee's first request goes to one, the second to the other.
//
//   npm run bench:checkin                       SQLite
//   npm run bench:checkin -- --pg               PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
//   npm run bench:checkin -- --pg --instances 2
//   options: --rounds N (default 3), --trainees N (default 2000), --connections N (default 200)
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { makeServices } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { makeCheckInCodes } from '../src/server/modules/attendance/check-in-code';
import { localDay } from '../src/server/modules/attendance/summary';
import { scratchPgDatabase } from './support/scratch-pg';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const usePg = process.argv.includes('--pg');
const ROUNDS = Number(arg('rounds', '3'));
const TRAINEES = Number(arg('trainees', '2000'));
const CONNECTIONS = Number(arg('connections', '200'));
const INSTANCES = Number(arg('instances', '1'));

type Burst = { rps: number; p50: number; p99: number; ok: number; non2xx: number; errors: number; seconds: number };
type Req = { target: number; method: string; path: string; headers: Record<string, string>; body: string };

/** Runs the requests through the load generator (its own process) over pre-opened connections. */
function burst(ports: number[], requests: Req[], connections: number): Promise<Burst> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'load.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      const r = JSON.parse(out) as {
        seconds: number;
        count: number;
        statuses: Record<string, number>;
        p50: number;
        p99: number;
        errors: number;
        samples: string[];
      };
      for (const sample of r.samples) console.log(`# a failed response: ${sample}`);
      const ok = Object.entries(r.statuses)
        .filter(([s]) => s.startsWith('2'))
        .reduce((sum, [, n]) => sum + n, 0);
      resolve({ rps: r.count / r.seconds, p50: r.p50, p99: r.p99, ok, non2xx: r.count - ok - r.errors, errors: r.errors, seconds: r.seconds });
    });
    child.stdin.end(JSON.stringify({ targets: ports.map((port) => ({ port })), connections, requests }));
  });
}

/** The server process's CPU time so far, in microseconds. */
const cpuOf = (child: ChildProcess) =>
  new Promise<number>((resolve) => {
    child.once('message', (m: { cpu: number }) => resolve(m.cpu));
    child.send('cpu');
  });

/** A burst against server processes, with the CPU time they spent per request. */
async function measured(servers: ChildProcess[], run: () => Promise<Burst>): Promise<Burst & { cpuUs: number }> {
  const before = await Promise.all(servers.map(cpuOf));
  const b = await run();
  const after = await Promise.all(servers.map(cpuOf));
  const cpu = after.reduce((sum, a, i) => sum + a - before[i], 0);
  return { ...b, cpuUs: cpu / (b.ok + b.non2xx + b.errors) };
}

function startServer(mode: 'cohort' | 'bare' | 'insert', env: Record<string, string>): Promise<{ port: number; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'check-in-server.ts')], {
      env: { ...process.env, ...env, MODE: mode, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), child });
    });
    child.on('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'cohort-bench-'));
  const secret = randomBytes(32);
  const scratch = usePg ? await scratchPgDatabase('cohort_bench') : null;
  const databaseUrl = scratch?.url;
  const dropPg = scratch?.drop ?? null;
  const config = loadConfig({}, { dataDir: dir, databaseUrl, secretKey: secret, logLevel: 'silent' });
  const database = openDatabase({ url: databaseUrl, dataDir: dir });
  await migrateToLatest(database.db);
  const services = makeServices(database, config);

  console.log(`# setting up: ${TRAINEES} trainees on ${database.describe}`);
  const now = Date.now();
  const tz = 'Asia/Shanghai';
  const institutionId = await services.classes.createInstitution(null, { name: '压测学院', code: 'BENCH' });
  const programmeId = await services.classes.createProgramme(null, { institutionId, name: '压测项目' });
  const classId = await services.classes.createClass(null, programmeId, {
    title: '签到压测班',
    startsOn: localDay(new Date(now - 86_400_000).toISOString(), tz),
    endsOn: localDay(new Date(now + 86_400_000).toISOString(), tz),
    timeZone: tz,
    leaveLimitRatio: 1 / 7,
    minAttendanceRatio: 6 / 7,
    lateGraceMinutes: 10,
  });
  const enrolmentIds: number[] = [];
  const sessions = { warmup: 0, rounds: [] as number[], baseline: [] as number[] };
  await database.transaction(async (trx) => {
    for (let i = 0; i < TRAINEES; i++)
      enrolmentIds.push(await services.roster.enrolIn(trx, null, classId, { role: 'member', person: { name: `学员${i + 1}` } }));
    const session = (title: string) =>
      services.timetable.createSessionIn(trx, null, classId, {
        kind: 'lecture',
        title,
        startsAt: new Date(now - 5 * 60_000).toISOString(),
        endsAt: new Date(now + 3 * 3600_000).toISOString(),
        hours: 3,
        lecturerIds: [],
        groupIds: [],
      });
    sessions.warmup = await session('预热');
    for (let r = 0; r < ROUNDS; r++) sessions.rounds.push(await session(`第${r + 1}轮`));
    for (let r = 0; r < ROUNDS; r++) sessions.baseline.push(await session(`基线${r + 1}`));
    await services.classes.transition(null, classId, 'enrolling', trx);
    await services.classes.transition(null, classId, 'running', trx, { confirmWarnings: true });
  });
  const phones: Array<{ cookie: string; csrf: string }> = [];
  for (const e of enrolmentIds) {
    const { token } = await services.trainee.issueInvitation(null, e);
    const s = await services.trainee.openInvitation(token, { userAgent: 'bench' });
    phones.push({ cookie: `cohort_session=${s.token}`, csrf: s.csrfToken });
  }
  await database.close();

  const env = {
    DATA_DIR: dir,
    SQLITE_FILE: join(dir, 'cohort.sqlite'),
    COHORT_SECRET_KEY: secret.toString('base64'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const cohort = await Promise.all(Array.from({ length: usePg ? INSTANCES : 1 }, () => startServer('cohort', env)));
  const bare = await startServer('bare', env);
  const insert = usePg ? await startServer('insert', env) : null;
  const children = [...cohort.map((c) => c.child), bare.child, ...(insert ? [insert.child] : [])];

  const codes = makeCheckInCodes(secret);
  const total = TRAINEES * 2;
  const json = { 'content-type': 'application/json' };
  // Requests 2k and 2k+1 are the same trainee, so both copies are in flight together; with two
  // instances the first copy goes to one and the second to the other.
  const checkIns = (sessionId: number): Req[] => {
    const body = JSON.stringify({ code: codes.codeFor(sessionId, Date.now()).code });
    return Array.from({ length: total }, (_, i) => {
      const p = phones[Math.floor(i / 2)];
      return {
        target: cohort.length > 1 ? i % 2 : 0,
        method: 'POST',
        path: '/api/v1/me/check-ins',
        headers: { ...json, cookie: p.cookie, 'x-csrf-token': p.csrf },
        body,
      };
    });
  };
  const bareReqs = (): Req[] =>
    Array.from({ length: total }, (_, i) => ({ target: 0, method: 'POST', path: '/bare', headers: json, body: JSON.stringify({ code: `1.2.${i}` }) }));
  const insertReqs = (sessionId: number): Req[] =>
    Array.from({ length: total }, (_, i) => ({
      target: 0,
      method: 'POST',
      path: '/insert',
      headers: json,
      body: JSON.stringify({ sessionId, enrolmentId: enrolmentIds[Math.floor(i / 2)] }),
    }));
  const runCohort = (sessionId: number) =>
    burst(
      cohort.map((c) => c.port),
      checkIns(sessionId),
      CONNECTIONS,
    );

  console.log(`# warm-up (not counted): ${total} check-ins, ${total} bare requests`);
  await runCohort(sessions.warmup);
  await burst([bare.port], bareReqs(), CONNECTIONS);
  if (insert) await burst([insert.port], insertReqs(sessions.warmup), CONNECTIONS);

  type Measured = Burst & { cpuUs: number };
  if (process.argv.includes('--diagnose')) {
    // What any request costs in this app, before check-in does anything: the same number of
    // requests to a public route (no session) and to the signed-in "who am I" route.
    const get = (path: string, signedIn: boolean): Req[] =>
      Array.from({ length: total }, (_, i) => ({
        target: 0,
        method: 'GET',
        path,
        headers: (signedIn ? { cookie: phones[Math.floor(i / 2)].cookie } : {}) as Record<string, string>,
        body: '',
      }));
    for (const [label, path, signedIn] of [
      ['GET /healthz', '/healthz', false],
      ['GET /api/v1/auth/me', '/api/v1/auth/me', true],
      ['GET /api/v1/me', '/api/v1/me', true],
    ] as const) {
      const m = await measured([cohort[0].child], () => burst([cohort[0].port], get(path, signedIn), CONNECTIONS));
      console.log(`# diagnose: ${label.padEnd(22)} ${m.rps.toFixed(0).padStart(6)} req/s, ${m.cpuUs.toFixed(0).padStart(4)} µs CPU per request (${m.ok} ok)`);
    }
  }
  const rows: Array<{ round: number; bare: Measured; cohort: Measured; insert: Measured | null }> = [];
  for (let r = 0; r < ROUNDS; r++) {
    const b = await measured([bare.child], () => burst([bare.port], bareReqs(), CONNECTIONS));
    const ins = insert ? await measured([insert.child], () => burst([insert.port], insertReqs(sessions.baseline[r]), CONNECTIONS)) : null;
    const profiling = !!process.env.BENCH_PROFILE_DIR;
    const ask = (child: ChildProcess, m: string) =>
      new Promise((resolve) => {
        child.once('message', resolve);
        child.send(m);
      });
    if (profiling) await Promise.all(cohort.map((x) => ask(x.child, 'prof-start')));
    const c = await measured(
      cohort.map((x) => x.child),
      () => runCohort(sessions.rounds[r]),
    );
    if (profiling) await Promise.all(cohort.map((x) => ask(x.child, 'prof-stop')));
    rows.push({ round: r + 1, bare: b, cohort: c, insert: ins });
  }
  for (const ch of children) ch.kill('SIGTERM');

  // What the database holds afterwards.
  const check = openDatabase({ url: databaseUrl, dataDir: dir });
  const counts = await check.db
    .selectFrom('attendance')
    .select(['session_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('enrolment_id').distinct().as('people')])
    .where('session_id', 'in', sessions.rounds)
    .groupBy('session_id')
    .execute();
  const audited = await sql<{ n: number }>`select count(*) as n from audit_log where action = 'attendance.check_in'`.execute(check.db);
  await check.close();
  await dropPg?.();
  rmSync(dir, { recursive: true, force: true });

  const fmt = (n: number, w = 6) => n.toFixed(0).padStart(w);
  console.log(
    `\n# ${usePg ? `PostgreSQL, ${cohort.length} instance(s)` : 'SQLite'}; ${TRAINEES} trainees × 2 requests, ${CONNECTIONS} connections; ${cpus().length} CPUs (${cpus()[0]?.model}); node ${process.version}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log('throughput (req/s) and server CPU per request (µs); ratio = check-in / reference, by throughput and by CPU');
  console.log(`round  bare req/s   µs${usePg ? '  insert req/s   µs' : ''}  check-in req/s   µs  ratio/thr  ratio/cpu  p50 ms  p99 ms   2xx  non-2xx errors`);
  for (const r of rows) {
    const ref = usePg ? r.insert! : r.bare;
    console.log(
      `${String(r.round).padStart(5)}  ${fmt(r.bare.rps, 10)} ${fmt(r.bare.cpuUs, 4)}` +
        (usePg ? `  ${fmt(r.insert!.rps, 11)} ${fmt(r.insert!.cpuUs, 4)}` : '') +
        `  ${fmt(r.cohort.rps, 14)} ${fmt(r.cohort.cpuUs, 4)}  ${fmt((100 * r.cohort.rps) / ref.rps, 7)} %  ${fmt((100 * ref.cpuUs) / r.cohort.cpuUs, 7)} %  ${String(r.cohort.p50).padStart(6)}  ${String(r.cohort.p99).padStart(6)}  ${r.cohort.ok}  ${fmt(r.cohort.non2xx, 7)} ${fmt(r.cohort.errors, 6)}`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratio = median(rows.map((r) => r.cohort.rps / (usePg ? r.insert!.rps : r.bare.rps)));
  const cpuRatio = median(rows.map((r) => (usePg ? r.insert!.cpuUs : r.bare.cpuUs) / r.cohort.cpuUs));
  const p99 = median(rows.map((r) => r.cohort.p99));
  console.log(
    `median: check-in at ${(100 * ratio).toFixed(0)} % of the ${usePg ? 'PostgreSQL insert route' : 'bare route'} by throughput, ${(100 * cpuRatio).toFixed(0)} % by server CPU per request; p99 ${p99} ms`,
  );
  const exact = counts.length === ROUNDS && counts.every((c) => Number(c.n) === TRAINEES && Number(c.people) === TRAINEES);
  console.log(`stored: ${counts.map((c) => Number(c.n)).join(', ')} check-ins per measured session (expected ${TRAINEES} each): ${exact ? 'exact' : 'WRONG'}`);
  console.log(`audit entries for check-ins (all sessions incl. warm-up): ${Number(audited.rows[0].n)} (expected ${TRAINEES * (ROUNDS + 1)})`);
  const target = usePg ? 0.5 : 0.4;
  console.log(`target: ≥ ${target * 100} %${usePg ? '' : ', p99 ≤ 50 ms'} → ${ratio >= target && (usePg || p99 <= 50) && exact ? 'met' : 'NOT met'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
