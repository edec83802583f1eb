// The organizer's (于长宏, 教务) planning day for next year's class, on a laptop and then a phone:
// he builds the timetable — a lecture, a site visit whose site he adds from the session form, a
// discussion for every group at once (staggered), a graduation with trainee speakers — and the
// form warns him before saving: the lecturer and the hall are taken by another class, the visit
// leaves neither travel time nor lunch, a whole-class lecture clashes with the groups. He saves
// one anyway, sees its marker on the timetable and the list on the check tab (日程检查), and
// resolves it by moving the session.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2E, PHONE, settle, startE2E } from '../support/e2e';
import { choose, chooseKind, pick } from '../support/e2e-forms';

const OTHER_CLASS = '2026年青年科技人才研修班';

const warningTexts = async (page: Page) => (await page.getByTestId('planning-warnings').locator('.planning-warning').allTextContents()).map((s) => s.trim());

describe('the organizer plans a timetable with the planning checks', () => {
  let e: E2E;
  let classId: number;
  before(async () => {
    e = await startE2E();
    classId = e.enrollingClassId;
    // Another class of the college has 陈思齐 in the lecture hall on the first morning.
    const cls = await e.services.classes.getClass(null, classId);
    const lecturers = await e.services.timetable.listLecturers(cls.institutionId);
    const chen = lecturers.find((l) => l.name === '陈思齐（示例）')!;
    await e.services.database.transaction(async (trx) => {
      const other = await e.services.classes.createClass(
        null,
        cls.programmeId,
        {
          title: OTHER_CLASS,
          startsOn: '2026-10-12',
          endsOn: '2026-10-16',
          timeZone: 'Asia/Shanghai',
          leaveLimitRatio: 1 / 7,
          minAttendanceRatio: 6 / 7,
          lateGraceMinutes: 10,
        },
        trx,
      );
      await e.services.timetable.createSessionIn(trx, null, other, {
        kind: 'lecture',
        title: '科技政策与创新治理',
        startsAt: '2026-10-13T10:00:00+08:00',
        endsAt: '2026-10-13T12:00:00+08:00',
        venue: '学院报告厅',
        hours: 2,
        lecturerIds: [chen.id],
        groupIds: [],
      });
    });
  });
  after(() => e.close());

  test('builds the timetable; the form warns of each clash, travel and lunch before saving', { timeout: 300_000 }, async () => {
    const page = await e.newPage();
    await e.login(page, 'yuchanghong');
    await page.goto(`${e.url}/classes/${classId}/timetable`);
    await page.getByTestId('calendar-week').waitFor();
    const form = '.session-form';

    // 1. A lecture: 陈思齐 and the lecture hall are taken by the other class that morning.
    await page.getByRole('button', { name: '新建日程' }).click();
    await page.locator(form).waitFor();
    await page.locator(`${form} #title`).fill('科技成果转化政策解读');
    await pick(page, form, 'date', '2026-10-13');
    await pick(page, form, 'startsAt', '09:00');
    await pick(page, form, 'endsAt', '11:30');
    await page.locator(`${form} #venue`).fill('学院报告厅');
    await choose(page, `${form} #lecturerIds`, '陈思齐');
    await page.keyboard.press('Escape');
    await page.getByTestId('session-save').click();
    await page.getByTestId('planning-warnings').waitFor();
    const lectureWarnings = await warningTexts(page);
    assert.deepEqual(lectureWarnings, [
      `教师冲突陈思齐（示例）同时在${OTHER_CLASS}的“科技政策与创新治理”（10月13日 10:00–12:00）授课`,
      `场地冲突学院报告厅同时被${OTHER_CLASS}的“科技政策与创新治理”（10月13日 10:00–12:00）使用`,
    ]);
    assert.equal((await e.services.timetable.listSessions(classId)).length, 0, 'nothing saved before the second click');
    await e.screenshot(page, 'planning-01-form-lecturer-venue-clash');
    // Saved anyway with one more click.
    await page.getByTestId('session-save').getByText('仍然新建').click();
    await page.getByText('已新建日程“科技成果转化政策解读”').waitFor();
    const marked = page.locator('[data-date="2026-10-13"] .session-block[data-warnings="2"]');
    await marked.waitFor();
    await settle(page);
    await marked.getByTestId('warning-marker').hover();
    await page
      .locator('.warning-tooltip')
      .getByText(/陈思齐（示例）同时在/)
      .waitFor();
    await e.screenshot(page, 'planning-02-marker-on-calendar');
    await page.mouse.move(5, 5);

    // 2. A site visit to a site that is not in the pool yet: added from the form, then chosen.
    await page.getByRole('button', { name: '新建日程' }).click();
    await page.locator(form).waitFor();
    await chooseKind(page, '现场教学');
    await page.locator(`${form} #title`).fill('学习张江科学城创新生态建设经验');
    await pick(page, form, 'date', '2026-10-13');
    await pick(page, form, 'startsAt', '11:50');
    await pick(page, form, 'endsAt', '15:20');
    await page.getByTestId('new-site').click();
    const siteForm = page.locator('.ant-drawer').filter({ hasText: '新增教学点' }).last();
    await siteForm.locator('#name').fill('张江科学城展示中心');
    await siteForm.locator('#address').fill('上海市浦东新区张江路');
    await siteForm.locator('#district').fill('浦东新区');
    await siteForm.locator('#travelMinutes').fill('60');
    await e.screenshot(page, 'planning-03-new-site-from-form');
    await siteForm.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已新建“张江科学城展示中心”并选中').waitFor();
    await page
      .locator(`${form} .ant-form-item`)
      .filter({ has: page.locator('#siteId') })
      .filter({ hasText: '张江科学城展示中心' })
      .last()
      .waitFor();
    // Hours followed the times (3.5 hours); this visit credits 3, typed by hand.
    await page.locator(`${form} #hours`).fill('3');
    await page.getByTestId('session-save').click();
    await page.getByTestId('planning-warnings').waitFor();
    assert.deepEqual(await warningTexts(page), [
      '路程不足“科技成果转化政策解读”（10月13日 09:00–11:30）结束后，本日程开始前只有 20 分钟，路程约需 60 分钟',
      '午休不足10月13日 午餐时段 11:30–13:30 内没有留出 30 分钟以上的休息（最长空档 20 分钟）',
    ]);
    await e.screenshot(page, 'planning-04-form-travel-lunch');
    // Resolved on the form: the visit starts at 13:00; the hours typed stay, the length is a suggestion.
    await pick(page, form, 'startsAt', '13:00');
    await pick(page, form, 'endsAt', '16:30');
    assert.equal(Number(await page.locator(`${form} #hours`).inputValue()), 3);
    await page.getByTestId('hours-suggestion').getByText('按时长建议 3.5 学时').waitFor();
    await page.getByTestId('session-save').click();
    await page.getByText('已新建日程“学习张江科学城创新生态建设经验”').waitFor();
    const visit = (await e.services.timetable.listSessions(classId)).find((s) => s.kind === 'site_visit')!;
    assert.deepEqual([visit.site?.name, visit.site?.travelMinutes, visit.hours], ['张江科学城展示中心', 60, 3]);

    // 3. One discussion for every group at once, staggered by 30 minutes, each with its room and facilitator.
    await page.getByTestId('create-per-group').click();
    const groupsForm = '.group-sessions-form';
    await page.locator(groupsForm).waitFor();
    await page.locator(`${groupsForm} #title`).fill('结构化研讨：科技创新服务高质量发展');
    await pick(page, groupsForm, 'date', '2026-10-15');
    await pick(page, groupsForm, 'startsAt', '14:00');
    await pick(page, groupsForm, 'endsAt', '15:30');
    await page.locator(`${groupsForm} #hours`).fill('1.5');
    await page.locator(`${groupsForm} #staggerMinutes`).fill('30');
    await choose(page, `${groupsForm} #groups_0_lecturerIds`, '吴卫东');
    await page.keyboard.press('Escape');
    await choose(page, `${groupsForm} #groups_1_lecturerIds`, '吴卫东');
    await page.keyboard.press('Escape');
    await page.getByTestId('group-row-1').getByText('14:30–16:00').waitFor();
    await page.getByTestId('group-row-1').getByText('第二组').waitFor();
    await page.getByTestId('group-sessions-save').click();
    await page.getByTestId('planning-warnings').waitFor();
    assert.deepEqual(await warningTexts(page), ['教师冲突吴卫东（示例）同时在“结构化研讨：科技创新服务高质量发展”（10月15日 14:30–16:00）授课']);
    await e.screenshot(page, 'planning-05-per-group-staggered');
    // The second group gets its own facilitator instead.
    await page.locator(`${groupsForm} #groups_1_lecturerIds`).click();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    await choose(page, `${groupsForm} #groups_1_lecturerIds`, '黄文华');
    await page.keyboard.press('Escape');
    await page.getByTestId('group-sessions-save').click();
    await page.getByText('已为 2 个小组新建“结构化研讨：科技创新服务高质量发展”').waitFor();
    const discussions = (await e.services.timetable.listSessions(classId)).filter((s) => s.kind === 'discussion');
    assert.deepEqual(
      discussions.map((s) => [s.groups[0].name, s.venue, s.lecturers[0].name, s.startsAt]),
      [
        ['第一组', '研讨室1', '吴卫东（示例）', '2026-10-15T06:00:00.000Z'],
        ['第二组', '研讨室2', '黄文华（示例）', '2026-10-15T06:30:00.000Z'],
      ],
    );

    // 4. A whole-class lecture over the discussions: the trainees cannot be in two places.
    await page.getByRole('button', { name: '新建日程' }).click();
    await page.locator(form).waitFor();
    await page.locator(`${form} #title`).fill('科技金融与创新创业服务');
    await pick(page, form, 'date', '2026-10-15');
    await pick(page, form, 'startsAt', '15:30');
    await pick(page, form, 'endsAt', '17:00');
    await page.getByTestId('session-save').click();
    await page.getByTestId('planning-warnings').waitFor();
    assert.deepEqual(await warningTexts(page), ['学员冲突第二组同时安排了“结构化研讨：科技创新服务高质量发展”（10月15日 14:30–16:00）']);
    await e.screenshot(page, 'planning-06-form-trainees-clash');
    await pick(page, form, 'startsAt', '16:00');
    await page.getByTestId('session-save').click();
    await page.getByText('已新建日程“科技金融与创新创业服务”').waitFor();

    // 5. The graduation, with trainee speakers: choosing the trainee fills in group, unit and post.
    await page.getByRole('button', { name: '新建日程' }).click();
    await page.locator(form).waitFor();
    await chooseKind(page, '结业式');
    await page.locator(`${form} #title`).fill('结业式');
    await pick(page, form, 'date', '2026-10-23');
    await pick(page, form, 'startsAt', '09:00');
    await pick(page, form, 'endsAt', '10:30');
    await page.locator(`${form} #venue`).fill('学院第二报告厅');
    for (const [n, name] of ['次仁央宗', '卓嘎'].entries()) {
      await page.getByRole('button', { name: '添加议程' }).click();
      await choose(page, `${form} #agenda_${n}_enrolmentId`, name);
      assert.equal(await page.locator(`${form} #agenda_${n}_speakerName`).inputValue(), name);
    }
    assert.equal(await page.locator(`${form} #agenda_0_speakerRole`).inputValue(), '拉萨市科学技术局科长');
    assert.equal(await page.locator(`${form} #agenda_1_speakerRole`).inputValue(), '山南市科学技术局科员');
    assert.equal(await page.locator(`${form} #agenda_0_title`).inputValue(), '学员代表交流发言');
    // 颁发证书 shows only the fields its kind uses: no trainee, no summary.
    await page.getByRole('button', { name: '添加议程' }).click();
    await page.locator(`${form} #agenda_2_kind`).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '颁发证书' }).click();
    await page.locator(`${form} #agenda_2_title`).fill('颁发结业证书');
    assert.equal(await page.locator(`${form} #agenda_2_enrolmentId`).count(), 0);
    assert.equal(await page.locator(`${form} #agenda_2_summary`).count(), 0);
    await e.screenshot(page, 'planning-07-ceremony-speakers');
    await page.getByTestId('session-save').click();
    await page.getByText('已新建日程“结业式”').waitFor();
    const ceremony = (await e.services.timetable.listSessions(classId)).find((s) => s.kind === 'ceremony')!;
    assert.deepEqual(
      ceremony.agenda.map((a) => [a.kind, a.speakerName, a.speakerRole, a.groupId !== null]),
      [
        ['speech', '次仁央宗', '拉萨市科学技术局科长', true],
        ['speech', '卓嘎', '山南市科学技术局科员', true],
        ['certificates', null, null, false],
      ],
    );
    // The session view shows the speakers with their groups.
    await page.goto(`${e.url}/classes/${classId}/timetable?session=${ceremony.id}`);
    const drawer = page.locator('.session-drawer');
    await drawer.locator('.agenda-speaker').first().waitFor();
    assert.deepEqual(await drawer.locator('.agenda-group').allTextContents(), ['第一组', '第二组']);
    await e.screenshot(page, 'planning-08-session-drawer-speakers');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the check tab lists what was saved anyway; moving the session resolves it', { timeout: 180_000 }, async () => {
    const page = await e.newPage();
    await e.login(page, 'yuchanghong');
    await page.goto(`${e.url}/classes/${classId}/timetable?view=list`);
    await page.locator('.timetable-list').waitFor();
    assert.equal(await page.locator('.timetable-list [data-warnings="2"]').count(), 1, 'the list marks the lecture');
    await e.screenshot(page, 'planning-09-list-with-marker');

    await page.getByRole('tab', { name: '日程检查' }).click();
    await page.getByTestId('planning-check').waitFor();
    const rows = page.locator('.check-table tbody tr');
    await rows.first().waitFor();
    assert.deepEqual(
      (await rows.allTextContents()).map((r) => r.replace(/\s+/g, '')),
      [
        `教师冲突10月13日09:00–11:30科技成果转化政策解读陈思齐（示例）同时在${OTHER_CLASS}的“科技政策与创新治理”（10月13日10:00–12:00）授课`,
        `场地冲突10月13日09:00–11:30科技成果转化政策解读学院报告厅同时被${OTHER_CLASS}的“科技政策与创新治理”（10月13日10:00–12:00）使用`,
      ],
    );
    await e.screenshot(page, 'planning-10-check-tab');

    // From the check tab to the session, and moved to the next morning, where nothing clashes.
    await rows.first().getByRole('link').click();
    const drawer = page.locator('.session-drawer');
    await drawer.getByTestId('planning-warnings').waitFor();
    await drawer.getByRole('button', { name: /编\s*辑/ }).click();
    const form = '.session-form';
    await page.locator(form).waitFor();
    await pick(page, form, 'date', '2026-10-14');
    await pick(page, form, 'endsAt', '12:00');
    // The hours stay as they were (2.5); the longer length is offered, and taken with one click.
    assert.equal(await page.locator(`${form} #hours`).inputValue(), '2.5');
    await e.screenshot(page, 'planning-11-edit-hours-suggestion');
    await page.getByTestId('hours-suggestion').getByRole('button', { name: '采用' }).click();
    assert.equal(Number(await page.locator(`${form} #hours`).inputValue()), 3);
    await page.getByTestId('session-save').click();
    await page.getByText('已保存日程“科技成果转化政策解读”').waitFor();
    await page.goto(`${e.url}/classes/${classId}/check`);
    await page.getByText('没有需要处理的提醒').waitFor();
    await e.screenshot(page, 'planning-12-check-resolved');
    assert.deepEqual(await e.services.timetable.planningWarnings(classId), []);

    // Copy the lecture to another day from its drawer: same time, same lecturer.
    await page.goto(`${e.url}/classes/${classId}/timetable`);
    await page.getByTestId('calendar-week').waitFor();
    const lecture = (await e.services.timetable.listSessions(classId)).find((s) => s.title === '科技成果转化政策解读')!;
    await page.goto(`${e.url}/classes/${classId}/timetable?session=${lecture.id}`);
    await page.getByTestId('session-duplicate').click();
    await pick(page, '.ant-modal', 'duplicate-date', '2026-10-16');
    await e.screenshot(page, 'planning-13-duplicate');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /复\s*制/ })
      .click();
    await page.getByText('已复制到 10月16日').waitFor();
    const copies = (await e.services.timetable.listSessions(classId)).filter((s) => s.title === '科技成果转化政策解读');
    assert.deepEqual(
      copies.map((s) => [s.startsAt, s.lecturers[0]?.name]),
      [
        ['2026-10-14T01:00:00.000Z', '陈思齐（示例）'],
        ['2026-10-16T01:00:00.000Z', '陈思齐（示例）'],
      ],
    );

    // The printable timetable: the hours one trainee attends, and the graduation's speakers.
    await page.goto(`${e.url}/classes/${classId}/timetable/print`);
    await page.locator('.print-table').waitFor();
    // 3 + 3 (the lecture and its copy) + 3 (visit) + 1 (the late lecture) + 1.5 (graduation), and one
    // group's discussion (1.5), not both groups' (3).
    const header = await page.locator('.print-header').textContent();
    assert.match(header ?? '', /每名学员 13 学时/);
    assert.ok((await page.locator('.print-agenda').textContent())?.includes('学员代表交流发言：次仁央宗（拉萨市科学技术局科长）'));
    await e.screenshot(page, 'planning-14-print');
    assert.deepEqual(e.pageErrors, []);
  });

  test('sites and lecturers: travel time and the lecturer’s account', { timeout: 120_000 }, async () => {
    const page = await e.newPage();
    await e.login(page, 'yuchanghong');
    await page.goto(`${e.url}/classes/${classId}/sites`);
    await page.getByText('约 60 分钟').first().waitFor();
    await e.screenshot(page, 'planning-15-sites-travel');
    await page.goto(`${e.url}/classes/${classId}/lecturers`);
    const row = page.locator('tr').filter({ hasText: '张春羽' });
    await row.getByText('zhangchunyu').waitFor();
    await page.locator('tr').filter({ hasText: '陈思齐（示例）' }).getByRole('button', { name: '编辑' }).click();
    await page.locator('#userId').waitFor();
    await e.screenshot(page, 'planning-16-lecturer-account');
    assert.deepEqual(e.pageErrors, []);
  });

  test('on a 390 px phone: the form’s warnings, the list with markers, the check tab, the per-group form', { timeout: 180_000 }, async () => {
    const page = await e.newPage(PHONE);
    await e.login(page, 'yuchanghong');
    await page.goto(`${e.url}/classes/${classId}/timetable?view=list`);
    await page.locator('.session-list-phone').waitFor();
    await e.screenshot(page, 'planning-phone-01-list');
    await page.getByRole('button', { name: '新建日程' }).click();
    const form = '.session-form';
    await page.locator(form).waitFor();
    await page.locator(`${form} #title`).fill('加开讲座');
    await pick(page, form, 'date', '2026-10-14');
    await pick(page, form, 'startsAt', '10:00');
    await pick(page, form, 'endsAt', '11:00');
    await page.getByTestId('session-save').click();
    await page.getByTestId('planning-warnings').waitFor();
    await e.screenshot(page, 'planning-phone-02-form-warning');
    await page.getByTestId('session-save').getByText('仍然新建').click();
    await page.getByText('已新建日程“加开讲座”').waitFor();
    await settle(page);
    await page.getByTestId('create-per-group').click();
    await page.locator('.group-sessions-form').waitFor();
    await e.screenshot(page, 'planning-phone-03-per-group');
    await page.goto(`${e.url}/classes/${classId}/check`);
    await page.locator('.check-card').first().waitFor();
    await e.screenshot(page, 'planning-phone-04-check');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page does not scroll sideways (${width}px)`);
    assert.deepEqual(e.pageErrors, []);
  });
});
