// The residential class's day (#18): the 班主任 puts two buses on the site visit, seats the class
// group by group and prints the manifest; a group leader takes roll call of their group on the
// phone with the network cut, and it syncs when the network returns; a trainee without his badge
// is found by name on the boarding screen and tapped aboard.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { USERS } from '../../src/server/demo/seed-facts';
import { runningClass } from '../support/attendance';
import { type E2E, LAPTOP, PHONE, RESULTS_DIR, settle, startE2E } from '../support/e2e';

describe('buses for a site visit and a group leader’s roll call', () => {
  let e: E2E;
  let c: Awaited<ReturnType<typeof runningClass>>;
  before(async () => {
    e = await startE2E();
    c = await runningClass(e.services, {
      trainees: 12,
      groups: 3,
      names: ['次仁央宗', '王建华', '旺堆', '卓嘎', '李明', '白玛', '扎西', '达瓦', '格桑', '拉姆', '索朗', '尼玛'],
      sessions: [
        { fromMin: -10, toMin: 170, title: '专题讲座：科技创新政策解读', hours: 3 },
        { fromMin: 90, toMin: 300, title: '现场教学：上海科技馆', kind: 'site_visit', hours: 3 },
      ],
    });
    const teacher = await e.services.auth.findUserByUsername(USERS.classTeacher.username);
    await e.services.classes.addStaff(null, c.classId, { userId: teacher!.id, role: 'class_teacher' });
  });
  after(() => e.close());

  test('the 班主任 adds two buses, seats the class by group and prints the manifest', async () => {
    const page = await e.newPage(LAPTOP);
    await e.login(page);
    await page.goto(`${e.url}/classes/${c.classId}/buses`);
    for (const [label, plate, seats] of [
      ['1号车', '沪D20201', '7'],
      ['2号车', '沪D20202', '8'],
    ]) {
      await page.getByLabel('车辆名称').fill(label);
      await page.getByLabel('车牌号').fill(plate);
      await page.getByLabel('座位数').fill(seats);
      await page.getByLabel('客运公司').fill('上海浦江旅游客运');
      await page.getByRole('button', { name: '添加车辆' }).click();
      await page.getByTestId(`bus-${label}`).waitFor();
    }
    await page.getByRole('button', { name: '按小组排座' }).click();
    await page.getByText('已排座：12 人').waitFor();
    const s = await e.services.buses.sessionTransport(c.sessionIds[1]);
    assert.equal(s.unassigned.outbound.length, 0);
    for (const g of c.groupIds) assert.equal(new Set(s.vehicles.filter((v) => v.passengers.some((p) => p.groupId === g)).map((v) => v.id)).size, 1);
    await page.getByText('未上车（').first().waitFor();
    await settle(page);
    await page.screenshot({ path: join(RESULTS_DIR, 'buses-01-seated.png'), fullPage: true });

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '打印乘车名单（PDF）' }).click();
    const file = join(RESULTS_DIR, 'buses-manifest.pdf');
    await (await download).saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    assert.match(text, /去程乘车名单 · 1号车/);
    assert.match(text, /次仁央宗/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(RESULTS_DIR, 'buses-manifest')]);
    await page.close();
  });

  test('a group leader takes roll call offline on the phone, and it syncs', async () => {
    const leader = c.enrolmentIds[0];
    await e.services.roster.updateGroup(
      (await e.services.auth.actorFromToken(
        (
          await e.services.auth.login({ username: USERS.classTeacher.username, password: 'cohort-demo-2020', ip: '127.0.0.1' })
        ).token,
      ))!,
      c.groupIds[0],
      {
        leaderEnrolmentId: leader,
      },
    );
    const { token } = await e.services.trainee.issueInvitation(null, leader);
    const context = await e.browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.on('pageerror', (err) => e.pageErrors.push(err.message));
    await page.goto(`${e.url}/t/i/${token}`);
    await page.waitForURL(`${e.url}/t`);
    await page.goto(`${e.url}/t/me`);
    await page.getByRole('link', { name: '本组点名' }).click();
    await page.getByText('第1组点名').waitFor();
    await page.getByLabel('日程').selectOption(String(c.sessionIds[0]));

    await context.setOffline(true);
    await page.getByText('离线：点名保存在手机上，联网后自动同步').waitFor();
    // Group 1 is enrolments 0, 3, 6, 9 (王建华 is in group 2, not on the sheet).
    assert.equal(await page.getByTestId('rc-王建华').count(), 0);
    await page.getByTestId('rc-卓嘎').getByRole('button', { name: '到', exact: true }).click();
    await page.getByTestId('rc-扎西').getByRole('button', { name: '迟到' }).click();
    await page.getByTestId('rc-拉姆').getByRole('button', { name: '缺' }).click();
    await page.getByText('待同步 3 条').waitFor();
    await settle(page);
    await page.screenshot({ path: join(RESULTS_DIR, 'roll-call-01-offline.png'), fullPage: true });
    const none = await e.services.database.db.selectFrom('attendance').selectAll().where('method', '=', 'roll_call').execute();
    assert.equal(none.length, 0, 'nothing reached the server while offline');

    await context.setOffline(false);
    await page.getByText('待同步 0 条').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(RESULTS_DIR, 'roll-call-02-synced.png'), fullPage: true });
    const rows = await e.services.database.db.selectFrom('attendance').selectAll().where('method', '=', 'roll_call').execute();
    assert.deepEqual(rows.map((r) => r.status).sort(), ['absent', 'late', 'present']);
    const list = await e.services.attendance.sessionAttendance(c.sessionIds[0]);
    assert.equal(list.entries.find((x) => x.enrolmentId === c.enrolmentIds[3])!.recordedBy, '次仁央宗');
    assert.deepEqual(e.pageErrors, []);
    await context.close();
  });

  test('扎西 left his badge in his room: the 班主任 finds him by name on the boarding screen and taps him aboard', async () => {
    const zhaxi = c.enrolmentIds[6];
    const rides = (await e.services.buses.sessionTransport(c.sessionIds[1])).vehicles.find(
      (v) => v.leg === 'outbound' && v.passengers.some((p) => p.enrolmentId === zhaxi),
    )!;
    // A phone with no camera: the scanner says so, and the typed entry is the way in.
    const context = await e.browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.on('pageerror', (err) => e.pageErrors.push(err.message));
    await e.login(page);
    await page.goto(`${e.url}/t/scanner/${c.classId}?mode=boarding`);
    await page.getByRole('heading', { name: '扫码登车' }).waitFor();
    await page.getByLabel('车辆').selectOption(String(rides.id));
    const entry = page.getByTestId('boarding-entry');
    await entry.getByRole('textbox').fill('达');
    // Only this class's trainees are offered: 达瓦 matches, nobody of another class.
    await entry.getByRole('button', { name: /达瓦/ }).waitFor();
    await page.screenshot({ path: join(RESULTS_DIR, 'boarding-00-search.png'), fullPage: true });
    await entry.getByRole('textbox').fill('扎西');
    await entry.getByRole('button', { name: /扎西/ }).click();
    await page.getByText(`扎西 上 ${rides.label} ✓`).waitFor();
    await page.locator('.s-scan[data-state="synced"]', { hasText: '扎西' }).waitFor({ timeout: 30_000 });
    await settle(page);
    await page.screenshot({ path: join(RESULTS_DIR, 'boarding-01-by-name.png'), fullPage: true });
    const after = (await e.services.buses.sessionTransport(c.sessionIds[1])).vehicles.find((v) => v.id === rides.id)!;
    assert.ok(after.passengers.find((p) => p.enrolmentId === zhaxi)?.boardedAt, 'the server has 扎西 aboard');
    // Typed again, he is shown as aboard and cannot be tapped twice.
    await entry.getByRole('textbox').fill('扎西');
    assert.equal(await entry.getByRole('button', { name: /扎西/ }).isDisabled(), true);
    await entry.getByRole('textbox').fill('不存在的人');
    await entry.getByText('本班没有这个学员').waitFor();
    assert.deepEqual(e.pageErrors, []);
    await context.close();
  });
});
