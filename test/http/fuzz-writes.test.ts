import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, withDemo } from '../support/factories';
import { fillUrl, paramsForClass } from '../support/route-params';

// Random payloads at every write route, random multipart bodies at the upload routes and random
// paths, queries and bodies at the public routes: the server never answers 500, and a refused
// request leaves every table exactly as it was. On both databases; PostgreSQL gets fewer cases
// per route (it is the slower of the two to fingerprint), enough to reach every route's checks.

// Tables that change on reads, sign-ins or in the background, not through the request under test:
// sessions are touched on every request, sign-in attempts and verification hits are counted,
// certificate_jobs are advanced by the runner of an earlier accepted request.
const VOLATILE = new Set(['auth_sessions', 'login_attempts', 'login_throttle', 'certificate_jobs', 'verification_hits', 'id_number_reveals']);

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
    'a\u0000b',
    'x'.repeat(5000),
    '0x10',
    '1e3',
    ' 1',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(-1, 0, 1, 2, 999999, 2147483647, 2147483648, 4294967296, Number.MAX_SAFE_INTEGER),
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }));

/** Objects with the route's own field names (and a few strangers), so the payloads get past the first check. */
function payloadFor(schema: unknown) {
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const known = keys.length ? fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }) : fc.constant({});
  return fc.oneof({ weight: 4, arbitrary: known }, { weight: 1, arbitrary: fc.anything() }, { weight: 1, arbitrary: fc.dictionary(fc.string(), value) });
}

const idParam = fc.oneof(
  fc.constant('real'),
  fc.constantFrom('0', '-1', 'abc', '1e3', '0x10', '%201', '01', '2147483648', '99999999999999999999', '1.5', '%00'),
);

// Multipart bodies: well-formed ones with random parts (some real-looking files), and broken ones.
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const CSV = Buffer.from('姓名,性别,手机,身份证号,组别\n洛桑,男,13800138000,540102198001011234,一组\n', 'utf8');
const filePart = fc.record({
  name: fc.constantFrom('file', 'files', 'photo', 'x'),
  filename: fc.oneof(fc.constantFrom('a.jpg', 'roster.csv', 'roster.xlsx', '', '../../etc/passwd', '照片.png', 'a\u0000.jpg'), fc.string({ maxLength: 20 })),
  type: fc.constantFrom('image/jpeg', 'text/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  data: fc.oneof(
    fc.constant(JPEG_HEAD),
    fc.constant(CSV),
    fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
    fc.constant(Buffer.alloc(0)),
  ),
});
const fieldPart = fc.record({
  name: fc.constantFrom('decisions', 'caption', 'sessionId', 'lang', 'x'),
  value: fc.oneof(fc.constantFrom('{}', '{"actions":{"2":"create"}}', '{"createGroups":["一组"]}', 'not json', '\u0000', ''), fc.string({ maxLength: 40 })),
});
const multipart = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.array(fc.oneof(filePart, fieldPart), { maxLength: 4 }).map((parts) => {
      const boundary = 'FuzzBoundary7MA4YWxk';
      const chunks: Buffer[] = [];
      for (const p of parts) {
        const head =
          'data' in p
            ? `--${boundary}\r\ncontent-disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\ncontent-type: ${p.type}\r\n\r\n`
            : `--${boundary}\r\ncontent-disposition: form-data; name="${p.name}"\r\n\r\n`;
        chunks.push(Buffer.from(head), 'data' in p ? p.data : Buffer.from(p.value), Buffer.from('\r\n'));
      }
      chunks.push(Buffer.from(`--${boundary}--\r\n`));
      return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=XYZ', 'multipart/mixed; boundary=XYZ'),
      body: fc.oneof(
        fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
        fc.constantFrom(
          Buffer.from('--XYZ\r\ncontent-disposition: form-data; name="file"; filename="a.csv"\r\n\r\nunterminated'),
          Buffer.from('--XYZ\r\nno-headers\r\n--XYZ--\r\n'),
          Buffer.from('--XYZ--\r\n'),
        ),
      ),
    }),
  },
);

const token = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', 'x'.repeat(250), '%00', 'abc%00def', '..%2F..%2Fetc', '%E4%BD%A0', 'a.ics', '1', '0x10', 'SKGY', 'thumb', 'display'),
);
const query = fc.dictionary(
  fc.constantFrom('serial', 'name', 'lang', 'q', 'token', 'x'),
  fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('\u0000', 'en', '张三')),
  {
    maxKeys: 3,
  },
);

for (const kind of DATABASES) {
  describe(`fuzz (${kind})`, () => {
    const runs = kind === 'sqlite' ? 30 : 8;
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let adminHeaders: Record<string, string>;
    let params: Record<string, string>;

    /** A hash of every table but the volatile ones (and `skip`), rows in a stable order on both databases. */
    async function fingerprint(skip: string[] = []): Promise<string> {
      const tables = (
        kind === 'sqlite'
          ? await sql<{
              name: string;
            }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(
              t.database.db,
            )
          : await sql<{
              name: string;
            }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%' order by table_name`.execute(
              t.database.db,
            )
      ).rows;
      const hash = createHash('sha256');
      for (const { name } of tables) {
        if (VOLATILE.has(name) || skip.includes(name)) continue;
        const rows = (await sql.raw(`select * from "${name}"`).execute(t.database.db)).rows.map((r) => JSON.stringify(r)).sort();
        hash.update(name).update(rows.join('\n'));
      }
      return hash.digest('hex');
    }

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      const { password } = await withDemo(services);
      // A class whose roster and timetable still accept changes, so valid-looking payloads get deep.
      const admin = await services.auth.actorFromToken((await services.auth.login({ username: 'admin', password, ip: '::1' })).token);
      const programmeId = (await services.classes.listProgrammes(admin!))[0].id;
      const classId = await services.classes.createClass(null, programmeId, {
        title: '模糊测试班',
        startsOn: '2026-06-01',
        endsOn: '2026-06-10',
        timeZone: 'Asia/Shanghai',
        leaveLimitRatio: 1 / 7,
        minAttendanceRatio: 0.8,
        lateGraceMinutes: 10,
      });
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

    /** Sends one request and checks the outcome; the fingerprint is recomputed only after a change. */
    function checker(skip: string[] = []) {
      let current: string | null = null;
      const counts = { refused: 0, accepted: 0 };
      return {
        counts,
        async send(label: string, request: InjectOptions) {
          current ??= await fingerprint(skip);
          const res = await app.inject(request);
          assert.ok(res.statusCode < 500, `${label} → ${res.statusCode} ${res.body.slice(0, 300)}`);
          if (res.statusCode >= 400) {
            counts.refused += 1;
            assert.match(
              String(res.headers['content-type']),
              /application\/problem\+json|text\/html/,
              `${label} → ${res.statusCode} ${res.body.slice(0, 200)}`,
            );
            assert.equal(await fingerprint(skip), current, `${label} refused with ${res.statusCode} but changed data`);
          } else {
            counts.accepted += 1;
            current = await fingerprint(skip);
          }
        },
      };
    }

    test('random payloads at every write route never give a 500 nor a partial write', async () => {
      const writes = app.routeTable.filter(
        (r) =>
          r.url.startsWith('/api/v1') &&
          ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) &&
          r.permission.action !== 'public' &&
          !r.url.startsWith('/api/v1/auth/'),
      );
      assert.ok(writes.length >= 15, `found ${writes.length} write routes`);
      const check = checker();
      for (const route of writes) {
        await fc.assert(
          fc.asyncProperty(payloadFor(route.bodySchema), idParam, async (payload, idChoice) => {
            const url = fillUrl(route.url, idChoice === 'real' ? params : Object.fromEntries(Object.keys(params).map((k) => [k, idChoice])));
            await check.send(`${route.method} ${url} ${JSON.stringify(payload)?.slice(0, 300)}`, {
              method: route.method as 'POST',
              url,
              headers: { ...adminHeaders, 'content-type': 'application/json' },
              payload: JSON.stringify(payload ?? null),
            });
          }),
          { numRuns: runs },
        );
      }
      console.log(`# fuzz (${kind}): ${writes.length} write routes, ${check.counts.refused} refused, ${check.counts.accepted} accepted`);
      assert.ok(check.counts.refused > 0 && check.counts.accepted > 0, 'the payloads reach both outcomes');
    });

    test('random multipart bodies at the upload routes never give a 500 nor a partial write', async () => {
      const uploads = app.routeTable.filter((r) => r.consumes?.includes('multipart/form-data'));
      assert.ok(uploads.length >= 3, `found ${uploads.length} upload routes`);
      const check = checker();
      for (const route of uploads) {
        await fc.assert(
          fc.asyncProperty(multipart, fc.oneof({ weight: 4, arbitrary: fc.constant('real') }, { weight: 1, arbitrary: idParam }), async (body, idChoice) => {
            const url = fillUrl(route.url, idChoice === 'real' ? params : Object.fromEntries(Object.keys(params).map((k) => [k, idChoice])));
            await check.send(`${route.method} ${url} ${body.type} ${body.body.subarray(0, 200).toString('latin1')}`, {
              method: route.method as 'POST',
              url,
              headers: { ...adminHeaders, 'content-type': body.type },
              payload: body.body,
            });
          }),
          { numRuns: runs * 3 },
        );
      }
      console.log(`# fuzz (${kind}) multipart: ${uploads.length} routes, ${check.counts.refused} refused, ${check.counts.accepted} accepted`);
      assert.ok(check.counts.refused > 0, 'malformed bodies were refused');
    });

    test('random paths, queries and bodies at the public routes never give a 500 nor a refused write', async () => {
      const publicRoutes = app.routeTable.filter(
        (r) => r.permission.action === 'public' && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json' && !r.url.includes('*'),
      );
      assert.ok(publicRoutes.length >= 10, `found ${publicRoutes.length} public routes`);
      // A failed sign-in may be audited; nothing else may change.
      const check = checker(['audit_log']);
      let address = 0;
      for (const route of publicRoutes) {
        const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
        await fc.assert(
          fc.asyncProperty(
            fc.array(token, { minLength: names.length, maxLength: names.length }),
            query,
            payloadFor(route.bodySchema),
            async (tokens, q, payload) => {
              const path = names.reduce((u, name, i) => u.replace(`:${name}`, encodeURIComponent(tokens[i]).replace(/%25(00|2F|E4|BD|A0)/g, '%$1')), route.url);
              const url = `${path}${Object.keys(q).length ? `?${new URLSearchParams(q)}` : ''}`;
              const write = route.method !== 'GET';
              const form = route.url === '/verify/credential' && address % 2 === 0;
              // Spread over client addresses, so that the per-address limits do not end the test early.
              address += 1;
              await check.send(`${route.method} ${url} ${write ? JSON.stringify(payload)?.slice(0, 200) : ''}`, {
                method: route.method as 'GET',
                url,
                remoteAddress: `10.0.${address >> 8}.${address & 255}`,
                headers: write ? { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' } : {},
                payload: write
                  ? form
                    ? new URLSearchParams({ credential: JSON.stringify(payload) ?? '' }).toString()
                    : JSON.stringify(payload ?? null)
                  : undefined,
              });
            },
          ),
          { numRuns: runs },
        );
      }
      console.log(`# fuzz (${kind}) public: ${publicRoutes.length} routes, ${check.counts.refused} refused, ${check.counts.accepted} accepted`);
      assert.ok(check.counts.refused > 0);
    });
  });
}
