import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { makeServices, type Services } from '../../src/server/app';
import type { AppError } from '../../src/server/lib/errors';
import type { Actor } from '../../src/server/lib/permissions';
import { addMonthsTo } from '../../src/server/modules/followup/core';
import { craftedClass } from '../support/certificate-class';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor } from '../support/factories';

// Action plans and the follow-up (#19): a trainee's plan is theirs alone; the follow-up opens on
// its date (the clock is moved, the scheduler's job is called) and not a minute before; the
// supervisor's link opens that trainee's survey only, stops working when replaced, and expires
// with the follow-up; the report's figures are those of the record.
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const err = e as AppError;
    return err.fieldErrors?.[0]?.code ?? err.code;
  }
  assert.fail('expected a refusal');
};
const tokenOf = (link: string) => link.split('/t/s/')[1];

for (const kind of DATABASES) {
  describe(`action plans and follow-up (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    const clock = { now: Date.parse('2026-03-12T08:00:00Z') };
    let classId: number;
    let programmeId: number;
    let institutionId: number;
    let enrolments: Map<string, number>;
    let teacher: Actor;
    const trainees = new Map<string, Actor>();
    let link = '';

    before(async () => {
      t = await freshDatabase(kind);
      services = makeServices(t.database, t.config, { now: () => clock.now });
      // Class of 2026-03-02 to 03-13; three trainees, one of whom withdraws.
      ({ classId, programmeId, institutionId, enrolments } = await craftedClass(services, [{ name: '次仁' }, { name: '卓玛' }, { name: '李明' }]));
      teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
      for (const [name, id] of enrolments) {
        const { token } = await services.trainee.issueInvitation(null, id);
        const session = await services.trainee.openInvitation(token, { userAgent: 'phone' });
        trainees.set(name, (await services.auth.actorFromToken(session.token))!);
      }
    });
    after(async () => t.drop());

    test('a trainee writes, changes and removes their own plan items; nobody else’s', async () => {
      const me = trainees.get('次仁')!;
      const id = enrolments.get('次仁')!;
      let plan = await services.followup.addItem(me, id, { text: '在本局推广技术合同登记', dueOn: '2026-05-31', measure: '登记 10 份' });
      plan = await services.followup.addItem(me, id, { text: '组织一次成果转化培训' });
      plan = await services.followup.addItem(me, id, { text: '临时事项' });
      assert.deepEqual(
        plan.items.map((i) => [i.text, i.dueOn, i.measure, i.progress]),
        [
          ['在本局推广技术合同登记', '2026-05-31', '登记 10 份', null],
          ['组织一次成果转化培训', null, null, null],
          ['临时事项', null, null, null],
        ],
      );
      plan = await services.followup.updateItem(me, id, plan.items[1].id, { text: '组织两次成果转化培训', dueOn: '2026-06-30' });
      plan = await services.followup.deleteItem(me, id, plan.items[2].id);
      assert.deepEqual(
        plan.items.map((i) => i.text),
        ['在本局推广技术合同登记', '组织两次成果转化培训'],
      );
      assert.equal(plan.editable, true);
      assert.equal(plan.schedule.state, 'scheduled');
      assert.equal(plan.schedule.dueOn, '2026-06-13', 'three months after the last day by default');

      // Another trainee: not found, for reading and for every write; the plan is unchanged.
      const other = trainees.get('卓玛')!;
      assert.equal(await refusal(services.followup.mine(other, id)), 'not_found');
      assert.equal(await refusal(services.followup.addItem(other, id, { text: '冒名' })), 'not_found');
      assert.equal(await refusal(services.followup.updateItem(other, id, plan.items[0].id, { text: '冒名' })), 'not_found');
      assert.equal(await refusal(services.followup.deleteItem(other, id, plan.items[0].id)), 'not_found');
      // Their own enrolment with someone else's item: not found either.
      assert.equal(await refusal(services.followup.deleteItem(other, enrolments.get('卓玛')!, plan.items[0].id)), 'not_found');
      assert.equal((await services.followup.mine(me, id)).items.length, 2);

      await services.followup.setMySupervisor(me, id, { name: '王局长', contact: '13800000001' });
      const view = await services.followup.classView(classId);
      const row = view.rows.find((r) => r.name === '次仁')!;
      assert.equal(row.items.length, 2);
      assert.deepEqual(row.supervisor, { name: '王局长', contact: '13800000001' });
      assert.equal(row.supervisorLink, null, 'no link before the follow-up opens');
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('class_id', '=', classId)
        .where('action', 'like', 'action_plan.%')
        .execute();
      assert.equal(audit.length, 5);
    });

    test('the follow-up opens on its date with the moved clock, not a minute before', async () => {
      const view = await services.followup.setSettings(teacher, classId, { months: 2 });
      assert.equal(view.schedule.dueOn, '2026-05-13');
      assert.equal(view.schedule.months, 2);
      const me = trainees.get('次仁')!;
      const id = enrolments.get('次仁')!;
      // 08:59 in Shanghai on the day: not yet.
      clock.now = Date.parse('2026-05-13T00:59:00Z');
      assert.deepEqual(await services.followup.openDue(), []);
      assert.equal((await services.followup.mine(me, id)).schedule.state, 'scheduled');
      assert.equal(await refusal(services.followup.answer(me, id, { progress: {}, answers: {} })), 'followup.not_open');
      // 09:00: opened, once.
      clock.now = Date.parse('2026-05-13T01:00:00Z');
      assert.deepEqual(await services.followup.openDue(), [classId]);
      assert.deepEqual(await services.followup.openDue(), []);
      const mine = await services.followup.mine(me, id);
      assert.equal(mine.schedule.state, 'open');
      assert.equal(mine.schedule.openedAt, '2026-05-13T01:00:00.000Z');
      assert.equal(mine.schedule.closesAt, '2026-07-12T01:00:00.000Z', '60 days to answer by default');
      assert.equal(mine.editable, false);
      assert.equal(await refusal(services.followup.addItem(me, id, { text: '迟到的事项' })), 'followup.plan_frozen');
      assert.equal(await refusal(services.followup.setSettings(teacher, classId, { months: 4 })), 'followup.already_open');
      const row = (await services.followup.classView(classId)).rows.find((r) => r.name === '次仁')!;
      assert.match(row.supervisorLink ?? '', /^http:\/\/localhost:3000\/t\/s\/\d+\.[\w-]{32}$/);
      link = row.supervisorLink!;
      assert.equal((await services.followup.classView(classId)).rows.find((r) => r.name === '卓玛')!.supervisorLink, null, 'no supervisor named, no link');
    });

    test('the trainee marks every item and answers; refusals name the field and change nothing', async () => {
      const me = trainees.get('次仁')!;
      const id = enrolments.get('次仁')!;
      const [a, b] = (await services.followup.mine(me, id)).items;
      assert.equal(
        await refusal(services.followup.answer(me, id, { progress: { [a.id]: 'done' }, answers: { applied: 4, effect: 'clear' } })),
        'followup.progress_required',
      );
      assert.equal(
        await refusal(services.followup.answer(me, id, { progress: { [a.id]: 'done', [b.id]: 'partly' }, answers: { applied: 9, effect: 'clear' } })),
        'evaluation.rating_range',
      );
      assert.equal((await services.followup.mine(me, id)).answeredAt, null);
      const done = await services.followup.answer(me, id, {
        progress: { [a.id]: 'done', [b.id]: 'partly' },
        answers: { applied: 4, effect: 'clear', example: '已登记技术合同 12 份' },
      });
      assert.deepEqual(
        done.items.map((i) => i.progress),
        ['done', 'partly'],
      );
      assert.deepEqual(done.answers, { applied: 4, effect: 'clear', example: '已登记技术合同 12 份' });
      // A trainee without a plan answers the questions only.
      await services.followup.answer(trainees.get('卓玛')!, enrolments.get('卓玛')!, { progress: {}, answers: { applied: 2, effect: 'none' } });
    });

    test('the supervisor link opens that trainee’s survey only, is replaced with the supervisor, and expires', async () => {
      const survey = await services.followup.supervisorSurvey(tokenOf(link));
      assert.equal(survey.traineeName, '次仁');
      assert.equal(survey.supervisorName, '王局长');
      assert.equal(survey.items.length, 2);
      // The same signature on another enrolment's id: refused.
      const [, mac] = tokenOf(link).split('.');
      assert.equal(await refusal(services.followup.supervisorSurvey(`${enrolments.get('卓玛')}.${mac}`)), 'followup.link_invalid');
      assert.equal(await refusal(services.followup.supervisorSurvey(`${enrolments.get('次仁')}.${'x'.repeat(32)}`)), 'followup.link_invalid');
      assert.equal(await refusal(services.followup.answerAsSupervisor(tokenOf(link), { change: 0 })), 'evaluation.rating_range');
      const answered = await services.followup.answerAsSupervisor(tokenOf(link), {
        change: 4,
        areas: ['method', 'results'],
        instance: '牵头完成了两项成果转化',
      });
      assert.deepEqual(answered.answers.areas, ['method', 'results']);

      // 卓玛's supervisor named by the class teacher; then changed: the first link stops working.
      let view = await services.followup.setSupervisor(teacher, classId, enrolments.get('卓玛')!, { name: '张科长', contact: 'zhang@example.cn' });
      const first = view.rows.find((r) => r.name === '卓玛')!.supervisorLink!;
      view = await services.followup.setSupervisor(teacher, classId, enrolments.get('卓玛')!, { name: '张科长', contact: 'zhang@example.cn' });
      assert.equal(view.rows.find((r) => r.name === '卓玛')!.supervisorLink, first, 'saving the same supervisor keeps the link');
      view = await services.followup.setSupervisor(teacher, classId, enrolments.get('卓玛')!, { name: '刘科长', contact: '13900000002' });
      const second = view.rows.find((r) => r.name === '卓玛')!.supervisorLink!;
      assert.notEqual(second, first);
      assert.equal(await refusal(services.followup.supervisorSurvey(tokenOf(first))), 'followup.link_invalid');
      assert.equal((await services.followup.supervisorSurvey(tokenOf(second))).traineeName, '卓玛');
      // A class teacher of the class cannot name a supervisor for an enrolment of another class.
      assert.equal(await refusal(services.followup.setSupervisor(teacher, classId, 999999, { name: 'x', contact: 'y' })), 'not_found');

      // After the window: expired for the supervisor, closed for the trainee.
      const saved = clock.now;
      clock.now = Date.parse('2026-07-12T01:00:00Z');
      assert.equal(await refusal(services.followup.supervisorSurvey(tokenOf(link))), 'followup.link_expired');
      assert.equal(await refusal(services.followup.answer(trainees.get('李明')!, enrolments.get('李明')!, { progress: {}, answers: {} })), 'followup.closed');
      clock.now = saved;
    });

    test('the report: response rates, plan completion and answers, from the record; per class, per programme and year; XLSX', async () => {
      const r = await services.followup.classReport(classId);
      assert.equal(r.classes.length, 1);
      const c = r.classes[0];
      assert.deepEqual(
        {
          enrolled: c.enrolled,
          withPlan: c.withPlan,
          items: c.items,
          done: c.done,
          partly: c.partly,
          notYet: c.notYet,
          unreported: c.unreported,
          traineeResponses: c.traineeResponses,
          supervisorsNamed: c.supervisorsNamed,
          supervisorResponses: c.supervisorResponses,
        },
        { enrolled: 3, withPlan: 1, items: 2, done: 1, partly: 1, notYet: 0, unreported: 0, traineeResponses: 2, supervisorsNamed: 2, supervisorResponses: 1 },
      );
      assert.equal(c.traineeRate, 0.667);
      assert.equal(c.supervisorRate, 0.5);
      assert.equal(c.completionRate, 0.5);
      assert.equal(c.state, 'open');
      const applied = r.trainee.find((q) => q.id === 'applied')!;
      assert.equal(applied.answered, 2);
      assert.equal(applied.average, 3, '(4 + 2) / 2');
      assert.deepEqual(
        r.trainee.find((q) => q.id === 'effect')!.options.map((o) => o.count),
        [1, 0, 1, 0],
      );
      assert.deepEqual(r.trainee.find((q) => q.id === 'example')!.comments, [{ text: '已登记技术合同 12 份', by: '次仁' }]);
      assert.equal(r.supervisor.find((q) => q.id === 'change')!.average, 4);
      assert.deepEqual(
        r.supervisor.find((q) => q.id === 'areas')!.options.map((o) => o.count),
        [0, 1, 1, 0, 0],
      );

      // An earlier class of the programme (2025), with a plan, whose follow-up the scheduler has not opened yet.
      const next = await craftedClass(services, [{ name: '扎西' }], {
        institution: { institutionId, programmeId },
        title: '第二期',
        schedule: {
          startsOn: '2025-03-03',
          endsOn: '2025-03-07',
          sessions: [{ startsAt: '2025-03-03T09:00:00+08:00', endsAt: '2025-03-03T12:00:00+08:00', hours: 3 }],
        },
      });
      const zhaxi = await services.trainee.openInvitation((await services.trainee.issueInvitation(null, next.enrolments.get('扎西')!)).token, {
        userAgent: 'x',
      });
      await services.followup.addItem((await services.auth.actorFromToken(zhaxi.token))!, next.enrolments.get('扎西')!, { text: '建立科技特派员台账' });
      const p = await services.followup.programmeReport(programmeId);
      assert.deepEqual(
        p.classes.map((x) => [x.year, x.state, x.withPlan, x.items, x.traineeRate]),
        [
          [2025, 'scheduled', 1, 1, null],
          [2026, 'open', 1, 2, 0.667],
        ],
      );
      assert.equal(p.classes[0].dueOn, '2025-06-07');
      assert.deepEqual(
        p.years.map((y) => [y.year, y.items, y.unreported]),
        [
          [2025, 1, 1],
          [2026, 2, 0],
        ],
      );
      assert.equal(p.total.items, 3);
      assert.equal(p.total.traineeRate, 0.667, 'a class whose follow-up has not opened asks no one yet');
      assert.equal(p.total.completionRate, 0.5);

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await services.followup.xlsx(p)) as unknown as ExcelJS.Buffer);
      const sheet = wb.getWorksheet('按培训班')!;
      const values = sheet.getSheetValues().filter(Boolean) as unknown[][];
      const header = values[1].slice(1);
      const col = (name: string) => header.indexOf(name) + 1;
      const total = values.find((row) => row[col('培训班')] === '合计')!;
      assert.equal(total[col('计划事项')], 3);
      assert.equal(total[col('完成率')], 0.5);
      assert.equal(values.find((row) => row[col('培训班')] === '第二期')![col('状态')], '未到期');
      const answers = wb.getWorksheet('问卷结果')!.getSheetValues().filter(Boolean) as unknown[][];
      assert.ok(answers.some((row) => String(row[4] ?? '').includes('已登记技术合同 12 份（次仁）')));
      assert.ok(!JSON.stringify(answers).includes('13800000001'), 'no supervisor contacts in the export');
    });

    test('addMonthsTo keeps the day, or the month’s last day', () => {
      assert.equal(addMonthsTo('2020-10-31', 3), '2021-01-31');
      assert.equal(addMonthsTo('2020-11-30', 3), '2021-02-28');
      assert.equal(addMonthsTo('2026-12-15', 1), '2027-01-15');
    });
  });
}
