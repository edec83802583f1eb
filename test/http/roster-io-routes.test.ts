import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { parseIcs } from '../../src/server/documents/ics';
import { readSheetRows } from '../../src/server/documents/xlsx';
import { freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, makeActor, makeClass } from '../support/factories';
import { multipart } from '../support/multipart';
import { HEADERS, idNumber, mobile, withWrongCheck, workbook } from '../support/roster-io-files';

describe('roster import, exports and calendar over HTTP', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let s: Services;
  let classId: number;
  const h: Record<string, Record<string, string>> = {};

  before(async () => {
    t = await freshDatabase('sqlite');
    const built = await appFor(t);
    app = built.app;
    s = built.services;
    const c = await makeClass(s);
    classId = c.classId;
    await s.roster.createGroupIn(t.database.db, null, classId, { name: '第一组' });
    for (const [role, grant] of [
      ['teacher', { role: 'class_teacher', scopeType: 'class', scopeId: classId }],
      ['sponsor', { role: 'sponsor', scopeType: 'programme', scopeId: c.programmeId }],
      ['lecturer', { role: 'lecturer', scopeType: 'class', scopeId: classId }],
    ] as const) {
      const a = await makeActor(s, grant);
      h[role] = await loginHeaders(app, a.username, a.password);
    }
    const other = await makeClass(s);
    const otherTeacher = await makeActor(s, { role: 'class_teacher', scopeType: 'class', scopeId: other.classId });
    h.otherTeacher = await loginHeaders(app, otherTeacher.username, otherTeacher.password);
  });
  after(async () => {
    await app.close();
    await t.drop();
  });

  const upload = (url: string, headers: Record<string, string>, file: Buffer, extra: Record<string, string> = {}, lang = 'zh-CN') => {
    const body = multipart([{ name: 'file', filename: '学员名单.xlsx', data: file }, ...Object.entries(extra).map(([name, data]) => ({ name, data }))]);
    return app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': body.contentType, 'accept-language': lang }, payload: body.payload });
  };

  test('template download: an .xlsx with the Chinese headings and a 说明 sheet, named in UTF-8', async () => {
    const res = await app.inject({ url: `/api/v1/classes/${classId}/roster-import/template`, headers: h.teacher });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename="[^"]+\.xlsx"; filename\*=UTF-8''.*%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF\.xlsx$/,
    );
    const second = await readSheetRows(res.rawPayload);
    // The first sheet is headings only; the reader without firstSheetOnly falls through to 说明.
    assert.equal(second.sheetName, '说明');
    assert.ok(second.rows.some((r) => r.cells[0] === '身份证号'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    assert.deepEqual((wb.worksheets[0].getRow(1).values as unknown[]).slice(1), HEADERS);
    assert.equal(wb.worksheets[0].getColumn(9).numFmt, '@', 'ID number column is text');
  });

  test('preview then commit through multipart uploads; problems come in the request language', async () => {
    const file = await workbook([
      HEADERS,
      ['洛桑', '', '男', '藏族', '日喀则市科技局', '', '', mobile(1), idNumber(1, { gender: 'male' }), '第一组', ''],
      ['卓玛', '', '女', '藏族', '山南市科技局', '', '', '12345', withWrongCheck(idNumber(2, { gender: 'female' })), '第二组', ''],
    ]);
    const url = `/api/v1/classes/${classId}/roster-import`;
    const preview = await upload(`${url}/preview`, h.teacher, file, {}, 'en');
    assert.equal(preview.statusCode, 200, preview.body);
    const p = preview.json();
    assert.equal(p.fileName, '学员名单.xlsx');
    assert.equal(p.summary.errorRows, 1);
    const row3 = p.rows.find((r: { rowNumber: number }) => r.rowNumber === 3);
    assert.deepEqual(
      row3.problems.map((x: { column: string; columnLetter: string; code: string }) => [x.column, x.columnLetter, x.code]),
      [
        ['手机', 'H', 'phone.format_value'],
        ['身份证号', 'I', 'id_number.checksum'],
        ['组别', 'J', 'group.missing'],
      ],
    );
    assert.match(row3.problems[1].message, /check digit/);
    assert.ok(!preview.body.includes(idNumber(1, { gender: 'male' })), 'the preview never carries full ID numbers');

    const refused = await upload(`${url}/commit`, h.teacher, file, { decisions: JSON.stringify({ fileHash: p.fileHash, createGroups: ['第二组'] }) });
    assert.equal(refused.statusCode, 422);
    assert.match(String(refused.headers['content-type']), /application\/problem\+json/);
    const problem = refused.json();
    assert.equal(problem.code, 'roster_import.has_errors');
    assert.deepEqual(
      problem.errors.map((e: { field: string }) => e.field),
      ['rows.3.phone', 'rows.3.idNumber'],
    );
    assert.equal(problem.errors[0].message, '第 3 行「手机」：电话应为 11 位手机号，或带区号的固定电话（如 0894-5821234）；现为“12345”');
    assert.equal((await s.roster.listRoster(classId)).length, 0);

    const ok = await upload(`${url}/commit`, h.teacher, file, { decisions: JSON.stringify({ fileHash: p.fileHash, actions: { 3: 'skip' } }) });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(ok.json().created, 1);
    assert.deepEqual(
      (await s.roster.listRoster(classId)).map((e) => [e.person.name, e.groupName]),
      [['洛桑', '第一组']],
    );
  });

  test('bad requests: no file, malformed decisions, a file over 10 MB, no CSRF token', async () => {
    const url = `/api/v1/classes/${classId}/roster-import/preview`;
    const json = await app.inject({ method: 'POST', url, headers: h.teacher, payload: {} });
    assert.equal(json.statusCode, 400);
    assert.equal(json.json().code, 'roster_import.no_file');
    const noFile = multipart([{ name: 'decisions', data: '{}' }]);
    const r1 = await app.inject({ method: 'POST', url, headers: { ...h.teacher, 'content-type': noFile.contentType }, payload: noFile.payload });
    assert.equal(r1.json().code, 'roster_import.no_file');
    const file = await workbook([HEADERS, ['甲']]);
    const r2 = await upload(url, h.teacher, file, { decisions: '{"actions": {"x": "boom"}}' });
    assert.equal(r2.statusCode, 400);
    assert.equal(r2.json().code, 'roster_import.bad_decisions');
    const r3 = await upload(url, h.teacher, Buffer.alloc(10 * 1024 * 1024 + 10, 0x41));
    assert.equal(r3.statusCode, 413);
    // The limit is named; a CSV is a 文件, never a 工作表 (#16).
    assert.equal(r3.json().code, 'roster_import.too_large');
    assert.equal(r3.json().title, '文件过大：上传不超过 10 MB（解压后不超过 50 MB）');
    const r3en = await upload(url, h.teacher, Buffer.alloc(10 * 1024 * 1024 + 10, 0x41), {}, 'en');
    assert.equal(r3en.json().title, 'The file is too large: at most 10 MB (50 MB uncompressed)');
    const empty = await upload(url, h.teacher, Buffer.alloc(0));
    assert.equal(empty.statusCode, 400);
    assert.deepEqual([empty.json().code, empty.json().title], ['roster_import.empty_csv', '文件中没有学员数据']);
    const headingsOnly = await upload(url, h.teacher, Buffer.from('姓名,手机\r\n'));
    assert.deepEqual([headingsOnly.json().code, headingsOnly.json().title], ['roster_import.empty_csv', '文件中没有学员数据']);
    const r4 = await upload(url, { cookie: h.teacher.cookie }, file);
    assert.equal(r4.statusCode, 403);
    assert.equal(r4.json().code, 'auth.csrf');
    const r5 = await upload(url, h.teacher, Buffer.from('%PDF-1.7\n\u0000\u0001binary'));
    assert.equal(r5.statusCode, 400);
    assert.match(r5.json().title, /不是 Excel/);
  });

  test('who may import and export: sponsors read the roster, lecturers the timetable, other classes nothing', async () => {
    const file = await workbook([HEADERS, ['甲']]);
    const url = `/api/v1/classes/${classId}`;
    assert.equal((await upload(`${url}/roster-import/preview`, h.sponsor, file)).statusCode, 403);
    assert.equal((await upload(`${url}/roster-import/preview`, h.lecturer, file)).statusCode, 403);
    assert.equal((await upload(`${url}/roster-import/preview`, h.otherTeacher, file)).statusCode, 403);
    const get = (path: string, who: string) => app.inject({ url: `${url}/exports/${path}`, headers: h[who] });
    assert.equal((await get('roster.xlsx', 'sponsor')).statusCode, 200);
    assert.equal((await get('contacts.pdf', 'lecturer')).statusCode, 403);
    assert.equal((await get('timetable.xlsx', 'lecturer')).statusCode, 200);
    assert.equal((await get('timetable.pdf', 'otherTeacher')).statusCode, 403);
    const pdf = await get('contacts.pdf', 'teacher');
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.headers['cache-control'], 'private, no-store');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });

  test('sign-in sheet routes: per session and per day', async () => {
    const admin = await makeActor(s, 'admin');
    const session = await s.timetable.createSession(admin, classId, {
      kind: 'lecture',
      title: '科技政策解读',
      startsAt: '2026-03-03T09:00:00+08:00',
      endsAt: '2026-03-03T11:30:00+08:00',
      hours: 2.5,
      lecturerIds: [],
      groupIds: [],
      venue: '报告厅',
    });
    const one = await app.inject({ url: `/api/v1/sessions/${session.id}/exports/sign-in.pdf`, headers: h.teacher });
    assert.equal(one.statusCode, 200);
    assert.match(decodeURIComponent(String(one.headers['content-disposition'])), /签到表-科技政策解读\.pdf$/);
    const day = await app.inject({ url: `/api/v1/classes/${classId}/exports/sign-in.pdf?date=2026-03-03`, headers: h.teacher });
    assert.equal(day.statusCode, 200);
    const none = await app.inject({ url: `/api/v1/classes/${classId}/exports/sign-in.pdf?date=2026-03-09`, headers: h.teacher });
    assert.equal(none.statusCode, 404);
    const bad = await app.inject({ url: `/api/v1/classes/${classId}/exports/sign-in.pdf?date=tomorrow`, headers: h.teacher });
    assert.equal(bad.statusCode, 400);
  });

  test('calendar: staff get the class URL, anyone with it gets the feed, rotating needs timetable.write', async () => {
    const url = `/api/v1/classes/${classId}/calendar-feed`;
    assert.equal((await app.inject({ url, headers: h.lecturer })).json().url, null);
    const created = await app.inject({ method: 'POST', url, headers: h.lecturer });
    assert.equal(created.statusCode, 200);
    const feedUrl = new URL(created.json().url);
    const res = await app.inject({ url: feedUrl.pathname });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.ok(parseIcs(res.body).events.length >= 1);
    assert.equal((await app.inject({ method: 'POST', url: `${url}/rotate`, headers: h.lecturer })).statusCode, 403);
    const rotated = await app.inject({ method: 'POST', url: `${url}/rotate`, headers: h.teacher });
    assert.equal(rotated.statusCode, 200);
    const gone = await app.inject({ url: feedUrl.pathname });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().code, 'calendar.feed_not_found');
    assert.equal((await app.inject({ url: new URL(rotated.json().url).pathname })).statusCode, 200);

    const [enrolment] = await s.roster.listRoster(classId);
    const mine = await app.inject({ method: 'POST', url: `/api/v1/enrolments/${enrolment.id}/calendar-feed`, headers: h.teacher, payload: {} });
    assert.equal(mine.statusCode, 200);
    assert.equal((await app.inject({ url: `/api/v1/enrolments/${enrolment.id}/calendar-feed`, headers: h.sponsor })).json().url, mine.json().url);
    assert.equal((await app.inject({ url: new URL(mine.json().url).pathname })).statusCode, 200);
  });
});
