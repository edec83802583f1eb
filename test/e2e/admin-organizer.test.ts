// The 教务 office (organizer 于长宏): the programme page with its totals, the site pool, and a
// lifecycle step the server refuses (a class cannot start without sessions), said as a notice.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type E2E, SECOND_CLASS_TITLE, startE2E } from '../support/e2e';

describe('admin web app: the organizer', () => {
  let e: E2E;
  before(async () => {
    e = await startE2E();
  });
  after(() => e.close());

  test('reads the programme page: its classes over the years and totals', async () => {
    const page = await e.newPage();
    await e.login(page, 'yuchanghong');
    await page.getByRole('link', { name: '科技兴藏人才培养工程', exact: true }).click();
    await page.getByRole('heading', { name: '科技兴藏人才培养工程' }).waitFor();
    await page.getByText('西藏自治区科学技术厅', { exact: true }).waitFor();
    const totals = await page.locator('.ant-statistic').allTextContents();
    // 总学时 is what one trainee attends (#9): 55 for the demo class, not the 82 of all four groups' sessions.
    // The programme's totals first; the follow-up report's figures (#19) come after them.
    assert.deepEqual(totals.slice(0, 3), ['培训班2', '培训人次37', '总学时55']);
    assert.equal(await page.locator('.ant-table').first().locator('tr.ant-table-row').count(), 2);
    await e.screenshot(page, 'admin-organizer-01-programme');
    assert.deepEqual(e.pageErrors, []);
  });

  test('adds a site to the pool; the name is required by the contract', async () => {
    const page = await e.newPage();
    await e.login(page, 'yuchanghong');
    await page.goto(`${e.url}/classes/${e.demoClassId}/sites`);
    await page.getByRole('button', { name: '新增教学点' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer
      .locator('.ant-form-item')
      .filter({ has: page.locator('#name') })
      .getByText('必填')
      .waitFor();
    await drawer.locator('#name').fill('张江科学会堂');
    await drawer.locator('#address').fill('上海市浦东新区海科路');
    await drawer.locator('#host').fill('张江科学城建设管理办公室');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存教学点“张江科学会堂”').waitFor();
    await page.locator('tr', { hasText: '张江科学会堂' }).getByText('上海市浦东新区海科路').waitFor();
    const institutionId = (await e.services.classes.getClass(null, e.demoClassId)).institutionId;
    const site = (await e.services.timetable.listSites(institutionId)).find((s) => s.name === '张江科学会堂');
    assert.equal(site?.host, '张江科学城建设管理办公室');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the server refuses to start a class without sessions, and the page says why', async () => {
    const page = await e.newPage();
    await e.login(page, 'yuchanghong');
    await page.getByRole('link', { name: SECOND_CLASS_TITLE }).click();
    await page.getByRole('button', { name: '进入“进行中”阶段' }).click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('还不能进入“进行中”：还没有日程').waitFor();
    assert.equal((await e.services.classes.getClass(null, e.enrollingClassId)).status, 'enrolling');
    await e.screenshot(page, 'admin-organizer-02-step-refused');
    assert.deepEqual(e.pageErrors, []);
  });

  test('in English, the timetable keeps Beijing times and English labels', async () => {
    const page = await e.newPage();
    await e.login(page, 'yuchanghong');
    await page.getByText('EN', { exact: true }).click();
    await page.goto(`${e.url}/classes/${e.demoClassId}/timetable`);
    await page.getByText('Week 1 (10/12–10/18)').first().waitFor();
    await page.getByText('Site visit').first().waitFor();
    const title = await page.locator('[data-date="2020-10-16"] .session-block[data-kind="site_visit"]').getAttribute('title');
    assert.match(title ?? '', /^13:30–17:00 Site visit｜/);
    await e.screenshot(page, 'admin-organizer-03-english-timetable');
    await page.getByText('中文', { exact: true }).click();
    await page.getByText('第 1 周（10/12–10/18）').first().waitFor();
    assert.deepEqual(e.pageErrors, []);
  });
});
