// A server process for bench/check-in.ts, so that the load generator runs in another process.
// MODE=cohort: the real app (buildApp) on DATABASE_URL / DATA_DIR.
// MODE=bare: a Fastify route that parses the JSON body and answers {ok:true} — the ceiling.
// MODE=insert: a Fastify route that does only the check-in's INSERT … ON CONFLICT DO NOTHING,
//   straight through better-sqlite3 or pg — the floor a real route cannot go under.
// Prints "PORT <n>" once listening on 127.0.0.1.
import Fastify from 'fastify';

const mode = process.env.MODE ?? 'cohort';
const url = process.env.DATABASE_URL;

async function main() {
  if (mode === 'cohort') {
    const { loadConfig } = await import('../../src/server/config');
    const { buildApp } = await import('../../src/server/app');
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', PORT: '0' });
    const { app } = await buildApp(config, { migrate: false, webDir: null });
    await app.listen({ port: 0, host: '127.0.0.1' });
    console.log(`PORT ${(app.server.address() as { port: number }).port}`);
    return;
  }
  const app = Fastify({ logger: false });
  if (mode === 'bare') {
    app.post('/bare', async () => ({ ok: true }));
  } else if (url?.startsWith('postgres')) {
    const pg = (await import('pg')).default;
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10) });
    app.post('/insert', async (req) => {
      const b = req.body as { sessionId: number; enrolmentId: number };
      const now = new Date().toISOString();
      await pool.query(
        `insert into attendance (session_id, enrolment_id, status, method, checked_in_at, created_at, updated_at)
         values ($1, $2, 'present', 'qr', $3, $3, $3) on conflict (session_id, enrolment_id) do nothing`,
        [b.sessionId, b.enrolmentId, now],
      );
      return { ok: true };
    });
  } else {
    const SQLite = (await import('better-sqlite3')).default;
    const db = new SQLite(process.env.SQLITE_FILE!);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    const stmt = db.prepare(
      `insert into attendance (session_id, enrolment_id, status, method, checked_in_at, created_at, updated_at)
       values (?, ?, 'present', 'qr', ?, ?, ?) on conflict (session_id, enrolment_id) do nothing`,
    );
    app.post('/insert', async (req) => {
      const b = req.body as { sessionId: number; enrolmentId: number };
      const now = new Date().toISOString();
      stmt.run(b.sessionId, b.enrolmentId, now, now, now);
      return { ok: true };
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(`PORT ${(app.server.address() as { port: number }).port}`);
}

// The parent asks for this process's CPU time around each burst: on a shared machine, CPU time
// per request says more than requests per second.
// With BENCH_PROFILE_DIR, a CPU profile of exactly the measured bursts is written there.
let profiler: import('node:inspector').Session | null = null;
process.on('message', async (m) => {
  if (m === 'cpu') {
    const u = process.cpuUsage();
    process.send?.({ cpu: u.user + u.system });
  } else if (m === 'prof-start' && process.env.BENCH_PROFILE_DIR) {
    const { Session } = await import('node:inspector');
    profiler = new Session();
    profiler.connect();
    profiler.post('Profiler.enable', () =>
      profiler!.post('Profiler.setSamplingInterval', { interval: 100 }, () => profiler!.post('Profiler.start', () => process.send?.({ started: true }))),
    );
  } else if (m === 'prof-stop' && profiler) {
    profiler.post('Profiler.stop', async (_err, { profile }) => {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      mkdirSync(process.env.BENCH_PROFILE_DIR!, { recursive: true });
      writeFileSync(`${process.env.BENCH_PROFILE_DIR}/${mode}-${process.pid}.cpuprofile`, JSON.stringify(profile));
      process.send?.({ stopped: true });
    });
  }
});

// A clean exit on SIGTERM, so that --cpu-prof (BENCH_PROFILE_DIR) gets written.
process.on('SIGTERM', () => process.exit(0));

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
