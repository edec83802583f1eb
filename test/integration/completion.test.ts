import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { makeCompletionService } from '../../src/server/modules/completion/service';
import { makeCompletionStore } from '../../src/server/modules/completion/store';
import { craftedClass } from '../support/certificate-class';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

// Eligibility on crafted trainees: 21 class hours, attendance ≥ 6/7 (18 h), leave ≤ 1/7 (3 h).
const TRAINEES = [
  { name: '全勤' },
  { name: '请假一次', leave: 1 },
  { name: '请假两次', leave: 2 },
  { name: '缺勤一次', absent: 1 },
  { name: '缺勤两次', absent: 2 },
  { name: '已退学', withdrawn: true },
  { name: '特批结业', absent: 3 },
  { name: '认定不结业' },
  { name: 'བཀྲ་ཤིས', nameBo: 'བཀྲ་ཤིས་དབང་ལྷ', leave: 1, absent: 1 },
];

for (const kind of DATABASES) {
  describe(`completion rule (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    let enrolments: Map<string, number>;
    let organizer: Awaited<ReturnType<typeof makeActor>>;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      ({ classId, enrolments } = await craftedClass(services, TRAINEES));
      const cls = await services.classes.getClass(null, classId);
      organizer = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: cls.institutionId });
      await services.completion.setException(organizer, classId, enrolments.get('特批结业')!, { decision: 'eligible', reason: '因公出差，经教务处批准' });
      await services.completion.setException(organizer, classId, enrolments.get('认定不结业')!, { decision: 'not_eligible', reason: '未完成结业考核' });
    });
    after(async () => t.drop());

    const rowOf = async (name: string, lang: 'zh-CN' | 'en' = 'zh-CN') => {
      const { rows } = await services.completion.eligibility(classId, lang);
      const row = rows.find((r) => r.name === name);
      assert.ok(row, `no row for ${name}`);
      return row;
    };

    test('full attendance is eligible with no reasons', async () => {
      const r = await rowOf('全勤');
      assert.equal(r.eligible, true);
      assert.deepEqual(r.reasons, []);
      assert.equal(r.totalHours, 21);
      assert.equal(r.attendedHours, 21);
    });

    test('leave of exactly 1/7 and attendance of exactly 6/7 still complete', async () => {
      const r = await rowOf('请假一次');
      assert.equal(r.leaveHours, 3);
      assert.equal(r.eligible, true, JSON.stringify(r.reasons));
      assert.equal((await rowOf('缺勤一次')).eligible, true);
    });

    test('two sessions of leave fail both the attendance share and the leave limit, with figures', async () => {
      const r = await rowOf('请假两次');
      assert.equal(r.eligible, false);
      assert.deepEqual(
        r.reasons.map((x) => x.code),
        ['attendance_below', 'leave_over'],
      );
      assert.equal(r.reasons[0].message, '出勤 71.4%（15/21 学时），低于要求的 85.7%');
      assert.equal(r.reasons[1].message, '请假 28.6%（6/21 学时），超过上限 14.3%');
      const en = await rowOf('请假两次', 'en');
      assert.equal(en.reasons[1].message, 'On leave 28.6% (6 of 21 hours), above the limit of 14.3%');
    });

    test('two absences fail attendance only', async () => {
      const r = await rowOf('缺勤两次');
      assert.deepEqual(
        r.reasons.map((x) => x.code),
        ['attendance_below'],
      );
      assert.equal(r.absentHours, 6);
    });

    test('a withdrawn trainee is listed as not eligible, and cannot be made eligible', async () => {
      const r = await rowOf('已退学');
      assert.equal(r.enrolmentStatus, 'withdrawn');
      assert.equal(r.eligible, false);
      assert.ok(r.reasons.some((x) => x.code === 'withdrawn'));
      await assert.rejects(
        services.completion.setException(organizer, classId, enrolments.get('已退学')!, { decision: 'eligible', reason: '试图特批' }),
        (e: { code: string }) => e.code === 'completion.withdrawn_exception',
      );
    });

    test('exceptions override the rule either way and keep the reason, who and when', async () => {
      const yes = await rowOf('特批结业');
      assert.equal(yes.ruleEligible, false);
      assert.equal(yes.eligible, true);
      assert.deepEqual(
        yes.reasons.map((x) => x.code),
        ['attendance_below', 'exception_eligible'],
      );
      assert.equal(yes.reasons[1].message, '经认定准予结业：因公出差，经教务处批准');
      assert.equal(yes.exception?.decidedBy, organizer.displayName);
      const no = await rowOf('认定不结业');
      assert.equal(no.ruleEligible, true);
      assert.equal(no.eligible, false);
      assert.equal(no.reasons[0].code, 'exception_not_eligible');
    });

    test('exceptions are audited, and clearing one restores the rule', async () => {
      const id = enrolments.get('认定不结业')!;
      await services.completion.clearException(organizer, classId, id);
      assert.equal((await rowOf('认定不结业')).eligible, true);
      const log = await services.audit.listForClass(classId);
      const actions = log.filter((l) => l.entityId === id).map((l) => l.action);
      assert.ok(actions.includes('completion.exception.set'));
      assert.ok(actions.includes('completion.exception.clear'));
      await services.completion.setException(organizer, classId, id, { decision: 'not_eligible', reason: '未完成结业考核' });
    });

    test('a Tibetan-named trainee with one leave and one absence misses attendance', async () => {
      const r = await rowOf('བཀྲ་ཤིས');
      assert.equal(r.nameBo, 'བཀྲ་ཤིས་དབང་ལྷ');
      assert.deepEqual(
        r.reasons.map((x) => x.code),
        ['attendance_below'],
      );
    });

    test('evaluation and reflection requirements are inert until their modules count, then give reasons', async () => {
      await services.completion.updateRule(organizer, classId, { requireEvaluations: true, requireReflections: true });
      const full = enrolments.get('全勤')!;
      const withSources = (sources: Pick<Parameters<typeof makeCompletionService>[0], 'evaluations' | 'reflections'>) =>
        makeCompletionService({
          database: t.database,
          store: makeCompletionStore(),
          audit: services.audit,
          classes: services.classes,
          roster: services.roster,
          attendance: services.attendance,
          ...sources,
        });
      // Without a count function the flags are inert, and the rule says so.
      const inert = await withSources({}).eligibility(classId, 'zh-CN');
      assert.equal(inert.rule.evaluationsAvailable, false);
      assert.equal(inert.rule.reflectionsAvailable, false);
      assert.equal(inert.rows.find((r) => r.name === '全勤')?.eligible, true);
      // The narrow interfaces the evaluations and reflections modules implement.
      const counting = withSources({
        evaluations: { completionCounts: async () => [{ enrolmentId: full, submitted: 5, expected: 7 }] },
        reflections: { reflectionCounts: async () => [] },
      });
      const { rows } = await counting.eligibility(classId, 'en');
      const r = rows.find((x) => x.name === '全勤')!;
      assert.equal(r.eligible, false);
      assert.deepEqual(
        r.reasons.map((x) => x.message),
        ['2 of 7 evaluation questionnaires not answered', 'No accepted reflection (心得体会) yet'],
      );
      await services.completion.updateRule(organizer, classId, { requireEvaluations: false, requireReflections: false });
    });

    test('a bad exception changes nothing', async () => {
      await assert.rejects(
        services.completion.setException(organizer, classId, 999999, { decision: 'eligible', reason: '不存在的人' }),
        (e: { status: number }) => e.status === 404,
      );
      assert.equal((await rowOf('缺勤两次')).exception, null);
    });
  });
}
