// The class teacher's way in: sign in, find the seed class, read its overview, groups and
// timetable; the language switch is remembered on the account; a phone gets cards and a day view.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type E2E, PHONE, SECOND_CLASS_TITLE, startE2E } from '../support/e2e';

const SEED_TITLE = '2020年“科技兴藏人才培养工程”西藏科技管理干部培训班';

describe('admin web app: class teacher reads the seed class', () => {
  let e: E2E;
  before(async () => {
    e = await startE2E();
  });
  after(() => e.close());

  test('signs in, sees the classes, and opens the seed class overview', async () => {
    const page = await e.newPage();
    await page.goto(`${e.url}/classes/${e.demoClassId}`);
    // Not signed in: the login page, which then returns to the class.
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByLabel('用户名').fill('banzhuren');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    await e.screenshot(page, 'admin-class-01-login-refused');

    await e.login(page);
    await page.getByRole('link', { name: SEED_TITLE }).waitFor();
    await page.getByRole('link', { name: SECOND_CLASS_TITLE }).waitFor();
    const statuses = await page.locator('.status-tag').allTextContents();
    assert.deepEqual(statuses.sort(), ['已结业', '报名中'].sort());
    await e.screenshot(page, 'admin-class-02-home');

    await page.getByRole('link', { name: SEED_TITLE }).click();
    await page.waitForURL(`${e.url}/classes/${e.demoClassId}`);
    await page.getByRole('heading', { name: SEED_TITLE }).waitFor();
    await page.getByText('2020-10-12 – 2020-10-26（共 15 天）').waitFor();
    // Completed: the next step (archiving) belongs to the training office, not the class teacher.
    await page.getByText('下一阶段为“已归档”，需由教务处操作').waitFor();
    assert.equal(await page.getByRole('button', { name: /进入/ }).count(), 0);
    await page.getByText('李文静（示例班主任） · 班主任').waitFor();
    await e.screenshot(page, 'admin-class-03-overview');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the groups tab shows the four groups with their leaders', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.demoClassId}/groups`);
    for (const [group, leader] of [
      ['第一组', '徐爱国'],
      ['第二组', '张建武'],
      ['第三组', '扎西旺拉'],
      ['第四组', '黄海明'],
    ]) {
      const column = page.getByTestId(`group-${group}`);
      await column.waitFor();
      assert.match((await column.locator('.group-leader-line').textContent()) ?? '', new RegExp(`组长：${leader}`));
      assert.equal(await column.locator('.member-card').count(), 8);
    }
    assert.equal(await page.locator('.group-column').count(), 4, 'no "no group" column: everyone has a group and the roster is frozen');
    // 扎西旺拉 carries his Tibetan name.
    await page.getByTestId('group-第三组').getByText('བཀྲ་ཤིས་དབང་ལྷ').first().waitFor();
    await e.screenshot(page, 'admin-class-04-groups');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the timetable shows the three site visits, in Beijing time although the browser is in Berlin', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.demoClassId}/timetable`);
    await page.getByTestId('calendar-week').waitFor();
    const visits: string[] = [];
    const visitsThisWeek = async () =>
      page
        .locator('[data-testid="calendar-week"] .session-block[data-kind="site_visit"]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('title') ?? ''));
    visits.push(...(await visitsThisWeek()));
    await e.screenshot(page, 'admin-class-05-timetable-week1');
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('第 2 周（10/19–10/25）').first().waitFor();
    visits.push(...(await visitsThisWeek()));
    await e.screenshot(page, 'admin-class-06-timetable-week2');
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('第 3 周（10/26–11/1）').first().waitFor();
    visits.push(...(await visitsThisWeek()));
    assert.equal(visits.length, 3);
    assert.ok(visits[0].startsWith('13:30–17:00 现场教学｜学习“深化产学研协同创新”经验｜SITRI'), visits[0]);
    assert.ok(visits[1].includes('上海科普工作的创新发展及思考｜科技馆'), visits[1]);
    assert.ok(visits[2].startsWith('13:30–17:00 现场教学｜学习国家技术转移东部中心成果转化先进做法'), visits[2]);

    // The legend counts by kind over the whole class.
    assert.match((await page.locator('.legend-item[data-kind="site_visit"]').textContent()) ?? '', /现场教学\s*3/);

    // The graduation ceremony opens with its agenda: four trainee representatives.
    await page.locator('.session-block[data-kind="ceremony"]').click();
    const drawer = page.locator('.session-drawer');
    await drawer.getByText('结业式').first().waitFor();
    await drawer.getByText('2020年10月26日 星期一 09:00–10:30').waitFor();
    for (const name of ['徐爱国', '张建武', '扎西旺拉', '黄海明']) await drawer.getByText(name, { exact: false }).first().waitFor();
    await drawer.getByText('颁发结业证书').waitFor();
    await e.screenshot(page, 'admin-class-07-ceremony-drawer');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the printable timetable lists every session of the fortnight', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.demoClassId}/timetable/print`);
    await page.locator('.print-table').waitFor();
    const sessions = (await e.services.timetable.listSessions(e.demoClassId)).length;
    assert.equal(await page.locator('.print-table tbody tr').count(), sessions);
    assert.equal(await page.locator('.print-row.kind-site_visit').count(), 3);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByRole('button', { name: /打印课程表/ }).isVisible(), false, 'the buttons are not printed');
    await page.screenshot({ path: 'test-results/admin-class-08-print.png', fullPage: true });
    assert.deepEqual(e.pageErrors, []);
  });

  test('switching to English is kept on the account', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.demoClassId}`);
    await page.getByRole('tab', { name: '课程表' }).waitFor();
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('tab', { name: 'Timetable' }).waitFor();
    const user = await e.services.auth.findUserByUsername('banzhuren');
    assert.equal(user?.locale, 'en');
    // A fresh browser (no local storage) still gets English after signing in.
    const other = await e.newPage();
    await e.login(other);
    await other.goto(`${e.url}/classes/${e.demoClassId}/roster`);
    await other.getByRole('tab', { name: 'Roster' }).waitFor();
    await other.getByText('The roster is frozen (class Completed)').waitFor();
    await e.screenshot(other, 'admin-class-09-english');
    await other.getByText('中文', { exact: true }).click();
    await other.getByRole('tab', { name: '学员名单' }).waitFor();
    assert.equal((await e.services.auth.findUserByUsername('banzhuren'))?.locale, 'zh-CN');
    assert.deepEqual(e.pageErrors, []);
  });

  test('on a 390 px phone the roster is a list of cards and the timetable a day view', async () => {
    const page = await e.newPage(PHONE);
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.demoClassId}/roster`);
    await page.locator('.trainee-card').first().waitFor();
    assert.equal(await page.locator('table').count(), 0, 'no wide table on a phone');
    assert.equal(await page.locator('.trainee-card').count(), 30, 'the first page of cards');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page does not scroll sideways (${width}px)`);
    await e.screenshot(page, 'admin-class-10-phone-roster');

    await page.goto(`${e.url}/classes/${e.demoClassId}/timetable`);
    await page.getByTestId('calendar-day').waitFor();
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByRole('button', { name: '下一页' }).click();
    // Day 3 (10/14): a lecture in the morning, SITRI in the afternoon.
    await page.locator('.session-block[data-kind="site_visit"]').waitFor();
    assert.match((await page.locator('.session-block[data-kind="site_visit"]').textContent()) ?? '', /13:30–17:00.*深化产学研协同创新/);
    await e.screenshot(page, 'admin-class-11-phone-timetable');
    assert.deepEqual(e.pageErrors, []);
  });
});
