// Screenshots of the real pages with the demo data, for the README: 1366×768 (an office laptop)
// and 390 px (a phone). They land in test-results/readme/; `cp test-results/readme/*.png
// docs/screenshots/` refreshes the README's copies after a visible change.
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2E, PHONE, RESULTS_DIR, settle, startE2E } from '../support/e2e';

const OUT = join(RESULTS_DIR, 'readme');

async function shoot(page: Page, name: string) {
  await settle(page);
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path });
  // The README carries these; keep each small.
  assert.ok(statSync(path).size < 400 * 1024, `${name}.png is ${statSync(path).size} bytes`);
}

describe('README screenshots', () => {
  let e: E2E;
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    e = await startE2E();
  });
  after(() => e.close());

  test('timetable, groups and roster at 1366×768; the day view on a phone', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.demoClassId}/timetable`);
    await page.getByRole('button', { name: '下一页' }).click();
    // Week 2: per-group discussions side by side, and the visit to 国家技术转移东部中心.
    await page.locator('[data-date="2020-10-20"] .session-block[data-kind="site_visit"]').waitFor();
    assert.equal(await page.locator('[data-date="2020-10-19"] .session-block[data-kind="discussion"]').count(), 4);
    await page.mouse.move(0, 0);
    await shoot(page, 'timetable-week');

    await page.goto(`${e.url}/classes/${e.demoClassId}/groups`);
    await page.getByTestId('group-第四组').waitFor();
    await shoot(page, 'groups');

    await page.goto(`${e.url}/classes/${e.demoClassId}/roster`);
    await page.getByText('显示 32 / 共 32 人').waitFor();
    await shoot(page, 'roster');

    const phone = await e.newPage(PHONE);
    await e.login(phone);
    await phone.goto(`${e.url}/classes/${e.demoClassId}/timetable`);
    await phone.getByTestId('calendar-day').waitFor();
    for (let n = 0; n < 4; n++) await phone.getByRole('button', { name: '下一页' }).click();
    // Day 5 (10/16): a lecture, then 张春羽's site visit at 上海科技馆.
    await phone.locator('.session-block[data-kind="site_visit"]').waitFor();
    await phone.evaluate(() => {
      const toolbar = document.querySelector('.timetable-toolbar');
      if (toolbar) window.scrollTo(0, toolbar.getBoundingClientRect().top + window.scrollY - 64);
    });
    await phone.mouse.move(0, 0);
    await shoot(phone, 'phone-timetable-day');
    assert.deepEqual(e.pageErrors, []);
  });
});
