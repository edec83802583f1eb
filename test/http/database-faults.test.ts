import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, withDemo } from '../support/factories';

// The database going away under running requests: PostgreSQL ending the app's connections
// (pg_terminate_backend, as a restart or failover does) and SQLite staying locked by another
// process past busy_timeout. The process lives on, the requests caught in it get a 503 problem in
// their language, and the next ones succeed.

type Answer = { statusCode: number; headers: Record<string, unknown>; json: () => { code: string; title: string } };

function assertAnswered(res: Answer, lang: 'zh-CN' | 'en') {
  if (res.statusCode < 300) return 'ok';
  assert.equal(res.statusCode, 503, JSON.stringify(res.json()));
  assert.match(String(res.headers['content-type']), /application\/problem\+json/);
  assert.equal(res.json().code, 'database.unavailable');
  assert.match(res.json().title, lang === 'en' ? /database is unavailable/ : /数据库暂时无法连接/);
  assert.ok(res.headers['retry-after']);
  return 'unavailable';
}

for (const kind of DATABASES) {
  describe(`database faults (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let teacher: Record<string, string>;
    let classId: number;

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      const demo = await withDemo(services);
      classId = demo.classId;
      teacher = await loginHeaders(app, 'banzhuren', demo.password);
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    const requests = (n: number) =>
      Array.from({ length: n }, (_, i) => {
        const lang = i % 2 ? 'en' : 'zh-CN';
        const url = [`/api/v1/classes/${classId}/enrolments`, `/api/v1/classes/${classId}/attendance-matrix`, `/api/v1/classes/${classId}/sessions`][i % 3];
        return app.inject({ url, headers: { ...teacher, 'accept-language': lang } }).then((res) => assertAnswered(res, lang));
      });

    if (kind === 'postgres') {
      test('the app’s connections terminated during a burst: in-flight requests get a 503, the process lives, later requests pass', async () => {
        const admin = new pg.Client({ connectionString: t.config.databaseUrl });
        await admin.connect();
        const dbName = new URL(t.config.databaseUrl!).pathname.slice(1);
        let terminated = 0;
        let stop = false;
        const killer = (async () => {
          while (!stop) {
            const r = await admin.query('select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [
              dbName,
            ]);
            terminated += r.rows.filter((x) => x.ok).length;
            await new Promise((resolve) => setTimeout(resolve, 15));
          }
        })();
        const outcomes: string[] = [];
        for (let round = 0; round < 6; round++) outcomes.push(...(await Promise.all(requests(60))));
        stop = true;
        await killer;
        await admin.end();
        assert.ok(terminated > 0, 'connections were terminated');
        assert.ok(outcomes.includes('unavailable'), 'some requests were caught by a termination');
        // The pool replaced the broken connections: every request from now on succeeds.
        for (const res of await Promise.all(requests(30))) assert.equal(res, 'ok');
        const health = await app.inject({ url: '/healthz' });
        assert.equal(health.statusCode, 200);
        assert.equal((await services.roster.listRoster(classId)).length, 32);
      });
    } else {
      test('a database locked by another process past busy_timeout: a 503, then the next request passes', { timeout: 60_000 }, async () => {
        const other = new SQLite(`${t.config.dataDir}/cohort.sqlite`);
        other.exec('begin exclusive');
        try {
          const res = await app.inject({
            method: 'POST',
            url: `/api/v1/classes/${classId}/groups`,
            headers: { ...teacher, 'accept-language': 'en' },
            payload: { name: '第五组' },
          });
          assert.equal(assertAnswered(res, 'en'), 'unavailable');
        } finally {
          other.exec('rollback');
          other.close();
        }
        for (const res of await Promise.all(requests(9))) assert.equal(res, 'ok');
      });
    }
  });
}
