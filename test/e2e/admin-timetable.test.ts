// The timetable editor: create a lecture, see the server refuse a session whose end is before its
// start (the message lands on the end-time field), edit and delete. The demo class is completed,
// which freezes its roster but not its timetable.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2E, fieldError, settle, startE2E } from '../support/e2e';

/** Types into an antd date or time picker and commits the value. */
async function pick(page: Page, id: string, value: string) {
  const input = page.locator(`.session-form #${id}`);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

describe('admin web app: timetable editing', () => {
  let e: E2E;
  before(async () => {
    e = await startE2E();
  });
  after(() => e.close());

  const openTimetable = async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.demoClassId}/timetable`);
    await page.getByTestId('calendar-week').waitFor();
    return page;
  };

  test('creates a lecture session; it appears on the calendar at Beijing time', async () => {
    const page = await openTimetable();
    await page.getByRole('button', { name: '新建日程' }).click();
    await page.locator('.session-form').waitFor();
    await page.locator('.session-form #title').fill('西藏科技创新政策专题研讨（新增）');
    await pick(page, 'date', '2020-10-17');
    await pick(page, 'startsAt', '09:00');
    await pick(page, 'endsAt', '11:30');
    await page.locator('.session-form #venue').fill('学院报告厅');
    await page.locator('.session-form #lecturerIds').click();
    await page.locator('.session-form #lecturerIds').fill('张庆杰');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    // Hours follow the times until set by hand: 2.5 hours.
    assert.equal(await page.locator('.session-form #hours').inputValue(), '2.5');
    await e.screenshot(page, 'admin-timetable-01-create-form');
    await page.getByTestId('session-save').click();
    await page.getByText('已新建日程“西藏科技创新政策专题研讨（新增）”').waitFor();

    const block = page.locator('[data-date="2020-10-17"] .session-block[data-kind="lecture"]');
    await block.waitFor();
    assert.match((await block.getAttribute('title')) ?? '', /^09:00–11:30 专题讲座｜西藏科技创新政策专题研讨（新增）｜学院报告厅$/);
    await e.screenshot(page, 'admin-timetable-02-created');

    const saved = (await e.services.timetable.listSessions(e.demoClassId)).find((s) => s.title === '西藏科技创新政策专题研讨（新增）');
    assert.ok(saved);
    assert.equal(saved.kind, 'lecture');
    assert.equal(saved.startsAt, '2020-10-17T01:00:00.000Z');
    assert.equal(saved.endsAt, '2020-10-17T03:30:00.000Z');
    assert.equal(saved.hours, 2.5);
    assert.deepEqual(
      saved.lecturers.map((l) => l.name),
      ['张庆杰'],
    );
    assert.equal(saved.venue, '学院报告厅');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the server refuses an end before the start, and says so on the end-time field', async () => {
    const page = await openTimetable();
    const before = (await e.services.timetable.listSessions(e.demoClassId)).length;
    await page.getByRole('button', { name: '新建日程' }).click();
    await page.locator('.session-form').waitFor();

    // The contract is checked in the browser first: an empty title never reaches the server.
    await page.getByTestId('session-save').click();
    assert.equal(await fieldError(page, 'title'), '必填');

    await page.locator('.session-form #title').fill('时间填反的讲座');
    await pick(page, 'date', '2020-10-18');
    await pick(page, 'startsAt', '15:00');
    await pick(page, 'endsAt', '14:00');
    await page.locator('.session-form #hours').fill('1');
    await page.getByTestId('session-save').click();
    assert.equal(await fieldError(page, 'endsAt'), '结束时间必须晚于开始时间');
    await settle(page);
    await e.screenshot(page, 'admin-timetable-03-end-before-start');
    assert.equal((await e.services.timetable.listSessions(e.demoClassId)).length, before, 'nothing was saved');

    // Corrected, it saves.
    await pick(page, 'endsAt', '16:00');
    await page.getByTestId('session-save').click();
    await page.getByText('已新建日程“时间填反的讲座”').waitFor();
    assert.equal((await e.services.timetable.listSessions(e.demoClassId)).length, before + 1);
    assert.deepEqual(e.pageErrors, []);
  });

  test('edits a session from its drawer, then deletes it', async () => {
    const page = await openTimetable();
    const block = page.locator('[data-date="2020-10-15"] .session-block').filter({ hasText: '知识产权保护与运用' });
    await block.click();
    const drawer = page.locator('.session-drawer');
    await drawer.getByText('黄文华（示例）（高级工程师）').waitFor();
    await drawer.getByRole('button', { name: /编\s*辑/ }).click();
    await page.locator('.session-form #venue').fill('学院301教室');
    await page.getByTestId('session-save').click();
    await page.getByText('已保存日程“知识产权保护与运用”').waitFor();
    const edited = (await e.services.timetable.listSessions(e.demoClassId)).find((s) => s.title === '知识产权保护与运用');
    assert.equal(edited?.venue, '学院301教室');
    assert.deepEqual(
      edited?.lecturers.map((l) => l.name),
      ['黄文华（示例）'],
      'fields not touched stay as they were',
    );

    await block.click();
    await drawer.getByRole('button', { name: /删\s*除/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /删\s*除/ })
      .click();
    await page.getByText('已删除日程“知识产权保护与运用”').waitFor();
    await block.waitFor({ state: 'detached' });
    assert.equal(
      (await e.services.timetable.listSessions(e.demoClassId)).some((s) => s.title === '知识产权保护与运用'),
      false,
    );
    assert.deepEqual(e.pageErrors, []);
  });
});
