import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { parseRowList } from '../../src/server/modules/roster-io/cli';
import { freshDatabase, type TestDatabase } from '../support/db';
import { makeClass, servicesFor } from '../support/factories';
import { HEADERS, idNumber, mobile, withWrongCheck, workbook } from '../support/roster-io-files';

test('row lists: single rows and ranges', () => {
  assert.deepEqual(parseRowList('5, 9-11,2'), [5, 9, 10, 11, 2]);
  assert.deepEqual(parseRowList(undefined), []);
  assert.throws(() => parseRowList('a-b'), /not a row number/);
  assert.throws(() => parseRowList('9-5'), /bad range/);
});

// The CLI runs as its own process on the test's SQLite file, as an operator would run it.
describe('cohort roster import', () => {
  let t: TestDatabase;
  let s: Services;
  let classId: number;
  before(async () => {
    t = await freshDatabase('sqlite');
    s = servicesFor(t);
    classId = (await makeClass(s)).classId;
    await s.roster.createGroupIn(t.database.db, null, classId, { name: '第一组' });
  });
  after(() => t.drop());

  const cohort = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/cohort.mjs', 'roster', 'import', ...args], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...env, DATA_DIR: t.config.dataDir, COHORT_SECRET_KEY: t.config.secretKey.toString('base64'), LOG_LEVEL: 'silent' },
    });
  const { DATABASE_URL: _unused, ...env } = process.env;

  test('checks by default, listing problems per row and column, and exits 1 when there are errors', { timeout: 180_000 }, async () => {
    const file = join(t.config.dataDir, 'bad.xlsx');
    writeFileSync(
      file,
      await workbook([
        HEADERS,
        ['洛桑', '', '男', '', '', '', '', mobile(1), idNumber(1, { gender: 'male' }), '第一组', ''],
        ['卓玛', '', '女', '', '', '', '', '12345', withWrongCheck(idNumber(2)), '第三组', ''],
      ]),
    );
    const r = cohort(file, '--class', String(classId));
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /第 3 行 {2}卓玛\n {2}✗ 手机 \(H\): 电话应为 11 位手机号/);
    assert.match(r.stdout, / {2}✗ 身份证号 \(I\): 身份证号校验位不正确/);
    assert.match(r.stdout, /✗ 组别 \(J\): 本班没有“第三组”小组/);
    assert.match(r.stdout, /--skip 3 /);
    const c = cohort(file, '--class', String(classId), '--commit');
    assert.equal(c.status, 1);
    assert.match(c.stderr, /未导入任何数据/);
    assert.equal((await s.roster.listRoster(classId)).length, 0);

    const ok = cohort(file, '--class', String(classId), '--commit', '--skip', '3', '--lang', 'en');
    assert.equal(ok.status, 0, ok.stderr + ok.stdout);
    assert.match(ok.stdout, /Imported: 1 new, 0 linked, 1 skipped/);
    assert.deepEqual(
      (await s.roster.listRoster(classId)).map((e) => e.person.name),
      ['洛桑'],
    );
  });

  test('creates missing groups when asked, and refuses an unreadable file clearly', { timeout: 180_000 }, async () => {
    const file = join(t.config.dataDir, 'groups.csv');
    writeFileSync(file, `\ufeff姓名,小组\n次仁,第三组\n`);
    const r = cohort(file, '--class', String(classId), '--commit', '--create-groups');
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /新建小组 第三组/);
    // A CSV has no sheets: the preview line names none.
    assert.match(r.stdout, /文件：groups\.csv {2}表头在第 1 行/);
    assert.doesNotMatch(r.stdout, /工作表/);
    assert.equal((await s.roster.listRoster(classId)).find((e) => e.person.name === '次仁')?.groupName, '第三组');
    const junk = join(t.config.dataDir, 'junk.xlsx');
    writeFileSync(junk, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    const bad = cohort(junk, '--class', String(classId));
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /文件不是 Excel/);
  });
});
