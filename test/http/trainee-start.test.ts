// The trainee's first screen in one round trip (#15, weak networks) and their own calendar feed,
// over HTTP on both databases: GET /api/v1/me/start answers who is signed in with the timetable
// and hours of the class to show, never another person's; POST …/calendar-feed hands the
// trainee their own feed URL and 404s for another's enrolment.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { runningClass } from '../support/attendance';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor } from '../support/factories';

for (const kind of DATABASES) {
  describe(`the trainee's first screen and calendar feed (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let c: Awaited<ReturnType<typeof runningClass>>;
    let headers: Record<string, string>;

    const open = async (enrolmentId: number) => {
      const { token } = await services.trainee.issueInvitation(null, enrolmentId);
      const res = await app.inject({ method: 'POST', url: '/api/v1/trainee/session', payload: { token } });
      assert.equal(res.statusCode, 200, res.body);
      const cookie = res.cookies.find((k) => k.name === 'cohort_session')!;
      return { cookie: `cohort_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken as string };
    };

    before(async () => {
      t = await freshDatabase(kind);
      ({ app, services } = await appFor(t));
      c = await runningClass(services, {
        trainees: 2,
        names: ['次仁央宗', '王建华'],
        sessions: [
          { fromMin: -5, toMin: 175, title: '专题讲座：科技创新政策解读', hours: 3 },
          { fromMin: 1440, toMin: 1620, title: '结构化研讨', hours: 3 },
        ],
      });
      headers = await open(c.enrolmentIds[0]);
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('one answer holds who I am, my class timetable and my hours', async () => {
      const res = await app.inject({ url: '/api/v1/me/start', headers });
      assert.equal(res.statusCode, 200, res.body);
      const start = res.json();
      assert.equal(start.me.name, '次仁央宗');
      assert.equal(start.enrolmentId, c.enrolmentIds[0]);
      assert.equal(start.timetable.enrolment.enrolmentId, c.enrolmentIds[0]);
      assert.deepEqual(
        start.timetable.sessions.map((s: { title: string }) => s.title),
        ['专题讲座：科技创新政策解读', '结构化研讨'],
      );
      assert.equal(start.hours.enrolmentId, c.enrolmentIds[0]);
      assert.equal(start.hours.hours.totalHours, 6);
      // The same as the three separate answers the pages would otherwise ask for.
      const [me, timetable, hours] = await Promise.all(
        ['/api/v1/me', `/api/v1/me/enrolments/${c.enrolmentIds[0]}/timetable`, `/api/v1/me/enrolments/${c.enrolmentIds[0]}/hours`].map(async (url) =>
          (await app.inject({ url, headers })).json(),
        ),
      );
      assert.deepEqual(start.me, me);
      assert.deepEqual(start.timetable, timetable);
      assert.deepEqual(start.hours, hours);
    });

    test("asking for another person's enrolment shows my own class, never theirs", async () => {
      const res = await app.inject({ url: `/api/v1/me/start?enrolment=${c.enrolmentIds[1]}`, headers });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().enrolmentId, c.enrolmentIds[0]);
      assert.equal(res.json().me.name, '次仁央宗');
      const bad = await app.inject({ url: '/api/v1/me/start?enrolment=abc', headers: { ...headers, 'accept-language': 'en' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'enrolment');
      assert.equal((await app.inject({ url: '/api/v1/me/start' })).statusCode, 401);
    });

    test('a trainee gets their own calendar feed, the same URL each time, and nobody else’s', async () => {
      const url = `/api/v1/me/enrolments/${c.enrolmentIds[0]}/calendar-feed`;
      const first = await app.inject({ method: 'POST', url, headers, payload: {} });
      assert.equal(first.statusCode, 200, first.body);
      const feed = first.json();
      assert.match(feed.url, /\/api\/v1\/calendar\/[A-Za-z0-9_-]{20,}\.ics$/);
      assert.match(feed.webcalUrl, /^webcal:\/\//);
      const again = await app.inject({ method: 'POST', url, headers, payload: {} });
      assert.equal(again.json().url, feed.url);
      // The feed holds the class's sessions.
      const ics = await app.inject({ url: new URL(feed.url).pathname });
      assert.equal(ics.statusCode, 200);
      assert.match(ics.body, /SUMMARY:.*专题讲座/);
      const other = await app.inject({ method: 'POST', url: `/api/v1/me/enrolments/${c.enrolmentIds[1]}/calendar-feed`, headers, payload: {} });
      assert.equal(other.statusCode, 404);
      assert.equal((await app.inject({ method: 'POST', url, payload: {} })).statusCode, 401);
    });
  });
}
