// The class teacher's photo wall and bulletin composer in the browser: upload from the wall,
// edit the drafted issue 1 (rich text, save, versions), publish with a public link, and read
// the public page as anyone would. Screenshots go to test-results/ for a person to look at.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { DEMO_PASSWORD, USERS } from '../../src/server/demo/seed-facts';
import { type E2E, PHONE, startE2E } from '../support/e2e';

describe('photos and bulletins in the browser', () => {
  let e: E2E;
  before(async () => {
    e = await startE2E();
  });
  after(() => e.close());

  test('the photo wall shows the demo photos by session and takes a new upload', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.demoClassId}/photos`);
    await page.getByText('在上海微技术工业研究院参观学习').waitFor();
    await page.getByText('学习“深化产学研协同创新”经验').first().waitFor();
    await page.getByText('结业式现场').waitFor();
    const before = await page.locator('.photo-card').count();
    assert.ok(before >= 8);
    await e.screenshot(page, 'photos-wall');

    await page.getByRole('button', { name: '上传照片' }).click();
    await page.getByRole('combobox', { name: '上传到日程' }).click();
    await page.keyboard.type('科技项目全过程管理');
    await page.keyboard.press('Enter');
    const jpeg = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#d35400' } })
      .jpeg()
      .toBuffer();
    await page.locator('.photo-upload input[type=file]').setInputFiles([{ name: '课堂.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
    await page.getByRole('button', { name: '上传 1 张' }).click();
    await page.getByText('已上传 1 张照片').waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('.photo-card').length === n + 1, before);

    // A file that is not a picture is refused by name, and nothing is added.
    await page.locator('.photo-upload input[type=file]').setInputFiles([{ name: '说明.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') }]);
    await page.getByRole('button', { name: '上传 1 张' }).click();
    await page.getByText('“说明.jpg”不是 JPEG、PNG、WebP 或 HEIF 图片').waitFor();
    assert.equal(await page.locator('.photo-card').count(), before + 1);
    await e.screenshot(page, 'photos-upload-refused');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the drafted issue 1 is edited, saved as a new version, published and read through its public link', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.demoClassId}/bulletins`);
    await page.getByText('第 1 期').waitFor();
    await page
      .getByRole('button', { name: '编 辑' })
      .or(page.getByRole('button', { name: '编辑' }))
      .first()
      .click();
    await page.getByRole('textbox', { name: '条目标题' }).first().waitFor();
    assert.equal(await page.getByRole('textbox', { name: '条目标题' }).first().inputValue(), '学习“深化产学研协同创新”经验');
    assert.equal(await page.getByRole('textbox', { name: '栏目名称，如【现场教学】' }).nth(1).inputValue(), '【结业式】');
    await e.screenshot(page, 'bulletin-editor');

    // Type a paragraph with a bold word into the first item's first text block.
    const editor = page.locator('.bulletin-item').first().locator('.rte-body').first();
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('学员们交流热烈，');
    await page.locator('.bulletin-item').first().getByRole('button', { name: 'bold' }).first().click();
    await page.keyboard.type('收获很大');
    await page.getByPlaceholder('本次修改说明（可选）').fill('补充一段');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存（第 2 版）').waitFor();
    const saved = await e.services.bulletins.get((await e.services.bulletins.list(e.demoClassId, true))[0].id, true);
    const html = saved.content.sections[0].items[0].blocks.flatMap((b) => (b.type === 'text' ? [b.html] : [])).join('');
    assert.match(html, /学员们交流热烈，<strong>收获很大<\/strong>/);

    await page.getByRole('button', { name: '版本记录' }).click();
    await page.getByText('补充一段').waitFor();
    await page.getByText(/从记录起草（2020-10-12 – 2020-10-26）/).waitFor();
    await e.screenshot(page, 'bulletin-versions');
    await page.keyboard.press('Escape');

    await page
      .getByRole('button', { name: /发\s*布/ })
      .first()
      .click();
    await page.getByRole('checkbox', { name: /同时生成公开链接/ }).check();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /发\s*布/ })
      .click();
    await page.getByText('本期已发布并锁定。如需更正，请编写新的一期。').waitFor();
    const link = ((await page.locator('.bulletin-link code').textContent()) ?? '').trim();
    assert.match(link, /\/b\/[A-Za-z0-9_-]{32}$/);
    await e.screenshot(page, 'bulletin-published');

    // The public page, on a phone, without signing in.
    const anon = await e.newPage(PHONE);
    await anon.goto(link);
    await anon.getByRole('heading', { name: '【现场教学】' }).waitFor();
    await anon.getByText('收获很大').waitFor();
    // The page loads pictures lazily; scroll through it as a reader would.
    for (let y = 0; y < 40; y++) {
      await anon.mouse.wheel(0, 800);
      if (await anon.evaluate(() => window.scrollY + window.innerHeight >= document.body.scrollHeight - 2)) break;
    }
    await anon.waitForFunction(() => [...document.images].length >= 8 && [...document.images].every((i) => i.complete));
    await anon.evaluate(() => window.scrollTo(0, 0));
    const broken = await anon.evaluate(() => [...document.images].filter((i) => i.naturalWidth === 0).map((i) => i.src));
    assert.deepEqual(broken, []);
    await e.screenshot(anon, 'bulletin-public-phone');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the sponsor reads the published issue but cannot compose', async () => {
    const page = await e.newPage();
    await e.login(page, USERS.sponsor.username, DEMO_PASSWORD);
    await page.goto(`${e.url}/classes/${e.demoClassId}/bulletins`);
    await page.getByText('第 1 期').waitFor();
    assert.equal(await page.getByRole('button', { name: '从记录起草新一期' }).count(), 0);
    await page.goto(`${e.url}/classes/${e.demoClassId}/photos`);
    await page.getByText('您可以查看照片；上传和编辑由班主任或教务负责。').waitFor();
    assert.equal(await page.locator('.photo-upload').count(), 0);
  });
});
