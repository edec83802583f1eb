// Evaluation in the browser: a trainee answers a lecture's questionnaire on a phone (390×844); the
// class teacher, with the results open on a laptop, refreshes and sees the count, the average and
// the chart change. Then the 2020 demo class's results, templates, reminder list and lecturer pool.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { USERS } from '../../src/server/demo/seed-facts';
import { type E2E, PHONE, startE2E } from '../support/e2e';
import { makeEvaluationClass, traineeActor } from '../support/evaluation-fixtures';

/** A Beijing calendar date `days` from today. */
const bjDate = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** The bar labels and axis texts of one question's chart, as drawn. */
const chartTexts = (page: Page, question: string) => page.locator(`[data-question="${question}"] svg text`).allTextContents();

describe('evaluation in the browser', () => {
  let e: E2E;
  let fx: Awaited<ReturnType<typeof makeEvaluationClass>>;
  let traineeToken: string;

  before(async () => {
    e = await startE2E();
    // Yesterday's sessions (Beijing time): every questionnaire is open now and for two more days.
    fx = await makeEvaluationClass(e.services, { startsOn: bjDate(-2), endsOn: bjDate(2), day: bjDate(-1) });
    const teacher = await e.services.auth.findUserByUsername(USERS.classTeacher.username);
    await e.services.classes.addStaff(null, fx.classId, { userId: teacher!.id, role: 'class_teacher' });
    const trainee = fx.trainees[0];
    const { headers } = await traineeActor(e.services, trainee.personId, trainee.name);
    traineeToken = headers.cookie.split('=')[1];
  });
  after(() => e.close());

  test('a trainee answers on a phone; the class teacher sees the chart change', async () => {
    const teacher = await e.newPage();
    await e.login(teacher);
    await teacher.goto(`${e.url}/classes/${fx.classId}/evaluations`);
    await teacher.getByRole('cell', { name: /测试专题讲座/ }).click();
    const drawer = teacher.getByRole('dialog').filter({ hasText: '评估结果：测试专题讲座' });
    await drawer.getByTestId('ev-answered').waitFor();
    assert.equal((await drawer.getByTestId('ev-answered').locator('.ant-statistic-content').textContent())?.replace(/\s/g, ''), '0/8');
    await drawer.getByText('还没有学员作答。').waitFor();
    await e.screenshot(teacher, 'evaluation-01-teacher-before');

    // The trainee's phone, signed in with their device session.
    const phone = await e.newPage(PHONE);
    await phone.context().addCookies([{ name: 'cohort_session', value: traineeToken, url: e.url }]);
    await phone.goto(`${e.url}/t/evaluations`);
    await phone.getByRole('heading', { name: '课程评估' }).waitFor();
    await phone.getByRole('heading', { name: /待填写/ }).waitFor();
    await e.screenshot(phone, 'evaluation-02-phone-list');
    await phone.getByRole('button', { name: /测试专题讲座/ }).click();
    await phone.getByText('本问卷匿名填写，结果中不会显示您的姓名。', { exact: false }).waitFor();

    // Submitting without answers: every required question is marked, in words that name it.
    await phone.getByRole('button', { name: '提交评价' }).click();
    await phone.getByText('有 6 道题需要修改，请看标红的题目').waitFor();
    await phone.getByText('第 1 题“课程内容的针对性和实用性”为必答题').waitFor();
    assert.equal(await phone.locator('.tev-question.has-error').count(), 6);
    await e.screenshot(phone, 'evaluation-03-phone-errors');

    const rate = (question: string, value: number) => phone.locator(`[data-question="${question}"] label[data-value="${value}"]`).click();
    await rate('content_fit', 4);
    await rate('lecturer_level', 5);
    await rate('lecturer_interaction', 5);
    await rate('work_value', 4);
    await rate('overall', 5);
    await phone.locator('label', { hasText: '适中' }).click();
    assert.ok(await phone.getByRole('radio', { name: '适中' }).isChecked(), 'choices are real radio buttons');
    assert.ok(await phone.locator('[data-question="overall"]').getByRole('radio', { name: /5/ }).isChecked());
    await phone.getByLabel('对本讲的意见和建议').fill('案例很生动，希望多一些互动。');
    assert.equal(await phone.locator('.tev-question.has-error').count(), 0, 'answering a question clears its mark');
    await e.screenshot(phone, 'evaluation-04-phone-answered');
    await phone.getByRole('button', { name: '提交评价' }).click();
    await phone.getByText('已提交，感谢您的评价！').waitFor();
    await e.screenshot(phone, 'evaluation-05-phone-thanks');

    // The QR code on the site visit's last slide opens its questionnaire on the same phone.
    const inClass = await e.services.database.transaction((trx) => e.services.evaluations.questionnairesIn(trx, fx.classId));
    const visitLink = inClass.find((q) => q.session?.id === fx.sessions.visit)!.linkPath;
    assert.match(visitLink, /^\/t\/evaluations\/q\/[A-Za-z0-9_-]+$/);
    await phone.goto(`${e.url}${visitLink}`);
    await phone.getByRole('heading', { name: '测试现场教学' }).waitFor();
    await phone.locator('[data-question="gains"]').getByText('可多选', { exact: true }).waitFor();
    await e.screenshot(phone, 'evaluation-05b-phone-from-qr');

    // Back on the laptop: refresh the results; the count, the average and the charts appear.
    assert.equal(await teacher.locator('[data-question="lecturer_level"]').count(), 0, 'no chart without answers');
    await drawer.getByRole('button', { name: '刷新' }).click();
    await drawer.getByTestId('ev-answered').getByText('1', { exact: true }).waitFor();
    assert.equal((await drawer.getByTestId('ev-answered').locator('.ant-statistic-content').textContent())?.replace(/\s/g, ''), '1/8');
    assert.equal((await drawer.getByTestId('ev-average').locator('.ant-statistic-content').textContent())?.trim(), '4.60'); // (4+5+5+4+5)/5
    await drawer.locator('[data-question="lecturer_level"]').getByText('平均 5.00').waitFor();
    await drawer.getByText('案例很生动，希望多一些互动。').waitFor();
    const barLabels = async () => {
      // The numbers written on the five bars of 授课教师的理论水平, left to right.
      await teacher.waitForFunction(() => document.querySelectorAll('[data-question="lecturer_level"] svg path').length > 0);
      return chartTexts(teacher, 'lecturer_level');
    };
    const first = await barLabels();
    await e.screenshot(teacher, 'evaluation-06-teacher-after');

    // A second trainee answers (3 for the lecturer); the chart and the averages move again.
    const second = fx.trainees[1];
    const { actor } = await traineeActor(e.services, second.personId, second.name);
    const questionnaireId = Number(
      await teacher
        .locator('[data-testid^="responses-"]')
        .first()
        .getAttribute('data-testid')
        .then((x) => x?.split('-')[1]),
    );
    await e.services.evaluations.submit(actor, questionnaireId, {
      content_fit: 4,
      lecturer_level: 3,
      lecturer_interaction: 3,
      work_value: 4,
      overall: 4,
      difficulty: 'o2',
    });
    await drawer.getByRole('button', { name: '刷新' }).click();
    await drawer.locator('[data-question="lecturer_level"]').getByText('平均 4.00').waitFor();
    assert.equal((await drawer.getByTestId('ev-answered').locator('.ant-statistic-content').textContent())?.replace(/\s/g, ''), '2/8');
    await teacher.waitForFunction(
      (before) => [...document.querySelectorAll('[data-question="lecturer_level"] svg text')].map((t) => t.textContent).join('|') !== before,
      first.join('|'),
    );
    const ones = (xs: string[]) => xs.filter((x) => x === '1').length;
    assert.equal(ones(await chartTexts(teacher, 'lecturer_level')), ones(first) + 1, 'the 一般 bar now carries a 1 as well as the 非常满意 bar');
    await e.screenshot(teacher, 'evaluation-07-teacher-second');

    // The trainee has left the non-respondent list; seven remain, with phone numbers to copy.
    await drawer.getByRole('button', { name: '未填名单' }).click();
    const list = teacher.getByRole('dialog').filter({ hasText: '未填名单：测试专题讲座' });
    await list.getByText('应答 8 人，已答 2 人，未答 6 人').waitFor();
    assert.equal(await list.getByText(fx.trainees[0].name).count(), 0);
    await list.getByText(fx.trainees[2].name).waitFor();
    await e.screenshot(teacher, 'evaluation-08-non-respondents');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the 2020 class: results with charts, templates, the reminder list and the lecturer pool', async () => {
    const organizer = await e.newPage();
    await e.login(organizer, USERS.organizer.username);
    await organizer.goto(`${e.url}/classes/${e.demoClassId}/evaluations`);
    await organizer.getByText('各场次平均分（满分 5 分）').waitFor();
    await organizer.locator('.ev-chart svg').first().waitFor();
    await e.screenshot(organizer, 'evaluation-09-demo-tab');
    await organizer.getByRole('cell', { name: /播撒科学种子/ }).click();
    const drawer = organizer.getByRole('dialog').filter({ hasText: '评估结果：播撒科学种子' });
    await drawer.locator('[data-question="guide_quality"] svg').waitFor();
    await e.screenshot(organizer, 'evaluation-10-demo-results');
    await organizer.keyboard.press('Escape');

    await organizer.getByRole('button', { name: '问卷模板' }).click();
    await organizer.getByText('专题讲座评估表').click();
    await organizer.getByText('编辑模板：专题讲座评估表').waitFor();
    await e.screenshot(organizer, 'evaluation-11-template-editor');

    await organizer.goto(`${e.url}/classes/${e.demoClassId}/lecturers`);
    await organizer.getByRole('columnheader', { name: '评估得分' }).waitFor();
    await organizer.getByRole('cell', { name: '张春羽' }).click();
    await organizer.getByTestId('lecturer-ratings').getByText('教师得分').waitFor();
    await e.screenshot(organizer, 'evaluation-12-lecturer-pool');

    // 张春羽 sees her own session's results, and only those.
    const lecturer = await e.newPage();
    await e.login(lecturer, USERS.lecturer.username);
    await lecturer.goto(`${e.url}/classes/${e.demoClassId}/evaluations`);
    await lecturer.getByText('只显示您授课场次的评估结果。').waitFor();
    assert.equal(await lecturer.locator('.ant-table-row').count(), 1);
    await e.screenshot(lecturer, 'evaluation-13-lecturer-own');
    assert.deepEqual(e.pageErrors, []);
  });
});
