// Arrivals and departures (接送站, #18): the 班主任 enters and corrects trainees' travel, sets the
// deadline, plans the pickups and prints the pickup list (and a bus manifest); a trainee enters
// their own travel on the phone; the scanner's boarding mode marks a trainee on the bus from a
// badge seen by Chromium's fake camera (qrcode → PNG → ffmpeg → .y4m), on a 390 × 844 phone.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { USERS } from '../../src/server/demo/seed-facts';
import type { Actor } from '../../src/server/lib/permissions';
import { runningClass } from '../support/attendance';
import { type E2E, LAPTOP, PHONE, RESULTS_DIR, settle, startE2E } from '../support/e2e';
import { pick, saveAndWait } from '../support/e2e-forms';

const NAMES = ['次仁央宗', '王建华', '旺堆', '卓嘎', '李明', '白玛'];
const PHONES = ['13908910001', '13908910002', '13908910003', '13908910004', '13908910005', '13908910006'];
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe('接送站: travel, pickups, the pickup list, the trainee’s own entry and boarding', () => {
  let e: E2E;
  let c: Awaited<ReturnType<typeof runningClass>>;
  let teacher: Actor;
  let dir: string;
  const browsers: Browser[] = [];
  const shot = async (page: Page, name: string) => {
    await settle(page);
    await page.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage: true });
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cohort-travel-'));
    e = await startE2E();
    c = await runningClass(e.services, {
      trainees: 6,
      groups: 2,
      names: NAMES,
      sessions: [{ fromMin: 60, toMin: 300, title: '现场教学：上海科技馆', kind: 'site_visit', hours: 3 }],
    });
    const user = await e.services.auth.findUserByUsername(USERS.classTeacher.username);
    await e.services.classes.addStaff(null, c.classId, { userId: user!.id, role: 'class_teacher' });
    for (const [i, id] of c.enrolmentIds.entries()) {
      const row = await e.services.roster.findEnrolmentRow(e.services.database.db, id);
      await e.services.database.db.updateTable('people').set({ phone: PHONES[i] }).where('id', '=', row!.person_id).execute();
    }
    const { token } = await e.services.auth.login({ username: USERS.classTeacher.username, password: 'cohort-demo-2020', ip: '127.0.0.1' });
    teacher = (await e.services.auth.actorFromToken(token))!;
    // Two trainees' arrivals as the 班主任 collected them in WeChat.
    for (const [i, at, number] of [
      [1, '2026-03-01T15:20:00+08:00', 'TV9881'],
      [2, '2026-03-01T16:05:00+08:00', 'FM9384'],
    ] as const)
      await e.services.residence.saveLeg(teacher, c.classId, c.enrolmentIds[i], {
        direction: 'arrival',
        mode: 'flight',
        number,
        place: '上海浦东国际机场',
        at,
      });
  });
  after(async () => {
    for (const b of browsers) await b.close();
    await e.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the 班主任 enters and edits travel, plans pickups, prints the pickup list and a bus manifest', async () => {
    const page = await e.newPage(LAPTOP);
    await e.login(page);
    await page.goto(`${e.url}/classes/${c.classId}/travel`);
    await page.getByTestId('travel-missing').getByText('次仁央宗').waitFor();
    await shot(page, 'travel-01-start');

    // 次仁央宗's arrival, entered by the 班主任.
    await page.getByRole('button', { name: '录入 次仁央宗 到达' }).click();
    await page.locator('.leg-form #number').fill('TV9881');
    await page.locator('.leg-form #place').fill('上海浦东国际机场');
    await pick(page, '.leg-form', 'date', '2026-03-01');
    await pick(page, '.leg-form', 'time', '15:20');
    await page.locator('.leg-form #companions').fill('与王建华同行');
    await saveAndWait(page, page.getByRole('button', { name: '保 存' }), page.getByText('次仁央宗 的行程已保存'), '次仁央宗 的到达');
    await page.getByTestId(`leg-${c.enrolmentIds[0]}-arrival`).getByText('TV9881').waitFor();
    const entered = (await e.services.residence.travelOverview(c.classId)).entries[0].arrival!;
    assert.equal(entered.at, '2026-03-01T07:20:00.000Z', 'typed as Beijing time');
    assert.equal(entered.companions, '与王建华同行');

    // 旺堆's flight changed: the 班主任 corrects it.
    await page.getByRole('button', { name: '编辑 旺堆 到达' }).click();
    // The form shows the flight entered before it is corrected (typing sooner could be overwritten).
    const number = page.locator('.leg-form #number');
    await page.waitForFunction(() => (document.querySelector('.leg-form #number') as HTMLInputElement | null)?.value === 'FM9384');
    await number.fill('FM9386');
    await saveAndWait(page, page.getByRole('button', { name: '保 存' }), page.getByText('旺堆 的行程已保存'), '旺堆 的到达');
    await page.getByTestId(`leg-${c.enrolmentIds[2]}-arrival`).getByText('FM9386').waitFor();

    // The deadline, and the reminders list of who has still not entered their arrival.
    await pick(page, '', 'travel-deadline', '2026-02-25');
    await page.getByRole('button', { name: '保存截止日期' }).click();
    await page.getByText('截止日期已保存').waitFor();
    const reminders = (await page.getByTestId('travel-missing').textContent()) ?? '';
    for (const n of ['卓嘎', '李明', '白玛']) assert.match(reminders, new RegExp(n));
    assert.doesNotMatch(reminders, /旺堆/);
    assert.match(reminders, /13908910004/);

    // Auto plan: the three flights land within 45 minutes at 浦东 → one pickup.
    await page.getByRole('button', { name: '自动编排接送' }).click();
    await page.getByText('已新建 1 个接送安排').waitFor();
    const [plan] = (await e.services.residence.travelOverview(c.classId)).plans;
    assert.equal(plan.legIds.length, 3);
    await page.getByRole('button', { name: '编辑接送安排 上海浦东国际机场' }).click();
    await page.locator('.plan-form #vehicle').fill('学院考斯特 沪A·K2020');
    await page.locator('.plan-form #staffName').fill('王磊');
    await page.locator('.plan-form #staffPhone').fill('13801762020');
    await page.getByRole('button', { name: '保 存' }).click();
    await page.getByText('接送安排已保存').waitFor();
    await page.getByTestId(`plan-${plan.id}`).getByText('学院考斯特 沪A·K2020').waitFor();
    await shot(page, 'travel-02-planned');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '打印接送站名单（PDF）' }).click();
    const file = join(RESULTS_DIR, 'travel-pickup-list.pdf');
    await (await download).saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    assert.match(text, /接送站名单/);
    assert.match(text, /接站：上海浦东国际机场 2026-03-01 15:20–16:05/);
    assert.match(text, /王磊 13801762020/);
    // Name and phone on one row; a long flight cell may wrap onto the lines around it.
    for (const [n, phone] of [
      ['次仁央宗', PHONES[0]],
      ['王建华', PHONES[1]],
      ['旺堆', PHONES[2]],
    ])
      assert.match(text, new RegExp(`${n}.*${phone}`));
    for (const flight of ['TV9881', 'FM9386']) assert.match(text, new RegExp(flight));
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(RESULTS_DIR, 'travel-pickup-list')]);

    // The bus to the site visit and its manifest.
    await page.goto(`${e.url}/classes/${c.classId}/buses`);
    await page.getByLabel('车辆名称').fill('1号车');
    await page.getByLabel('车牌号').fill('沪D20201');
    await page.getByLabel('座位数').fill('10');
    await page.getByRole('button', { name: '添加车辆' }).click();
    await page.getByTestId('bus-1号车').waitFor();
    await page.getByRole('button', { name: '按小组排座' }).click();
    await page.getByText('已排座：6 人').waitFor();
    const manifest = page.waitForEvent('download');
    await page.getByRole('button', { name: '打印乘车名单（PDF）' }).click();
    const mfile = join(RESULTS_DIR, 'travel-bus-manifest.pdf');
    await (await manifest).saveAs(mfile);
    const mtext = execFileSync('pdftotext', ['-layout', mfile, '-']).toString();
    assert.match(mtext, /去程乘车名单 · 1号车/);
    for (const n of NAMES) assert.match(mtext, new RegExp(n));
    assert.deepEqual(e.pageErrors, []);
    await page.close();
  });

  test('a trainee enters own arrival and confirms the departure the 班主任 entered, on the phone', async () => {
    const id = c.enrolmentIds[3];
    await e.services.residence.setTravelDeadline(teacher, c.classId, new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10));
    await e.services.residence.saveLeg(teacher, c.classId, id, {
      direction: 'departure',
      mode: 'train',
      number: 'Z163',
      place: '上海站',
      at: '2026-03-13T19:58:00+08:00',
    });
    const { token } = await e.services.trainee.issueInvitation(null, id);
    const context = await e.browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.on('pageerror', (err) => e.pageErrors.push(err.message));
    await page.goto(`${e.url}/t/i/${token}`);
    await page.waitForURL(`${e.url}/t`);
    await page.goto(`${e.url}/t/me`);
    await page.getByRole('link', { name: '接送站行程' }).click();
    await page.getByText('请于').waitFor();
    const arrival = page.getByTestId('travel-arrival');
    await arrival.getByLabel('航班号/车次').fill('3u8695');
    await arrival.getByLabel('到达机场/车站').fill('上海虹桥国际机场');
    await arrival.getByLabel('日期').fill('2026-03-01');
    await arrival.getByLabel('时间（北京时间）').fill('20:10');
    await arrival.getByLabel('同行人员（如有）').fill('无');
    await shot(page, 'travel-03-phone-form');
    await arrival.getByRole('button', { name: '保存' }).click();
    await arrival.getByText('✓ 已确认').waitFor();
    const departure = page.getByTestId('travel-departure');
    await departure.getByText('班主任已录入，请核对后确认').waitFor();
    await departure.getByRole('button', { name: '确认无误' }).click();
    await departure.getByText('✓ 已确认').waitFor();
    await shot(page, 'travel-04-phone-saved');
    const o = (await e.services.residence.travelOverview(c.classId)).entries.find((x) => x.enrolmentId === id)!;
    assert.equal(o.arrival?.number, '3U8695');
    assert.equal(o.arrival?.at, '2026-03-01T12:10:00.000Z');
    assert.equal(o.arrival?.place, '上海虹桥国际机场');
    assert.ok(o.arrival?.confirmedAt && o.departure?.confirmedAt);
    assert.equal(o.departure?.number, 'Z163');

    // In Tibetan, the same page.
    await page.evaluate(() => localStorage.setItem('cohort.lang', 'bo'));
    await page.reload();
    await page.getByText('འགྲུལ་བཞུད་ཐོ།').first().waitFor();
    await shot(page, 'travel-05-phone-bo');
    assert.deepEqual(e.pageErrors, []);
    await context.close();
  });

  test('boarding mode: the 班主任’s phone scans a badge at the bus door and marks who boarded', async () => {
    const data = await e.services.attendance.scannerData(c.classId);
    const badge = data.badges.find((b) => b.enrolmentId === c.enrolmentIds[0])!;
    const png = join(dir, 'badge.png');
    const y4m = join(dir, 'badge.y4m');
    await QRCode.toFile(png, badge.badge, { width: 480, margin: 4 });
    const r = spawnSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', png, '-t', '2', '-pix_fmt', 'yuv420p', y4m]);
    assert.equal(r.status, 0, String(r.stderr));
    const b = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [...ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
    });
    browsers.push(b);
    const context = await b.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1, hasTouch: true, isMobile: true });
    await context.grantPermissions(['camera'], { origin: e.url });
    const page = await context.newPage();
    page.on('pageerror', (err) => e.pageErrors.push(err.message));
    await e.login(page);
    await page.goto(`${e.url}/t/scanner/${c.classId}?mode=boarding`);
    await page.getByRole('heading', { name: '扫码登车' }).waitFor();
    await page.locator('.s-scan[data-state="synced"]', { hasText: '次仁央宗' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('boarding-missing').getByText('已上车 1/6').waitFor();
    const missing = (await page.getByTestId('boarding-missing').textContent()) ?? '';
    assert.doesNotMatch(missing, /次仁央宗/);
    assert.match(missing, /王建华/);
    await shot(page, 'travel-06-boarding');

    const s = await e.services.buses.sessionTransport(c.sessionIds[0]);
    const seat = s.vehicles.flatMap((v) => v.passengers).find((p) => p.enrolmentId === c.enrolmentIds[0])!;
    assert.ok(seat.boardedAt, 'marked boarded on the server');
    assert.equal(s.vehicles[0].boardedCount, 1);

    // The manifest screen lists who is still missing.
    const office = await e.newPage(LAPTOP);
    await e.login(office);
    await office.goto(`${e.url}/classes/${c.classId}/buses`);
    await office.getByTestId('bus-1号车').getByText('未上车（5）').waitFor();
    await shot(office, 'travel-07-manifest-missing');
    assert.deepEqual(e.pageErrors, []);
    await office.close();
    await context.close();
  });
});
