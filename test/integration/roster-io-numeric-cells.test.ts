import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import { DATABASES, freshDatabase, importCounts, type TestDatabase } from '../support/db';
import { makeClass, servicesFor } from '../support/factories';
import { HEADERS, idNumber, mobile, workbook } from '../support/roster-io-files';

for (const kind of DATABASES) {
  describe(`roster import of number cells on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
    });
    after(() => t.drop());

    test('an ID number or phone stored as a number is refused, whatever its check digit, and nothing is stored', async () => {
      const { classId } = await makeClass(s);
      const good = idNumber(7, { gender: 'male' });
      // What Excel keeps of an 18-digit number: 15 significant digits, the rest zeros. Written as
      // a number cell even when the damaged value would still pass the check digit.
      const damaged = Number(good.slice(0, 15)) * 1000;
      const row = (name: string, phone: string | number, id: string | number) => [name, '', '男', '汉族', '某局', '', '', phone, id, '', ''];
      const file = await workbook([
        HEADERS,
        row('徐爱国', mobile(1), damaged),
        row('扎西', 8613912345678, good),
        row('次仁', 8945821234, idNumber(33, { gender: 'male' })),
        row('达瓦', 13900000004, idNumber(21, { gender: 'male' })),
      ]);
      const preview = await s.rosterImport.preview(classId, { buffer: file });
      const errors = (n: number) => preview.rows.find((r) => r.rowNumber === n)!.problems.filter((p) => p.severity === 'error');
      assert.deepEqual(
        errors(2).map((p) => [p.code, p.message]),
        [['id_number.stored_as_number', 'Excel 把身份证号存成了数字，后几位已丢失，请把该列设为文本后重新填写']],
      );
      assert.deepEqual(
        errors(3).map((p) => p.code),
        ['phone.stored_as_number'],
      );
      assert.match(errors(3)[0].message, /8613912345678/);
      assert.match(errors(4).find((p) => p.code === 'phone.stored_as_number')!.message, /8945821234/);
      // An intact 11-digit mobile survives a number cell.
      assert.deepEqual(errors(5), []);
      assert.equal(preview.rows.find((r) => r.rowNumber === 5)!.values.phone, '13900000004');

      const en = await s.rosterImport.preview(classId, { buffer: file }, { lang: 'en' });
      assert.equal(
        en.rows[0].problems.find((p) => p.code === 'id_number.stored_as_number')!.message,
        'Excel stored the ID number as a number and lost its last digits; format the column as text and type it again',
      );

      const before = await importCounts(t);
      await assert.rejects(
        s.rosterImport.commit(null, classId, { buffer: file }, { actions: {}, createGroups: [], fileHash: preview.fileHash }),
        (e: unknown) => e instanceof AppError && e.code === 'roster_import.has_errors',
      );
      assert.deepEqual(await importCounts(t), before);
    });
  });
}
