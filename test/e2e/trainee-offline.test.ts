// The trainee's phone on the bus (#15): after one visit with the network on, the network is cut
// (context.setOffline) and every tab still renders from the service worker's cache and the
// phone's kept data; a check-in scanned offline (camera on the projected code), a code replayed
// after its window and a leave request are queued, and sent when the network returns — the first
// is recorded as an offline check-in and shows on today's list, the replay is refused with its
// reason, the leave arrives. Then the class teacher sees a late offline check-in as 待确认 in the
// matrix, accepts it, and the matrix shows it as an arrival with its 离线 mark.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { USERS } from '../../src/server/demo/seed-facts';
import { makeCheckInCodes } from '../../src/server/modules/attendance/check-in-code';
import { runningClass, traineeActor } from '../support/attendance';
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

describe('the trainee pages with no network', () => {
  let e: E2E;
  let c: Awaited<ReturnType<typeof runningClass>>;
  let dir: string;
  let browser: Browser;

  const shot = async (page: Page, name: string) => {
    await settle(page);
    await page.screenshot({ path: join(RESULTS_DIR, `${name}.png`) });
  };
  const codeAt = (sessionId: number, ms: number) => makeCheckInCodes(e.config.secretKey).codeFor(sessionId, ms).code;

  before(async () => {
    e = await startE2E();
    dir = mkdtempSync(join(tmpdir(), 'cohort-offline-'));
    c = await runningClass(e.services, {
      trainees: 3,
      names: ['次仁央宗', '王建华', '旺堆'],
      sessions: [
        { fromMin: -5, toMin: 175, title: '专题讲座：科技创新政策解读', hours: 3 },
        { fromMin: -40, toMin: 120, title: '现场教学：上海科技馆', kind: 'site_visit', hours: 3 },
        { fromMin: 1440, toMin: 1620, title: '结构化研讨', hours: 3 },
      ],
    });
    const teacher = await e.services.auth.findUserByUsername(USERS.classTeacher.username);
    await e.services.classes.addStaff(null, c.classId, { userId: teacher!.id, role: 'class_teacher' });
    // The camera films the projector's code of now.
    const { url: codeUrl } = await e.services.attendance.checkInCode(c.sessionIds[0]);
    const png = join(dir, 'code.png');
    const y4m = join(dir, 'code.y4m');
    await QRCode.toFile(png, codeUrl, { width: 480, margin: 4 });
    const r = spawnSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', png, '-t', '2', '-pix_fmt', 'yuv420p', y4m]);
    if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr}`);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [...ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
    });
  });
  after(async () => {
    await browser?.close();
    await e.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('after one visit, every tab renders offline; scans and leave queued offline are sent when the network returns', async () => {
    const trainee = c.enrolmentIds[0];
    const { token } = await e.services.trainee.issueInvitation(null, trainee);
    const context = await browser.newContext({
      viewport: PHONE,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      deviceScaleFactor: 1,
      hasTouch: true,
      isMobile: true,
    });
    await context.grantPermissions(['camera'], { origin: e.url });
    const page = await context.newPage();
    page.on('pageerror', (err) => e.pageErrors.push(err.message));

    // The first visit, online: the worker installs (precaching every chunk), the pages keep their data.
    await page.goto(`${e.url}/t/i/${token}`);
    await page.waitForURL(`${e.url}/t`);
    await page.getByText('专题讲座：科技创新政策解读').waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    const tabs: Array<{ path: string; shows: string | RegExp }> = [
      { path: '/t/timetable', shows: '结构化研讨' },
      { path: '/t/leave', shows: '请假申请' },
      { path: '/t/me', shows: '签到胸卡' },
      { path: '/t/hours', shows: '本班学时' },
      { path: '/t/group', shows: '旺堆' },
      { path: '/t/badge', shows: '签到胸卡' },
      { path: '/t/certificates', shows: '我的结业证书' },
    ];
    for (const tab of tabs) {
      await page.goto(`${e.url}${tab.path}`);
      await page.getByText(tab.shows).first().waitFor();
    }

    // The bus leaves: no network. A reload gets the shell from the worker, each tab its kept data.
    await context.setOffline(true);
    await page.goto(`${e.url}/t`);
    await page.getByText('专题讲座：科技创新政策解读').waitFor();
    await page
      .getByRole('note')
      .getByText(/离线 · 上次更新 \d\d:\d\d/)
      .waitFor();
    await shot(page, 'offline-01-today');
    for (const tab of tabs) {
      await page.goto(`${e.url}${tab.path}`);
      await page.getByText(tab.shows).first().waitFor();
      if (tab.path !== '/t/leave')
        await page
          .getByText(/上次更新 \d\d:\d\d/)
          .first()
          .waitFor();
      await shot(page, `offline-02${tab.path.replaceAll('/', '-')}`);
    }
    // The badge QR, offline.
    await page.goto(`${e.url}/t/badge`);
    await page.locator('.t-badge-qr').waitFor();
    assert.ok((await page.locator('.t-badge-qr').getAttribute('src'))?.startsWith('data:image/svg+xml'));

    // Check-in with the camera on the projected code: queued, 待同步.
    await page.getByRole('link', { name: '签到' }).click();
    await page.waitForURL(/\/t\/c\//, { timeout: 30_000 });
    await page.getByRole('heading', { name: '待同步' }).waitFor();
    await shot(page, 'offline-03-check-in-queued');
    // A code of 30 minutes ago, replayed: queued too (the phone cannot judge it).
    await page.goto(`${e.url}/t/c/${codeAt(c.sessionIds[1], Date.now() - 30 * 60_000)}`);
    await page.getByRole('heading', { name: '待同步' }).waitFor();
    // A leave request written offline.
    await page.goto(`${e.url}/t/leave`);
    await page.locator('.t-choice', { hasText: '结构化研讨' }).getByRole('checkbox').check();
    await page.getByLabel('请假事由').fill('单位紧急会议，需返回拉萨');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('已保存在手机上，联网后自动提交').waitFor();
    await page.locator('.t-leave-queued').getByText('待同步').waitFor();
    await shot(page, 'offline-04-leave-queued');
    assert.equal(await e.services.database.db.selectFrom('attendance').select('id').where('enrolment_id', '=', trainee).executeTakeFirst(), undefined);

    // The network returns: the outbox goes out.
    await page.goto(`${e.url}/t`);
    await context.setOffline(false);
    await page.locator('.t-session', { hasText: '专题讲座' }).getByText('已签到').waitFor({ timeout: 30_000 });
    const outbox = page.getByRole('region', { name: '离线签到' });
    await outbox.locator('[data-outbox="done"]', { hasText: '专题讲座' }).waitFor();
    await outbox.locator('[data-outbox="refused"]').getByText('扫描时间与签到码不符').waitFor();
    await shot(page, 'offline-05-synced');
    const rows = await e.services.database.db.selectFrom('attendance').selectAll().where('enrolment_id', '=', trainee).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].session_id, c.sessionIds[0]);
    assert.equal(rows[0].method, 'offline');
    assert.equal(rows[0].review, null);
    const leave = await e.services.database.db.selectFrom('leave_requests').selectAll().where('enrolment_id', '=', trainee).execute();
    assert.equal(leave.length, 1);
    assert.equal(leave[0].reason, '单位紧急会议，需返回拉萨');
    await page.goto(`${e.url}/t/leave`);
    await page.locator('.t-leave', { hasText: '单位紧急会议' }).getByText('请假待审批').waitFor();
    assert.equal(await page.locator('.t-leave-queued').count(), 0);
    assert.deepEqual(e.pageErrors, []);
    await context.close();
  });

  test('the class teacher sees the late offline check-in as 待确认 in the matrix, accepts it (待确认 → present), and the matrix marks it 离线', async () => {
    const { actor } = await traineeActor(e.services, c.enrolmentIds[1]);
    const scannedAt = Date.now() - 20 * 60_000;
    const body = { code: codeAt(c.sessionIds[1], scannedAt), scannedAt: new Date(scannedAt).toISOString(), personId: actor.personId! };
    const r = await e.services.trainee.offlineCheckIn(actor, body);
    assert.equal(r.review, 'pending');
    // 王建华's own phone says the check-in waits for the class teacher (not 已签到).
    const { token } = await e.services.trainee.issueInvitation(null, c.enrolmentIds[1]);
    const phone = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
    const mine = await phone.newPage();
    mine.on('pageerror', (err) => e.pageErrors.push(err.message));
    await mine.goto(`${e.url}/t/i/${token}`);
    await mine.waitForURL(`${e.url}/t`);
    await mine.goto(`${e.url}/t/timetable`);
    await mine.locator(`.t-session[data-session="${c.sessionIds[1]}"]`).locator('.t-chip-review', { hasText: '离线签到待班主任确认' }).waitFor();
    await shot(mine, 'offline-05b-trainee-awaiting-review');
    await phone.close();
    const page = await e.newPage();
    await e.login(page);
    // The matrix: 王建华's site visit is 待确认 (not present), counted in the 待确认 row, not among those who came.
    await page.goto(`${e.url}/classes/${c.classId}/attendance?view=matrix`);
    const cellOf = (i: number, sessionId: number) => page.locator(`tr[data-enrolment="${c.enrolmentIds[i]}"] td[data-session="${sessionId}"]`);
    const visit = cellOf(1, c.sessionIds[1]);
    await visit.getByText('待确认').waitFor();
    assert.match((await visit.getAttribute('class')) ?? '', /am-review/);
    const tip = (await visit.getAttribute('title')) ?? '';
    assert.match(tip, /^待确认 · 离线签到 · 扫码 \d\d-\d\d \d\d:\d\d · 同步 \d\d-\d\d \d\d:\d\d$/);
    const review = page.getByTestId('matrix-review-row');
    assert.deepEqual((await review.locator('td').allTextContents()).filter(Boolean), ['1']);
    // 次仁央宗's check-in scanned on the bus and synced at once: present, with the 离线 mark.
    const lecture = cellOf(0, c.sessionIds[0]);
    assert.equal(await lecture.locator('.am-off').textContent(), '离线');
    assert.match((await lecture.getAttribute('title')) ?? '', /^(出勤|迟到) · 离线签到 · 扫码 /);
    await e.screenshot(page, 'offline-06-matrix-pending');

    await page.goto(`${e.url}/classes/${c.classId}/attendance?view=offline`);
    const row = page.locator('tr', { hasText: '王建华' });
    await row.getByText('现场教学：上海科技馆').waitFor();
    await e.screenshot(page, 'offline-07-review');
    await row.getByRole('button', { name: '确认签到' }).click();
    await page.getByText('王建华：已确认').waitFor();
    const rec = await e.services.database.db.selectFrom('attendance').selectAll().where('enrolment_id', '=', c.enrolmentIds[1]).executeTakeFirstOrThrow();
    assert.equal(rec.review, 'accepted');
    assert.ok(rec.status === 'present' || rec.status === 'late');
    await page
      .getByText(/已确认/)
      .first()
      .waitFor();
    // Back in the matrix the cell is an arrival (P or L) with the 离线 mark, and nothing waits for review.
    await page.goto(`${e.url}/classes/${c.classId}/attendance?view=matrix`);
    await visit.locator('.am-off').waitFor();
    assert.equal(await visit.textContent(), `${rec.status === 'late' ? 'L' : 'P'}离线`);
    assert.match((await visit.getAttribute('title')) ?? '', /^(出勤|迟到) · 离线签到 · 扫码 .* · 已确认$/);
    assert.equal(await page.getByTestId('matrix-review-row').count(), 0);
    await e.screenshot(page, 'offline-08-matrix-accepted');
    assert.deepEqual(e.pageErrors, []);
  });
});
