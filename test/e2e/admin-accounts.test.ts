// The first days of a college on an empty install (#9), as the people do them: the administrator
// (made with `cohort user add --admin`) signs in, creates the institution (a duplicate code is
// refused on its field), uploads the seal, creates the 教务 organizer's account with a one-time
// password and makes them organizer; the organizer signs in with it, must change it, sees their
// sessions and ends one; creates a class teacher's account, adds them to the class from the class
// overview and invites a project lead by name; the class teacher sets a password from the link;
// the administrator resets a password, disables an account and unlocks a locked one. Every new
// screen is photographed at 1366×768 and 390 px.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { addFirstAdmin, type E2E, fieldError, LAPTOP, PHONE, RESULTS_DIR, SECOND_CLASS_TITLE, startE2E } from '../support/e2e';
import { chooseTitled } from '../support/e2e-forms';

const ADMIN_PASSWORD = 'Sertri-Rock-2026';
const ORGANIZER_PASSWORD = 'Kailash-Kora-2026';
const TEACHER_PASSWORD = 'Yamdrok-Tso-2026';

async function signIn(e: E2E, page: Page, username: string, password: string) {
  await page.goto(`${e.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

describe('admin web app: accounts, institutions and sign-in on an empty install', () => {
  let e: E2E;
  let sealFile: string;
  let organizerOtp = '';
  let classId = 0;
  let teacherLink = '';

  before(async () => {
    e = await startE2E({ demo: false });
    // The first administrator, as an operator makes one on a new install.
    addFirstAdmin(e, ADMIN_PASSWORD);
    sealFile = `${RESULTS_DIR}/admin-accounts-seal.png`;
    await sharp(
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="360" height="360"><circle cx="180" cy="180" r="160" fill="none" stroke="#c8102e" stroke-width="14"/><text x="180" y="196" font-size="44" text-anchor="middle" fill="#c8102e" font-family="Noto Sans CJK SC">科干院</text><text x="180" y="120" font-size="60" text-anchor="middle" fill="#c8102e">★</text></svg>',
      ),
    )
      .png()
      .toFile(sealFile);
  });
  after(() => e.close());
  // A step that does not come fails in seconds, not after the default half minute.
  const open = async (viewport: { width: number; height: number }) => {
    const page = await e.newPage(viewport);
    page.setDefaultTimeout(12_000);
    return page;
  };

  test('the administrator creates the institution (a duplicate code is refused on its field) and uploads its seal', async () => {
    const page = await open(LAPTOP);
    await signIn(e, page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${e.url}/`);
    await page.getByTestId('nav-admin').click();
    await page.waitForURL(`${e.url}/admin/accounts`);
    await page.locator('.account-table').getByText('系统管理员').waitFor();
    await page.locator('.admin-nav').getByText('机构').click();
    await page.waitForURL(`${e.url}/admin/institutions`);
    await page.getByText('还没有机构').waitFor();
    await e.screenshot(page, 'admin-accounts-01-institutions-empty');

    await page.getByRole('button', { name: '新建机构' }).click();
    await page.locator('#name').fill('上海科技管理干部学院');
    await page.locator('#shortName').fill('科干院');
    await page.locator('#code').fill('skgy');
    await page.locator('#serialPattern').fill('{inst}-{year}-{class}-{seq:3}');
    await page.getByTestId('institution-save').click();
    await page.getByText('已创建 上海科技管理干部学院，现在可以上传徽标和印章').waitFor();
    assert.equal((await e.services.classes.findInstitutionByCode('SKGY'))?.name, '上海科技管理干部学院', 'the code was entered in capitals');

    // The seal, a transparent PNG; the preview shows it on a checkerboard.
    const sealSlot = page.locator('.image-slot[data-kind="seal"]');
    await sealSlot.locator('input[type="file"]').setInputFiles(sealFile);
    await page.getByText('印章已上传').waitFor();
    await sealSlot.locator('.image-preview img').waitFor();
    await sealSlot.getByText('360×360 像素').waitFor();
    await e.screenshot(page, 'admin-accounts-02-institution-seal');
    const inst = (await e.services.classes.findInstitutionByCode('SKGY'))!;
    const seal = await e.services.institutions.documentImage(inst.id, 'seal');
    assert.equal(seal?.contentType, 'image/png');

    // A wrong file is refused beside the slot.
    const logoSlot = page.locator('.image-slot[data-kind="logo"]');
    await logoSlot.locator('input[type="file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a not really') });
    await logoSlot.getByText('只接受 PNG 或 JPEG 图片').waitFor();
    await page.getByRole('button', { name: /取\s*消/ }).click();

    await page.locator('.institution-table').getByText('上海科技管理干部学院').waitFor();
    await page.locator('.institution-table img[alt="印章"]').waitFor();
    await e.screenshot(page, 'admin-accounts-03-institutions');

    await page.getByRole('button', { name: '新建机构' }).click();
    await page.locator('#name').fill('另一个学院');
    await page.locator('#code').fill('SKGY');
    await page.getByTestId('institution-save').click();
    assert.equal(await fieldError(page, 'code'), '机构代码 SKGY 已被使用');
    await e.screenshot(page, 'admin-accounts-04-duplicate-code');
    assert.equal((await e.services.institutions.list({ isAdmin: true, grants: [] } as never)).length, 1, 'nothing was created');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the administrator creates the organizer’s account with a one-time password and makes them organizer of the institution', async () => {
    const inst = (await e.services.classes.findInstitutionByCode('SKGY'))!;
    const programmeId = await e.services.classes.createProgramme(null, {
      institutionId: inst.id,
      name: '科技兴藏人才培养工程',
      sponsorName: '西藏自治区科学技术厅',
    });
    // The programme and class screens are another part of the app; here they are made directly.
    const dates = { startsOn: '2027-05-10', endsOn: '2027-05-21', timeZone: 'Asia/Shanghai' };
    const rule = { leaveLimitRatio: 1 / 7, minAttendanceRatio: 6 / 7, lateGraceMinutes: 10 };
    classId = await e.services.classes.createClass(null, programmeId, { title: SECOND_CLASS_TITLE, ...dates, ...rule });

    const page = await open(LAPTOP);
    await signIn(e, page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${e.url}/`);
    await page.goto(`${e.url}/admin/accounts`);
    await page.getByRole('button', { name: '新建账号' }).click();
    await page.locator('#displayName').fill('于长宏');
    await page.locator('#username').fill('yu 长宏');
    await page.getByTestId('account-save').click();
    assert.equal(await fieldError(page, 'username'), '用户名只能包含字母、数字和 . _ @ -');
    await page.locator('#username').fill('yuchanghong');
    await chooseTitled(page, page.locator('#institutionId'), '上海科技管理干部学院（科干院）');
    await e.screenshot(page, 'admin-accounts-05-create-account');
    await page.getByTestId('account-save').click();
    const secret = page.getByTestId('issued-secret');
    await secret.waitFor();
    organizerOtp = (await secret.textContent())!.trim();
    assert.match(organizerOtp, /^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
    await page.getByText('这是唯一一次显示，关闭后无法再查看。').waitFor();
    await e.screenshot(page, 'admin-accounts-06-one-time-password');
    await page.getByRole('button', { name: '我已记下' }).click();

    const row = page.locator('.account-table tr', { hasText: 'yuchanghong' });
    await row.getByText('待修改初始密码').waitFor();
    await page.getByTestId('manage-yuchanghong').click();
    const drawer = page.locator('.account-drawer');
    await drawer.getByText('还没有任何角色').waitFor();
    await chooseTitled(page, drawer.getByRole('combobox', { name: '范围' }), '上海科技管理干部学院', { exact: true });
    await drawer.getByTestId('grant-add').click();
    await page.getByText('已授予').waitFor();
    await drawer.locator('.account-grants').getByText('上海科技管理干部学院').waitFor();
    await e.screenshot(page, 'admin-accounts-07-account-grants');
    const account = await e.services.auth.findUserByUsername('yuchanghong');
    assert.deepEqual(
      (await e.services.auth.getAccount(account!.id)).grants.map((g) => [g.role, g.scopeId]),
      [['organizer', inst.id]],
    );
    assert.deepEqual(e.pageErrors, []);
  });

  test('the organizer signs in with the one-time password, must change it, then sees and ends another session', async () => {
    const laptop = await open(LAPTOP);
    await signIn(e, laptop, 'yuchanghong', organizerOtp);
    await laptop.waitForURL(/\/account\/password/);
    await laptop.getByText('请修改初始密码').waitFor();
    await laptop.locator('#currentPassword').fill(organizerOtp);
    await laptop.locator('#newPassword').fill('password2026');
    await laptop.locator('#newPasswordRepeat').fill('password2026');
    await laptop.getByTestId('change-password').click();
    assert.equal(await fieldError(laptop, 'newPassword'), '这是很常见的密码（或键盘上连续的按键），请换一个');
    await e.screenshot(laptop, 'admin-accounts-08-forced-change');
    // Until changed, the server itself refuses the rest.
    const refused = await laptop.evaluate(async () => (await fetch('/api/v1/classes')).json());
    assert.equal(refused.code, 'auth.password_change_required');
    await laptop.locator('#newPassword').fill(ORGANIZER_PASSWORD);
    await laptop.locator('#newPasswordRepeat').fill(ORGANIZER_PASSWORD);
    await laptop.getByTestId('change-password').click();
    await laptop.waitForURL(`${e.url}/`);
    await laptop.getByText('于长宏，您好').waitFor();

    // Signed in on the phone as well; the laptop lists both and ends the phone's session.
    const phone = await open(PHONE);
    await signIn(e, phone, 'yuchanghong', ORGANIZER_PASSWORD);
    await phone.waitForURL(`${e.url}/`);
    await laptop.goto(`${e.url}/account`);
    const rows = laptop.locator('.session-table tbody tr');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    await laptop.locator('.session-table tr', { hasText: '当前设备' }).waitFor();
    await e.screenshot(laptop, 'admin-accounts-09-own-account');
    await phone.goto(`${e.url}/account`);
    await phone.getByText('登录设备').waitFor();
    await e.screenshot(phone, 'admin-accounts-09-own-account-phone');
    await laptop.reload();
    await laptop.locator('.session-table tbody tr').nth(1).waitFor();
    await laptop
      .locator('.session-table tbody tr')
      .filter({ hasNotText: '当前设备' })
      .getByRole('button', { name: /退\s*出/ })
      .click();
    await laptop.getByRole('button', { name: /确\s*定|OK/ }).click();
    await laptop.getByText('已退出 1 个设备').waitFor();
    await phone.reload();
    await phone.waitForURL(/\/login/);
    assert.deepEqual(e.pageErrors, []);
  });

  test('the organizer creates a class teacher’s account, adds them from the class overview and invites a project lead by name', async () => {
    const page = await open(LAPTOP);
    await signIn(e, page, 'yuchanghong', ORGANIZER_PASSWORD);
    await page.waitForURL(`${e.url}/`);
    await page.getByTestId('nav-admin').click();
    await page.getByText('上海科技管理干部学院的工作人员').waitFor();
    await page.getByRole('button', { name: '新建账号' }).click();
    await page.locator('#displayName').fill('次仁央宗');
    await page.locator('#username').fill('ciren.yangzong');
    await page.getByLabel(/邀请链接/).check();
    await page.getByTestId('account-save').click();
    const secret = page.getByTestId('issued-secret');
    await secret.waitFor();
    teacherLink = (await secret.textContent())!.trim();
    assert.match(teacherLink, /\/welcome#[A-Za-z0-9_-]{40,}$/);
    await e.screenshot(page, 'admin-accounts-10-invitation-link');
    await page.getByRole('button', { name: '我已记下' }).click();
    await page.locator('.account-table tr', { hasText: 'ciren.yangzong' }).getByText('待设置密码').waitFor();
    await e.screenshot(page, 'admin-accounts-11-organizer-accounts');

    await page.goto(`${e.url}/classes/${classId}`);
    const card = page.locator('.staff-card');
    await card.getByText('尚未指定工作人员').waitFor();
    await card.getByTestId('staff-add').click();
    await chooseTitled(page, page.getByRole('combobox', { name: '人员' }), '次仁央宗（ciren.yangzong）');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await card.getByText('次仁央宗 · 班主任').waitFor();

    await card.getByTestId('staff-invite').click();
    await page.locator('#displayName').fill('王建华');
    await page.locator('#username').fill('ciren.yangzong');
    await page.getByLabel('项目负责人').check();
    await page.getByTestId('staff-invite-save').click();
    assert.equal(await fieldError(page, 'username'), '用户名 ciren.yangzong 已被使用');
    await page.locator('#username').fill('wang.jianhua');
    await page.getByTestId('staff-invite-save').click();
    await page.getByTestId('issued-secret').waitFor();
    await page.getByRole('button', { name: '我已记下' }).click();
    await card.getByText('王建华 · 项目负责人').waitFor();
    await e.screenshot(page, 'admin-accounts-12-class-staff');
    const staff = await e.services.classes.listStaff(classId);
    assert.deepEqual(staff.map((s) => [s.displayName, s.role]).sort(), [
      ['次仁央宗', 'class_teacher'],
      ['王建华', 'project_lead'],
    ]);
    const phone = await open(PHONE);
    await signIn(e, phone, 'yuchanghong', ORGANIZER_PASSWORD);
    await phone.waitForURL(`${e.url}/`);
    await phone.goto(`${e.url}/classes/${classId}`);
    await phone.locator('.staff-card').getByText('王建华 · 项目负责人').waitFor();
    await phone.locator('.staff-card').scrollIntoViewIfNeeded();
    await e.screenshot(phone, 'admin-accounts-12-class-staff-phone');
    await phone.goto(`${e.url}/admin/accounts`);
    await phone.locator('.account-list').getByText('次仁央宗').waitFor();
    await e.screenshot(phone, 'admin-accounts-11-organizer-accounts-phone');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the class teacher sets a password from the invitation link and sees the class', async () => {
    const phone = await open(PHONE);
    await phone.goto(teacherLink.replace('http://localhost:3000', e.url));
    await phone.getByRole('heading', { name: '设置登录密码' }).waitFor();
    await phone.getByText(/您的用户名是 ciren\.yangzong/).waitFor();
    await e.screenshot(phone, 'admin-accounts-13-welcome-phone');
    await phone.locator('#newPassword').fill('ciren.yangzong2026');
    await phone.locator('#newPasswordRepeat').fill('ciren.yangzong2026');
    await phone.getByRole('button', { name: '设置密码并登录' }).click();
    assert.equal(await fieldError(phone, 'newPassword'), '密码不能包含用户名');
    await phone.locator('#newPassword').fill(TEACHER_PASSWORD);
    await phone.locator('#newPasswordRepeat').fill(TEACHER_PASSWORD);
    await phone.getByRole('button', { name: '设置密码并登录' }).click();
    await phone.waitForURL(`${e.url}/`);
    await phone.getByText(SECOND_CLASS_TITLE).first().waitFor();
    // The link worked once.
    const again = await open(LAPTOP);
    await again.goto(teacherLink.replace('http://localhost:3000', e.url));
    await again.getByText('链接不可用').waitFor();
    await e.screenshot(again, 'admin-accounts-14-link-used');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the administrator resets a password, disables an account and unlocks a locked one', async () => {
    // Someone hammers the organizer's account from this address until it locks.
    for (let i = 0; i < e.config.loginMaxFailures + 1; i++) {
      await fetch(`${e.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'yuchanghong', password: `guess-${i}` }),
      });
    }
    const locked = await fetch(`${e.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'yuchanghong', password: ORGANIZER_PASSWORD }),
    });
    assert.equal(locked.status, 429);

    const page = await open(LAPTOP);
    await signIn(e, page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${e.url}/`);
    await page.goto(`${e.url}/admin/accounts`);
    await page.getByPlaceholder('按姓名或用户名查找').fill('次仁');
    await page.getByPlaceholder('按姓名或用户名查找').press('Enter');
    await page.locator('.account-table tbody tr').filter({ hasText: 'ciren.yangzong' }).waitFor();
    assert.equal(await page.locator('.account-table tbody tr').count(), 1);
    await page.getByTestId('manage-ciren.yangzong').click();
    const drawer = page.locator('.account-drawer');
    await drawer.getByTestId('reset-otp').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    const otp = (await page.getByTestId('issued-secret').textContent())!.trim();
    await page.getByText('已为 次仁央宗 重置密码').waitFor();
    await e.screenshot(page, 'admin-accounts-15-reset');
    await page.getByRole('button', { name: '我已记下' }).click();
    const old = await fetch(`${e.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ciren.yangzong', password: TEACHER_PASSWORD }),
    });
    assert.equal(old.status, 401, 'the old password no longer works');
    assert.match(otp, /-/);
    await drawer
      .getByRole('button', { name: /关\s*闭|Close/ })
      .first()
      .click({ force: true });

    await page.getByPlaceholder('按姓名或用户名查找').fill('');
    await page.getByPlaceholder('按姓名或用户名查找').press('Enter');
    await page.getByTestId('manage-wang.jianhua').click();
    await drawer.getByTestId('disable').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('已停用 王建华').waitFor();
    await drawer.getByTestId('enable').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.account-table tr', { hasText: 'wang.jianhua' }).getByText('已停用').waitFor();

    const row = page.locator('.account-table tr', { hasText: 'yuchanghong' });
    await row.getByText('登录已锁定').waitFor();
    await e.screenshot(page, 'admin-accounts-16-accounts-admin');
    await page.getByTestId('manage-yuchanghong').click();
    await drawer.getByText(/登录失败次数过多/).waitFor();
    await e.screenshot(page, 'admin-accounts-17-locked');
    await drawer.getByTestId('unlock').click();
    await page.getByText('已解除锁定').waitFor();
    await page.keyboard.press('Escape');
    await row.getByText('正常').waitFor();
    const unlocked = await fetch(`${e.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'yuchanghong', password: ORGANIZER_PASSWORD }),
    });
    assert.equal(unlocked.status, 200);
    const audit = (await e.services.audit.listForEntity('user', (await e.services.auth.findUserByUsername('yuchanghong'))!.id)).map((x) => x.action);
    for (const a of ['user.create', 'grant.create', 'user.password_change', 'auth.login', 'auth.login_failed', 'auth.login_locked', 'user.unlock'])
      assert.ok(audit.includes(a), `${a} in ${audit.join(',')}`);
    assert.deepEqual(e.pageErrors, []);
  });

  test('the key screens at 390 px', async () => {
    const phone = await open(PHONE);
    await signIn(e, phone, 'admin', ADMIN_PASSWORD);
    await phone.waitForURL(`${e.url}/`);
    await phone.goto(`${e.url}/admin/accounts`);
    await phone.locator('.account-list').getByText('于长宏').waitFor();
    await e.screenshot(phone, 'admin-accounts-16-accounts-admin-phone');
    await phone.getByTestId('manage-yuchanghong').click();
    await phone.locator('.account-drawer').getByText('角色授权').waitFor();
    await e.screenshot(phone, 'admin-accounts-07-account-grants-phone');
    await phone.keyboard.press('Escape');
    await phone.getByRole('button', { name: '新建账号' }).click();
    await phone.locator('#displayName').waitFor();
    await e.screenshot(phone, 'admin-accounts-05-create-account-phone');
    await phone.getByRole('button', { name: /取\s*消/ }).click();
    await phone.goto(`${e.url}/admin/institutions`);
    await phone.getByText('上海科技管理干部学院').waitFor();
    await e.screenshot(phone, 'admin-accounts-03-institutions-phone');
    await phone.getByRole('button', { name: /编辑机构/ }).click();
    await phone.locator('.image-slot[data-kind="seal"] .image-preview img').waitFor();
    await e.screenshot(phone, 'admin-accounts-02-institution-seal-phone');

    // The forced change and the credential dialog on a phone.
    const reset = await e.services.auth.resetCredential(null, (await e.services.auth.findUserByUsername('wang.jianhua'))!.id, 'one_time_password');
    await e.services.auth.updateAccount(null, reset.account.id, { disabled: false });
    const other = await open(PHONE);
    await signIn(e, other, 'wang.jianhua', reset.oneTimePassword!);
    await other.waitForURL(/\/account\/password/);
    await other.getByText('请修改初始密码').waitFor();
    await e.screenshot(other, 'admin-accounts-08-forced-change-phone');
    await phone.goto(`${e.url}/admin/accounts`);
    await phone.getByTestId('manage-wang.jianhua').click();
    await phone.locator('.account-drawer').getByTestId('reset-otp').click();
    await phone.getByRole('button', { name: /确\s*定|OK/ }).click();
    await phone.getByTestId('issued-secret').waitFor();
    await e.screenshot(phone, 'admin-accounts-06-one-time-password-phone');

    // In English, one click away.
    const english = await open(LAPTOP);
    await signIn(e, english, 'admin', ADMIN_PASSWORD);
    await english.waitForURL(`${e.url}/`);
    await english.goto(`${e.url}/admin/accounts`);
    await english.locator('.login-locale, .app-header').getByText('EN').click();
    await english.getByRole('heading', { name: 'Staff accounts' }).waitFor();
    await english.getByText('Sign-in locked').or(english.getByText('One-time password not changed')).first().waitFor();
    await e.screenshot(english, 'admin-accounts-18-accounts-en');
    await english.getByTestId('manage-yuchanghong').click();
    await english.locator('.account-drawer').getByText('Sign-in and security').waitFor();
    await e.screenshot(english, 'admin-accounts-19-account-en');
    assert.deepEqual(e.pageErrors, []);
  });
});
