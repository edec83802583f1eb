// Groups the import creates are numbered as the office numbered them (#16): 第1组 … 第10组 in the
// preview, in the order created and on the groups screen, however the file or the user lists them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeClass, servicesFor } from '../support/factories';
import { csv, mobile } from '../support/roster-io-files';

const TEN = Array.from({ length: 10 }, (_, i) => `第${i + 1}组`);

for (const kind of DATABASES) {
  describe(`groups created by a roster import on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
    });
    after(() => t.drop());

    test('第1组 … 第10组 by their number, not as 第10组 before 第2组', async () => {
      const { classId } = await makeClass(s);
      // The class has 第1组 already; the file names the others out of order, 第十组 among them in Chinese numerals.
      await s.roster.createGroupIn(t.database.db, null, classId, { name: '第1组' });
      const shuffled = ['第10组', '第2组', '第9组', '第1组', '第3组', '第8组', '第4组', '第7组', '第5组', '第6组', '第十一组'];
      const file = csv([['姓名', '手机', '组别'], ...shuffled.map((g, i) => [`学员${i + 1}`, mobile(i + 1), g])]);
      const preview = await s.rosterImport.preview(classId, { buffer: file });
      assert.deepEqual(
        preview.missingGroups.map((g) => g.name),
        [...TEN.slice(1), '第十一组'],
      );
      const createGroups = [...preview.missingGroups.map((g) => g.name)].reverse();
      const result = await s.rosterImport.commit(null, classId, { buffer: file }, { actions: {}, createGroups, fileHash: preview.fileHash });
      assert.deepEqual(result.groupsCreated, [...TEN.slice(1), '第十一组']);
      assert.deepEqual(
        (await s.roster.listGroups(classId)).map((g) => g.name),
        [...TEN, '第十一组'],
      );
      const roster = await s.roster.listRoster(classId);
      assert.deepEqual(
        roster.map((e) => e.groupName),
        [...TEN, '第十一组'],
        'the roster reads group by group',
      );
    });
  });
}
