// Roster work on a class that is still enrolling (the demo class is completed and its roster
// frozen, so the setup adds a 2026 class with five trainees in two groups, taught by the demo
// class teacher): move trainees by bulk action and by drag, add one, refuse a duplicate ID number
// on its field, reveal an ID number, withdraw, note a trainee's dietary needs in her drawer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type E2E, ENROLLING_ID_NUMBER, fieldError, startE2E } from '../support/e2e';
import { chooseOption, chooseTitled } from '../support/e2e-forms';

describe('admin web app: roster and groups of an enrolling class', () => {
  let e: E2E;
  before(async () => {
    e = await startE2E();
  });
  after(() => e.close());

  const groupOf = async (name: string) => (await e.services.roster.listRoster(e.enrollingClassId)).find((r) => r.person.name === name)?.groupName;

  test('moves a trainee to another group with the bulk action', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/roster`);
    await page.getByText('显示 5 / 共 5 人').waitFor();
    assert.equal(await groupOf('王建华'), '第一组');
    await page.getByRole('checkbox', { name: '王建华' }).check();
    await page.getByTestId('bulk-move').click();
    await page.getByRole('menuitem', { name: '第二组' }).click();
    await page.getByText('已将 1 名学员移至“第二组”').waitFor();
    assert.equal(await groupOf('王建华'), '第二组');
    const row = page.locator('tr', { hasText: '王建华' });
    await row.getByText('第二组').waitFor();
    await e.screenshot(page, 'admin-roster-01-bulk-moved');
    assert.deepEqual(e.pageErrors, []);
  });

  test('moves a trainee by dragging their card to another group, and sets a leader', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/groups`);
    const from = page.getByTestId('group-第一组');
    const to = page.getByTestId('group-第二组');
    await from.locator('.member-card', { hasText: '旺堆' }).waitFor();
    assert.equal(await groupOf('旺堆'), '第一组');
    await from.locator('.member-card', { hasText: '旺堆' }).dragTo(to);
    await page.getByText('已将 1 名学员移至“第二组”').waitFor();
    await to.locator('.member-card', { hasText: '旺堆' }).waitFor();
    assert.equal(await groupOf('旺堆'), '第二组');

    // The card menu makes 旺堆 the leader of 第二组 in place of 卓嘎.
    await to.locator('.member-card', { hasText: '旺堆' }).getByRole('button', { name: '更多操作' }).click();
    await page.getByRole('menuitem', { name: '设为组长' }).click();
    await page.getByText('已更新“第二组”的组长').waitFor();
    assert.match((await to.locator('.group-leader-line').textContent()) ?? '', /组长：旺堆/);
    const groups = await e.services.roster.listGroups(e.enrollingClassId);
    assert.equal(groups.find((g) => g.name === '第二组')?.leader?.name, '旺堆');
    await e.screenshot(page, 'admin-roster-02-dragged');
    assert.deepEqual(e.pageErrors, []);
  });

  test('adds a trainee; a bad phone is caught in the browser, a duplicate ID number by the server, each on its field', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/roster`);
    await page.getByRole('button', { name: '添加学员' }).click();
    await page.locator('.enrolment-form').waitFor();
    await page.locator('#person_name').fill('拉姆');
    await page.locator('#person_nameBo').fill('ལྷ་མོ');
    await page.getByLabel('女').check();
    await page.locator('#person_ethnicity').fill('藏族');
    await page.locator('#person_workUnit').fill('那曲市科学技术局');
    await page.locator('#person_phone').fill('12345');
    await page.locator('#person_idNumber').fill(ENROLLING_ID_NUMBER);
    await chooseTitled(page, page.locator('#groupId'), '第一组');
    await page.getByTestId('enrolment-save').click();
    assert.equal(await fieldError(page, 'person_phone'), '手机号应为 11 位数字，以 1 开头');

    await page.locator('#person_phone').fill('13800001111');
    await page.getByTestId('enrolment-save').click();
    assert.equal(await fieldError(page, 'person_idNumber'), '身份证号与已有人员 王建华 重复');
    await e.screenshot(page, 'admin-roster-03-duplicate-id');
    assert.equal((await e.services.roster.listRoster(e.enrollingClassId)).length, 5, 'nothing was saved');

    await page.locator('#person_idNumber').fill('');
    await page.getByTestId('enrolment-save').click();
    await page.getByText('已添加 拉姆').waitFor();
    const added = (await e.services.roster.listRoster(e.enrollingClassId)).find((r) => r.person.name === '拉姆');
    assert.equal(added?.groupName, '第一组');
    assert.equal(added?.person.nameBo, 'ལྷ་མོ');
    assert.equal(added?.person.phone, '13800001111');
    assert.deepEqual(e.pageErrors, []);
  });

  test('reveals a masked ID number, and withdraws a trainee with a reason', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/roster`);
    const row = page.locator('tr', { hasText: '王建华' });
    await row
      .getByText('5401************17')
      .or(row.getByText(/^5401\*+/))
      .first()
      .waitFor();
    await row.getByRole('button', { name: /查看完整身份证号/ }).click();
    await row.getByText(ENROLLING_ID_NUMBER).waitFor();

    const li = page.locator('tr', { hasText: '李明' });
    await li.getByRole('button', { name: '退学' }).click();
    await page.getByRole('dialog').getByLabel('退学原因').fill('工作调动，无法继续参训');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /退\s*学/ })
      .click();
    await page.getByText('李明 已退学').waitFor();
    await li.waitFor({ state: 'detached' });
    const withdrawn = (await e.services.roster.listRoster(e.enrollingClassId, { includeWithdrawn: true })).find((r) => r.person.name === '李明');
    assert.equal(withdrawn?.status, 'withdrawn');
    assert.equal(withdrawn?.withdrawnReason, '工作调动，无法继续参训');
    await page.getByLabel('显示已退学').check();
    await page.locator('tr', { hasText: '李明' }).getByText('已退学').waitFor();
    await e.screenshot(page, 'admin-roster-04-withdrawn');
    assert.deepEqual(e.pageErrors, []);
  });

  test('adding someone on record from an earlier class enrols that person, with their new work unit, and says so', async () => {
    const cls = await e.services.classes.getClass(null, e.enrollingClassId);
    const earlier = await e.services.database.transaction((trx) =>
      e.services.roster.createPerson(trx, null, cls.institutionId, {
        name: '普布次仁',
        idNumber: '540202198505050034',
        workUnit: '日喀则市科学技术局',
        phone: '13900002222',
      }),
    );
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/roster`);
    await page.getByRole('button', { name: '添加学员' }).click();
    await page.locator('.enrolment-form').waitFor();
    await page.locator('#person_name').fill('普布次仁');
    await page.locator('#person_workUnit').fill('西藏自治区科学技术厅');
    await page.locator('#person_idNumber').fill('540202198505050034');
    await page.getByTestId('enrolment-save').click();
    await page.getByText('已添加 普布次仁：身份证号与以往培训班的学员档案一致，已关联为同一人，学时累计计算').waitFor();
    await e.screenshot(page, 'admin-roster-05-returning-trainee');
    const row = (await e.services.roster.listRoster(e.enrollingClassId)).find((r) => r.person.name === '普布次仁');
    assert.equal(row?.person.id, earlier, 'the person on record, not a new one');
    assert.equal(row?.person.workUnit, '西藏自治区科学技术厅');
    assert.equal(row?.person.phone, '13900002222');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the class teacher edits a trainee’s office phone and document type; the passport number is shown masked', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/roster`);
    const row = page.locator('tr', { hasText: '旺堆' });
    // Every trainee has a resident ID card so far: the column says so.
    await page.getByRole('columnheader', { name: '身份证号' }).waitFor();
    await row.getByRole('button', { name: '编辑' }).click();
    await page.locator('.enrolment-form').waitFor();
    await page.locator('#person_officePhone').fill('(0894)5821234');
    await chooseOption(page, '.enrolment-form', 'person_idType', '护照');
    await page.locator('#person_idNumber').fill('12');
    await page.getByTestId('enrolment-save').click();
    assert.equal(await fieldError(page, 'person_idNumber'), '证件号码不符合护照的格式：5 至 17 位字母和数字');
    await page.locator('#person_idNumber').fill('e12345678');
    await page.getByTestId('enrolment-save').click();
    await row.getByText('0894-5821234').waitFor();
    await row.getByText('E*****678').waitFor();
    await row.getByTestId('id-type-tag').getByText('护照').waitFor();
    // With a passport in the class the column is headed 证件号码, each number tagged with its type (#16).
    await page.getByRole('columnheader', { name: '证件号码' }).waitFor();
    assert.equal(await page.getByRole('columnheader', { name: '身份证号' }).count(), 0);
    await e.screenshot(page, 'admin-roster-06-office-phone-passport');
    // The office phone is searched as the mobile is, typed without its dash too.
    await page.getByLabel('搜索姓名、单位、职务、手机或办公电话…').fill('08945821234');
    await page.getByText('显示 1 / 共').waitFor();
    const shown = await page.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts();
    assert.equal(shown.length, 1);
    assert.match(shown[0], /旺堆/);
    await e.screenshot(page, 'admin-roster-07-office-phone-search');
    const saved = (await e.services.roster.listRoster(e.enrollingClassId)).find((r) => r.person.name === '旺堆');
    assert.deepEqual([saved?.person.officePhone, saved?.person.idType, saved?.person.idNumberMasked], ['0894-5821234', 'passport', 'E*****678']);
    assert.deepEqual(e.pageErrors, []);
  });

  test('the class teacher notes 卓嘎’s 清真 and peanut allergy in her drawer; the drawer and the meals screen show them', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/roster`);
    const row = page.locator('tr', { hasText: '卓嘎' });
    await row.getByRole('button', { name: '编辑' }).click();
    await page.locator('.enrolment-form').getByText('饮食需求').waitFor();
    await page.getByTestId('dietary-halal').check();
    await page.getByTestId('dietary-noPork').check();
    await page.getByTestId('dietary-allergies').fill('花生');
    await e.screenshot(page, 'admin-roster-07-dietary');
    await page.getByTestId('enrolment-save').click();
    await page.getByText('已保存').first().waitFor();
    await page.locator('.enrolment-form').waitFor({ state: 'hidden' });
    const needs = (await e.services.residence.listDietary(e.enrollingClassId)).find((d) => d.name === '卓嘎')?.needs;
    assert.deepEqual(needs, { halal: true, vegetarian: false, noPork: true, noBeefMutton: false, allergies: '花生', notes: null });
    // Opened again, the drawer shows what was saved.
    await row.getByRole('button', { name: '编辑' }).click();
    await page.locator('.enrolment-form').waitFor();
    assert.equal(await page.getByTestId('dietary-halal').isChecked(), true);
    assert.equal(await page.getByTestId('dietary-vegetarian').isChecked(), false);
    assert.equal(await page.getByTestId('dietary-allergies').inputValue(), '花生');
    await page.keyboard.press('Escape');
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/meals`);
    assert.equal(await page.getByLabel('卓嘎 清真').isChecked(), true);
    assert.equal(await page.getByLabel('卓嘎 过敏').inputValue(), '花生');
    assert.deepEqual(e.pageErrors, []);
  });
});
