import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import { DATABASES, freshDatabase, importCounts, type TestDatabase } from '../support/db';
import { makeClass, servicesFor } from '../support/factories';
import { idNumber, mobile } from '../support/roster-io-files';
import { hasOpenpyxl, openpyxlPython } from '../support/roster-io-tools';

/** A workbook written by openpyxl: instructions sheet first, a merged title row, a cell comment (ExcelJS refuses those). */
function openpyxlWorkbook(rows: string[][]): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'cohort-openpyxl-'));
  const out = join(dir, 'roster.xlsx');
  const script = `
import json, sys, openpyxl
from openpyxl.comments import Comment
rows = json.loads(sys.argv[2])
wb = openpyxl.Workbook()
info = wb.active
info.title = '填表说明'
info.append(['列名', '说明'])
info.append(['姓名', '必填'])
ws = wb.create_sheet('学员名单')
ws.append(['2026年第一期培训班学员名单'])
ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
for r in rows:
    ws.append(r)
for row in ws.iter_rows(min_row=2):
    for c in row:
        c.number_format = '@'
ws['A2'].comment = Comment('按身份证填写', 'office')
wb.save(sys.argv[1])
`;
  const r = spawnSync(openpyxlPython!, ['-c', script, out, JSON.stringify(rows)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const buffer = readFileSync(out);
  rmSync(dir, { recursive: true, force: true });
  return buffer;
}

for (const kind of DATABASES) {
  describe(`roster import of real offices' files on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
    });
    after(() => t.drop());

    test('an openpyxl workbook with a comment, its data on the second sheet: landlines, +86, middle dots, a passport, stored byte for byte', async (c) => {
      if (!hasOpenpyxl) return c.skip('python3-openpyxl is not installed');
      const { classId } = await makeClass(s);
      const id = idNumber(11, { gender: 'male' });
      const file = openpyxlWorkbook([
        ['姓名', '性别', '联系电话', '办公电话', '证件类型', '证件号码', '组别'],
        ['阿依古丽・买买提', '女', '+86 139 0000 0001', '(0894)5821234', '护照', 'E12345678', '第10组'],
        ['徐爱国', '男', '0894-5821235', '', '', id, '第2组'],
        ['陈大文', '男', '0086-13900000003', '', '港澳居民来往内地通行证', 'H1234567', '第1组'],
      ]);
      const preview = await s.rosterImport.preview(classId, { buffer: file });
      assert.deepEqual(preview.sheets, ['填表说明', '学员名单']);
      assert.equal(preview.sheet, '学员名单');
      assert.equal(preview.headerRowNumber, 2);
      const row = (n: number) => preview.rows.find((r) => r.rowNumber === n)!;
      assert.equal(row(3).values.name, '阿依古丽·买买提');
      assert.equal(row(3).values.phone, '13900000001');
      assert.equal(row(3).values.officePhone, '0894-5821234');
      assert.equal(row(3).values.idNumberMasked, 'E*****678');
      assert.equal(row(4).values.phone, null);
      assert.equal(row(4).values.officePhone, '0894-5821235');
      assert.deepEqual(
        row(5)
          .problems.filter((p) => p.severity === 'error')
          .map((p) => [p.code, p.message]),
        [['document.format.hk_macao_permit', '港澳居民来往内地通行证号码应为 H 或 M 加 8 位（或旧版 10 位）数字；现为“H1234567”']],
      );

      const before = await importCounts(t);
      await assert.rejects(
        s.rosterImport.commit(null, classId, { buffer: file }, { actions: {}, createGroups: ['第10组', '第2组', '第1组'], fileHash: preview.fileHash }),
        (e: unknown) => e instanceof AppError && e.code === 'roster_import.has_errors',
      );
      assert.deepEqual(await importCounts(t), before);

      const result = await s.rosterImport.commit(
        null,
        classId,
        { buffer: file },
        { actions: { '5': 'skip' }, createGroups: ['第10组', '第2组', '第1组'], fileHash: preview.fileHash },
      );
      assert.deepEqual(result.groupsCreated, ['第2组', '第10组']);
      const people = await t.database.db
        .selectFrom('people')
        .select(['name', 'phone', 'office_phone', 'id_type', 'id_number_masked', 'id_number_enc'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        people.map((p) => [p.name, p.phone, p.office_phone, p.id_type, p.id_number_masked]),
        [
          ['阿依古丽·买买提', '13900000001', '0894-5821234', 'passport', 'E*****678'],
          ['徐爱国', null, '0894-5821235', 'resident_id', `${id.slice(0, 4)}**********${id.slice(-4)}`],
        ],
      );
      assert.ok(people.every((p) => p.id_number_enc?.startsWith('v1:') && !p.id_number_enc.includes('E12345678')));
      // Search finds the name typed with the katakana dot too.
      const found = await s.roster.listRoster(classId, { q: '阿依古丽・买买提' });
      assert.equal(found.length, 1);

      await assert.rejects(
        s.rosterImport.preview(classId, { buffer: file }, { sheet: '名单' }),
        (e: unknown) => e instanceof AppError && e.code === 'roster_import.sheet_not_found' && e.params.sheets === '填表说明、学员名单',
      );
      const chosen = await s.rosterImport.preview(classId, { buffer: file }, { sheet: '学员名单' });
      assert.equal(chosen.sheet, '学员名单');
      assert.equal(mobile(1), '13900000001');
    });
  });
}
