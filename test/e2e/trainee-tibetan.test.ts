// A Tibetan trainee's phone without any Tibetan font: every trainee page in བོད་ཡིག at 390 × 844,
// and the public verification page, rendered only by the trainee pages' own subset web font. A fontconfig file hides Debian's
// Noto Tibetan fonts from Chromium; one screenshot with the web font blocked shows they are gone.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { VERIFY_BO } from '../../src/server/modules/certificates/verify-page-bo';
import { runningClass } from '../support/attendance';
import { craftedClass } from '../support/certificate-class';
import { type E2E, PHONE, RESULTS_DIR, settle, startE2E } from '../support/e2e';

const NO_TIBETAN = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <glob>*Tibetan*</glob>
    <pattern><patelt name="family"><string>Noto Serif Tibetan</string></patelt></pattern>
    <pattern><patelt name="family"><string>Noto Sans Tibetan</string></patelt></pattern>
    <pattern><patelt name="lang"><string>bo</string></patelt></pattern>
  </rejectfont></selectfont>
</fontconfig>
`;

const PAGES: Array<[string, string]> = [
  ['/t', 'དེ་རིང་།'],
  ['/t/timetable', 'ཚན་རིག་གསར་གཏོད་སྲིད་ཇུས།'],
  ['/t/leave', 'ཕྱིར་འགྲོའི་ཞུ་ཡིག'],
  ['/t/me', 'བོད་ཡིག'],
  ['/t/hours', 'འཛིན་གྲྭ་འདིའི་སློབ་ཚན།'],
  ['/t/group', 'ངའི།'],
  ['/t/badge', 'རླངས་འཁོར'],
  ['/t/evaluations', 'སློབ་ཚན་དཔྱད་བསྡུར།'],
  ['/t/certificates', 'ངའི་མཐར་ཕྱིན་ལག་ཁྱེར།'],
];

describe('a trainee reads every page in Tibetan on a phone with no Tibetan font', () => {
  let e: E2E;
  let dir: string;
  let browser: Browser;
  let token: string;

  before(async () => {
    e = await startE2E();
    dir = mkdtempSync(join(tmpdir(), 'cohort-fonts-'));
    writeFileSync(join(dir, 'fonts.conf'), NO_TIBETAN);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      env: { ...process.env, FONTCONFIG_FILE: join(dir, 'fonts.conf') },
    });
    const c = await runningClass(e.services, {
      trainees: 2,
      names: ['བཀྲ་ཤིས་དབང་ལྷ', '次仁央宗'],
      sessions: [
        { fromMin: 30, toMin: 120, title: 'ཚན་རིག་གསར་གཏོད་སྲིད་ཇུས། 科技创新政策', hours: 2 },
        { fromMin: 1440, toMin: 1620, title: '结构化研讨', hours: 3 },
      ],
    });
    ({ token } = await e.services.trainee.issueInvitation(null, c.enrolmentIds[0]));
  });
  after(async () => {
    await browser?.close();
    await e.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const phone = async (blockWebFont: boolean): Promise<Page> => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 2, isMobile: true });
    await context.addInitScript(() => localStorage.setItem('cohort.lang', 'bo'));
    if (blockWebFont) await context.route('**/*.woff2', (r) => r.abort());
    const page = await context.newPage();
    page.on('pageerror', (err) => e.pageErrors.push(err.message));
    await page.goto(`${e.url}/t/i/${token}`);
    await page.waitForURL(`${e.url}/t`);
    return page;
  };
  const tibetanFontLoaded = (page: Page) =>
    page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'Cohort Tibetan' && f.status === 'loaded');
    });

  test('without the web font the phone has no Tibetan glyphs (the fontconfig file hides them)', async () => {
    const page = await phone(true);
    // Today's sessions or the line saying there are none, whichever shows (CI once met both at once, at 23:45 in Beijing).
    await page.getByText('དེ་རིང་ཁྱེད་ལ་ལས་རིམ་མེད།').or(page.locator('.t-session')).first().waitFor();
    await settle(page);
    assert.equal(await tibetanFontLoaded(page), false);
    await page.screenshot({ path: join(RESULTS_DIR, 'trainee-bo-00-no-web-font.png') });
    await page.context().close();
  });

  test('every trainee page in Tibetan, drawn with the subset web font', async () => {
    const page = await phone(false);
    let n = 1;
    for (const [path, text] of PAGES) {
      await page.goto(`${e.url}${path}`);
      await page.getByText(text).first().waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'bo', path);
      assert.equal(await tibetanFontLoaded(page), true, `${path}: the Tibetan web font is in use`);
      await settle(page);
      await page.screenshot({ path: join(RESULTS_DIR, `trainee-bo-${String(n++).padStart(2, '0')}${path.replaceAll('/', '-')}.png`) });
    }
    assert.deepEqual(e.pageErrors, []);
  });

  test('the public verification page in Tibetan, as the phone remembers it, with the same web font and no app bundle', async () => {
    const made = await craftedClass(e.services, [{ name: '扎西旺拉', nameBo: 'བཀྲ་ཤིས་དབང་ལྷ' }], { title: 'ཚན་རིག་གིས་བོད་ལྗོངས་འཛུགས་སྐྲུན། 科技兴藏培训班' });
    const [issued] = (await e.services.certificates.issue(null, made.classId, {})).issued as Array<{ verifyUrl: string }>;
    const path = new URL(issued.verifyUrl).pathname;
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 2, isMobile: true });
    // The trainee chose བོད་ཡིག on the trainee pages; the verification page follows that choice.
    await context.addInitScript(() => {
      if (!localStorage.getItem('cohort.lang')) localStorage.setItem('cohort.lang', 'bo');
    });
    const page = await context.newPage();
    page.on('pageerror', (err) => e.pageErrors.push(err.message));
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${e.url}${path}`);
    await page.waitForURL(/lang=bo/);
    await page.getByText(VERIFY_BO.valid).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'bo');
    assert.equal(await tibetanFontLoaded(page), true, 'the subset web font draws the Tibetan');
    // (After the one reload in the remembered language Chromium never reports networkidle; the
    // page has no animation, so the fonts being ready is what the screenshot waits for.)
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({ path: join(RESULTS_DIR, 'verify-bo-01-certificate.png'), fullPage: true });
    assert.ok(!requested.some((p) => p.startsWith('/assets/')), `no app bundle: ${requested.join(' ')}`);
    assert.ok(
      requested.filter((p) => p.endsWith('.js')).every((p) => p === '/verify/verify.js'),
      'one small script',
    );
    assert.ok(
      requested.some((p) => /^\/verify\/fonts\/tibetan-[0-9a-f]{12}\.woff2$/.test(p)),
      'the page’s own font route',
    );
    // Switching to English is remembered: the link without ?lang= then opens in English.
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByText('Valid certificate').waitFor();
    await page.goto(`${e.url}${path}`);
    await page.getByText('Valid certificate').waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('cohort.lang')), 'en');
    await page.getByRole('link', { name: 'བོད་ཡིག' }).click();
    await page.getByText(VERIFY_BO.valid).waitFor();
    await page.goto(`${e.url}/verify?lang=bo&serial=NOPE&name=x`);
    await page.getByText(VERIFY_BO.notFound).waitFor();
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({ path: join(RESULTS_DIR, 'verify-bo-02-form.png'), fullPage: true });
    await context.close();
    assert.deepEqual(e.pageErrors, []);
  });
});
