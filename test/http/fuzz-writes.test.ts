import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Services } from '../../src/server/app';
import { freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, withDemo } from '../support/factories';
import { fillUrl, paramsForClass } from '../support/route-params';

// Random payloads at every write route: the server never answers 500, and a refused request
// leaves every table exactly as it was.

let t: TestDatabase;
let app: FastifyInstance;
let services: Services;
let adminHeaders: Record<string, string>;
let params: Record<string, string>;

async function fingerprint(): Promise<string> {
  const tables = (
    await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(t.database.db)
  ).rows;
  const hash = createHash('sha256');
  for (const { name } of tables) {
    // login_throttle and auth_sessions change on reads (touch) and logins, not on the writes under
    // test; certificate_jobs are advanced by the background runner of an earlier accepted request.
    if (name === 'auth_sessions' || name === 'login_throttle' || name === 'certificate_jobs' || name === 'verification_hits') continue;
    const rows = (await sql.raw(`select * from "${name}" order by 1`).execute(t.database.db)).rows;
    hash.update(name).update(JSON.stringify(rows));
  }
  return hash.digest('hex');
}

before(async () => {
  t = await freshDatabase('sqlite');
  const built = await appFor(t);
  app = built.app;
  services = built.services;
  const { password } = await withDemo(services);
  // A class whose roster and timetable still accept changes, so valid-looking payloads get deep.
  const programmeId = (
    await services.classes.listProgrammes((await services.auth.actorFromToken((await services.auth.login({ username: 'admin', password, ip: '::1' })).token))!)
  )[0].id;
  const classId = await services.classes.createClass(null, programmeId, {
    title: '模糊测试班',
    startsOn: '2026-06-01',
    endsOn: '2026-06-10',
    timeZone: 'Asia/Shanghai',
    leaveLimitRatio: 1 / 7,
    minAttendanceRatio: 0.8,
    lateGraceMinutes: 10,
  });
  const admin = await services.auth.actorFromToken((await services.auth.login({ username: 'admin', password, ip: '::1' })).token);
  const g = await services.roster.createGroup(admin!, classId, { name: '一组' });
  await services.roster.enrol(admin!, classId, { groupId: g.id, role: 'member', person: { name: '测试学员' } });
  await services.timetable.createSession(admin!, classId, {
    kind: 'lecture',
    title: '讲座',
    startsAt: '2026-06-02T09:00:00+08:00',
    endsAt: '2026-06-02T11:00:00+08:00',
    hours: 2,
    lecturerIds: [],
    groupIds: [],
  });
  params = await paramsForClass(t.database, classId);
  adminHeaders = await loginHeaders(app, 'admin', password);
});
after(async () => {
  await app.close();
  await t.drop();
});

const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '2026-06-02',
    '2026-06-02T09:00:00+08:00',
    '13800138000',
    '540102198001011234',
    '<script>alert(1)</script>',
    '=1+1',
    'བཀྲ་ཤིས',
    '\u0000',
    'x'.repeat(5000),
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(-1, 0, 1, 2, 999999, Number.MAX_SAFE_INTEGER),
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }));

/** Objects with the route's own field names (and a few strangers), so the payloads get past the first check. */
function payloadFor(schema: unknown) {
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const known = keys.length ? fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }) : fc.constant({});
  return fc.oneof({ weight: 4, arbitrary: known }, { weight: 1, arbitrary: fc.anything() }, { weight: 1, arbitrary: fc.dictionary(fc.string(), value) });
}

const idParam = fc.oneof(fc.constant('real'), fc.constantFrom('0', '-1', 'abc', '1e3', '99999999999999999999', '1.5', '%00'));

test('random payloads at every write route never give a 500 nor a partial write', async () => {
  const writes = app.routeTable.filter(
    (r) => r.url.startsWith('/api/v1') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.url.startsWith('/api/v1/auth/'),
  );
  assert.ok(writes.length >= 15, `found ${writes.length} write routes`);
  let refused = 0;
  let accepted = 0;
  for (const route of writes) {
    await fc.assert(
      fc.asyncProperty(payloadFor(route.bodySchema), idParam, async (payload, idChoice) => {
        const url = fillUrl(route.url, idChoice === 'real' ? params : Object.fromEntries(Object.keys(params).map((k) => [k, idChoice])));
        const before = await fingerprint();
        const res = await app.inject({
          method: route.method as 'POST',
          url,
          headers: { ...adminHeaders, 'content-type': 'application/json' },
          payload: JSON.stringify(payload ?? null),
        });
        assert.ok(res.statusCode < 500, `${route.method} ${url} ${JSON.stringify(payload)?.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (res.statusCode >= 400) {
          refused += 1;
          assert.match(String(res.headers['content-type']), /application\/problem\+json/);
          assert.equal(await fingerprint(), before, `${route.method} ${url} refused with ${res.statusCode} but changed data`);
        } else accepted += 1;
      }),
      { numRuns: 30 },
    );
  }
  console.log(`# fuzz: ${writes.length} write routes, ${refused} refused, ${accepted} accepted`);
  assert.ok(refused > 0 && accepted > 0, 'the payloads reach both outcomes');
});
