// After the class in the browser (#19): a trainee of the 2020 demo class writes the 心得体会 on a
// phone (390×844); the class teacher asks for a revision on the laptop; the trainee reads the
// comment and revises; the class teacher accepts. Then the 结业鉴定 batch of one work unit
// downloads (pdftotext: names and hours; a page rendered to PNG).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { USERS } from '../../src/server/demo/seed-facts';
import { type E2E, PHONE, RESULTS_DIR, startE2E } from '../support/e2e';
import { traineeActor } from '../support/evaluation-fixtures';

describe('reflections and appraisals in the browser', () => {
  let e: E2E;
  let enrolmentId: number;
  let token: string;
  const unit = '西藏自治区日喀则市白朗县科技局';

  before(async () => {
    e = await startE2E();
    const roster = await e.services.roster.rosterIn(e.services.database.db, e.demoClassId);
    const p = roster.find((r) => r.name === '扎西旺拉')!;
    enrolmentId = p.id;
    const teacher = await e.services.auth.findUserByUsername(USERS.classTeacher.username);
    const actor = (await e.services.auth.actorFromToken(
      (
        await e.services.auth.login({ username: teacher!.username, password: 'cohort-demo-2020', ip: '127.0.0.1' })
      ).token,
    ))!;
    await e.services.reflections.setMinWords(actor, e.demoClassId, 40);
    token = (await traineeActor(e.services, p.person_id, p.name)).headers.cookie.split('=')[1];
  });
  after(() => e.close());

  test('written on the phone, sent back with a comment, revised, accepted', async () => {
    const phone = await e.newPage(PHONE);
    await phone.context().addCookies([{ name: 'cohort_session', value: token, url: e.url }]);
    await phone.goto(`${e.url}/t/me`);
    await phone.getByRole('link', { name: '心得体会与结业鉴定' }).click();
    await phone.getByRole('heading', { name: '心得体会' }).waitFor();
    const box = phone.getByRole('textbox', { name: '心得体会' });
    await box.click();
    await phone.keyboard.type('通过十五天的学习，我对科技成果转化有了新的认识。');
    await phone.getByTestId('word-count').getByText('已写 22 字').waitFor();
    await phone.getByText('要求不少于 40 字').waitFor();
    await phone.getByRole('button', { name: '提交' }).click();
    await phone.getByText('心得体会正文 22 字，少于本班要求的 40 字', { exact: false }).waitFor();
    // The draft is kept on the phone as it is typed: a reload brings it back.
    await phone.reload();
    await phone.getByText('已恢复本机上未保存的草稿').waitFor();
    await phone.getByRole('button', { name: '保存草稿' }).click();
    await phone.getByText('草稿已保存').waitFor();
    await phone.getByRole('textbox', { name: '心得体会' }).click();
    await phone.keyboard.press('End');
    await phone.keyboard.type('回到白朗县后，我将把技术转移的做法用到青稞产业中去。');
    await phone.getByLabel('同意在班级简报中摘录本文（署名）').check();
    await e.screenshot(phone, 'after-class-01-phone-writing');
    await phone.getByRole('button', { name: '提交' }).click();
    await phone.getByText('已提交，等待班主任审阅').waitFor();

    const teacher = await e.newPage();
    await e.login(teacher);
    await teacher.goto(`${e.url}/classes/${e.demoClassId}/reflections`);
    const row = teacher.getByRole('row').filter({ hasText: '扎西旺拉' });
    await row.getByText('待审阅').waitFor();
    await row.getByRole('button', { name: /审\s*阅/ }).click();
    const drawer = teacher.getByRole('dialog');
    await drawer.getByText('青稞产业').waitFor();
    await drawer.getByLabel('修改意见').fill('请补充一个具体的转化项目。');
    await e.screenshot(teacher, 'after-class-02-teacher-review');
    await drawer.getByRole('button', { name: '退回修改' }).click();
    await row.getByText('退回修改').waitFor();

    await phone.reload();
    await phone.getByText('班主任请您修改后重新提交').waitFor();
    await phone.getByText('请补充一个具体的转化项目。', { exact: false }).waitFor();
    await phone.getByRole('textbox', { name: '心得体会' }).click();
    await phone.keyboard.press('End');
    await phone.keyboard.type('例如，青稞深加工项目可与上海的研究所合作。');
    await e.screenshot(phone, 'after-class-03-phone-revision');
    await phone.getByRole('button', { name: '提交' }).click();
    await phone.getByText('已提交，等待班主任审阅').waitFor();

    await teacher.reload();
    await row.getByText('待审阅').waitFor();
    await row.getByRole('button', { name: /审\s*阅/ }).click();
    await drawer.getByText('青稞深加工').waitFor();
    await drawer.getByRole('button', { name: /^通\s*过$/ }).click();
    await row.getByText('已通过').waitFor();
    await e.screenshot(teacher, 'after-class-04-teacher-accepted');
    await phone.reload();
    await phone.getByText('已通过审阅').waitFor();
    const excerpts = await e.services.reflections.excerpts(e.demoClassId);
    assert.ok(excerpts.some((x) => x.name === '扎西旺拉' && x.excerpt.includes('青稞')));
    assert.deepEqual(e.pageErrors, []);
  });

  test("one work unit's 结业鉴定 downloads as one PDF: cover letter, names and hours from the record", async () => {
    const teacher = await e.newPage();
    await e.login(teacher);
    await teacher.goto(`${e.url}/classes/${e.demoClassId}/appraisals`);
    await teacher.getByRole('row').filter({ hasText: '扎西旺拉' }).waitFor();
    // Every work unit of the class is offered; typing narrows the list.
    await teacher.getByLabel('选择工作单位').fill('白朗县');
    await teacher.locator('.ant-select-item-option', { hasText: unit }).click();
    await e.screenshot(teacher, 'after-class-05-appraisals');
    const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.getByRole('button', { name: '按单位下载（含送达函）' }).click()]);
    const file = join(RESULTS_DIR, 'after-class-batch.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const form = await e.services.appraisals.get(e.demoClassId, enrolmentId);
    assert.match(text, new RegExp(`致 ${unit}`));
    assert.match(text, /扎西旺拉/);
    assert.match(text, new RegExp(`应修 ${form.hours.totalHours} 学时，实修 ${form.hours.attendedHours} 学时`));
    assert.ok(form.hours.totalHours > 0);
    assert.match(text, /上海科技管理干部学院/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '2', '-l', '2', file, join(RESULTS_DIR, 'after-class-batch')]);
    assert.deepEqual(e.pageErrors, []);
  });
});
