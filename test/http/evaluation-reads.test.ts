import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Services } from '../../src/server/app';
import type { Database } from '../../src/server/db/connection';
import { up as backfill } from '../../src/server/db/migrations/2026-12-01T4000-evaluation-rows-backfill';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeEvaluationClass, traineeActor } from '../support/evaluation-fixtures';
import { appFor, loginHeaders, makeActor, makeClass } from '../support/factories';

// Reading a class's evaluation never writes (issue 20): questionnaire rows are made when sessions
// are created, templates when the institution is, and closed questionnaires lose their
// respondent → response links to a sweep, not to the next look.

const bjDate = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

// Tables that a signed-in request touches whatever it does: the auth module's record of the
// session being used (last seen, expiry). Every other table must be byte for byte the same.
const ACTIVITY_TABLES = new Set(['auth_sessions']);

async function tablesOf(database: Database) {
  const rows =
    database.dialect === 'postgres'
      ? (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(database.db)).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(database.db)).rows;
  return rows.map((r) => r.name).sort();
}

/** Every row of every table, as a count and a hash per table. */
async function snapshot(database: Database, skip: Set<string>) {
  const out: Record<string, string> = {};
  for (const table of await tablesOf(database)) {
    if (skip.has(table)) continue;
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(database.db)).rows;
    const lines = rows.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)))).sort();
    out[table] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}

for (const kind of DATABASES) {
  describe(`evaluation reads write nothing on ${kind}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let fx: Awaited<ReturnType<typeof makeEvaluationClass>>;
    let teacher: Record<string, string>;
    let organizer: Record<string, string>;
    let lecturer: Record<string, string>;
    let trainee: Record<string, string>;

    before(async () => {
      t = await freshDatabase(kind);
      ({ app, services } = await appFor(t));
      fx = await makeEvaluationClass(services, { startsOn: bjDate(-2), endsOn: bjDate(2), day: bjDate(-1) });
      const login = async (grant: Parameters<typeof makeActor>[1]) => {
        const a = await makeActor(services, grant);
        return { actor: a, headers: await loginHeaders(app, a.username, a.password) };
      };
      teacher = (await login({ role: 'class_teacher', scopeType: 'class', scopeId: fx.classId })).headers;
      organizer = (await login({ role: 'organizer', scopeType: 'institution', scopeId: fx.institutionId })).headers;
      const l = await login({ role: 'lecturer', scopeType: 'class', scopeId: fx.classId });
      lecturer = l.headers;
      await services.database.transaction((trx) => services.timetable.linkLecturerUser(trx, null, fx.lecturerId, l.actor.userId));
      trainee = (await traineeActor(services, fx.trainees[0].personId, fx.trainees[0].name)).headers;
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('creating sessions made every questionnaire row, before anyone looked', async () => {
      const rows = await t.database.db.selectFrom('evaluation_questionnaires').select(['scope_key', 'enabled']).where('class_id', '=', fx.classId).execute();
      assert.deepEqual(rows.map((r) => r.scope_key).sort(), ['class', ...Object.values(fx.sessions).map((id) => `session:${id}`)].sort());
      // Enabled where the institution has a default template for the kind: all but the ceremony.
      assert.deepEqual(
        rows.filter((r) => r.enabled === 0).map((r) => r.scope_key),
        [`session:${fx.sessions.ceremony}`],
      );
      const builtins = await t.database.db.selectFrom('evaluation_templates').select('builtin_key').where('institution_id', '=', fx.institutionId).execute();
      assert.equal(builtins.filter((b) => b.builtin_key).length, 4);
    });

    test('a new institution has its templates the moment it exists', async () => {
      const { institutionId } = await makeClass(services);
      const list = await app.inject({ method: 'GET', url: `/api/v1/institutions/${institutionId}/evaluation-templates`, headers: teacher });
      // The teacher belongs to another institution; an organizer of this one is made for the read.
      const own = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: institutionId });
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/institutions/${institutionId}/evaluation-templates`,
        headers: await loginHeaders(app, own.username, own.password),
      });
      assert.equal(list.statusCode, 403);
      assert.equal(res.statusCode, 200);
      assert.equal((res.json() as unknown[]).length, 4);
    });

    test('every GET of the evaluation routes leaves every table as it was', async () => {
      const overview = (await app.inject({ method: 'GET', url: `/api/v1/classes/${fx.classId}/evaluations`, headers: teacher })).json();
      const lectureId = overview.questionnaires.find((q: { session: { id: number } | null }) => q.session?.id === fx.sessions.lecture).id as number;
      const visitId = overview.questionnaires.find((q: { session: { id: number } | null }) => q.session?.id === fx.sessions.visit).id as number;
      const answer = { content_fit: 4, lecturer_level: 5, lecturer_interaction: 4, work_value: 4, overall: 5, difficulty: 'o2' };
      const put = await app.inject({ method: 'PUT', url: `/api/v1/me/evaluations/${lectureId}/response`, headers: trainee, payload: { answers: answer } });
      assert.equal(put.statusCode, 200, put.body);
      // The site visit is answered, then closed by hand a minute ago: its link to the response is
      // still there (the sweep has not run), which the old reads erased on the next look.
      const visitAnswer = (await app.inject({ method: 'GET', url: `/api/v1/me/evaluations/${visitId}`, headers: trainee })).json();
      const visitAnswers = Object.fromEntries(
        (visitAnswer.questions as Array<{ id: string; kind: string; options?: Array<{ id: string }> }>)
          .filter((q) => q.kind !== 'text')
          .map((q) => [q.id, q.kind === 'rating' ? 4 : q.kind === 'single' ? q.options![0].id : [q.options![0].id]]),
      );
      assert.equal(
        (await app.inject({ method: 'PUT', url: `/api/v1/me/evaluations/${visitId}/response`, headers: trainee, payload: { answers: visitAnswers } }))
          .statusCode,
        200,
      );
      const now = Date.now();
      const closed = await app.inject({
        method: 'PATCH',
        url: `/api/v1/classes/${fx.classId}/evaluations/${visitId}`,
        headers: teacher,
        payload: { opensAt: new Date(now - 86_400_000).toISOString(), closesAt: new Date(now - 60_000).toISOString() },
      });
      assert.equal(closed.statusCode, 200, closed.body);
      const token = (await app.inject({ method: 'GET', url: `/api/v1/classes/${fx.classId}/evaluations/${lectureId}/link`, headers: teacher }))
        .json()
        .path.split('/')
        .pop();

      const base = `/api/v1/classes/${fx.classId}/evaluations`;
      const reads: Array<[string, Record<string, string>]> = [
        [`/api/v1/institutions/${fx.institutionId}/evaluation-templates`, organizer],
        [base, teacher],
        [base, lecturer],
        [`${base}/outstanding`, teacher],
        [`${base}/report.pdf`, teacher],
        [`${base}/report.xlsx`, teacher],
        [`${base}/${lectureId}/results`, teacher],
        [`${base}/${visitId}/results`, teacher],
        [`${base}/${lectureId}/results`, lecturer],
        [`${base}/${lectureId}/non-respondents`, teacher],
        [`${base}/${visitId}/link`, teacher],
        [`/api/v1/institutions/${fx.institutionId}/lecturer-ratings`, organizer],
        [`/api/v1/lecturers/${fx.lecturerId}/evaluation-ratings`, organizer],
        ['/api/v1/me/evaluations', trainee],
        [`/api/v1/me/evaluations/links/${token}`, trainee],
        [`/api/v1/me/evaluations/${lectureId}`, trainee],
        [`/api/v1/me/evaluations/${visitId}`, trainee],
      ];
      const skip = new Set((await tablesOf(t.database)).filter((name) => ACTIVITY_TABLES.has(name)));
      for (const [url, headers] of reads) {
        const before = await snapshot(t.database, skip);
        const res = await app.inject({ method: 'GET', url, headers });
        assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
        assert.deepEqual(await snapshot(t.database, skip), before, `GET ${url} wrote`);
      }
      // The reads above left the closed questionnaire's link alone; the sweep erases it.
      const refs = () =>
        t.database.db.selectFrom('evaluation_respondents').select(['questionnaire_id', 'response_ref']).where('response_ref', 'is not', null).execute();
      assert.deepEqual((await refs()).map((r) => r.questionnaire_id).sort(), [lectureId, visitId].sort());
      await services.evaluations.forgetClosedResponseRefs();
      assert.deepEqual(
        (await refs()).map((r) => r.questionnaire_id),
        [lectureId],
        'the open one keeps its link (editable), the closed one loses it',
      );
    });

    test('the backfill makes the rows the old first look made, once', async () => {
      const { classId, institutionId } = await makeClass(services);
      const sessionId = await services.database.transaction((trx) =>
        services.timetable.createSessionIn(trx, null, classId, {
          kind: 'lecture',
          title: '补建测试讲座',
          startsAt: `2026-03-03T09:00:00+08:00`,
          endsAt: `2026-03-03T11:00:00+08:00`,
          hours: 2,
          lecturerIds: [],
          groupIds: [],
        }),
      );
      // A database from before: no rows for this class, no templates for its institution.
      await t.database.db.deleteFrom('evaluation_questionnaires').where('class_id', '=', classId).execute();
      await t.database.db.deleteFrom('evaluation_templates').where('institution_id', '=', institutionId).execute();
      await backfill(t.database.db as unknown as Kysely<unknown>);
      const rows = await t.database.db.selectFrom('evaluation_questionnaires').selectAll().where('class_id', '=', classId).execute();
      assert.deepEqual(rows.map((r) => r.scope_key).sort(), ['class', `session:${sessionId}`]);
      const lectureTemplate = await t.database.db
        .selectFrom('evaluation_templates')
        .select('id')
        .where('institution_id', '=', institutionId)
        .where('default_for', '=', 'lecture')
        .executeTakeFirstOrThrow();
      assert.equal(rows.find((r) => r.session_id === sessionId)!.template_id, lectureTemplate.id);
      const before = await snapshot(t.database, new Set());
      await backfill(t.database.db as unknown as Kysely<unknown>);
      assert.deepEqual(await snapshot(t.database, new Set()), before, 'a second run changes nothing');
    });
  });
}
