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

/**
 * Chooses an option of a plain antd select (`#id` inside `scope`). A drawer may still be sliding
 * in when the select opens, and a click on a moving option can miss: tried again until the field
 * shows it.
 */
export async function chooseOption(page: Page, scope: string, id: string, label: string) {
  const field = page
    .locator(`${scope} .ant-form-item`)
    .filter({ has: page.locator(`#${id}`) })
    .filter({ hasText: label });
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).first();
  for (let attempt = 0; attempt < 3; attempt++) {
    await settle(page);
    if (!(await option.isVisible())) await page.locator(`${scope} #${id}`).click();
    await option.waitFor();
    await settle(page);
    await option.click();
    try {
      await field.last().waitFor({ timeout: 3_000 });
      return;
    } catch {
      // Missed: the select is opened again (if it closed) and the option clicked again.
    }
  }
  await field.last().waitFor({ timeout: 2_000 });
}

/** Chooses the kind of session on the session form. */
export const chooseKind = (page: Page, label: string) => chooseOption(page, '.session-form', 'kind', label);
