// The 学员手册 and outside hours in the browser (#19): the class teacher downloads the handbook
// (A5 and the print booklet) from the class workspace; a trainee of the 2020 demo class records
// training taken elsewhere on a phone (390×844); the 教务 organizer recognises it on the 学时
// report, and the phone shows it recognised.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { USERS } from '../../src/server/demo/seed-facts';
import { type E2E, PHONE, RESULTS_DIR, startE2E } from '../support/e2e';
import { traineeActor } from '../support/evaluation-fixtures';
import { openpyxlPython } from '../support/roster-io-tools';

describe('the handbook and outside hours in the browser', () => {
  let e: E2E;
  let token: string;
  let personId: number;

  before(async () => {
    e = await startE2E();
    const roster = await e.services.roster.rosterIn(e.services.database.db, e.demoClassId);
    const p = roster.find((r) => r.name === '扎西旺拉')!;
    personId = p.person_id;
    token = (await traineeActor(e.services, p.person_id, p.name)).headers.cookie.split('=')[1];
  });
  after(() => e.close());

  test('the class teacher downloads the handbook and the print booklet', async () => {
    const teacher = await e.newPage();
    await e.login(teacher);
    await teacher.goto(`${e.url}/classes/${e.demoClassId}/handbook`);
    await teacher.getByRole('button', { name: /下载学员手册/ }).waitFor();
    await e.screenshot(teacher, 'handbook-01-tab');
    const save = async (name: RegExp, file: string) => {
      const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.getByRole('button', { name }).click()]);
      const path = join(RESULTS_DIR, file);
      await download.saveAs(path);
      return path;
    };
    const a5 = await save(/下载学员手册/, 'handbook-a5.pdf');
    const text = execFileSync('pdftotext', ['-layout', a5, '-'], { encoding: 'utf8' });
    assert.match(text, /日程安排/);
    assert.match(text, /上海市浦东新区世纪大道2000号/);
    assert.match(text, /班长\s+徐爱国/);
    const booklet = await save(/下载印刷版/, 'handbook-booklet.pdf');
    const info = execFileSync('pdfinfo', [booklet], { encoding: 'utf8' });
    assert.match(info, /Page size:\s+841\.\d+ x 595\.\d+/);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '2', booklet, join(RESULTS_DIR, 'handbook-booklet')]);
    assert.deepEqual(e.pageErrors, []);
  });

  test('a trainee records outside training on the phone; the organizer recognises it on screen', async () => {
    const phone = await e.newPage(PHONE);
    await phone.context().addCookies([{ name: 'cohort_session', value: token, url: e.url }]);
    await phone.goto(`${e.url}/t/me`);
    await phone.getByRole('link', { name: '培训经历认定' }).click();
    await phone.getByLabel('主办单位').fill('西藏自治区科学技术厅');
    await phone.getByLabel('培训名称').fill('青稞产业技术培训班');
    await phone.getByLabel('开始日期').fill('2020-06-08');
    await phone.getByLabel('结束日期').fill('2020-06-12');
    await phone.getByLabel('学时').fill('30');
    await phone.getByLabel('结业证书（照片或 PDF）').setInputFiles({ name: '证书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await phone.getByRole('button', { name: '提交认定' }).click();
    await phone.getByText('已提交，等待教务处认定').waitFor();
    const item = phone.getByRole('listitem').filter({ hasText: '青稞产业技术培训班' });
    await item.getByText('待认定').waitFor();
    await e.screenshot(phone, 'outside-01-phone');

    const office = await e.newPage();
    await e.login(office, USERS.organizer.username);
    await office.goto(`${e.url}/hours`);
    const section = office.getByRole('region', { name: '培训经历认定' });
    const row = section.getByRole('row').filter({ hasText: '青稞产业技术培训班' });
    await row.getByText('证书.pdf').waitFor();
    await e.screenshot(office, 'outside-02-review');
    const before = (await e.services.hours.personHours(personId)).years.find((y) => y.year === 2020)!;
    await row.getByRole('button', { name: /^认\s*定$/ }).click();
    await office.getByText('已审核').first().waitFor();
    // Recognised in 2020, the year the training ended, on top of what the record had.
    const now = (await e.services.hours.personHours(personId)).years.find((y) => y.year === 2020)!;
    assert.deepEqual(now, { year: 2020, hours: before.hours + 30, recognisedHours: before.recognisedHours + 30 });
    await phone.reload();
    await item.getByText('已认定').waitFor();
    assert.deepEqual(e.pageErrors, []);
  });
});

describe('the organizer narrows the 学时 report on screen', () => {
  let e: E2E;
  before(async () => {
    e = await startE2E();
  });
  after(() => e.close());

  test('by work unit and by programme, and exports what is shown', async () => {
    const cls = await e.services.classes.getClass(null as never, e.demoClassId);
    const programme = await e.services.classes.getProgramme(null as never, cls.programmeId);
    const institutionId = programme.institutionId;
    const unit = '西藏自治区日喀则市白朗县科技局';
    const whole = await e.services.hours.institutionReport(institutionId, 2020, { limit: 1000 });
    const ofUnit = whole.people.filter((p) => p.workUnit === unit);
    assert.ok(ofUnit.length > 0 && ofUnit.length < whole.total, 'the unit is some of the year, not all');
    const office = await e.newPage();
    await e.login(office, USERS.organizer.username);
    await office.goto(`${e.url}/hours`);
    const year = office.getByRole('spinbutton', { name: '年度', exact: true });
    await year.fill('2020');
    await year.press('Enter');
    const summary = (n: number) => office.getByText(new RegExp(`^2020 年共 ${n} 人参训`));
    await summary(whole.total).waitFor();
    // A part of the unit's name, then the unit from the suggestions.
    await office.getByRole('combobox', { name: '工作单位' }).pressSequentially('白朗');
    const [suggested] = await e.services.hours.workUnits(institutionId, '白朗');
    assert.equal(suggested.workUnit, unit);
    const option = office.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: `${unit}（${suggested.people} 人）` });
    await option.waitFor();
    await e.screenshot(office, 'hours-report-unit-suggested');
    await option.click();
    await summary(ofUnit.length).waitFor();
    const names = async () =>
      (await office.locator('.ant-table-tbody').first().locator('tr.ant-table-row td:first-child').allInnerTexts()).map((t) => t.split(' ')[0]);
    assert.deepEqual(
      await names(),
      ofUnit.map((p) => p.name),
    );
    await e.screenshot(office, 'hours-report-unit');
    // The programme too: the unit's trainees of the demo programme's classes of 2020.
    await office.getByRole('combobox', { name: '项目' }).click();
    await office.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: programme.name }).click();
    const both = await e.services.hours.institutionReport(institutionId, 2020, { workUnit: unit, programmeId: programme.id, limit: 1000 });
    await summary(both.total).waitFor();
    assert.deepEqual(
      await names(),
      both.people.map((p) => p.name),
    );
    const [download] = await Promise.all([office.waitForEvent('download'), office.getByRole('button', { name: /导出/ }).click()]);
    const path = join(RESULTS_DIR, 'hours-report-unit.xlsx');
    await download.saveAs(path);
    const csv = execFileSync(openpyxlPython ?? 'python3', ['-c', READ_NAMES, path], { encoding: 'utf8' })
      .trim()
      .split('\n');
    assert.deepEqual(
      csv,
      both.people.map((p) => p.name),
      'the XLSX holds the rows on screen',
    );
    // Erasing the unit from its box leaves the programme alone and every unit in again.
    const ofProgramme = await e.services.hours.institutionReport(institutionId, 2020, { programmeId: programme.id, limit: 1000 });
    assert.ok(ofProgramme.total > both.total);
    const box = office.getByRole('combobox', { name: '工作单位' });
    await box.click();
    await box.press('ControlOrMeta+a');
    await box.press('Backspace');
    await summary(ofProgramme.total).waitFor();
    // Enter straight after typing a part of a name: several units hold it, so the office is asked
    // to choose and the list stays; a part only one unit holds filters by that unit.
    const several = await e.services.hours.workUnits(institutionId, '科技局');
    assert.ok(several.length > 1);
    await box.fill('科技局');
    await box.press('Enter');
    await office.getByText(`有 ${several.length} 个单位名称含“科技局”，请从建议中选择一个`).waitFor();
    const candidates = office.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await candidates.filter({ hasText: `${unit}（${suggested.people} 人）` }).waitFor();
    assert.equal(await candidates.count(), several.length, 'the units to choose from are shown');
    await e.screenshot(office, 'hours-report-unit-choose');
    await summary(ofProgramme.total).waitFor();
    await box.fill('白朗');
    await box.press('Enter');
    await summary(both.total).waitFor();
    assert.equal(await box.inputValue(), unit);
    // A name no unit holds: nobody is listed (not the unit filtered before), and it says why.
    await box.fill('不存在的单位');
    await box.press('Enter');
    await office.getByText('没有工作单位名称含“不存在的单位”').waitFor();
    await summary(0).waitFor();
    await e.screenshot(office, 'hours-report-unit-none');
    assert.deepEqual(e.pageErrors, []);
  });
});

/** The name column of an XLSX's first sheet, below its header rows, as openpyxl reads it. */
const READ_NAMES = `
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]
rows = list(ws.iter_rows(values_only=True))
start = next(i for i, r in enumerate(rows) if r and r[0] in ('姓名', 'Name')) + 1
for r in rows[start:]:
    if r and r[0]:
        print(str(r[0]).split(' ')[0].split('\\n')[0])
`;
