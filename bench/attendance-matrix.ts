// The class teacher's attendance matrix for a large class: 500 trainees × 60 sessions (a third of
// them per-group discussions), ~27,000 records, over HTTP (GET /api/v1/classes/:id/attendance-matrix)
// from a signed-in class teacher. Target: p95 ≤ 50 ms.
//
//   npm run bench:matrix               SQLite
//   npm run bench:matrix -- --pg       PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
//   options: --trainees N (500), --sessions N (60), --requests N (200)
//   npm run bench:matrix -- [--pg] --compare DIR   also serves the same database with the app of
//     another checkout (e.g. a worktree of main) and alternates the two request by request, so that
//     other load on the machine falls on both alike; prints both.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/connection';
import type { AttendanceStatus } from '../src/server/modules/attendance/tables';
import { scratchPgDatabase } from './support/scratch-pg';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const usePg = process.argv.includes('--pg');
const TRAINEES = Number(arg('trainees', '500'));
const SESSIONS = Number(arg('sessions', '60'));
const REQUESTS = Number(arg('requests', '200'));
const COMPARE = arg('compare', '');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'cohort-matrix-'));
  const scratch = usePg ? await scratchPgDatabase('cohort_matrix') : null;
  const databaseUrl = scratch?.url;
  const dropPg = scratch?.drop ?? null;
  const config = loadConfig({}, { dataDir: dir, databaseUrl, secretKey: randomBytes(32), logLevel: 'silent' });
  const database = openDatabase({ url: databaseUrl, dataDir: dir });
  const { app, services } = await buildApp(config, { database, webDir: null });

  console.log(`# setting up ${TRAINEES} trainees × ${SESSIONS} sessions on ${database.describe}`);
  const institutionId = await services.classes.createInstitution(null, { name: '矩阵学院', code: 'MATRIX' });
  const programmeId = await services.classes.createProgramme(null, { institutionId, name: '矩阵项目' });
  // A finished class of 15 days: four sessions a day, every fourth one a per-group discussion.
  const classId = await services.classes.createClass(null, programmeId, {
    title: '矩阵压测班',
    startsOn: '2025-03-03',
    endsOn: '2025-03-21',
    timeZone: 'Asia/Shanghai',
    leaveLimitRatio: 1 / 7,
    minAttendanceRatio: 6 / 7,
    lateGraceMinutes: 10,
  });
  const enrolmentIds: number[] = [];
  const sessionIds: number[] = [];
  const groups: number[] = [];
  await database.transaction(async (trx) => {
    for (let g = 0; g < 8; g++) groups.push(await services.roster.createGroupIn(trx, null, classId, { name: `第${g + 1}组` }));
    for (let i = 0; i < TRAINEES; i++) {
      enrolmentIds.push(await services.roster.enrolIn(trx, null, classId, { groupId: groups[i % 8], role: 'member', person: { name: `学员${i + 1}` } }));
    }
    for (let k = 0; k < SESSIONS; k++) {
      const day = 3 + Math.floor(k / 4);
      const slot = k % 4;
      const date = `2025-03-${String(day).padStart(2, '0')}`;
      const [from, to] = [
        ['08:30', '11:30'],
        ['14:00', '17:00'],
        ['19:00', '20:30'],
        ['15:30', '17:30'],
      ][slot];
      const perGroup = slot === 3;
      sessionIds.push(
        await services.timetable.createSessionIn(trx, null, classId, {
          kind: perGroup ? 'discussion' : 'lecture',
          title: perGroup ? `研讨${k}` : `专题讲座${k}`,
          startsAt: `${date}T${from}:00+08:00`,
          endsAt: `${date}T${to}:00+08:00`,
          hours: perGroup ? 2 : 3,
          lecturerIds: [],
          groupIds: perGroup ? [groups[k % 8], groups[(k + 1) % 8]] : [],
        }),
      );
    }
    await services.classes.transition(null, classId, 'enrolling', trx);
    await services.classes.transition(null, classId, 'running', trx, { confirmWarnings: true });
    await services.classes.transition(null, classId, 'completed', trx);
    const records: Array<{ sessionId: number; enrolmentId: number; status: AttendanceStatus; checkedInAt: string | null }> = [];
    enrolmentIds.forEach((e, i) => {
      sessionIds.forEach((s, k) => {
        const perGroup = k % 4 === 3;
        if (perGroup && i % 8 !== k % 8 && i % 8 !== (k + 1) % 8) return;
        const r = (i * 31 + k * 17) % 100;
        if (r < 3) return; // absent: no record
        const status: AttendanceStatus = r < 6 ? 'late' : r < 8 ? 'leave' : 'present';
        records.push({ sessionId: s, enrolmentId: e, status, checkedInAt: status === 'leave' ? null : '2025-03-03T00:25:00.000Z' });
      });
    });
    await services.attendance.importHistoricalRecord(trx, classId, records);
  });
  // What autovacuum does soon after a bulk load; without it PostgreSQL has no statistics for the
  // new rows and cannot use the covering index alone.
  if (usePg) await sql`vacuum analyze`.execute(database.db);
  const teacher = await services.auth.createUser(null, { username: 'matrix-teacher', displayName: '班主任', password: 'matrix-password-1' });
  await services.classes.addStaff(null, classId, { userId: teacher, role: 'class_teacher' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'matrix-teacher', password: 'matrix-password-1' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];

  // With --compare, the other checkout's app on the same database (its own connection and caches).
  const targets = [{ name: '', url: base, cookie, close: async () => {} }];
  if (COMPARE) {
    const other = await import(join(COMPARE, 'src/server/app.ts'));
    const otherDb = (await import(join(COMPARE, 'src/server/db/connection.ts'))).openDatabase({ url: databaseUrl, dataDir: dir });
    const built = await other.buildApp(config, { database: otherDb, migrate: false, webDir: null });
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${built.app.server.address().port}`;
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'matrix-teacher', password: 'matrix-password-1' }),
    });
    targets[0].name = 'this checkout ';
    targets.push({
      name: `${COMPARE} `,
      url,
      cookie: (res.headers.get('set-cookie') ?? '').split(';')[0],
      close: async () => {
        await built.app.close();
        await otherDb.close();
      },
    });
  }
  const measure = async (label: string, query: string) => {
    const times = targets.map(() => [] as number[]);
    let size = 0;
    let cells = 0;
    for (let i = 0; i < REQUESTS + 20; i++) {
      // Alternating, in a random order each round, when comparing.
      const order = targets.map((_, k) => k).sort(() => Math.random() - 0.5);
      for (const k of order) {
        const t0 = process.hrtime.bigint();
        const res = await fetch(`${targets[k].url}/api/v1/classes/${classId}/attendance-matrix${query}`, { headers: { cookie: targets[k].cookie } });
        const body = await res.text();
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (res.status !== 200) throw new Error(`${res.status} ${body.slice(0, 300)}`);
        if (i >= 20) times[k].push(ms); // the first 20 warm up
        size = body.length;
        const m = JSON.parse(body) as { trainees: Array<{ cells: string }> };
        cells = m.trainees.reduce((sum, t) => sum + t.cells.length, 0);
      }
    }
    let p95 = 0;
    targets.forEach((t, k) => {
      const sorted = times[k].sort((a, b) => a - b);
      const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
      if (k === 0) p95 = Number(pct(95));
      console.log(
        `${t.name}${label.padEnd(28)} p50 ${pct(50).padStart(6)} ms  p95 ${pct(95).padStart(6)} ms  max ${pct(100).padStart(6)} ms  (${cells} cells, ${(size / 1024).toFixed(0)} KiB)`,
      );
    });
    return p95;
  };
  const records = await database.db
    .selectFrom('attendance')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  console.log(
    `# ${usePg ? 'PostgreSQL' : 'SQLite'}; ${Number(records.n)} records; ${REQUESTS} sequential requests each; ${cpus().length} CPUs; node ${process.version}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const p95 = await measure('whole class', '');
  await measure('one group', `?groupId=${groups[2]}`);
  await measure('one day', '?day=2025-03-10');
  console.log(`target: p95 ≤ 50 ms for the whole class → ${p95 <= 50 ? 'met' : 'NOT met'}`);
  for (const t of targets) await t.close();
  await app.close();
  await database.close();
  await dropPg?.();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
