import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders } from '../support/factories';
import { caller, type Headers } from '../support/http';
import { residentialClass } from '../support/residence';

// Service providers (#18): a hotel account sees the rooming list and meal counts of the classes it
// serves and gets 403 on everything else; a bus company's account gets none of the hotel's.
for (const kind of DATABASES) {
  describe(`service providers' scope on ${kind}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let s: Services;
    let served: number;
    let other: number;
    let hotel: Headers;
    let transport: Headers;
    const call = caller(() => app);

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      s = built.services;
      const a = await residentialClass(s, ['male', 'female']);
      const b = await residentialClass(s, ['male'], { institutionId: a.institutionId, title: '不由该酒店接待的班' });
      served = a.classId;
      other = b.classId;
      const room = await s.residence.createRoom(a.teacher, served, { hotel: '学院宾馆', building: 'A', number: '101', beds: 2, gender: 'male' });
      await s.residence.assignRoom(a.teacher, served, { enrolmentId: a.enrolmentIds[0], roomId: room.id });
      await s.residence.saveMeal(a.teacher, served, { day: '2026-03-03', meal: 'lunch', place: '学院餐厅' });
      for (const [username, role] of [
        ['hotel-desk', 'hotel'],
        ['bus-company', 'transport'],
      ] as const) {
        const userId = await s.auth.createUser(null, { username, displayName: username, password: 'provider-password-1' });
        await s.auth.grant(null, userId, { role, scopeType: 'class', scopeId: served });
      }
      hotel = await loginHeaders(app, 'hotel-desk', 'provider-password-1');
      transport = await loginHeaders(app, 'bus-company', 'provider-password-1');
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('the hotel reads the rooming list, its files and the meal counts of the class it serves, without ID numbers', async () => {
      const list = await call('GET', `/api/v1/classes/${served}/rooming`, hotel);
      assert.equal(list.statusCode, 200, list.body);
      assert.equal(list.json().trainees.length, 2);
      assert.doesNotMatch(list.body, /idNumber|id_number|phone/i);
      const xlsx = await call('GET', `/api/v1/classes/${served}/rooming/export?format=xlsx`, hotel);
      assert.equal(xlsx.statusCode, 200);
      assert.match(String(xlsx.headers['content-disposition']), /xlsx/);
      const counts = await call('GET', `/api/v1/classes/${served}/meal-counts`, hotel);
      assert.equal(counts.statusCode, 200);
      assert.equal(counts.json()[0].total, 2);
      assert.equal((await call('GET', `/api/v1/classes/${served}/meal-counts/export?format=pdf&day=2026-03-03`, hotel)).statusCode, 200);
      const mine = await call('GET', '/api/v1/provider/classes', hotel);
      assert.deepEqual(
        mine.json().map((c: { classId: number; role: string }) => [c.classId, c.role]),
        [[served, 'hotel']],
      );
    });

    test('the hotel gets 403 on every other route of the class, and on the class it does not serve', async () => {
      const reads = new Set(['rooms.read', 'meals.read']);
      let checked = 0;
      for (const r of app.routeTable) {
        const p = r.permission as { action: string; scope?: string } | undefined;
        if (p?.scope !== 'class' || !r.url.includes(':classId')) continue;
        const url = r.url
          .replace(':classId', String(served))
          .replace(/:(\w+)Id/g, '1')
          .replace(':direction', 'arrival');
        const res = await call(r.method as 'GET', url, hotel, r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
        if (reads.has(p.action)) assert.notEqual(res.statusCode, 403, `${r.method} ${r.url}`);
        else assert.equal(res.statusCode, 403, `${r.method} ${r.url} → ${res.statusCode}`);
        checked += 1;
      }
      assert.ok(checked > 40, `checked ${checked} routes`);
      for (const url of [
        `/api/v1/classes/${other}/rooming`,
        `/api/v1/classes/${other}/meal-counts`,
        `/api/v1/classes/${served}/travel`,
        `/api/v1/classes/${served}`,
      ])
        assert.equal((await call('GET', url, hotel)).statusCode, 403, url);
      const write = await call('PUT', `/api/v1/classes/${served}/room-assignments`, hotel, { enrolmentId: 1, roomId: 1 });
      assert.equal(write.statusCode, 403);
    });

    test('the bus company sees none of the hotel’s lists; it reads only the bus manifests (vehicle.read)', async () => {
      assert.equal((await call('GET', `/api/v1/classes/${served}/rooming`, transport)).statusCode, 403);
      assert.equal((await call('GET', `/api/v1/classes/${served}/meal-counts`, transport)).statusCode, 403);
      assert.equal((await call('GET', `/api/v1/classes/${served}/travel/pickup-list.pdf`, transport)).statusCode, 403);
      assert.equal((await call('GET', `/api/v1/classes/${served}/transport`, transport)).statusCode, 200);
      assert.equal((await call('GET', `/api/v1/classes/${other}/transport`, transport)).statusCode, 403);
      assert.equal((await call('GET', `/api/v1/classes/${served}/transport`, hotel)).statusCode, 403);
      const me = await call('GET', '/api/v1/auth/me', transport);
      assert.deepEqual(
        me.json().grants.map((g: { role: string }) => g.role),
        ['transport'],
      );
      const mine = await call('GET', '/api/v1/provider/classes', transport);
      assert.deepEqual(
        mine.json().map((c: { role: string }) => c.role),
        ['transport'],
      );
    });
  });
}
