import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { redactUrl } from '../../src/server/lib/log-redaction';
import { DATABASES, emptyPostgresDatabase } from '../support/db';

// `cohort serve` as an operator runs it, with the request log on (LOG_LEVEL=info): a class
// teacher searches the roster, issues an invitation, makes a calendar feed; the trainee opens the
// invitation; the public verifies a certificate by link and by serial and name. Every secret
// issued or typed on the way is then looked for in everything the process printed (#14).

test('redactUrl keeps the shape of a URL and drops its secrets', () => {
  assert.equal(redactUrl('/t/i/AbC123xyz'), '/t/i/[redacted]');
  assert.equal(redactUrl('/verify/tok-1?lang=en'), '/verify/[redacted]?lang=en');
  assert.equal(redactUrl('/verify/verify.js'), '/verify/verify.js');
  assert.equal(redactUrl('/verify?serial=2020-001&name=%E6%89%8E%E8%A5%BF'), '/verify?serial=[redacted]&name=[redacted]');
  assert.equal(redactUrl('/api/v1/calendar/secret.ics'), '/api/v1/calendar/[redacted]');
  assert.equal(
    redactUrl('/api/v1/classes/3/enrolments?q=13800138000&includeWithdrawn=true'),
    '/api/v1/classes/3/enrolments?q=[redacted]&includeWithdrawn=true',
  );
  assert.equal(redactUrl('/api/v1/classes/3/sessions'), '/api/v1/classes/3/sessions');
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

for (const kind of DATABASES) {
  describe(`no secrets in the request log of cohort serve (${kind})`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cohort-log-'));
    let server: ChildProcess;
    let output = '';
    let base = '';
    let dropDatabase = async () => {};
    const { DATABASE_URL: _unused, ...parentEnv } = process.env;
    const env: NodeJS.ProcessEnv = { ...parentEnv, DATA_DIR: dataDir, COHORT_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'), LOG_LEVEL: 'info' };

    before(async () => {
      if (kind === 'postgres') {
        const empty = await emptyPostgresDatabase('cohort_log');
        env.DATABASE_URL = empty.url;
        dropDatabase = empty.drop;
      }
      const demo = spawnSync(process.execPath, ['bin/cohort.mjs', 'demo'], { env, encoding: 'utf8', timeout: 180_000 });
      assert.equal(demo.status, 0, demo.stderr);
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      server = spawn(process.execPath, ['bin/cohort.mjs', 'serve'], { env: { ...env, PORT: String(port), PUBLIC_URL: base } });
      server.stdout!.on('data', (d) => {
        output += d;
      });
      server.stderr!.on('data', (d) => {
        output += d;
      });
      for (let i = 0; i < 300 && !output.includes('Cohort is serving'); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(output, /Cohort is serving/);
    });
    after(async () => {
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((r) => server.once('exit', r));
      }
      rmSync(dataDir, { recursive: true, force: true });
      await dropDatabase();
    });

    test('invitation, verification and calendar tokens, search terms and names are not in the log', async () => {
      let cookie = '';
      let csrf = '';
      const call = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { cookie, 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extra },
          body: body === undefined ? undefined : JSON.stringify(body),
          redirect: 'manual',
        });
        const text = await res.text();
        return { status: res.status, text, json: () => JSON.parse(text), cookies: res.headers.getSetCookie() };
      };
      const login = await call('POST', '/api/v1/auth/login', { username: 'banzhuren', password: 'cohort-demo-2020' });
      assert.equal(login.status, 200, login.text);
      cookie = login.cookies.map((c) => c.split(';')[0]).join('; ');
      csrf = login.json().csrfToken;
      const [cls] = (await call('GET', '/api/v1/classes')).json();

      const secrets: string[] = [csrf, cookie.split('=')[1]];
      const searched = '扎西旺拉';
      const roster = await call('GET', `/api/v1/classes/${cls.id}/enrolments?q=${encodeURIComponent(searched)}`);
      assert.equal(roster.status, 200);
      secrets.push(searched, encodeURIComponent(searched));
      const enrolmentId = roster.json()[0].id;

      const feed = await call('POST', `/api/v1/classes/${cls.id}/calendar-feed`, {});
      assert.equal(feed.status, 200, feed.text);
      const feedPath = new URL(feed.json().url).pathname;
      secrets.push(
        feedPath
          .split('/')
          .pop()!
          .replace(/\.ics$/, ''),
      );
      assert.equal((await call('GET', feedPath)).status, 200);

      const certificates = (await call('GET', `/api/v1/classes/${cls.id}/certificates`)).json() as Array<{ serial: string; name: string; verifyUrl: string }>;
      const certificate = certificates.find((c) => c.name === searched) ?? certificates[0];
      assert.ok(certificate, 'the demo class has certificates');
      const verifyToken = new URL(certificate.verifyUrl).pathname.split('/').pop()!;
      secrets.push(verifyToken, certificate.serial, certificate.name, encodeURIComponent(certificate.name));

      const invitation = await call('POST', `/api/v1/enrolments/${enrolmentId}/invitation`, {});
      assert.equal(invitation.status, 201, invitation.text);
      const invitationToken = invitation.json().token as string;
      secrets.push(invitationToken);

      // The trainee's phone opens the link; the public checks the certificate.
      cookie = '';
      csrf = '';
      assert.equal((await call('GET', `/t/i/${invitationToken}`)).status, 200);
      const opened = await call('POST', '/api/v1/trainee/session', { token: invitationToken });
      assert.equal(opened.status, 200, opened.text);
      const trainee = opened.cookies.map((c) => c.split(';')[0]).join('; ');
      secrets.push(trainee.split('=')[1]);
      const code = 'CHECKINCODE7Q2W9';
      secrets.push(code);
      await call('GET', `/api/v1/me/check-in-codes/${code}`, undefined, { cookie: trainee });
      assert.equal((await call('GET', `/verify/${verifyToken}`)).status, 200);
      assert.equal((await call('GET', `/api/v1/public/verify/${verifyToken}`)).status, 200);
      const bySerial = await call('GET', `/verify?serial=${encodeURIComponent(certificate.serial)}&name=${encodeURIComponent(certificate.name)}`);
      assert.equal(bySerial.status, 200);
      const bulletinToken = 'BULLETINTOKEN3F8K';
      secrets.push(bulletinToken);
      await call('GET', `/b/${bulletinToken}`);

      // Let the last lines reach the pipe, then read everything the process printed.
      await new Promise((r) => setTimeout(r, 300));
      const log = output;
      assert.match(log, /"url":"\/t\/i\/\[redacted\]"/, 'the requests were logged');
      assert.match(log, /"url":"\/verify\?serial=\[redacted\]&name=\[redacted\]"/);
      assert.match(log, /"url":"\/api\/v1\/classes\/\d+\/enrolments\?q=\[redacted\]"/);
      for (const secret of secrets) assert.ok(secret && !log.includes(secret), `the log shows ${secret}`);
    });
  });
}
