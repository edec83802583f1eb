// A college's first week with Cohort, on an empty install (no demo data), everything on screen:
// the operator makes the first administrator with `cohort user add --admin` (the README's way);
// the administrator creates the institution, the 教务 organizer's account with a one-time password,
// grants the organizer role and creates the programme; the organizer signs in (must change the
// one-time password), creates two classes, the groups and trainees of the first, invites its
// 班主任 by name from the staff card, builds the timetable (a lecture with a lecturer added from the
// form, a site visit with a site added from the form, a discussion for every group at once, a
// graduation with trainee speakers), provokes the three kinds of clash (trainees, a lecturer taken
// by the other class, the hall taken by the other class), saves them anyway, finds them on the check
// tab and as markers, and moves the class through its lifecycle; the class teacher signs in with
// the one-time password, changes it, and sees that class only. Every screen at 1366×768, the key
// ones again at 390 px.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addDaysTo, wallClockOf } from '../../src/server/lib/wall-clock';
import { addFirstAdmin, type E2E, LAPTOP, PHONE, settle, startE2E } from '../support/e2e';
import { choose, chooseKind, chooseTitled, pick } from '../support/e2e-forms';

const TZ = 'Asia/Shanghai';
const ADMIN_PASSWORD = 'Sertri-Rock-2026';
const ORGANIZER_PASSWORD = 'Kailash-Kora-2026';
const TEACHER_PASSWORD = 'Yamdrok-Tso-2026';
const INSTITUTION = '上海科技管理干部学院';
const PROGRAMME = '雪域英才科技管理干部培养计划';

/** The Monday at least three weeks from today (the class's time zone): the class starts in the future. */
function firstMonday(): string {
  let day = addDaysTo(wallClockOf(Date.now(), TZ).date, 21);
  while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 1) day = addDaysTo(day, 1);
  return day;
}

const D1 = firstMonday();
const day = (n: number) => addDaysTo(D1, n);
/** How the warnings name a day: 10月13日. */
const md = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const YEAR = D1.slice(0, 4);
const CLASS_A = `${YEAR}年雪域英才科技管理干部培训班`;
const CLASS_B = `${YEAR}年青年科技人才研修班`;

const warningTexts = async (page: Page) => (await page.getByTestId('planning-warnings').locator('.planning-warning').allTextContents()).map((s) => s.trim());

async function signIn(e: E2E, page: Page, username: string, password: string) {
  await page.goto(`${e.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** Signs in with a one-time password and sets the own one on the forced change screen. */
async function firstSignIn(e: E2E, page: Page, username: string, otp: string, password: string, shot: string) {
  await signIn(e, page, username, otp);
  await page.waitForURL(/\/account\/password/);
  await page.getByText('请修改初始密码').waitFor();
  await page.locator('#currentPassword').fill(otp);
  await page.locator('#newPassword').fill(password);
  await page.locator('#newPasswordRepeat').fill(password);
  await e.screenshot(page, shot);
  await page.getByTestId('change-password').click();
  await page.waitForURL(`${e.url}/`);
}

/** Reads the one-time password from the credential dialog and closes it. */
async function issuedSecret(page: Page) {
  const secret = page.getByTestId('issued-secret');
  await secret.waitFor();
  const text = (await secret.textContent())?.trim() ?? '';
  assert.match(text, /^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
  return text;
}

describe('a college’s first week, on screen, from an empty install', () => {
  let e: E2E;
  let organizerOtp = '';
  let teacherOtp = '';
  let classA = 0;
  let classB = 0;
  const open = async (viewport = LAPTOP) => {
    const page = await e.newPage(viewport);
    page.setDefaultTimeout(15_000);
    return page;
  };
  const organizer = async (viewport = LAPTOP) => {
    const page = await open(viewport);
    await signIn(e, page, 'yuchanghong', ORGANIZER_PASSWORD);
    await page.waitForURL(`${e.url}/`);
    return page;
  };

  before(async () => {
    e = await startE2E({ demo: false });
    // The first administrator, made as the README tells the operator.
    addFirstAdmin(e, ADMIN_PASSWORD);
  });
  after(() => e.close());

  test('the administrator: institution, the organizer’s account and role, the programme', { timeout: 120_000 }, async () => {
    const page = await open();
    await signIn(e, page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${e.url}/`);
    await page.getByText('系统管理员，您好').waitFor();
    await e.screenshot(page, 'first-week-01-admin-home-empty');

    await page.getByTestId('nav-admin').click();
    await page.waitForURL(`${e.url}/admin/accounts`);
    await page.locator('.admin-nav').getByText('机构').click();
    await page.getByText('还没有机构').waitFor();
    await page.getByRole('button', { name: '新建机构' }).click();
    await page.locator('#name').fill(INSTITUTION);
    await page.locator('#shortName').fill('科干院');
    await page.locator('#code').fill('SKGY');
    await page.locator('#serialPattern').fill('{inst}-{year}-{class}-{seq:3}');
    await e.screenshot(page, 'first-week-02-institution-form');
    await page.getByTestId('institution-save').click();
    await page.getByText(`已创建 ${INSTITUTION}，现在可以上传徽标和印章`).waitFor();
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await page.locator('.institution-table').getByText(INSTITUTION).waitFor();
    await e.screenshot(page, 'first-week-03-institutions');

    await page.locator('.admin-nav').getByText('人员账号').click();
    await page.getByRole('button', { name: '新建账号' }).click();
    await page.locator('#displayName').fill('于长宏');
    await page.locator('#username').fill('yuchanghong');
    await chooseTitled(page, page.locator('#institutionId'), `${INSTITUTION}（科干院）`);
    await e.screenshot(page, 'first-week-04-organizer-account-form');
    await page.getByTestId('account-save').click();
    organizerOtp = await issuedSecret(page);
    await e.screenshot(page, 'first-week-05-one-time-password');
    await page.getByRole('button', { name: '我已记下' }).click();
    await page.getByTestId('manage-yuchanghong').click();
    const drawer = page.locator('.account-drawer');
    await chooseTitled(page, drawer.getByRole('combobox', { name: '范围' }), INSTITUTION, { exact: true });
    await drawer.getByTestId('grant-add').click();
    await drawer.getByText(`教务 · ${INSTITUTION}`).waitFor();
    await e.screenshot(page, 'first-week-06-organizer-granted');
    await page.keyboard.press('Escape');

    // The programme: from the home page.
    await page.goto(`${e.url}/`);
    await page.getByRole('button', { name: '新建培养项目' }).click();
    const form = page.getByRole('dialog');
    await form.locator('#name').fill(PROGRAMME);
    await form.locator('#sponsorName').fill('西藏自治区党委组织部');
    await form.locator('#startYear').fill(YEAR);
    await form.locator('#endYear').fill(String(Number(YEAR) + 2));
    await form.locator('#description').fill('面向西藏各地市科技管理干部的三年培养计划，每年一期。');
    await e.screenshot(page, 'first-week-07-programme-form');
    await form.getByTestId('programme-save').click();
    await page.getByRole('heading', { name: PROGRAMME }).waitFor();
    await e.screenshot(page, 'first-week-08-programme-page');
    const inst = await e.services.classes.findInstitutionByCode('SKGY');
    assert.equal(inst?.name, INSTITUTION);
    assert.equal(inst?.serial_pattern, '{inst}-{year}-{class}-{seq:3}');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the organizer: first sign-in, two classes, groups, trainees and the class teacher', { timeout: 180_000 }, async () => {
    const page = await open();
    await firstSignIn(e, page, 'yuchanghong', organizerOtp, ORGANIZER_PASSWORD, 'first-week-09-organizer-password');
    await page.getByText('于长宏，您好').waitFor();
    await page.getByRole('link', { name: PROGRAMME }).click();
    await page.getByRole('heading', { name: PROGRAMME }).waitFor();

    // The first class, every field.
    await page.getByRole('button', { name: '新建培训班' }).click();
    const form = '.class-form';
    await page.locator(`${form} #title`).fill(CLASS_A);
    await page.locator(`${form} #shortTitle`).fill(`${YEAR}雪域英才班`);
    await page.locator(`${form} #code`).fill(`XY-${YEAR}`);
    await pick(page, form, 'startsOn', D1);
    await pick(page, form, 'endsOn', day(4));
    await page.locator(`${form} #place`).fill('上海·浦东');
    await page.locator(`${form} #timeZone`).click();
    await page.locator(`${form} #timeZone`).fill('Shanghai');
    await page.locator('.ant-select-item-option').filter({ hasText: 'Asia/Shanghai' }).first().click();
    await page.locator(`${form} #organizerName`).fill(INSTITUTION);
    await page.locator(`${form} #sponsorName`).fill('西藏自治区党委组织部');
    await page.locator(`${form} #description`).fill('五天：专题讲座、现场教学与结构化研讨。');
    await page.locator(`${form} #minAttendancePct`).fill('90');
    await page.locator(`${form} #leaveLimitPct`).fill('10');
    await page.locator(`${form} #lateGraceMinutes`).fill('15');
    await pick(page, form, 'lunchStarts', '11:30');
    await pick(page, form, 'lunchEnds', '13:30');
    await e.screenshot(page, 'first-week-10-class-form');
    await page.getByTestId('class-save').click();
    await page.getByText(`已创建培训班“${CLASS_A}”`).waitFor();
    await page.getByRole('heading', { name: CLASS_A }).waitFor();
    classA = Number(/\/classes\/(\d+)/.exec(page.url())?.[1]);
    await page.getByTestId('lifecycle-now').waitFor();
    const saved = await e.services.classes.getClass(null, classA);
    assert.deepEqual(
      [saved.code, saved.startsOn, saved.endsOn, saved.timeZone, saved.minAttendanceRatio, saved.leaveLimitRatio, saved.lateGraceMinutes, saved.status],
      [`XY-${YEAR}`, D1, day(4), TZ, 0.9, 0.1, 15, 'planning'],
    );
    await e.screenshot(page, 'first-week-11-class-overview');

    // The second class of the same week (its own trainees, the same lecture hall and lecturers).
    await page.goto(`${e.url}/`);
    await page.getByRole('link', { name: PROGRAMME }).click();
    await page.getByRole('button', { name: '新建培训班' }).click();
    await page.locator(`${form} #title`).fill(CLASS_B);
    await pick(page, form, 'startsOn', D1);
    await pick(page, form, 'endsOn', day(2));
    await page.getByTestId('class-save').click();
    await page.getByText(`已创建培训班“${CLASS_B}”`).waitFor();
    await page.getByRole('heading', { name: CLASS_B }).waitFor();
    classB = Number(/\/classes\/(\d+)/.exec(page.url())?.[1]);
    assert.ok(classB && classB !== classA);

    // Groups of the first class.
    await page.goto(`${e.url}/classes/${classA}/groups`);
    for (const name of ['第一组', '第二组']) {
      await page.getByRole('button', { name: '新建小组' }).click();
      await page.getByRole('dialog').locator('#name').fill(name);
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /保\s*存/ })
        .click();
      await page.getByTestId(`group-${name}`).waitFor();
    }
    await e.screenshot(page, 'first-week-12-groups');

    // Three trainees, from the roster's add screen.
    await page.goto(`${e.url}/classes/${classA}/roster`);
    const trainees = [
      { name: '格桑', nameBo: 'སྐལ་བཟང་', gender: '男', unit: '拉萨市科学技术局', post: '科长', group: '第一组' },
      { name: '卓玛', nameBo: 'སྒྲོལ་མ', gender: '女', unit: '日喀则市科学技术局', post: '副局长', group: '第二组' },
      { name: '次仁顿珠', nameBo: '', gender: '男', unit: '山南市科学技术局', post: '科员', group: '第一组' },
    ];
    for (const [n, p] of trainees.entries()) {
      await page.getByRole('button', { name: '添加学员' }).click();
      await page.locator('.enrolment-form').waitFor();
      await page.locator('#person_name').fill(p.name);
      if (p.nameBo) await page.locator('#person_nameBo').fill(p.nameBo);
      await page.locator('.enrolment-form').getByLabel(p.gender, { exact: true }).check();
      await page.locator('#person_ethnicity').fill('藏族');
      await page.locator('#person_workUnit').fill(p.unit);
      await page.locator('#person_position').fill(p.post);
      await chooseTitled(page, page.locator('#groupId'), p.group);
      if (n === 0) await e.screenshot(page, 'first-week-13-add-trainee');
      await page.getByTestId('enrolment-save').click();
      await page.getByText(`已添加 ${p.name}`).waitFor();
      await page.locator('.enrolment-form').waitFor({ state: 'hidden' });
    }
    await page.getByText('显示 3 / 共 3 人').waitFor();
    await e.screenshot(page, 'first-week-14-roster');

    // The class teacher: a new account, invited by name from the staff card, with a one-time password.
    await page.goto(`${e.url}/classes/${classA}`);
    const card = page.locator('.staff-card');
    await card.getByText('尚未指定工作人员').waitFor();
    await card.getByTestId('staff-invite').click();
    await page.locator('#displayName').fill('次仁央宗');
    await page.locator('#username').fill('ciren.yangzong');
    await e.screenshot(page, 'first-week-15-invite-class-teacher');
    await page.getByTestId('staff-invite-save').click();
    teacherOtp = await issuedSecret(page);
    await page.getByRole('button', { name: '我已记下' }).click();
    await card.getByText('次仁央宗 · 班主任').waitFor();
    await e.screenshot(page, 'first-week-16-class-staff');
    const staff = await e.services.classes.listStaff(classA);
    assert.deepEqual(
      staff.map((s) => [s.displayName, s.role]),
      [['次仁央宗', 'class_teacher']],
    );
    assert.deepEqual(e.pageErrors, []);
  });

  test('the organizer builds the timetable: lecture, site visit, a discussion for every group, the graduation', { timeout: 300_000 }, async () => {
    const page = await organizer();
    await page.getByRole('link', { name: CLASS_A }).click();
    await page.getByRole('tab', { name: '课程表' }).click();
    await page.getByTestId('calendar-week').waitFor();
    const form = '.session-form';

    // 1. A lecture; its lecturer is new, added from the form.
    await page.getByRole('button', { name: '新建日程' }).click();
    await page.locator(form).waitFor();
    await page.locator(`${form} #title`).fill('科技创新政策解读');
    await pick(page, form, 'date', day(0));
    await pick(page, form, 'startsAt', '09:00');
    await pick(page, form, 'endsAt', '11:30');
    await page.locator(`${form} #venue`).fill('学院报告厅');
    await page.getByTestId('new-lecturer').click();
    const lecturerForm = page.locator('.ant-drawer').filter({ hasText: '新增教师' }).last();
    await lecturerForm.locator('#name').fill('张春羽');
    await lecturerForm.locator('#title').fill('研究员');
    await lecturerForm.locator('#organisation').fill('上海市科学学研究所');
    await e.screenshot(page, 'first-week-17-new-lecturer-from-form');
    await lecturerForm.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已新建“张春羽”并选中').waitFor();
    await page
      .locator(`${form} .ant-form-item`)
      .filter({ has: page.locator('#lecturerIds') })
      .filter({ hasText: '张春羽' })
      .last()
      .waitFor();
    await e.screenshot(page, 'first-week-18-lecture-form');
    await page.getByTestId('session-save').click();
    await page.getByText('已新建日程“科技创新政策解读”').waitFor();

    // 2. A site visit; the site is new, added from the form with its travel time.
    await page.getByRole('button', { name: '新建日程' }).click();
    await page.locator(form).waitFor();
    await chooseKind(page, '现场教学');
    await page.locator(`${form} #title`).fill('现场教学：上海科技馆');
    await pick(page, form, 'date', day(1));
    await pick(page, form, 'startsAt', '13:30');
    await pick(page, form, 'endsAt', '17:00');
    await page.getByTestId('new-site').click();
    const siteForm = page.locator('.ant-drawer').filter({ hasText: '新增教学点' }).last();
    await siteForm.locator('#name').fill('上海科技馆');
    await siteForm.locator('#address').fill('上海市浦东新区世纪大道2000号');
    await siteForm.locator('#district').fill('浦东新区');
    await siteForm.locator('#travelMinutes').fill('45');
    await e.screenshot(page, 'first-week-19-new-site-from-form');
    await siteForm.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已新建“上海科技馆”并选中').waitFor();
    await page
      .locator(`${form} .ant-form-item`)
      .filter({ has: page.locator('#siteId') })
      .filter({ hasText: '上海科技馆' })
      .last()
      .waitFor();
    await page.locator(`${form} #hours`).fill('3');
    await page.getByTestId('session-save').click();
    await page.getByText('已新建日程“现场教学：上海科技馆”').waitFor();

    // 3. One discussion for every group at once, each group in its own room.
    await page.getByTestId('create-per-group').click();
    const groupsForm = '.group-sessions-form';
    await page.locator(groupsForm).waitFor();
    await page.locator(`${groupsForm} #title`).fill('结构化研讨：科技创新服务高质量发展');
    await pick(page, groupsForm, 'date', day(2));
    await pick(page, groupsForm, 'startsAt', '14:00');
    await pick(page, groupsForm, 'endsAt', '16:30');
    await page.locator(`${groupsForm} #groups_0_venue`).fill('研讨室A');
    await page.locator(`${groupsForm} #groups_1_venue`).fill('研讨室B');
    await e.screenshot(page, 'first-week-20-discussion-every-group');
    await page.getByTestId('group-sessions-save').click();
    await page.getByText('已为 2 个小组新建“结构化研讨：科技创新服务高质量发展”').waitFor();

    // 4. The graduation, with two trainee speakers: the trainee fills in group, unit and post.
    await page.getByRole('button', { name: '新建日程' }).click();
    await page.locator(form).waitFor();
    await chooseKind(page, '结业式');
    await page.locator(`${form} #title`).fill('结业式');
    await pick(page, form, 'date', day(4));
    await pick(page, form, 'startsAt', '09:00');
    await pick(page, form, 'endsAt', '10:30');
    await page.locator(`${form} #venue`).fill('学院第二报告厅');
    for (const [n, name] of ['格桑', '卓玛'].entries()) {
      await page.getByRole('button', { name: '添加议程' }).click();
      await choose(page, `${form} #agenda_${n}_enrolmentId`, name);
      assert.equal(await page.locator(`${form} #agenda_${n}_speakerName`).inputValue(), name);
    }
    assert.equal(await page.locator(`${form} #agenda_0_speakerRole`).inputValue(), '拉萨市科学技术局科长');
    assert.equal(await page.locator(`${form} #agenda_1_speakerRole`).inputValue(), '日喀则市科学技术局副局长');
    await page.getByRole('button', { name: '添加议程' }).click();
    await page.locator(`${form} #agenda_2_kind`).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '颁发证书' }).click();
    await page.locator(`${form} #agenda_2_title`).fill('颁发结业证书');
    await e.screenshot(page, 'first-week-21-ceremony-speakers');
    await page.getByTestId('session-save').click();
    await page.getByText('已新建日程“结业式”').waitFor();

    const sessions = await e.services.timetable.listSessions(classA);
    assert.deepEqual(
      sessions.map((s) => [s.kind, s.title, s.venue, s.groups.map((g) => g.name).join()]),
      [
        ['lecture', '科技创新政策解读', '学院报告厅', ''],
        ['site_visit', '现场教学：上海科技馆', null, ''],
        ['discussion', '结构化研讨：科技创新服务高质量发展', '研讨室A', '第一组'],
        ['discussion', '结构化研讨：科技创新服务高质量发展', '研讨室B', '第二组'],
        ['ceremony', '结业式', '学院第二报告厅', ''],
      ],
    );
    // The hours typed (3 for the visit) or suggested from the length.
    assert.deepEqual(
      sessions.map((s) => s.hours),
      [2.5, 3, 2.5, 2.5, 1.5],
    );
    assert.deepEqual([sessions[0].lecturers[0]?.name, sessions[1].site?.name, sessions[1].site?.travelMinutes], ['张春羽', '上海科技馆', 45]);
    const ceremony = sessions[4];
    assert.deepEqual(
      ceremony.agenda.map((a) => [a.kind, a.speakerName, a.speakerRole, a.groupId !== null]),
      [
        ['speech', '格桑', '拉萨市科学技术局科长', true],
        ['speech', '卓玛', '日喀则市科学技术局副局长', true],
        ['certificates', null, null, false],
      ],
    );
    assert.deepEqual(await e.services.timetable.planningWarnings(classA), [], 'nothing clashes yet');
    await page.getByText('格桑').first().waitFor({ state: 'attached' });
    await e.screenshot(page, 'first-week-22-timetable-week');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the three kinds of clash: warned on the form with the other session named, saved anyway, on the check tab and as markers', {
    timeout: 300_000,
  }, async () => {
    const page = await organizer();
    const form = '.session-form';
    const lecture = `“科技创新政策解读”（${md(day(0))} 09:00–11:30）`;

    // The other class books 张春羽 and the lecture hall the same morning.
    await page.goto(`${e.url}/classes/${classB}/timetable`);
    await page.getByTestId('calendar-week').waitFor();
    await page.getByRole('button', { name: '新建日程' }).click();
    await page.locator(form).waitFor();
    await page.locator(`${form} #title`).fill('青年科技人才成长之路');
    await pick(page, form, 'date', day(0));
    await pick(page, form, 'startsAt', '10:00');
    await pick(page, form, 'endsAt', '11:30');
    await page.locator(`${form} #venue`).fill('学院报告厅');
    await choose(page, `${form} #lecturerIds`, '张春羽');
    await page.keyboard.press('Escape');
    await page.getByTestId('session-save').click();
    await page.getByTestId('planning-warnings').waitFor();
    assert.deepEqual(await warningTexts(page), [`教师冲突张春羽同时在${CLASS_A}的${lecture}授课`, `场地冲突学院报告厅同时被${CLASS_A}的${lecture}使用`]);
    assert.equal((await e.services.timetable.listSessions(classB)).length, 0, 'nothing saved before the second click');
    await e.screenshot(page, 'first-week-23-form-lecturer-venue-clash');
    await page.getByTestId('session-save').getByText('仍然新建').click();
    await page.getByText('已新建日程“青年科技人才成长之路”').waitFor();
    await page.locator(`[data-date="${day(0)}"] .session-block[data-warnings="2"]`).waitFor();

    // In the first class, a whole-class lecture over the groups' discussions.
    await page.goto(`${e.url}/classes/${classA}/timetable`);
    await page.getByTestId('calendar-week').waitFor();
    await page.getByRole('button', { name: '新建日程' }).click();
    await page.locator(form).waitFor();
    await page.locator(`${form} #title`).fill('科技金融与创新创业服务');
    await pick(page, form, 'date', day(2));
    await pick(page, form, 'startsAt', '15:30');
    await pick(page, form, 'endsAt', '17:00');
    await page.locator(`${form} #venue`).fill('学院报告厅');
    await page.getByTestId('session-save').click();
    await page.getByTestId('planning-warnings').waitFor();
    const discussion = `“结构化研讨：科技创新服务高质量发展”（${md(day(2))} 14:00–16:30）`;
    // One warning per group's discussion: both groups would be in two places.
    assert.deepEqual(await warningTexts(page), [`学员冲突第一组同时安排了${discussion}`, `学员冲突第二组同时安排了${discussion}`]);
    await e.screenshot(page, 'first-week-24-form-trainees-clash');
    await page.getByTestId('session-save').getByText('仍然新建').click();
    await page.getByText('已新建日程“科技金融与创新创业服务”').waitFor();

    // Markers on the calendar: the morning lecture (the other class's clashes) and the afternoon one.
    const marked = page.locator(`[data-date="${day(0)}"] .session-block[data-warnings="2"]`);
    await marked.waitFor();
    await page
      .locator(`[data-date="${day(2)}"] .session-block[data-warnings]`)
      .first()
      .waitFor();
    await settle(page);
    await marked.getByTestId('warning-marker').hover();
    await page
      .locator('.warning-tooltip')
      .getByText(/张春羽同时在/)
      .waitFor();
    await e.screenshot(page, 'first-week-25-markers');
    await page.mouse.move(5, 5);

    // The check tab lists every open warning of the class.
    await page.getByRole('tab', { name: '日程检查' }).click();
    await page.getByTestId('planning-check').waitFor();
    const rows = page.locator('.check-table tbody tr');
    await rows.nth(3).waitFor();
    const listed = (await rows.allTextContents()).map((r) => r.replace(/\s+/g, ''));
    const other = `“青年科技人才成长之路”（${md(day(0))}10:00–11:30）`;
    assert.deepEqual(listed.map((r) => r.slice(0, 4)).sort(), ['场地冲突', '学员冲突', '学员冲突', '教师冲突'].sort());
    assert.ok(
      listed.some((r) => r.startsWith('教师冲突') && r.includes(`张春羽同时在${CLASS_B}的${other}授课`)),
      listed.join('\n'),
    );
    assert.ok(
      listed.some((r) => r.startsWith('场地冲突') && r.includes(`学院报告厅同时被${CLASS_B}的${other}使用`)),
      listed.join('\n'),
    );
    await e.screenshot(page, 'first-week-26-check-tab');

    // The class's 学时 is what one trainee attends: one group's discussion, not both.
    await page.getByRole('tab', { name: '概况' }).click();
    const hours = page.locator('.ant-statistic').filter({ hasText: '学时' });
    await hours.waitFor();
    assert.equal((await hours.textContent())?.replace(/\s+/g, ''), '学时11');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the organizer moves the class through its lifecycle: warnings confirmed, too early overridden with a reason', { timeout: 180_000 }, async () => {
    const page = await organizer();
    await page.goto(`${e.url}/classes/${classA}`);
    await page.getByTestId('lifecycle-now').getByText('筹备：').waitFor();
    await page.getByRole('button', { name: '进入“报名中”阶段' }).click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('培训班已转为“报名中”').waitFor();

    await page.getByRole('button', { name: '进入“进行中”阶段' }).click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    const warnings = page.getByRole('dialog', { name: '日程还有未确认的冲突提醒' });
    const openCount = (await e.services.timetable.planningWarnings(classA)).length;
    await warnings.getByText(`日程还有 ${openCount} 条未确认的提醒`, { exact: false }).waitFor();
    await e.screenshot(page, 'first-week-27-confirm-warnings');
    await warnings.getByTestId('confirm-warnings').click();
    const early = page.getByRole('dialog', { name: '提前进入“进行中”' });
    await early.locator('#reason').fill('学员所在单位要求提前集中，先行开班');
    await e.screenshot(page, 'first-week-28-override-running');
    await early.getByTestId('reason-submit').click();
    await page.getByText('培训班已转为“进行中”').waitFor();

    await page.getByRole('button', { name: '进入“已结业”阶段' }).click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    const done = page.getByRole('dialog', { name: '提前进入“已结业”' });
    await done.locator('#reason').fill('结业式提前举行，按计划结业');
    await done.getByTestId('reason-submit').click();
    await page.getByText('培训班已转为“已结业”').waitFor();
    await e.screenshot(page, 'first-week-29-completed');
    // Completed early: no countdown to the start any more.
    assert.equal(await page.getByText(/距开班还有/).count(), 0);
    assert.equal((await e.services.classes.getClass(null, classA)).status, 'completed');
    const log = await e.services.audit.listForClass(classA);
    const reasons = log.filter((x) => x.action === 'class.transition').map((x) => (x.after as { reason?: string }).reason ?? null);
    assert.deepEqual(reasons.filter(Boolean).sort(), ['学员所在单位要求提前集中，先行开班', '结业式提前举行，按计划结业'].sort());
    assert.deepEqual(e.pageErrors, []);
  });

  test('the class teacher signs in with the one-time password, changes it, and sees only that class', { timeout: 120_000 }, async () => {
    const page = await open();
    await firstSignIn(e, page, 'ciren.yangzong', teacherOtp, TEACHER_PASSWORD, 'first-week-30-teacher-password');
    await page.getByText('次仁央宗，您好').waitFor();
    await page.getByRole('link', { name: CLASS_A }).waitFor();
    assert.equal(await page.getByText(CLASS_B).count(), 0, 'the other class of the institution is not listed');
    await e.screenshot(page, 'first-week-31-teacher-home');
    await page.goto(`${e.url}/classes/${classB}`);
    await page.getByRole('heading', { name: CLASS_B }).waitFor({ state: 'detached' });
    await page
      .getByText(/没有权限|找不到|不存在/)
      .first()
      .waitFor();
    await e.screenshot(page, 'first-week-32-teacher-other-class');
    const answer = await page.evaluate(async (id) => (await fetch(`/api/v1/classes/${id}`)).status, classB);
    assert.ok(answer === 403 || answer === 404, `the API refuses the other class too (${answer})`);
    await page.goto(`${e.url}/classes/${classA}/timetable`);
    await page.getByTestId('calendar-week').waitFor();
    await e.screenshot(page, 'first-week-33-teacher-timetable');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the key screens at 390 px', { timeout: 180_000 }, async () => {
    const page = await organizer(PHONE);
    // The programme's sponsor wraps under its name instead of being cut off.
    await page.locator('.programme-card .card-subtitle').getByText('西藏自治区党委组织部').waitFor();
    const sponsor = await page.locator('.programme-card .card-subtitle').boundingBox();
    assert.ok(sponsor && sponsor.x + sponsor.width <= 390, 'the sponsor is inside the screen');
    await e.screenshot(page, 'first-week-phone-01-organizer-home');
    await page.goto(`${e.url}/classes/${classA}`);
    await page.getByTestId('lifecycle-now').waitFor();
    await e.screenshot(page, 'first-week-phone-02-overview');
    await page.locator('.staff-card').scrollIntoViewIfNeeded();
    await e.screenshot(page, 'first-week-phone-03-staff');
    await page.goto(`${e.url}/classes/${classA}/roster`);
    await page.getByText('格桑').first().waitFor();
    await e.screenshot(page, 'first-week-phone-04-roster');
    await page.goto(`${e.url}/classes/${classA}/timetable?view=list`);
    await page.locator('.session-list-phone').waitFor();
    await e.screenshot(page, 'first-week-phone-05-timetable-list');
    await page.goto(`${e.url}/classes/${classA}/check`);
    await page.locator('.check-card').first().waitFor();
    await e.screenshot(page, 'first-week-phone-06-check');
    await page.goto(`${e.url}/classes/${classB}/timetable?view=list`);
    await page.getByRole('button', { name: '新建日程' }).click();
    const form = '.session-form';
    await page.locator(form).waitFor();
    await page.locator(`${form} #title`).fill('加开讲座');
    await pick(page, form, 'date', day(0));
    await pick(page, form, 'startsAt', '09:30');
    await pick(page, form, 'endsAt', '10:30');
    await page.getByTestId('session-save').click();
    await page.getByTestId('planning-warnings').waitFor();
    await e.screenshot(page, 'first-week-phone-07-form-warning');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page does not scroll sideways (${width}px)`);

    const admin = await open(PHONE);
    await signIn(e, admin, 'admin', ADMIN_PASSWORD);
    await admin.waitForURL(`${e.url}/`);
    await admin.goto(`${e.url}/admin/institutions`);
    await admin.getByText(INSTITUTION).first().waitFor();
    await e.screenshot(admin, 'first-week-phone-08-institutions');
    await admin.goto(`${e.url}/admin/accounts`);
    await admin.locator('.account-list').getByText('于长宏').waitFor();
    await e.screenshot(admin, 'first-week-phone-09-accounts');

    const teacher = await open(PHONE);
    await signIn(e, teacher, 'ciren.yangzong', TEACHER_PASSWORD);
    await teacher.waitForURL(`${e.url}/`);
    await teacher.getByText(CLASS_A).first().waitFor();
    await e.screenshot(teacher, 'first-week-phone-10-teacher-home');
    assert.deepEqual(e.pageErrors, []);
  });
});
