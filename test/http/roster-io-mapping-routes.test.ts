// The import's on-screen fixes over HTTP (#16): the sheet field, mapping, corrections and link
// choices in the multipart decisions; malformed ones refused naming the field; on both databases.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, makeActor, makeClass } from '../support/factories';
import { multipart } from '../support/multipart';
import { idNumber, mobile, withWrongCheck, workbook } from '../support/roster-io-files';

for (const kind of DATABASES) {
  describe(`roster import fixes over HTTP on ${kind}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let s: Services;
    let classId: number;
    let teacher: Record<string, string>;
    let sponsor: Record<string, string>;
    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      s = built.services;
      const c = await makeClass(s);
      classId = c.classId;
      const a = await makeActor(s, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
      teacher = await loginHeaders(app, a.username, a.password);
      const b = await makeActor(s, { role: 'sponsor', scopeType: 'programme', scopeId: c.programmeId });
      sponsor = await loginHeaders(app, b.username, b.password);
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    const post = (step: 'preview' | 'commit', headers: Record<string, string>, file: Buffer, fields: Record<string, string> = {}, lang = 'zh-CN') => {
      const body = multipart([{ name: 'file', filename: '名单.xlsx', data: file }, ...Object.entries(fields).map(([name, data]) => ({ name, data }))]);
      return app.inject({
        method: 'POST',
        url: `/api/v1/classes/${classId}/roster-import/${step}`,
        headers: { ...headers, 'content-type': body.contentType, 'accept-language': lang },
        payload: body.payload,
      });
    };

    test('sheet, mapping and correction go in with the upload; the commit stores them as previewed', async () => {
      const id = idNumber(81, { gender: 'female' });
      const file = await workbook([['说明'], ['请填写第二个工作表'], ['谢谢']], {
        sheetName: '说明',
        extraSheets: [
          {
            name: '名单',
            rows: [
              ['学员名称', '身份证号', '手机'],
              ['央宗', withWrongCheck(id), mobile(81)],
            ],
          },
        ],
      });
      const decisions = JSON.stringify({ mapping: { '0': 'name' }, corrections: [{ row: 2, field: 'idNumber', value: id }] });
      const res = await post('preview', teacher, file, { sheet: '名单', decisions });
      assert.equal(res.statusCode, 200, res.body);
      const p = res.json();
      assert.deepEqual([p.sheets, p.sheet], [['说明', '名单'], '名单']);
      assert.deepEqual(
        p.columns.map((c: { field: string | null; source: string }) => `${c.field}:${c.source}`),
        ['name:user', 'idNumber:recognised', 'phone:recognised'],
      );
      assert.deepEqual(p.rows[0].corrected, ['idNumber']);
      assert.equal(p.summary.errorRows, 0);

      // The sponsor reads the roster but may not import.
      assert.equal((await post('preview', sponsor, file, { sheet: '名单', decisions })).statusCode, 403);

      const full = JSON.stringify({ ...JSON.parse(decisions), sheet: '名单', fileHash: p.fileHash });
      const done = await post('commit', teacher, file, { decisions: full });
      assert.equal(done.statusCode, 201, done.body);
      assert.equal(done.json().created, 1);
      const institutionId = (await s.classes.requireClass(t.database.db, classId)).institution_id;
      assert.equal((await s.roster.findPersonByIdNumber(t.database.db, institutionId, id))?.name, '央宗');
    });

    test('malformed fixes are refused naming the field, in the request language, and change nothing', async () => {
      const file = await workbook([
        ['姓名', '手机'],
        ['甲', mobile(82)],
      ]);
      const before = (await s.roster.listRoster(classId)).length;
      const bad = await post('preview', teacher, file, { decisions: JSON.stringify({ mapping: { '0': 'email' } }) });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'roster_import.bad_decisions');
      assert.ok(bad.json().errors.some((e: { field: string }) => e.field.startsWith('decisions.mapping.0')));
      const links = await post('commit', teacher, file, { decisions: JSON.stringify({ links: { '2': { idNumber: 'take' } } }) });
      assert.equal(links.statusCode, 400);
      assert.ok(links.json().errors.some((e: { field: string }) => e.field.startsWith('decisions.links.2')));
      const sheet = await post('preview', teacher, file, { sheet: '附表' }, 'en');
      assert.equal(sheet.statusCode, 400);
      assert.equal(sheet.json().title, 'The file has no sheet “附表” (its sheets: 学员名单)');
      const column = await post('preview', teacher, file, { decisions: JSON.stringify({ corrections: [{ row: 2, field: 'group', value: '第一组' }] }) });
      assert.equal(column.statusCode, 400);
      assert.match(column.json().errors[0].message, /文件中没有“组别”列/);
      assert.equal((await s.roster.listRoster(classId)).length, before);
    });
  });
}
