import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeClass, makeSiblingClass, servicesFor } from '../support/factories';
import { csv, HEADERS, idNumber, mobile } from '../support/roster-io-files';

// #16: the same normalised name (middle dots written differently) and the same phone, but another
// ID number, is perhaps the same person: a warning to look at, never a refusal.

const row = (name: string, phone: string, id: string) => [name, '', '男', '藏族', '拉萨市科技局', '科员', '', phone, id, '', ''];

for (const kind of DATABASES) {
  describe(`roster import: possible duplicates by name and phone on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
    });
    after(() => t.drop());

    test('two rows, and a row and a person on record, with the same normalised name and phone are warned about; the import commits', async () => {
      const { classId } = await makeClass(s);
      const earlier = await makeSiblingClass(s, classId, '上一期培训班');
      await s.classes.transition(null, earlier, 'enrolling');
      const onRecord = idNumber(30);
      await s.database.transaction((trx) =>
        s.roster.enrolIn(trx, null, earlier, { role: 'member', person: { name: '格桑·卓玛', phone: mobile(8), idNumber: onRecord } }),
      );

      const file = csv([
        HEADERS,
        row('扎西\u30fb多吉', mobile(7), idNumber(11)),
        row('扎西\u00b7多吉', mobile(7), idNumber(13)),
        row('格桑\u30fb卓玛', mobile(8), idNumber(15)),
        row('次仁', mobile(9), idNumber(17)),
      ]);
      const preview = await s.rosterImport.preview(classId, { buffer: file, fileName: 'roster.csv' });
      const problems = (n: number) => preview.rows.find((r) => r.rowNumber === n)!.problems.map((p) => [p.field, p.code, p.severity, p.params ?? {}] as const);
      assert.deepEqual(problems(2), []);
      assert.deepEqual(problems(3), [['name', 'duplicate.possible', 'warning', { row: 2 }]]);
      assert.deepEqual(problems(4), [['name', 'match.possible_duplicate', 'warning', { workUnit: '' }]]);
      assert.deepEqual(problems(5), []);
      assert.ok(preview.rows.every((r) => r.problems.every((p) => p.severity !== 'error')));
      assert.ok(!preview.rows.find((r) => r.rowNumber === 4)!.match, 'not linked to the person on record');

      const result = await s.rosterImport.commit(
        null,
        classId,
        { buffer: file, fileName: 'roster.csv' },
        { actions: {}, createGroups: [], fileHash: preview.fileHash },
      );
      assert.ok(result);
      const names = (await s.roster.listRoster(classId)).map((e) => [e.person.name, e.person.phone]);
      assert.deepEqual(
        names.sort(),
        [
          ['扎西·多吉', mobile(7)],
          ['扎西·多吉', mobile(7)],
          ['格桑·卓玛', mobile(8)],
          ['次仁', mobile(9)],
        ].sort(),
      );
      const people = await t.database.db.selectFrom('people').select(['name']).where('name', '=', '格桑·卓玛').execute();
      assert.equal(people.length, 2, 'the row became a new person beside the one on record');
    });
  });
}
