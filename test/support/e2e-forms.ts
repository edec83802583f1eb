// Filling Ant Design fields in browser tests: pickers and searchable selects.
import assert from 'node:assert/strict';
import type { Locator, Page, Response } from 'playwright-core';
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
 * Opens a select, clicks its option and waits until `shown` appears. A drawer or modal may still be
 * sliding in when the select opens, and a click on a moving option can miss: tried again (opening
 * the select again if it closed) until it shows.
 */
async function retryChoice(page: Page, open: Locator, option: Locator, shown: Locator) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await settle(page);
    if (!(await option.isVisible())) await open.click();
    await option.waitFor();
    await settle(page);
    await option.click();
    try {
      await shown.waitFor({ timeout: 3_000 });
      return;
    } catch {
      // Missed: tried again.
    }
  }
  await shown.waitFor({ timeout: 2_000 });
}

/** Chooses an option of a plain antd select (`#id` inside `scope`) by its label. */
export async function chooseOption(page: Page, scope: string, id: string, label: string) {
  const field = page
    .locator(`${scope} .ant-form-item`)
    .filter({ has: page.locator(`#${id}`) })
    .filter({ hasText: label })
    .last();
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).first();
  await retryChoice(page, page.locator(`${scope} #${id}`), option, field);
}

/** Chooses the option titled `title` of the antd select whose input is `combobox`; the select then shows it. */
export async function chooseTitled(page: Page, combobox: Locator, title: string, options: { exact?: boolean } = {}) {
  const option = page.locator('.ant-select-dropdown:visible').getByTitle(title, options).first();
  // The select shows the choice (as its own text: a select may show a shorter label than the option's title).
  const root = combobox.locator('xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const shown = root.filter({ hasText: title });
  await retryChoice(page, combobox, option, shown);
}

/** Chooses the kind of session on the session form. */
export const chooseKind = (page: Page, label: string) => chooseOption(page, '.session-form', 'kind', label);

/**
 * Clicks a form's save button and waits for what a saved form shows (`saved`), or fails naming
 * the refusal the page shows instead (a field's error, an error message). When neither comes, the
 * failure says where the page is, what its dialogs and messages say and what the page sent, so
 * that CI's log tells a click that sent nothing from a request that failed or never answered.
 */
export async function saveAndWait(page: Page, save: Locator, saved: Locator, what: string) {
  const sent: string[] = [];
  const track = (r: Response) => {
    if (r.request().method() !== 'GET') sent.push(`${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()}`);
  };
  page.on('response', track);
  try {
    await save.click();
    const refused = page.locator('.ant-form-item-explain-error, .ant-message-notice-error');
    await saved
      .or(refused)
      .first()
      .waitFor()
      .catch(async (e: Error) => {
        const dialogs = await page.locator('.ant-modal:visible').allInnerTexts();
        const messages = await page.locator('.ant-message-notice').allInnerTexts();
        throw new Error(
          `${what}: neither saved nor refused (${e.message.split('\n')[0]}); at ${page.url()}; dialogs ${JSON.stringify(dialogs)}; messages ${JSON.stringify(messages)}; sent ${JSON.stringify(sent)}`,
        );
      });
    assert.equal(await refused.count(), 0, `${what} refused: ${await refused.allInnerTexts()}`);
  } finally {
    page.off('response', track);
  }
}
