// The 班主任's day with a file from an office that never used our template (#16): the workbook
// has an instructions sheet first and headings we do not recognise; on screen the class teacher
// chooses the sheet, maps a column, corrects a bad ID number in the preview, links a returning
// trainee taking the new phone but keeping the unit on record, imports, and finds it all stored.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makePersonalDataCipher } from '../../src/server/lib/personal-data';
import { type E2E, startE2E } from '../support/e2e';
import { idNumber, mobile, withWrongCheck, workbook } from '../support/roster-io-files';

describe('admin web app: roster import with column mapping, sheet choice, cell correction and link choices', () => {
  let e: E2E;
  let dir: string;
  before(async () => {
    e = await startE2E();
    dir = mkdtempSync(join(tmpdir(), 'cohort-mapping-e2e-'));
  });
  after(async () => {
    await e.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('choose the sheet, map a column, correct a cell, take the phone but keep the unit, import', { timeout: 240_000 }, async () => {
    const s = e.services;
    // 巴桑 is on record from another class of the programme that is still open.
    const demo = await s.classes.getClass(null, e.demoClassId);
    const other = await s.classes.createClass(null, demo.programmeId, {
      title: '2026年第二期研修班',
      startsOn: '2026-11-02',
      endsOn: '2026-11-06',
      timeZone: 'Asia/Shanghai',
      leaveLimitRatio: 0.2,
      minAttendanceRatio: 0.8,
      lateGraceMinutes: 10,
    });
    const basang = idNumber(71, { gender: 'male' });
    await s.roster.enrolIn(s.database.db, null, other, {
      role: 'member',
      person: { name: '巴桑', gender: 'male', ethnicity: '藏族', workUnit: '阿里地区科学技术局', position: '科长', phone: mobile(71), idNumber: basang },
    });
    const dawa = idNumber(73, { gender: 'male' });

    const file = join(dir, '阿里地区报名表.xlsx');
    writeFileSync(
      file,
      await workbook([['填表说明'], ['1. 请在“学员名单”工作表中填写，每人一行'], ['2. 身份证号请设置为文本格式'], ['3. 组别请填写“第一组”或“第二组”']], {
        sheetName: '填表说明',
        extraSheets: [
          {
            name: '学员名单',
            rows: [
              ['学员名称', '性别', '民族', '单位', '手机', '身份证号', '组别'],
              ['达瓦', '男', '藏族', '阿里地区科学技术局', mobile(73), withWrongCheck(dawa), '第一组'],
              ['巴桑', '男', '藏族', '阿里地区科技局', mobile(72), basang, '第二组'],
              ['拉巴次仁', '男', '藏族', '噶尔县科技局', mobile(74), '', '第二组'],
            ],
          },
        ],
      }),
    );
    const before = (await s.roster.listRoster(e.enrollingClassId)).length;
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/import`);
    await page.locator('input[type=file]').setInputFiles(file);

    // The first sheet holds instructions: no 姓名 column there, and the sheets are offered.
    await page
      .getByTestId('import-file-problem')
      .getByText(/找不到“姓名”列/)
      .waitFor();
    await page.getByTestId('import-sheet').click();
    await page.locator('.ant-select-dropdown:visible').getByText('学员名单', { exact: true }).click();
    await page.getByText('工作表“学员名单”，表头在第 1 行').waitFor();
    // Still no 姓名: 学员名称 is not a heading we know. Its column is mapped by hand.
    await page
      .getByTestId('import-file-problem')
      .getByText(/找不到“姓名”列（第 1 行的表头为：学员名称/)
      .waitFor();
    await page.getByTestId('map-A').getByText('忽略此列').waitFor();
    await page.getByTestId('map-select-A').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="姓名"]').click();
    await page.getByTestId('map-A').getByText('手动指定').waitFor();
    await page.getByTestId('map-D').getByText('自动识别').waitFor();
    const summary = page.getByTestId('import-summary');
    await summary.getByText('共 3 行：新建 2 人，关联已有人员 1 人，跳过 0 行').waitFor();
    assert.equal(await page.getByTestId('import-file-problem').count(), 0);

    // 达瓦's ID number has a wrong check digit: corrected in place, checked again.
    const dawaRow = page.locator('tr[data-row="2"]');
    await dawaRow.getByTestId('problem-2-idNumber').getByText('身份证号校验位不正确').waitFor();
    assert.ok(await page.getByTestId('import-commit').isDisabled());

    // 巴桑 is linked: every field that differs from the record is shown, kept unless taken.
    const basangRow = page.locator('tr[data-row="3"]');
    const differences = basangRow.getByTestId('differences-3');
    await differences.getByText('与档案不同（2 项）').waitFor();
    await differences.getByText(`档案：${mobile(71)}`).waitFor();
    await differences.getByText(`文件：${mobile(72)}`).waitFor();
    await differences.getByText('档案：阿里地区科学技术局').waitFor();
    await basangRow.getByTestId('link-3-phone').getByText('采用文件').click();
    await e.screenshot(page, 'roster-import-mapping-01-preview');

    await dawaRow.getByTestId('fix-2-idNumber').click();
    await page.getByTestId('fix-input-2-idNumber').fill(dawa);
    await page.getByTestId('fix-apply-2-idNumber').click();
    await page.locator('tr[data-row="2"]').getByTestId('corrected-2-idNumber').waitFor();
    assert.equal(await page.locator('tr[data-row="2"]').getByTestId('problem-2-idNumber').count(), 0);
    await summary.getByText('检查通过，可以导入。').waitFor();
    // The choice made before the re-check is still there.
    await page.locator('tr[data-row="3"]').getByTestId('link-3-phone').locator('.ant-segmented-item-selected').getByText('采用文件').waitFor();
    await e.screenshot(page, 'roster-import-mapping-02-corrected');

    await page.getByTestId('import-commit').click();
    const result = page.getByTestId('import-result');
    await result.getByText('新建 2 人，关联已有人员 1 人，跳过 0 行').waitFor();
    await e.screenshot(page, 'roster-import-mapping-03-done');

    const roster = await s.roster.listRoster(e.enrollingClassId);
    assert.equal(roster.length, before + 3);
    const institutionId = (await s.classes.requireClass(s.database.db, e.enrollingClassId)).institution_id;
    const cipher = makePersonalDataCipher(e.config.secretKey);
    const dawaOnRecord = await s.roster.findPersonByIdNumber(s.database.db, institutionId, dawa);
    assert.equal(dawaOnRecord?.name, '达瓦');
    assert.equal(cipher.decrypt(dawaOnRecord!.id_number_enc!), dawa);
    const basangOnRecord = await s.roster.findPersonByIdNumber(s.database.db, institutionId, basang);
    assert.deepEqual([basangOnRecord?.phone, basangOnRecord?.work_unit, basangOnRecord?.position], [mobile(72), '阿里地区科学技术局', '科长']);
    assert.equal(roster.find((r) => r.person.name === '巴桑')?.groupName, '第二组');

    // The roster screen shows them; and the next file with the same heading is mapped as last time.
    await page.getByRole('button', { name: '查看学员名单' }).click();
    await page.locator('tr', { hasText: '拉巴次仁' }).getByText('第二组').waitFor();
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/import`);
    const next = join(dir, '补报.xlsx');
    writeFileSync(
      next,
      await workbook([
        ['学员名称', '手机'],
        ['次旺', mobile(75)],
      ]),
    );
    await page.locator('input[type=file]').setInputFiles(next);
    await page.getByTestId('map-A').getByText('沿用上次').waitFor();
    await summary.getByText('共 1 行：新建 1 人，关联已有人员 0 人，跳过 0 行').waitFor();
    assert.deepEqual(e.pageErrors, []);
  });
});
