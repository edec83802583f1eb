// The planning routes (#9) through HTTP on both databases: the form's check, the class's open
// warnings, sessions for every group, duplicates, the sites' travel time, and tying a lecturer
// entry to a staff account (which then reads the class it teaches). Bad input names the field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, withDemo } from '../support/factories';

for (const kind of DATABASES) {
  describe(`planning routes on ${kind}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let classId: number;
    let institutionId: number;
    let organizer: Record<string, string>;
    let teacher: Record<string, string>;
    let lecturer: Record<string, string>;
    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      const demo = await withDemo(services);
      classId = demo.classId;
      institutionId = (await services.classes.getClass(null, classId)).institutionId;
      organizer = await loginHeaders(app, 'yuchanghong', demo.password);
      teacher = await loginHeaders(app, 'banzhuren', demo.password);
      lecturer = await loginHeaders(app, 'zhangchunyu', demo.password);
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, headers: Record<string, string>, payload?: unknown) =>
      app.inject({ method, url, headers, payload: payload as never });

    test('the form’s check names the other session; the demo timetable itself has no open warning', async () => {
      const open = await call('GET', `/api/v1/classes/${classId}/planning/warnings`, lecturer);
      assert.equal(open.statusCode, 200);
      assert.deepEqual(open.json(), { warnings: [] });
      const sessions = await services.timetable.listSessions(classId);
      const museum = sessions.find((s) => s.site?.name === '上海科技馆')!;
      const res = await call('POST', `/api/v1/classes/${classId}/planning/check`, teacher, {
        sessions: [
          {
            kind: 'lecture',
            title: '加开讲座',
            startsAt: '2020-10-16T15:00:00+08:00',
            endsAt: '2020-10-16T17:30:00+08:00',
            venue: '学院报告厅',
            lecturerIds: [museum.lecturers[0].id],
            groupIds: [],
          },
        ],
      });
      assert.equal(res.statusCode, 200, res.body);
      const ws = res.json().warnings as Array<{
        kind: string;
        other: { id: number; title: string } | null;
        session: { candidate: number };
        lecturer: { name: string } | null;
      }>;
      assert.deepEqual(
        ws.map((w) => [w.kind, w.session.candidate, w.other?.title, w.lecturer?.name ?? null]),
        [
          ['trainees', 0, museum.title, null],
          ['lecturer', 0, museum.title, '张春羽'],
        ],
      );
      const bad = await call('POST', `/api/v1/classes/${classId}/planning/check`, teacher, {
        sessions: [{ kind: 'lecture', startsAt: 'tomorrow', endsAt: '2020-10-16T17:30:00+08:00' }],
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        bad.json().errors.map((e: { field: string }) => e.field),
        ['sessions.0.startsAt'],
      );
      const empty = await call('POST', `/api/v1/classes/${classId}/planning/check`, teacher, {});
      assert.equal(empty.statusCode, 400);
      assert.equal(empty.json().errors[0].field, 'sessions');
    });

    test('a discussion for every group at once, staggered; then duplicated to another day', async () => {
      const groups = await services.roster.listGroups(classId);
      const res = await call('POST', `/api/v1/classes/${classId}/sessions/per-group`, teacher, {
        title: '结构化研讨：结业总结',
        startsAt: '2020-10-24T09:00:00+08:00',
        endsAt: '2020-10-24T10:00:00+08:00',
        staggerMinutes: 30,
        hours: 1,
        groups: groups.map((g, n) => ({ groupId: g.id, venue: `研讨室${n + 1}` })),
      });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json() as Array<{ id: number; kind: string; startsAt: string; venue: string; groups: Array<{ name: string }> }>;
      assert.deepEqual(
        created.map((s) => [s.kind, s.startsAt, s.venue, s.groups[0].name]),
        [
          ['discussion', '2020-10-24T01:00:00.000Z', '研讨室1', '第一组'],
          ['discussion', '2020-10-24T01:30:00.000Z', '研讨室2', '第二组'],
          ['discussion', '2020-10-24T02:00:00.000Z', '研讨室3', '第三组'],
          ['discussion', '2020-10-24T02:30:00.000Z', '研讨室4', '第四组'],
        ],
      );
      const copy = await call('POST', `/api/v1/sessions/${created[3].id}/duplicate`, teacher, { date: '2020-10-25' });
      assert.equal(copy.statusCode, 201, copy.body);
      assert.equal(copy.json().startsAt, '2020-10-25T02:30:00.000Z');
      const outside = await call('POST', `/api/v1/sessions/${created[3].id}/duplicate`, { ...teacher, 'accept-language': 'en' }, { date: '2020-11-02' });
      assert.equal(outside.statusCode, 400);
      assert.deepEqual(outside.json().errors, [
        { field: 'startsAt', code: 'session.outside_class', message: 'Outside the class dates (2020-10-12 to 2020-10-26)' },
      ]);
      const noDate = await call('POST', `/api/v1/sessions/${created[3].id}/duplicate`, teacher, { date: '2020-02-30' });
      assert.equal(noDate.statusCode, 400);
      assert.equal(noDate.json().errors[0].field, 'date');
      const noGroups = await call('POST', `/api/v1/classes/${classId}/sessions/per-group`, teacher, {
        title: '研讨',
        startsAt: '2020-10-24T09:00:00+08:00',
        endsAt: '2020-10-24T10:00:00+08:00',
        hours: 1,
        groups: [],
      });
      assert.equal(noGroups.statusCode, 400);
      assert.equal(noGroups.json().errors[0].field, 'groups');
      // A lecturer reads the timetable but may not write it.
      const refused = await call('POST', `/api/v1/sessions/${created[0].id}/duplicate`, lecturer, { date: '2020-10-25' });
      assert.equal(refused.statusCode, 403);
    });

    test('the sites screen sets the travel time: 0–600 minutes', async () => {
      const [site] = await services.timetable.listSites(institutionId);
      const tooLong = await call('PATCH', `/api/v1/sites/${site.id}`, organizer, { travelMinutes: 700 });
      assert.equal(tooLong.statusCode, 400);
      assert.equal(tooLong.json().errors[0].field, 'travelMinutes');
      const ok = await call('PATCH', `/api/v1/sites/${site.id}`, organizer, { travelMinutes: 50, district: '嘉定区' });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual([ok.json().travelMinutes, ok.json().district], [50, '嘉定区']);
    });

    test('an organizer ties a lecturer entry to a staff account; the account then reads the class it teaches', async () => {
      const created = await services.auth.createUser(null, { username: `zhou-${kind}`, displayName: '周明远', password: 'zhou-password-1' });
      const accounts = await call('GET', `/api/v1/institutions/${institutionId}/staff-accounts`, organizer);
      assert.equal(accounts.statusCode, 200);
      const names = accounts.json().map((a: { username: string }) => a.username);
      assert.ok(names.includes(`zhou-${kind}`) && names.includes('zhangchunyu') && !names.includes('admin'), names.join());
      assert.equal((await call('GET', `/api/v1/institutions/${institutionId}/staff-accounts`, teacher)).statusCode, 403);
      const zhou = (await services.timetable.listLecturers(institutionId)).find((l) => l.name === '周明远（示例）')!;
      const before = await loginHeaders(app, `zhou-${kind}`, 'zhou-password-1');
      assert.equal((await call('GET', `/api/v1/classes/${classId}/sessions`, before)).statusCode, 403);
      const linked = await call('PUT', `/api/v1/lecturers/${zhou.id}/user`, organizer, { userId: created });
      assert.equal(linked.statusCode, 200, linked.body);
      assert.deepEqual(linked.json().account, { id: created, username: `zhou-${kind}`, displayName: '周明远' });
      const list = await call('GET', `/api/v1/institutions/${institutionId}/lecturers`, organizer);
      assert.equal(list.json().find((l: { id: number }) => l.id === zhou.id).account.id, created);
      const after = await loginHeaders(app, `zhou-${kind}`, 'zhou-password-1');
      assert.equal((await call('GET', `/api/v1/classes/${classId}/sessions`, after)).statusCode, 200);
      const missing = await call('PUT', `/api/v1/lecturers/${zhou.id}/user`, organizer, {});
      assert.equal(missing.statusCode, 400);
      const admin = await call('PUT', `/api/v1/lecturers/${zhou.id}/user`, organizer, { userId: 1 });
      assert.equal(admin.statusCode, 400);
      assert.deepEqual(admin.json().errors[0].field, 'userId');
      const unlinked = await call('PUT', `/api/v1/lecturers/${zhou.id}/user`, organizer, { userId: null });
      assert.equal(unlinked.json().account, null);
      const gone = await loginHeaders(app, `zhou-${kind}`, 'zhou-password-1');
      assert.equal((await call('GET', `/api/v1/classes/${classId}/sessions`, gone)).statusCode, 403);
    });
  });
}
