import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { GROUP_A, GROUP_B, makeEvaluationClass, traineeActor } from '../support/evaluation-fixtures';
import { appFor, loginHeaders, makeActor } from '../support/factories';

/** A Beijing calendar date `days` from today. */
const bjDate = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

const COMMENT_A = '评论文字甲（唯一）';
const COMMENT_B = '评论文字乙（唯一）';
const lectureAnswers = (n: number, comment?: string) => ({
  content_fit: 4,
  lecturer_level: n,
  lecturer_interaction: 4,
  work_value: 4,
  overall: n,
  difficulty: 'o2',
  ...(comment ? { suggestions: comment } : {}),
});

/** Is there anything in this JSON that comes from someone's answers (not just the questions)? */
function carriesAnswers(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(carriesAnswers);
  if (!value || typeof value !== 'object') return false;
  const o = value as Record<string, unknown>;
  if (Array.isArray(o.distribution) && o.distribution.some((d) => (d as { count: number }).count > 0)) return true;
  if (Array.isArray(o.options) && o.options.some((d) => ((d as { count?: number }).count ?? 0) > 0)) return true;
  if (Array.isArray(o.comments) && o.comments.length > 0) return true;
  if (o.answers && typeof o.answers === 'object') return true;
  for (const key of ['average', 'score', 'lecturerScore', 'overallScore']) if (typeof o[key] === 'number') return true;
  return Object.values(o).some(carriesAnswers);
}

for (const kind of DATABASES) {
  describe(`evaluation routes on ${kind}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let fx: Awaited<ReturnType<typeof makeEvaluationClass>>;
    const h: Record<string, Record<string, string>> = {};
    const traineeHeaders = new Map<string, Record<string, string>>();
    let ids: { lecture: number; visit: number; discussion: number; whole: number; ceremony: number };
    let identities: string[];

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      // The sessions were yesterday (Beijing time), so every questionnaire is open now and for two more days.
      fx = await makeEvaluationClass(services, { startsOn: bjDate(-2), endsOn: bjDate(2), day: bjDate(-1) });
      const login = async (name: string, grant: Parameters<typeof makeActor>[1]) => {
        const a = await makeActor(services, grant);
        h[name] = await loginHeaders(app, a.username, a.password);
        return a;
      };
      await login('admin', 'admin');
      await login('organizer', { role: 'organizer', scopeType: 'institution', scopeId: fx.institutionId });
      await login('teacher', { role: 'class_teacher', scopeType: 'class', scopeId: fx.classId });
      await login('sponsor', { role: 'sponsor', scopeType: 'programme', scopeId: fx.programmeId });
      const lecturer = await login('lecturer', { role: 'lecturer', scopeType: 'class', scopeId: fx.classId });
      await services.database.transaction((trx) => services.timetable.linkLecturerUser(trx, null, fx.lecturerId, lecturer.userId));
      for (const tr of fx.trainees) traineeHeaders.set(tr.name, (await traineeActor(services, tr.personId, tr.name)).headers);
      const overview = (await app.inject({ method: 'GET', url: `/api/v1/classes/${fx.classId}/evaluations`, headers: h.teacher })).json();
      const idOf = (sessionId: number | null) =>
        overview.questionnaires.find((q: { session: { id: number } | null }) => (q.session?.id ?? null) === sessionId).id;
      ids = {
        lecture: idOf(fx.sessions.lecture),
        visit: idOf(fx.sessions.visit),
        discussion: idOf(fx.sessions.discussion),
        whole: idOf(null),
        ceremony: idOf(fx.sessions.ceremony),
      };
      identities = fx.trainees.flatMap((x) => [x.name, x.phone]);
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('a trainee answers from their phone; a mistake comes back naming the question, in their language', async () => {
      const me = traineeHeaders.get('甲一测试')!;
      const list = await app.inject({ method: 'GET', url: '/api/v1/me/evaluations', headers: me });
      assert.equal(list.statusCode, 200);
      const open = (list.json() as Array<{ state: string; title: string; session: object | null }>).filter((q) => q.state === 'open');
      assert.deepEqual(
        open
          .filter((q) => q.session)
          .map((q) => q.title)
          .sort(),
        ['测试专题讲座', '测试现场教学', '测试研讨（第一组）'].sort(),
      );
      assert.equal(open.filter((q) => !q.session).length, 1, 'and the class questionnaire');
      const { overall: _o, ...missingOverall } = lectureAnswers(5);
      const bad = await app.inject({ method: 'PUT', url: `/api/v1/me/evaluations/${ids.lecture}/response`, headers: me, payload: { answers: missingOverall } });
      assert.equal(bad.statusCode, 400);
      assert.match(String(bad.headers['content-type']), /application\/problem\+json/);
      assert.deepEqual(bad.json().errors, [{ field: 'answers.overall', code: 'evaluation.answer_required', message: '第 5 题“对本讲的总体评价”为必答题' }]);
      const english = await app.inject({
        method: 'PUT',
        url: `/api/v1/me/evaluations/${ids.lecture}/response`,
        headers: { ...me, 'accept-language': 'en' },
        payload: { answers: { ...lectureAnswers(5), overall: 9 } },
      });
      assert.equal(english.json().errors[0].message, 'Question 5 (“对本讲的总体评价”): choose a score from 1 to 5');
      const noCsrf = await app.inject({
        method: 'PUT',
        url: `/api/v1/me/evaluations/${ids.lecture}/response`,
        headers: { cookie: me.cookie },
        payload: { answers: lectureAnswers(5) },
      });
      assert.equal(noCsrf.statusCode, 403);
      const ok = await app.inject({
        method: 'PUT',
        url: `/api/v1/me/evaluations/${ids.lecture}/response`,
        headers: me,
        payload: { answers: lectureAnswers(5, COMMENT_A) },
      });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().updated, false);
      const again = await app.inject({
        method: 'PUT',
        url: `/api/v1/me/evaluations/${ids.lecture}/response`,
        headers: me,
        payload: { answers: lectureAnswers(4, COMMENT_A) },
      });
      assert.equal(again.json().updated, true);
      const mine = (await app.inject({ method: 'GET', url: `/api/v1/me/evaluations/${ids.lecture}`, headers: me })).json();
      assert.deepEqual(mine.answers, lectureAnswers(4, COMMENT_A));
      for (const name of ['甲二测试', '乙一测试', '乙二测试']) {
        const res = await app.inject({
          method: 'PUT',
          url: `/api/v1/me/evaluations/${ids.lecture}/response`,
          headers: traineeHeaders.get(name)!,
          payload: { answers: lectureAnswers(name === '乙一测试' ? 2 : 5, name === '乙一测试' ? COMMENT_B : undefined) },
        });
        assert.equal(res.statusCode, 200, res.body);
      }
      const results = (await app.inject({ method: 'GET', url: `/api/v1/classes/${fx.classId}/evaluations/${ids.lecture}/results`, headers: h.teacher })).json();
      assert.equal(results.responses, 4);
      assert.equal(results.questions.find((q: { id: string }) => q.id === 'overall').average, 4); // 4 5 2 5
    });

    test('the QR link opens the same questionnaire for a signed-in trainee, and only for one', async () => {
      const link = (await app.inject({ method: 'GET', url: `/api/v1/classes/${fx.classId}/evaluations/${ids.visit}/link`, headers: h.teacher })).json();
      assert.match(link.url, /^http:\/\/localhost:3000\/t\/evaluations\/q\/[A-Za-z0-9_-]+$/);
      assert.match(link.svg, /<svg/);
      const token = link.path.split('/').pop();
      const opened = await app.inject({ method: 'GET', url: `/api/v1/me/evaluations/links/${token}`, headers: traineeHeaders.get('乙三测试')! });
      assert.equal(opened.statusCode, 200);
      assert.equal(opened.json().id, ids.visit);
      assert.equal((await app.inject({ method: 'GET', url: `/api/v1/me/evaluations/links/${token}` })).statusCode, 401);
      assert.equal((await app.inject({ method: 'GET', url: `/api/v1/me/evaluations/links/${token}`, headers: h.teacher })).statusCode, 403);
      assert.equal(
        (await app.inject({ method: 'GET', url: '/api/v1/me/evaluations/links/not-a-real-token', headers: traineeHeaders.get('乙三测试')! })).statusCode,
        404,
      );
    });

    test('who may see and do what', async () => {
      const get = (url: string, who: string) => app.inject({ method: 'GET', url, headers: h[who] }).then((r) => r.statusCode);
      const base = `/api/v1/classes/${fx.classId}/evaluations`;
      assert.equal(await get(`${base}/${ids.lecture}/results`, 'sponsor'), 200);
      assert.equal(await get(`${base}/${ids.lecture}/non-respondents`, 'sponsor'), 403);
      assert.equal(await get(`${base}/outstanding`, 'sponsor'), 403);
      assert.equal(await get(`${base}/outstanding`, 'teacher'), 200);
      assert.equal(await get(`${base}/report.pdf`, 'lecturer'), 403);
      assert.equal(await get(`${base}/${ids.lecture}/results`, 'lecturer'), 200);
      assert.equal(await get(`${base}/${ids.visit}/results`, 'lecturer'), 404);
      assert.equal(await get(`/api/v1/lecturers/${fx.lecturerId}/evaluation-ratings`, 'organizer'), 200);
      assert.equal(await get(`/api/v1/lecturers/${fx.lecturerId}/evaluation-ratings`, 'teacher'), 403);
      assert.equal(await get('/api/v1/me/evaluations', 'teacher'), 403);
      const patch = (who: string, url: string, payload: object) => app.inject({ method: 'PATCH', url, headers: h[who], payload }).then((r) => r.statusCode);
      assert.equal(await patch('sponsor', `/api/v1/classes/${fx.classId}/evaluation-settings`, { closeAfterHours: 48 }), 403);
      assert.equal(await patch('teacher', `/api/v1/classes/${fx.classId}/evaluation-settings`, { closeAfterHours: 72 }), 200);
      assert.equal(await patch('teacher', `${base}/${ids.ceremony}`, { enabled: false }), 200);
      const template = { name: '班主任的模板', questions: [{ kind: 'rating', text: '总体' }] };
      const post = (who: string) =>
        app
          .inject({ method: 'POST', url: `/api/v1/institutions/${fx.institutionId}/evaluation-templates`, headers: h[who], payload: template })
          .then((r) => r.statusCode);
      assert.equal(await post('teacher'), 403, 'templates are the institution’s, edited by organizers');
      assert.equal(await post('organizer'), 201);
      assert.equal(await get(`/api/v1/institutions/${fx.institutionId}/evaluation-templates`, 'teacher'), 200);
    });

    test('a template with a malformed question is refused with the field named', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/institutions/${fx.institutionId}/evaluation-templates`,
        headers: h.organizer,
        payload: {
          name: '坏模板',
          questions: [
            { kind: 'rating', text: '评分', labels: ['1', '2', '3', '4'] },
            { kind: 'single', text: '选一个', options: [{ text: '唯一' }] },
          ],
        },
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(
        res.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
        [
          ['questions.0.labels', 'evaluation.labels_five'],
          ['questions.1.options', 'evaluation.options_needed'],
        ],
      );
    });

    test('the reports download as PDF and XLSX', async () => {
      const pdf = await app.inject({ method: 'GET', url: `/api/v1/classes/${fx.classId}/evaluations/report.pdf`, headers: h.sponsor });
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.match(String(pdf.headers['content-disposition']), /filename\*=UTF-8''.*\.pdf/);
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      const xlsx = await app.inject({ method: 'GET', url: `/api/v1/classes/${fx.classId}/evaluations/report.xlsx`, headers: h.teacher });
      assert.equal(xlsx.statusCode, 200);
      assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    });

    test('no evaluation route returns a respondent together with answers', async () => {
      // Everyone answers what is open to them, with comments that can be searched for.
      for (const tr of fx.trainees) {
        const headers = traineeHeaders.get(tr.name)!;
        const open = (await app.inject({ method: 'GET', url: '/api/v1/me/evaluations', headers })).json() as Array<{
          id: number;
          state: string;
          answered: boolean;
        }>;
        for (const q of open.filter((x) => x.state === 'open' && !x.answered)) {
          const detail = (await app.inject({ method: 'GET', url: `/api/v1/me/evaluations/${q.id}`, headers })).json();
          const answers: Record<string, unknown> = {};
          for (const question of detail.questions) {
            if (question.kind === 'rating') answers[question.id] = 4;
            if (question.kind === 'single') answers[question.id] = question.options[0].id;
            if (question.kind === 'multiple') answers[question.id] = [question.options[1].id];
            if (question.kind === 'text') answers[question.id] = `来自${GROUP_A.includes(tr.name) ? '甲' : '乙'}组的意见`;
          }
          const res = await app.inject({ method: 'PUT', url: `/api/v1/me/evaluations/${q.id}/response`, headers, payload: { answers } });
          assert.equal(res.statusCode, 200, res.body);
        }
      }

      const tokens = new Map<number, string>();
      const questionnaireIds = Object.values(ids);
      for (const id of questionnaireIds) {
        tokens.set(
          id,
          (await app.inject({ method: 'GET', url: `/api/v1/classes/${fx.classId}/evaluations/${id}/link`, headers: h.admin })).json().path.split('/').pop(),
        );
      }
      const routes = app.routeTable.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/') && /evaluation|lecturer-ratings/.test(r.url));
      assert.ok(routes.length >= 12, `found ${routes.length} evaluation routes`);
      const covered = new Set<string>();
      const outputs: Array<{ url: string; who: string; text: string; json: unknown }> = [];

      const expand = (url: string) => {
        let urls = [url];
        const fill = (name: string, values: Array<string | number>) => {
          urls = urls.flatMap((u) => (u.includes(`:${name}`) ? values.map((v) => u.replace(`:${name}`, String(v))) : [u]));
        };
        fill('classId', [fx.classId]);
        fill('institutionId', [fx.institutionId]);
        fill('lecturerId', [fx.lecturerId, fx.otherLecturerId]);
        fill('questionnaireId', questionnaireIds);
        fill('token', [...tokens.values()]);
        return urls;
      };
      const dir = mkdtempSync(join(tmpdir(), 'cohort-anon-'));
      try {
        for (const route of routes) {
          const callers = route.url.startsWith('/api/v1/me/') ? fx.trainees.map((x) => x.name) : ['admin', 'lecturer', 'sponsor'];
          for (const url of expand(route.url)) {
            for (const who of callers) {
              const res = await app.inject({ method: 'GET', url, headers: h[who] ?? traineeHeaders.get(who) });
              if (res.statusCode !== 200) continue;
              covered.add(route.url);
              let text: string;
              let json: unknown = null;
              if (url.endsWith('.pdf')) {
                writeFileSync(join(dir, 'r.pdf'), res.rawPayload);
                text = execFileSync('pdftotext', [join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
                json = { comments: [text] }; // a report is all answers
              } else if (url.endsWith('.xlsx')) {
                const wb = new ExcelJS.Workbook();
                await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
                text = JSON.stringify(wb.worksheets.map((w) => w.getSheetValues()));
                json = { comments: [text] };
              } else {
                text = res.body;
                json = res.json();
              }
              outputs.push({ url, who, text, json });
            }
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      assert.deepEqual([...covered].sort(), routes.map((r) => r.url).sort(), 'every evaluation GET route was exercised');

      let withAnswers = 0;
      let withPeople = 0;
      for (const o of outputs) {
        const answers = carriesAnswers(o.json) || [COMMENT_A, COMMENT_B, '来自甲组的意见', '来自乙组的意见'].some((c) => o.text.includes(c));
        const person = identities.some((x) => o.text.includes(x)) || /"(enrolmentId|personId|userId|respondent)"\s*:\s*\d/.test(o.text);
        if (answers) withAnswers += 1;
        if (person) withPeople += 1;
        assert.ok(!(answers && person), `${o.who} GET ${o.url} returns a person together with answers: ${o.text.slice(0, 300)}`);
        const comments = JSON.stringify(o.json).match(/"by":"[^"]+"/);
        assert.equal(comments, null, `${o.url} names an author`);
      }
      assert.ok(withAnswers > 10 && withPeople > 0, 'the walk saw both answers and people (in separate outputs)');
      // The trainee's own answers come back to them, and to nobody else.
      const own = outputs.filter((o) => o.url.startsWith('/api/v1/me/evaluations/') && (o.json as { answers: unknown }).answers);
      assert.ok(own.length > 0);
      assert.ok(
        outputs.filter((o) => !o.url.startsWith('/api/v1/me/')).every((o) => !JSON.stringify(o.json).includes('"answers":{')),
        'staff routes never return an answer sheet',
      );
    });

    test('every trainee is in the class questionnaire’s non-respondents until they answer', async () => {
      const res = (
        await app.inject({ method: 'GET', url: `/api/v1/classes/${fx.classId}/evaluations/${ids.lecture}/non-respondents`, headers: h.teacher })
      ).json();
      assert.deepEqual(res.people, [], 'after the walk everyone has answered the lecture');
      const outstanding = (await app.inject({ method: 'GET', url: `/api/v1/classes/${fx.classId}/evaluations/outstanding`, headers: h.teacher })).json();
      assert.deepEqual(outstanding.people, []);
      assert.equal([...GROUP_A, ...GROUP_B].length, res.expected);
    });
  });
}
