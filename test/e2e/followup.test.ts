// Action plans and the follow-up in the browser (#19): a trainee of the 2026 class writes a plan
// and names a supervisor on a phone (390×844); the clock moves to the follow-up's day and the
// scheduler opens it; the trainee marks the item and answers on the phone; the class teacher
// copies the supervisor's link; the supervisor answers through it without an account; the
// organizer reads the programme's follow-up report.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USERS } from '../../src/server/demo/seed-facts';
import { type E2E, LAPTOP, PHONE, startE2E } from '../support/e2e';
import { traineeActor } from '../support/evaluation-fixtures';

describe('action plan and follow-up in the browser', () => {
  let e: E2E;
  const clock = { now: Date.parse('2026-10-20T04:00:00Z') };
  let cookie: string;

  before(async () => {
    e = await startE2E({ now: () => clock.now });
    const roster = await e.services.roster.rosterIn(e.services.database.db, e.enrollingClassId);
    const p = roster.find((r) => r.name === '次仁央宗')!;
    cookie = (await traineeActor(e.services, p.person_id, p.name)).headers.cookie.split('=')[1];
  });
  after(() => e.close());

  test('plan on the phone, follow-up on its day, the supervisor’s link, the report', async () => {
    const phone = await e.newPage(PHONE);
    await phone.context().addCookies([{ name: 'cohort_session', value: cookie, url: e.url }]);
    await phone.goto(`${e.url}/t/me`);
    await phone.getByRole('link', { name: '行动计划与训后回访' }).click();
    await phone.getByRole('heading', { name: '行动计划' }).waitFor();
    await phone.getByText('训后回访将于 2027-01-23 开始').waitFor();
    await phone.getByLabel('我准备在工作中……').fill('在拉萨市科技局推广科技成果登记');
    await phone.getByLabel('计划完成时间').fill('2026-12-31');
    await phone.getByLabel('衡量办法（可不填）').fill('登记成果 20 项');
    await phone.getByRole('button', { name: '保存', exact: true }).click();
    await phone.getByText('在拉萨市科技局推广科技成果登记').waitFor();
    await phone.getByText('完成时间：2026-12-31').waitFor();
    await phone.getByLabel('姓名、职务').fill('拉萨市科技局局长');
    await phone.getByLabel('手机或电子邮箱').fill('13908901111');
    await phone.getByRole('button', { name: '保存上级信息' }).click();
    await phone.getByText('已保存', { exact: true }).waitFor();
    await e.screenshot(phone, 'followup-01-phone-plan');

    // Not a minute early: at 08:59 on the day the scheduler opens nothing; at 09:00 it opens.
    clock.now = Date.parse('2027-01-23T00:59:00Z');
    assert.deepEqual(await e.services.followup.openDue(), []);
    clock.now = Date.parse('2027-01-23T01:00:00Z');
    assert.deepEqual(await e.services.followup.openDue(), [e.enrollingClassId]);
    await phone.reload();
    await phone.getByText('训后回访进行中', { exact: false }).waitFor();
    await phone.getByRole('button', { name: '已完成' }).click();
    await phone.getByLabel('4 · 较多应用').check();
    await phone.getByLabel('有所提升').check();
    await phone.getByLabel(/请举一个把培训所学用于工作的实例/).fill('已登记成果 12 项，两项进入转化。');
    await phone.getByRole('button', { name: '提交回访' }).click();
    await phone.getByText(/已于 .* 提交/).waitFor();
    await e.screenshot(phone, 'followup-02-phone-answered');

    const laptop = await e.newPage(LAPTOP);
    await e.login(laptop);
    await laptop.goto(`${e.url}/classes/${e.enrollingClassId}/followup`);
    await laptop.getByText('在拉萨市科技局推广科技成果登记').waitFor();
    const copy = laptop.getByRole('button', { name: '复制链接' });
    const link = await copy.getAttribute('data-link');
    assert.match(link ?? '', /\/t\/s\/\d+\.[\w-]{32}$/);
    await e.screenshot(laptop, 'followup-03-class-teacher');

    // The follow-up is open, so the plan stays as it is; the 班主任 comments on the item.
    await laptop.getByRole('button', { name: '修改/点评' }).first().click();
    const dialog = laptop.locator('.plan-item-form');
    await dialog.getByText('训后回访已开始，计划内容不再修改，仍可点评').waitFor();
    assert.equal(await dialog.getByLabel('计划内容').isDisabled(), true);
    await dialog.getByLabel('班主任点评').fill('登记成果的办法可在全局推广，请在回访中写明数量。');
    await laptop
      .getByRole('button', { name: /保\s*存/ })
      .last()
      .click();
    await laptop.getByText('点评：登记成果的办法可在全局推广，请在回访中写明数量。').waitFor();
    await e.screenshot(laptop, 'followup-03b-comment');
    const logged = await e.services.database.db.selectFrom('audit_log').select('action').where('action', '=', 'action_plan.staff_update').execute();
    assert.equal(logged.length, 1);

    // The supervisor visits the college and answers on the 班主任's laptop, still signed in as staff:
    // the page is the supervisor's all the same (no CSRF refusal from the staff session).
    const supervisor = await laptop.context().newPage();
    supervisor.on('pageerror', (err) => e.pageErrors.push(err.message));
    await supervisor.goto(link!.replace('http://localhost:3000', e.url));
    await supervisor.getByRole('heading', { name: '训后回访 · 上级评价' }).waitFor();
    await supervisor.getByText('次仁央宗 同志参加了', { exact: false }).waitFor();
    await supervisor.getByLabel('4 · 变化较大').check();
    await supervisor.getByLabel('工作方法').check();
    await supervisor.getByRole('button', { name: '提交评价' }).click();
    await supervisor.getByText('已提交，感谢您的评价！', { exact: false }).waitFor();
    await e.screenshot(supervisor, 'followup-04-supervisor');

    const organizer = await e.newPage(LAPTOP);
    await e.login(organizer, USERS.organizer.username);
    const programmeId = (await e.services.classes.getClass(null, e.enrollingClassId)).programmeId;
    await organizer.goto(`${e.url}/programmes/${programmeId}`);
    const report = organizer.getByTestId('followup-report');
    await report.getByText('训后跟踪评估报告').waitFor();
    await report.getByRole('cell', { name: '2026年“科技兴藏人才培养工程”西藏科技管理干部培训班' }).waitFor();
    await report.scrollIntoViewIfNeeded();
    await e.screenshot(organizer, 'followup-05-report');
    const text = (await report.textContent()) ?? '';
    assert.match(text, /已登记成果 12 项/);
    assert.deepEqual(e.pageErrors, []);
  });
});
