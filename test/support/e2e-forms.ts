// Filling Ant Design fields in browser tests: pickers and searchable selects.
import type { Page } from 'playwright-core';
import { settle } from './e2e';

/** Types into an antd date or time picker inside `scope` and commits the value. */
export async function pick(page: Page, scope: string, id: string, value: string) {
  const input = page.locator(`${scope} #${id}`);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

/** Chooses an option of an antd select by typing part of its label, and waits until the field shows it. */
export async function choose(page: Page, selector: string, text: string) {
  const input = page.locator(selector);
  await input.click();
  await input.fill(text);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
  await option.waitFor();
  await settle(page);
  await option.click();
  const own = page.locator(selector.split(' ').pop()!);
  await page.locator('.ant-form-item').filter({ has: own }).filter({ hasText: text }).last().waitFor();
}

/** Chooses the kind of session on the session form. */
export async function chooseKind(page: Page, label: string) {
  await page.locator('.session-form #kind').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).first().click();
  await page
    .locator('.session-form .ant-form-item')
    .filter({ has: page.locator('#kind') })
    .filter({ hasText: label })
    .last()
    .waitFor();
}
