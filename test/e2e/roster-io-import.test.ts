// Roster import in the browser, on the enrolling class: upload a file with one bad row, read the
// error by row and column, decide (skip the bad row, create a missing group), import, and find
// the trainees on the roster; then the export menu and the calendar subscription.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type E2E, ENROLLING_ID_NUMBER, startE2E } from '../support/e2e';
import { HEADERS, idNumber, mobile, withWrongCheck, workbook } from '../support/roster-io-files';

describe('admin web app: roster import, exports and calendar', () => {
  let e: E2E;
  let dir: string;
  before(async () => {
    e = await startE2E();
    dir = mkdtempSync(join(tmpdir(), 'cohort-import-e2e-'));
  });
  after(async () => {
    await e.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('upload, see the bad row’s error in its column, skip it, create the missing group, import', { timeout: 180_000 }, async () => {
    const file = join(dir, '2026年学员名单.xlsx');
    writeFileSync(
      file,
      await workbook([
        ['2026年“科技兴藏人才培养工程”学员名单'],
        HEADERS,
        ['达娃', 'ཟླ་བ', '男', '藏族', '那曲市科学技术局', '副局长', '', mobile(11), idNumber(11, { gender: 'male' }), '第一组', ''],
        ['格桑', '', '女', '藏族', '阿里地区科学技术局', '科员', '', mobile(12), withWrongCheck(idNumber(12, { gender: 'female' })), '第二组', ''],
        ['王建华', '', '男', '汉族', '西藏自治区科学技术厅', '副处长', '', '13908901234', ENROLLING_ID_NUMBER, '第一组', ''],
        ['普布', '', '男', '藏族', '昌都市科学技术局', '', '', mobile(14), '', '第三组', ''],
      ]),
    );
    const before = (await e.services.roster.listRoster(e.enrollingClassId)).length;
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/roster`);
    await page.getByTestId('open-import').click();
    await page.waitForURL(`${e.url}/classes/${e.enrollingClassId}/import`);
    await page.getByText('点击或将名单文件拖到这里').waitFor();
    await e.screenshot(page, 'roster-import-01-choose');

    await page.locator('input[type=file]').setInputFiles(file);
    const summary = page.getByTestId('import-summary');
    await summary.getByText('共 4 行：新建 3 人，关联已有人员 0 人，跳过 1 行').waitFor();
    await summary.getByText(/还有 1 行有错误（第 4 行）/).waitFor();
    await page.getByText('工作表“学员名单”，表头在第 2 行').waitFor();
    // Errors are shown first; the bad row names its column, and the cell is marked.
    const bad = page.locator('tr[data-row="4"]');
    await bad.getByTestId('problem-4-idNumber').getByText('身份证号校验位不正确').waitFor();
    assert.match((await bad.getByTestId('problem-4-idNumber').textContent()) ?? '', /身份证号 \(I\)/);
    assert.equal(await bad.locator('td.import-cell-error').count(), 1);
    assert.ok(await page.getByTestId('import-commit').isDisabled());
    // 王建华 is already on the roster: skipped, with the reason.
    await page.getByText('全部（4）').click();
    await page.locator('tr[data-row="5"]').getByText('王建华 已在本班名单中，将跳过').waitFor();
    await e.screenshot(page, 'roster-import-02-problems');

    // The missing group is offered ticked; untick it and row 6 becomes blocking, tick it again.
    const offer = page.getByRole('checkbox', { name: '新建“第三组”（1 人）' });
    assert.ok(await offer.isChecked());
    await page.locator('tr[data-row="4"]').getByTestId('action-4').click();
    await page.locator('.ant-select-dropdown:visible').getByText('跳过', { exact: true }).click();
    await summary.getByText('检查通过，可以导入。').waitFor();
    await offer.uncheck();
    await page.locator('tr[data-row="6"]').getByText('“第三组”未勾选新建：请勾选，或跳过此行').waitFor();
    assert.ok(await page.getByTestId('import-commit').isDisabled());
    await offer.check();
    await summary.getByText('共 4 行：新建 2 人，关联已有人员 0 人，跳过 2 行').waitFor();
    await e.screenshot(page, 'roster-import-03-decided');

    await page.getByTestId('import-commit').click();
    const result = page.getByTestId('import-result');
    await result.getByText('导入完成').waitFor();
    await result.getByText('新建 2 人，关联已有人员 0 人，跳过 2 行').waitFor();
    await result.getByText('新建小组：第三组').waitFor();
    await e.screenshot(page, 'roster-import-04-done');
    const roster = await e.services.roster.listRoster(e.enrollingClassId);
    assert.equal(roster.length, before + 2);
    assert.equal(roster.find((r) => r.person.name === '普布')?.groupName, '第三组');
    assert.ok(!roster.some((r) => r.person.name === '格桑'));

    await page.getByRole('button', { name: '查看学员名单' }).click();
    await page.waitForURL(`${e.url}/classes/${e.enrollingClassId}/roster`);
    await page.locator('tr', { hasText: '达娃' }).getByText('第一组').waitFor();
    assert.deepEqual(e.pageErrors, []);
  });

  test('a file that is not a spreadsheet is refused with a clear message, and nothing changes', { timeout: 120_000 }, async () => {
    const file = join(dir, 'photo.xlsx');
    writeFileSync(file, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]));
    const before = (await e.services.roster.listRoster(e.enrollingClassId)).length;
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/import`);
    await page.locator('input[type=file]').setInputFiles(file);
    await page
      .getByTestId('import-refusal')
      .getByText(/文件不是 Excel（\.xlsx、\.xls）或 CSV 表格/)
      .waitFor();
    assert.equal((await e.services.roster.listRoster(e.enrollingClassId)).length, before);
    await e.screenshot(page, 'roster-import-05-refused');
    assert.deepEqual(e.pageErrors, []);
  });

  test('exports download from the roster tab; the timetable tab gives the calendar subscription link', { timeout: 120_000 }, async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.demoClassId}/roster`);
    await page.getByTestId('export-menu').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: '通讯录（PDF）' }).click()]);
    assert.match(download.suggestedFilename(), /通讯录\.pdf$/);
    const path = await download.path();
    assert.ok(path);
    // The roster of a completed class cannot be imported into.
    assert.equal(await page.getByTestId('open-import').count(), 0);

    await page.goto(`${e.url}/classes/${e.demoClassId}/timetable`);
    await page.getByTestId('calendar-feed').click();
    await page.getByTestId('calendar-feed-create').click();
    const url = await page.getByTestId('calendar-feed-url').inputValue();
    assert.match(url, /\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    await e.screenshot(page, 'roster-import-06-calendar');
    const ics = await (await fetch(`${e.url}${new URL(url).pathname}`)).text();
    assert.match(ics, /^BEGIN:VCALENDAR/);
    assert.deepEqual(e.pageErrors, []);
  });
});
