// The class on its phones: a trainee opens their invitation, checks in by pointing the camera at
// the projected rotating code, asks for leave; the class teacher approves it and sees the matrix
// change; the class teacher's badge scanner records a scan with the network cut and sends it when
// the network returns. Chromium's fake camera plays a QR code made by the test (qrcode → PNG →
// ffmpeg → .y4m), on a 390 × 844 phone viewport.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import QRCode from 'qrcode';
import { USERS } from '../../src/server/demo/seed-facts';
import { runningClass } from '../support/attendance';
import { type E2E, PHONE, RESULTS_DIR, settle, startE2E } from '../support/e2e';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe('trainees on their phones: check-in, leave, offline badge scans', () => {
  let e: E2E;
  let c: Awaited<ReturnType<typeof runningClass>>;
  let dir: string;
  const browsers: Browser[] = [];

  /** A browser whose camera sees this text as a QR code. */
  async function browserFilming(text: string, name: string) {
    const png = join(dir, `${name}.png`);
    const y4m = join(dir, `${name}.y4m`);
    await QRCode.toFile(png, text, { width: 480, margin: 4 });
    const r = spawnSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', png, '-t', '2', '-pix_fmt', 'yuv420p', y4m]);
    if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr}`);
    const b = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [...ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
    });
    browsers.push(b);
    return b;
  }

  const phone = async (b: Browser) => {
    const context = await b.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1, hasTouch: true, isMobile: true });
    await context.grantPermissions(['camera'], { origin: e.url });
    const page = await context.newPage();
    page.on('pageerror', (err) => e.pageErrors.push(err.message));
    return { context, page };
  };
  const shot = async (page: import('playwright-core').Page, name: string, fullPage = false) => {
    await settle(page);
    await page.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage });
  };

  before(async () => {
    e = await startE2E();
    dir = mkdtempSync(join(tmpdir(), 'cohort-camera-'));
    c = await runningClass(e.services, {
      trainees: 6,
      names: ['次仁央宗', '王建华', '旺堆', '卓嘎', '李明', '白玛'],
      sessions: [
        { fromMin: -5, toMin: 175, title: '专题讲座：科技创新政策解读', hours: 3 },
        { fromMin: -3, toMin: 120, title: '现场教学：上海科技馆', kind: 'site_visit', hours: 3 },
        { fromMin: 1440, toMin: 1620, title: '结构化研讨', hours: 3 },
      ],
    });
    const teacher = await e.services.auth.findUserByUsername(USERS.classTeacher.username);
    await e.services.classes.addStaff(null, c.classId, { userId: teacher!.id, role: 'class_teacher' });
  });
  after(async () => {
    for (const b of browsers) await b.close();
    await e.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a trainee opens the invitation, checks in with the camera on the projected code, and asks for leave', async () => {
    const trainee = c.enrolmentIds[0];
    const { token } = await e.services.trainee.issueInvitation(null, trainee);
    // The projector's code of now (it rotates every 20 s; the previous one is still accepted).
    const { url: codeUrl } = await e.services.attendance.checkInCode(c.sessionIds[0]);
    const { page } = await phone(await browserFilming(codeUrl, 'rotating-code'));

    await page.goto(`${e.url}/t/i/${token}`);
    await page.waitForURL(`${e.url}/t`);
    await page.locator('.t-header-name', { hasText: '次仁央宗' }).waitFor();
    await page.getByText('专题讲座：科技创新政策解读').waitFor();
    await shot(page, 'trainee-01-today');

    await page.locator('.t-session', { hasText: '专题讲座' }).getByRole('link', { name: '扫描投影二维码签到' }).click();
    await page.waitForURL(/\/t\/c\//, { timeout: 30_000 });
    await page.getByRole('button', { name: '确认签到' }).click();
    await page.getByRole('heading', { name: '签到成功' }).waitFor();
    await shot(page, 'trainee-02-checked-in');
    const row = await e.services.database.db
      .selectFrom('attendance')
      .selectAll()
      .where('session_id', '=', c.sessionIds[0])
      .where('enrolment_id', '=', trainee)
      .executeTakeFirst();
    assert.equal(row?.method, 'qr');
    assert.equal(row?.status, 'present');

    await page.getByRole('link', { name: '请假' }).click();
    await page.getByRole('heading', { name: '请假申请' }).waitFor();
    await page.locator('.t-choice', { hasText: '结构化研讨' }).getByRole('checkbox').check();
    await page.getByLabel('请假事由').fill('单位紧急会议，需返回拉萨');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('已提交，等待班主任审批').waitFor();
    await page.locator('.t-leave', { hasText: '单位紧急会议' }).getByText('请假待审批').waitFor();
    await shot(page, 'trainee-03-leave');

    // Back on today, the page says the session is checked in.
    await page.getByRole('link', { name: '今日' }).click();
    await page.locator('.t-session', { hasText: '专题讲座' }).getByText('已签到').waitFor();
    // Hours and badge pages render.
    await page.getByRole('link', { name: '我的' }).click();
    await page.getByRole('link', { name: '学时' }).click();
    await page.getByText('本班学时').waitFor();
    await shot(page, 'trainee-04-hours');
    await page.goBack();
    await page.getByRole('link', { name: '签到胸卡' }).click();
    await page.locator('.t-badge-qr').waitFor();
    await shot(page, 'trainee-05-badge');
  });

  test('the class teacher approves the leave and sees the matrix change', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${c.classId}/attendance?view=leave`);
    const card = page.locator('.al-card', { hasText: '次仁央宗' });
    await card.waitFor();
    await card.getByRole('button', { name: /批\s*准/ }).click();
    await page.getByLabel('意见（可选）').fill('同意，注意安全');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /批\s*准/ })
      .click();
    await page.getByText('次仁央宗 的请假：已批准').waitFor();
    await page.getByText('考勤表', { exact: true }).click();
    const matrixRow = page.locator(`tr[data-enrolment="${c.enrolmentIds[0]}"]`);
    await matrixRow.waitFor();
    // Sessions in time order: the lecture (checked in), the site visit (not yet), the discussion (leave).
    assert.deepEqual(await matrixRow.locator('td.am-cell').allTextContents(), ['P', '.', 'V']);
    await e.screenshot(page, 'attendance-01-matrix');
    const record = await e.services.database.db
      .selectFrom('attendance')
      .selectAll()
      .where('session_id', '=', c.sessionIds[2])
      .where('enrolment_id', '=', c.enrolmentIds[0])
      .executeTakeFirst();
    assert.equal(record?.status, 'leave');
    // The session list, with its projector link.
    await page.goto(`${e.url}/classes/${c.classId}/attendance?view=session&session=${c.sessionIds[0]}`);
    await page.getByRole('cell', { name: '次仁央宗' }).first().waitFor();
    await e.screenshot(page, 'attendance-02-session');
    const projector = await e.newPage();
    await e.login(projector);
    await projector.goto(`${e.url}/classes/${c.classId}/projector/${c.sessionIds[0]}`);
    await projector.getByTestId('projector-count').getByText('已签到 1 / 应到 6').waitFor();
    await e.screenshot(projector, 'attendance-03-projector');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the office prints the invitation sheet, issues one code on screen, and reads the yearly hours report', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${c.classId}/attendance?view=invitations`);
    const row = page.locator('tr', { hasText: '白玛' });
    await row.getByRole('button', { name: /签\s*发/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('img.ai-qr').waitFor();
    assert.match((await dialog.locator('.ai-url').textContent()) ?? '', /\/t\/i\/[A-Za-z0-9_-]{32}/);
    await e.screenshot(page, 'attendance-04-invitation');
    await dialog.getByRole('button', { name: /Close|关闭/ }).click();
    await row.getByText('有效', { exact: true }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '打印全班邀请单（PDF）' }).click();
    const pdf = await download;
    assert.match(pdf.suggestedFilename(), /\.pdf$/);

    const office = await e.newPage();
    await e.login(office, 'yuchanghong');
    await office.getByRole('link', { name: '学时统计' }).click();
    await office.getByLabel('年度', { exact: true }).fill('2020');
    await office.getByLabel('年度', { exact: true }).press('Enter');
    await office.getByText('2020 年共 32 人参训，31 人低于 90 学时').waitFor();
    await e.screenshot(office, 'attendance-05-hours-report');
  });

  test('a badge scanned with the network cut is kept on the phone and sent when the network returns', async () => {
    const data = await e.services.attendance.scannerData(c.classId);
    const badge = data.badges.find((b) => b.enrolmentId === c.enrolmentIds[1])!;
    const { context, page } = await phone(await browserFilming(badge.badge, 'badge'));
    await e.login(page);
    await page.goto(`${e.url}/t/scanner/${c.classId}`);
    // Online, the scanner starts on the session open now and records the badge at once.
    await page.locator('.s-scan[data-state="synced"]', { hasText: '王建华' }).waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    // The bus leaves the city: no network. The page still opens (service worker) and scans.
    await context.setOffline(true);
    await page.reload();
    await page.getByText('离线：扫码保存在手机上，联网后自动同步').waitFor();
    await page.getByLabel('日程').selectOption(String(c.sessionIds[1]));
    await page.locator('.s-scan[data-state="queued"]', { hasText: '王建华' }).waitFor({ timeout: 30_000 });
    await shot(page, 'scanner-01-offline', true);
    const before = await e.services.database.db
      .selectFrom('attendance')
      .selectAll()
      .where('session_id', '=', c.sessionIds[1])
      .where('enrolment_id', '=', c.enrolmentIds[1])
      .executeTakeFirst();
    assert.equal(before, undefined, 'nothing reached the server while offline');

    await context.setOffline(false);
    await page.locator('.s-scan[data-state="queued"]').waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByText('在线').first().waitFor();
    await shot(page, 'scanner-02-synced', true);
    const row = await e.services.database.db
      .selectFrom('attendance')
      .selectAll()
      .where('session_id', '=', c.sessionIds[1])
      .where('enrolment_id', '=', c.enrolmentIds[1])
      .executeTakeFirst();
    assert.equal(row?.method, 'badge');
    assert.equal(row?.status, 'present');
    const scans = await e.services.database.db.selectFrom('badge_scans').selectAll().where('class_id', '=', c.classId).execute();
    assert.equal(scans.length, 2, 'one scan per session, each sent once');
    assert.deepEqual(e.pageErrors, []);
  });
});
