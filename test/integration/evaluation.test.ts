import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Services } from '../../src/server/app';
import type { Actor } from '../../src/server/lib/permissions';
import { buildReportPdf, buildReportXlsx } from '../../src/server/modules/evaluations/report';
import type { EvaluationService } from '../../src/server/modules/evaluations/service';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { evaluationsAt, GROUP_A, GROUP_B, makeEvaluationClass, traineeActor } from '../support/evaluation-fixtures';
import { makeActor, servicesFor } from '../support/factories';

const bj = (s: string) => new Date(`${s}+08:00`);

// The lecture answers, per trainee: content_fit, lecturer_level, lecturer_interaction, work_value,
// overall, difficulty, suggestion. Seven of the eight answer; 乙三测试 does not.
const LECTURE: Record<string, [number, number, number, number, number, string, string | null]> = {
  甲一测试: [4, 5, 5, 3, 5, 'o2', '讲得很好（甲）'],
  甲二测试: [4, 4, 5, 4, 4, 'o2', null],
  甲三测试: [4, 4, 4, 5, 4, 'o3', null],
  甲四测试: [4, 3, 4, 4, 4, 'o2', ''],
  扎西测试: [4, 5, 3, 3, 5, 'o1', null],
  乙一测试: [4, 2, 3, 4, 3, 'o2', '希望多举案例（乙）'],
  乙二测试: [4, 5, 5, 4, 5, 'o2', null],
};
const answersOf = (row: (typeof LECTURE)[string]) => ({
  content_fit: row[0],
  lecturer_level: row[1],
  lecturer_interaction: row[2],
  work_value: row[3],
  overall: row[4],
  difficulty: row[5],
  ...(row[6] !== null ? { suggestions: row[6] } : {}),
});

for (const kind of DATABASES) {
  describe(`evaluations on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    const clock = { now: bj('2026-03-03T12:30:00') };
    let ev: EvaluationService;
    let fx: Awaited<ReturnType<typeof makeEvaluationClass>>;
    let admin: Actor;
    const trainee = new Map<string, Actor>();
    const lectureId = () => questionnaireOf(fx.sessions.lecture);
    let questionnaires: Awaited<ReturnType<EvaluationService['classOverview']>>['questionnaires'] = [];
    const questionnaireOf = (sessionId: number | null) => questionnaires.find((q) => (q.session?.id ?? null) === sessionId)!.id;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      ev = evaluationsAt(t, services, clock);
      fx = await makeEvaluationClass(services);
      admin = await makeActor(services, 'admin');
      for (const tr of fx.trainees) trainee.set(tr.name, (await traineeActor(services, tr.personId, tr.name)).actor);
      questionnaires = (await ev.classOverview(admin, fx.classId)).questionnaires;
    });
    after(() => t.drop());

    test('an institution starts with the four built-in templates, seeded once', async () => {
      const first = await ev.listTemplates(fx.institutionId);
      const again = await ev.listTemplates(fx.institutionId);
      assert.deepEqual(
        first.map((x) => [x.name, x.defaultFor]),
        [
          ['专题讲座评估表', 'lecture'],
          ['现场教学评估表', 'site_visit'],
          ['结构化研讨评估表', 'discussion'],
          ['培训班总体评估表', 'class'],
        ],
      );
      assert.equal(again.length, 4);
      const lecture = first[0];
      assert.deepEqual(lecture.questions[0].labels, ['很不满意', '不满意', '一般', '满意', '非常满意']);
      assert.ok(lecture.questions.some((q) => q.kind === 'single' && q.required));
      assert.ok(lecture.questions.some((q) => q.kind === 'text' && !q.required));
      const whole = first[3];
      assert.deepEqual([...new Set(whole.questions.map((q) => q.topic).filter(Boolean))].sort(), [
        'content',
        'lecturer',
        'logistics',
        'organisation',
        'overall',
      ]);
      assert.equal(lecture.usedBy, 1, 'the fixture class uses the lecture template once');
    });

    test('sessions get the template of their kind; ceremonies none; the class its own', () => {
      const byTitle = new Map(questionnaires.map((q) => [q.title, q]));
      assert.equal(byTitle.get('测试专题讲座')?.templateName, '专题讲座评估表');
      assert.equal(byTitle.get('测试现场教学')?.templateName, '现场教学评估表');
      assert.equal(byTitle.get('测试研讨（第一组）')?.templateName, '结构化研讨评估表');
      assert.equal(byTitle.get('测试结业式')?.state, 'disabled');
      const whole = questionnaires.find((q) => q.session === null)!;
      assert.equal(whole.templateName, '培训班总体评估表');
      assert.ok(
        questionnaires.every((q) => q.anonymous),
        'anonymous by default',
      );
    });

    test('a questionnaire opens when its session ends (10 minutes early) and closes 72 hours later', () => {
      const lecture = questionnaires.find((q) => q.id === lectureId())!;
      assert.equal(lecture.opensAt, bj('2026-03-03T11:50:00').toISOString());
      assert.equal(lecture.closesAt, bj('2026-03-06T11:50:00').toISOString());
      assert.equal(lecture.state, 'open');
      assert.equal(lecture.expected, 8);
      const visit = questionnaires.find((q) => q.session?.id === fx.sessions.visit)!;
      assert.equal(visit.state, 'scheduled');
      const discussion = questionnaires.find((q) => q.session?.id === fx.sessions.discussion)!;
      assert.equal(discussion.expected, 5, 'only the group of a group session is asked');
      const whole = questionnaires.find((q) => q.session === null)!;
      assert.equal(whole.opensAt, bj('2026-03-03T18:00:00').toISOString(), 'the class questionnaire opens when the last session starts');
    });

    test('answers are checked and every problem names its question', async () => {
      const me = trainee.get('甲一测试')!;
      await assert.rejects(
        ev.submit(me, lectureId(), { content_fit: 6, lecturer_level: 2.5, difficulty: 'o9', nosuch: 1, suggestions: 'x'.repeat(2001) }),
        (e: { code: string; status: number; fieldErrors: Array<{ field: string; code: string; params: { number?: number } }> }) => {
          assert.equal(e.code, 'validation.failed');
          assert.equal(e.status, 400);
          const got = Object.fromEntries(e.fieldErrors.map((f) => [f.field, f.code]));
          assert.deepEqual(got, {
            'answers.nosuch': 'evaluation.unknown_question',
            'answers.content_fit': 'evaluation.rating_range',
            'answers.lecturer_level': 'evaluation.rating_range',
            'answers.lecturer_interaction': 'evaluation.answer_required',
            'answers.work_value': 'evaluation.answer_required',
            'answers.overall': 'evaluation.answer_required',
            'answers.difficulty': 'evaluation.unknown_option',
            'answers.suggestions': 'evaluation.text_too_long',
          });
          assert.equal(e.fieldErrors.find((f) => f.field === 'answers.overall')?.params.number, 5);
          return true;
        },
      );
      assert.equal((await ev.classOverview(admin, fx.classId)).questionnaires.find((q) => q.id === lectureId())?.answered, 0, 'nothing was saved');
    });

    test('a questionnaire not yet open, or for another group, refuses answers', async () => {
      const visit = questionnaireOf(fx.sessions.visit);
      await assert.rejects(ev.submit(trainee.get('甲一测试')!, visit, {}), (e: { code: string; params: { opensAt: string } }) => {
        assert.equal(e.code, 'evaluation.not_open_yet');
        assert.equal(e.params.opensAt, '2026-03-03 15:50');
        return true;
      });
      await assert.rejects(ev.myQuestionnaire(trainee.get('乙一测试')!, questionnaireOf(fx.sessions.discussion)), { code: 'evaluation.not_expected' });
      const mine = await ev.myQuestionnaires(trainee.get('乙一测试')!);
      assert.ok(!mine.some((m) => m.title === '测试研讨（第一组）'));
      assert.equal(mine[0].title, '测试专题讲座', 'the open one to answer comes first');
    });

    test('one trainee answers once; a second submission edits the first while open', async () => {
      const me = trainee.get('甲一测试')!;
      const first = await ev.submit(me, lectureId(), {
        content_fit: 1,
        lecturer_level: 1,
        lecturer_interaction: 1,
        work_value: 1,
        overall: 1,
        difficulty: 'o1',
      });
      assert.equal(first.updated, false);
      const view = await ev.myQuestionnaire(me, lectureId());
      assert.equal(view.answered, true);
      assert.equal(view.editable, true);
      assert.deepEqual(view.answers, { content_fit: 1, lecturer_level: 1, lecturer_interaction: 1, work_value: 1, overall: 1, difficulty: 'o1' });
      for (const [name, row] of Object.entries(LECTURE)) {
        const r = await ev.submit(trainee.get(name)!, lectureId(), answersOf(row));
        assert.equal(r.updated, name === '甲一测试');
      }
      const results = await ev.results(admin, fx.classId, lectureId());
      assert.equal(results.responses, 7, 'the edit replaced the first answers');
      assert.equal(results.questionnaire.answered, 7);
      assert.equal(results.questionnaire.locked, true, 'the questions are frozen at the first answer');
    });

    test('aggregates match the hand-computed figures', async () => {
      const r = await ev.results(admin, fx.classId, lectureId());
      const q = (id: string) => r.questions.find((x) => x.id === id)!;
      assert.equal(r.questionnaire.expected, 8);
      assert.equal(r.questionnaire.responseRate, 0.875);
      // lecturer_level: 5 4 4 3 5 2 5 → 28 / 7
      assert.equal(q('lecturer_level').average, 4);
      assert.deepEqual(
        q('lecturer_level').distribution.map((d) => [d.value, d.label, d.count]),
        [
          [1, '很不满意', 0],
          [2, '不满意', 1],
          [3, '一般', 1],
          [4, '满意', 2],
          [5, '非常满意', 3],
        ],
      );
      assert.equal(q('content_fit').average, 4);
      assert.equal(q('lecturer_interaction').average, 4.14); // 29 / 7
      assert.equal(q('work_value').average, 3.86); // 27 / 7
      assert.equal(q('overall').average, 4.29); // 30 / 7
      assert.equal(r.questionnaire.average, 4.06); // 142 / 35
      assert.deepEqual(
        q('difficulty').options.map((o) => [o.text, o.count]),
        [
          ['偏浅', 1],
          ['适中', 5],
          ['偏深', 1],
        ],
      );
      assert.equal(q('difficulty').answered, 7);
      assert.deepEqual(
        q('suggestions')
          .comments.map((c) => c.text)
          .sort(),
        ['希望多举案例（乙）', '讲得很好（甲）'].sort(),
      );
      assert.ok(
        q('suggestions').comments.every((c) => c.by === null),
        'anonymous comments carry no author',
      );
      assert.equal(q('suggestions').answered, 2, 'an empty comment is no answer');
    });

    test('groups smaller than the threshold are not broken out', async () => {
      const r = await ev.results(admin, fx.classId, lectureId());
      // Group A: 22 + 21 + 21 + 19 + 20 = 103 over 25 answers; group B answered twice, under 5.
      assert.deepEqual(r.byGroup, { minGroupSize: 5, groups: [{ groupId: fx.groupA, name: '第一组', responses: 5, average: 4.12 }], hiddenGroups: 1 });
      await ev.updateSettings(admin, fx.classId, { minGroupSize: 6 });
      const stricter = await ev.results(admin, fx.classId, lectureId());
      assert.deepEqual(stricter.byGroup?.groups, []);
      assert.equal(stricter.byGroup?.hiddenGroups, 2);
      await ev.updateSettings(admin, fx.classId, { minGroupSize: 5 });
      const discussion = await ev.results(admin, fx.classId, questionnaireOf(fx.sessions.discussion));
      assert.equal(discussion.byGroup, null, 'a one-group session has nothing to break out');
    });

    test('the non-respondent list names who has not answered, for reminders', async () => {
      const lecture = await ev.nonRespondents(fx.classId, lectureId());
      assert.deepEqual(
        lecture.people.map((p) => [p.name, p.groupName, p.phone]),
        [['乙三测试', '第二组', fx.trainees.find((x) => x.name === '乙三测试')!.phone]],
      );
      assert.equal(lecture.expected - lecture.answered, lecture.people.length);
      const discussion = await ev.nonRespondents(fx.classId, questionnaireOf(fx.sessions.discussion));
      assert.deepEqual(discussion.people.map((p) => p.name).sort(), [...GROUP_A].sort());
      const outstanding = await ev.outstanding(fx.classId);
      assert.equal(outstanding.openQuestionnaires, 1);
      assert.deepEqual(
        outstanding.people.map((p) => [p.name, p.pending.map((x) => x.title)]),
        [['乙三测试', ['测试专题讲座']]],
      );
      // What completion (#7) counts: questionnaires opened so far that each trainee was asked, and answered.
      const counts = await t.database.transaction((trx) => ev.completionCounts(trx, fx.classId));
      assert.equal(counts.length, 8);
      assert.ok(counts.every((c) => c.expected === 1));
      assert.deepEqual(
        counts.filter((c) => c.submitted === 0).map((c) => c.enrolmentId),
        [fx.trainees.find((x) => x.name === '乙三测试')!.enrolmentId],
      );
    });

    test('stored responses hold no respondent; the respondents table holds only an encrypted link', async () => {
      const db = t.database.db;
      const responses = await db.selectFrom('evaluation_responses').selectAll().where('questionnaire_id', '=', lectureId()).execute();
      assert.equal(responses.length, 7);
      assert.ok(responses.every((r) => r.enrolment_id === null));
      assert.ok(
        responses.every((r) => /^[A-Za-z0-9_-]{20,}$/.test(r.id)),
        'response ids are random, not a sequence',
      );
      const respondents = await db.selectFrom('evaluation_respondents').selectAll().where('questionnaire_id', '=', lectureId()).execute();
      assert.equal(respondents.length, 7);
      const ids = new Set(responses.map((r) => r.id));
      assert.ok(respondents.every((r) => r.response_ref && !ids.has(r.response_ref) && ![...ids].some((id) => r.response_ref!.includes(id))));
      const columns = Object.keys(responses[0]).sort();
      assert.deepEqual(columns, ['enrolment_id', 'group_id', 'id', 'questionnaire_id'], 'no time on a response to match against answered_at');
    });

    test('a lecturer sees only their own sessions; others are not found for them', async () => {
      const lecturer = await makeActor(services, { role: 'lecturer', scopeType: 'class', scopeId: fx.classId });
      await services.database.transaction((trx) => services.timetable.linkLecturerUser(trx, null, fx.lecturerId, lecturer.userId));
      const overview = await ev.classOverview(lecturer, fx.classId);
      assert.equal(overview.ownSessionsOnly, true);
      assert.deepEqual(
        overview.questionnaires.map((q) => q.title),
        ['测试专题讲座'],
      );
      assert.equal((await ev.results(lecturer, fx.classId, lectureId())).questionnaire.average, 4.06);
      await assert.rejects(ev.results(lecturer, fx.classId, questionnaireOf(fx.sessions.visit)), { code: 'not_found' });
      await assert.rejects(ev.results(lecturer, fx.classId, questionnaireOf(null)), { code: 'not_found' });
      const sponsor = await makeActor(services, { role: 'sponsor', scopeType: 'programme', scopeId: fx.programmeId });
      assert.equal((await ev.classOverview(sponsor, fx.classId)).ownSessionsOnly, false);
    });

    test('templates: a new default replaces the built-in one; unanswered questionnaires follow edits, answered ones keep their questions', async () => {
      const organizer = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: fx.institutionId });
      const custom = await ev.createTemplate(organizer, fx.institutionId, {
        name: '讲座评估（简版）',
        description: null,
        defaultFor: 'site_visit',
        questions: [
          { kind: 'rating', text: '总体评价', required: true, topic: 'overall' },
          { kind: 'multiple', text: '收获', required: false, options: [{ text: '思路' }, { text: '方法' }] },
        ],
      });
      assert.deepEqual(
        custom.questions.map((q) => [q.id, q.kind, q.options.map((o) => o.id)]),
        [
          ['q1', 'rating', []],
          ['q2', 'multiple', ['o1', 'o2']],
        ],
      );
      const templates = await ev.listTemplates(fx.institutionId);
      assert.deepEqual(
        templates.filter((x) => x.defaultFor === 'site_visit').map((x) => x.name),
        ['讲座评估（简版）'],
      );
      // Attach it to the (unanswered) visit; editing the template then changes the visit's questions.
      const visit = questionnaireOf(fx.sessions.visit);
      await ev.updateQuestionnaire(organizer, fx.classId, visit, { templateId: custom.id });
      await ev.updateTemplate(organizer, fx.institutionId, custom.id, {
        name: '讲座评估（简版）',
        defaultFor: 'site_visit',
        questions: [...custom.questions, { kind: 'text', text: '建议', required: false }],
      });
      const inClass = await services.database.transaction((trx) => ev.questionnairesIn(trx, fx.classId));
      assert.equal(inClass.find((q) => q.id === visit)!.questions.length, 3);
      assert.equal(inClass.find((q) => q.id === lectureId())!.questions.length, 7, 'the answered lecture keeps its questions');
      // An answered questionnaire's template and anonymity are fixed.
      await assert.rejects(
        ev.updateQuestionnaire(organizer, fx.classId, lectureId(), { templateId: custom.id }),
        (e: { fieldErrors: Array<{ code: string }> }) => e.fieldErrors[0].code === 'evaluation.locked',
      );
      await assert.rejects(
        ev.updateQuestionnaire(organizer, fx.classId, lectureId(), { anonymous: false }),
        (e: { fieldErrors: Array<{ code: string }> }) => e.fieldErrors[0].code === 'evaluation.locked',
      );
      // Archiving leaves the list and the default; the questionnaire keeps using it.
      await ev.archiveTemplate(organizer, fx.institutionId, custom.id);
      assert.ok(!(await ev.listTemplates(fx.institutionId)).some((x) => x.id === custom.id));
      const ceremony = questionnaireOf(fx.sessions.ceremony);
      await assert.rejects(
        ev.updateQuestionnaire(organizer, fx.classId, ceremony, { enabled: true }),
        (e: { fieldErrors: Array<{ code: string }> }) => e.fieldErrors[0].code === 'evaluation.template_required',
      );
      const enabled = await ev.updateQuestionnaire(organizer, fx.classId, ceremony, {
        enabled: true,
        templateId: templates.find((x) => x.defaultFor === 'class')!.id,
      });
      assert.equal(enabled.enabled, true);
      await assert.rejects(
        ev.updateQuestionnaire(organizer, fx.classId, ceremony, { opensAt: '2026-03-04T10:00:00+08:00', closesAt: '2026-03-04T09:00:00+08:00' }),
        (e: { fieldErrors: Array<{ code: string }> }) => e.fieldErrors[0].code === 'evaluation.close_before_open',
      );
      await ev.updateQuestionnaire(organizer, fx.classId, ceremony, { enabled: false });
    });

    test('after closing, answers cannot change and nothing links a respondent to a response', async () => {
      clock.now = bj('2026-03-06T12:00:00');
      await assert.rejects(
        ev.submit(trainee.get('乙三测试')!, lectureId(), answersOf(LECTURE.乙二测试)),
        (e: { code: string; params: { closesAt: string } }) => {
          assert.equal(e.code, 'evaluation.closed');
          assert.equal(e.params.closesAt, '2026-03-06 11:50');
          return true;
        },
      );
      const view = await ev.myQuestionnaire(trainee.get('甲一测试')!, lectureId());
      assert.equal(view.state, 'closed');
      assert.equal(view.editable, false);
      assert.equal(view.answers, null);
      // The server sweeps every minute; reading the closed questionnaire above wrote nothing.
      await ev.forgetClosedResponseRefs();
      const refs = await t.database.db.selectFrom('evaluation_respondents').select('response_ref').where('questionnaire_id', '=', lectureId()).execute();
      assert.ok(refs.every((r) => r.response_ref === null));
      clock.now = bj('2026-03-03T12:30:00');
    });

    test('lecturer ratings across classes and years', async () => {
      // The same lecturer in a 2025 class of the same programme: two answers, 3 and 4 on each lecturer question.
      const older = await services.classes.createClass(null, fx.programmeId, {
        title: '2025年测试班',
        startsOn: '2025-06-02',
        endsOn: '2025-06-06',
        timeZone: 'Asia/Shanghai',
        leaveLimitRatio: 0.2,
        minAttendanceRatio: 0.8,
        lateGraceMinutes: 10,
      });
      const people = fx.trainees.slice(0, 2);
      await services.database.transaction(async (trx) => {
        for (const p of people) await services.roster.enrolIn(trx, null, older, { personId: p.personId, role: 'member' });
        await services.timetable.createSessionIn(trx, null, older, {
          kind: 'lecture',
          title: '往年讲座',
          startsAt: '2025-06-03T09:00:00+08:00',
          endsAt: '2025-06-03T12:00:00+08:00',
          hours: 3,
          lecturerIds: [fx.lecturerId],
          groupIds: [],
        });
      });
      const q = (await ev.classOverview(admin, older)).questionnaires.find((x) => x.title === '往年讲座')!;
      clock.now = bj('2025-06-03T13:00:00');
      for (const p of people) {
        await ev.submit(trainee.get(p.name)!, q.id, {
          content_fit: 5,
          lecturer_level: 3,
          lecturer_interaction: 4,
          work_value: 5,
          overall: 5,
          difficulty: 'o2',
        });
      }
      clock.now = bj('2026-03-03T12:30:00');
      const ratings = await ev.lecturerRatings(fx.lecturerId);
      assert.equal(ratings.name, '讲座测试教师');
      // 2026: (28 + 29) / 14 = 4.07; 2025: (3 + 4) * 2 / 4 = 3.5; all: 71 / 18 = 3.94
      assert.deepEqual(
        ratings.byYear.map((y) => [y.year, y.score, y.responses, y.sessions]),
        [
          [2026, 4.07, 7, 1],
          [2025, 3.5, 2, 1],
        ],
      );
      assert.equal(ratings.score, 3.94);
      assert.equal(ratings.responses, 9);
      assert.deepEqual(
        ratings.byClass.map((c) => [c.classTitle.startsWith('2025') ? 'old' : 'new', c.score, c.sessions[0].expected, c.sessions[0].overallScore]),
        [
          ['new', 4.07, 8, 4.06],
          ['old', 3.5, 2, 4.4],
        ],
      );
      const pool = await ev.lecturerRatingSummaries(fx.institutionId);
      assert.deepEqual(
        pool.find((p) => p.lecturerId === fx.lecturerId),
        { lecturerId: fx.lecturerId, score: 3.94, responses: 9, sessions: 2, classes: 2, lastYear: 2026 },
      );
    });

    test('the class report: PDF text and XLSX cells carry the figures and no names', async () => {
      const data = await ev.reportData(fx.classId);
      const pdf = await buildReportPdf(data, 'zh-CN');
      const dir = mkdtempSync(join(tmpdir(), 'cohort-eval-'));
      try {
        writeFileSync(join(dir, 'r.pdf'), pdf);
        const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
        assert.match(text, /培训质量评估报告/);
        assert.match(text, /测试专题讲座/);
        assert.match(text, /4\.06/);
        assert.match(text, /87\.5%/);
        assert.match(text, /授课教师的理论水平和讲授效果/);
        assert.match(text, /讲得很好（甲）/);
        for (const name of [...GROUP_A, ...GROUP_B]) assert.ok(!text.includes(name), `${name} is not in the report`);
        const images = execFileSync('pdfimages', ['-list', join(dir, 'r.pdf')], { encoding: 'utf8' });
        assert.ok(images.split('\n').filter((l) => /\bimage\b/.test(l)).length >= 2, 'the charts are embedded');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await buildReportXlsx(data, 'zh-CN')) as unknown as ArrayBuffer);
      assert.deepEqual(
        workbook.worksheets.map((w) => w.name),
        ['汇总', '题目统计', '选择题', '意见建议', '分组', '图表'],
      );
      const rows = (name: string) =>
        workbook
          .getWorksheet(name)!
          .getSheetValues()
          .filter(Boolean)
          .map((r) => (r as unknown[]).slice(1));
      const summary = rows('汇总').find((r) => r[0] === '测试专题讲座')!;
      assert.deepEqual(summary.slice(3, 7), [7, 8, 0.875, 4.06]);
      const level = rows('题目统计').find((r) => r[0] === '测试专题讲座' && r[1] === '授课教师的理论水平和讲授效果')!;
      assert.deepEqual(level.slice(3), [7, 4, 0, 1, 1, 2, 3]);
      assert.ok(rows('意见建议').some((r) => r[2] === '希望多举案例（乙）'));
      assert.deepEqual(
        rows('分组').find((r) => r[0] === '测试专题讲座'),
        ['测试专题讲座', '第一组', 5, 4.12],
      );
      assert.ok(workbook.getWorksheet('图表')!.getImages().length >= 2);
      const everything = JSON.stringify(workbook.worksheets.map((w) => w.getSheetValues()));
      for (const name of [...GROUP_A, ...GROUP_B]) assert.ok(!everything.includes(name), `${name} is not in the workbook`);
    });
    test('a non-anonymous questionnaire names the author of a comment', async () => {
      const organizer = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: fx.institutionId });
      const discussion = questionnaireOf(fx.sessions.discussion);
      await ev.updateQuestionnaire(organizer, fx.classId, discussion, { anonymous: false, opensAt: '2026-03-03T12:00:00+08:00' });
      await ev.submit(trainee.get('甲二测试')!, discussion, {
        topic_fit: 4,
        facilitation: 4,
        exchange: 4,
        outcome_value: 4,
        overall: 4,
        suggestions: '实名意见',
      });
      const r = await ev.results(admin, fx.classId, discussion);
      assert.deepEqual(r.questions.find((q) => q.id === 'suggestions')?.comments, [{ text: '实名意见', by: '甲二测试' }]);
    });
  });
}
