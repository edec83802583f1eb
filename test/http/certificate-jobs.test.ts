import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '../../src/server/app';
import { craftedClass } from '../support/certificate-class';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, makeActor } from '../support/factories';

// One heavy certificate job per class at a time: starting a batch while one is queued or running
// for the same class answers 409 certificate.job_running in the user's language and changes
// nothing; other classes are not held up, and a job whose runner died is taken over instead.

for (const kind of DATABASES) {
  describe(`certificate jobs, one per class (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let classId: number;
    let otherClassId: number;
    let teacher: Record<string, string>;

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      const made = await craftedClass(services, [{ name: '全勤甲' }, { name: '扎西旺拉', nameBo: 'བཀྲ་ཤིས་དབང་ལྷ' }]);
      classId = made.classId;
      const other = await craftedClass(services, [{ name: '另一班学员' }], { institution: made, title: '另一个班' });
      otherClassId = other.classId;
      for (const id of [classId, otherClassId]) await services.certificates.issue(null, id, {});
      const organizer = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: made.institutionId });
      teacher = await loginHeaders(app, organizer.username, organizer.password);
    });
    after(async () => {
      await services.certificates.drain();
      await app.close();
      await t.drop();
    });

    const start = (id: number, body: object, lang = 'zh-CN') =>
      app.inject({ method: 'POST', url: `/api/v1/classes/${id}/certificate-jobs`, headers: { ...teacher, 'accept-language': lang }, payload: body });
    const jobCount = async () =>
      (
        await t.database.db
          .selectFrom('certificate_jobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    /** Makes a job look as if a runner were at it, its last heartbeat `ageMs` ago. */
    const markRunning = (jobId: number, ageMs: number) =>
      sql`update certificate_jobs set status = 'running', done = 0, storage_key = null, finished_at = null, heartbeat_at = ${new Date(Date.now() - ageMs).toISOString()} where id = ${jobId}`.execute(
        t.database.db,
      );

    test('a second bundle or issue job for a class with one running answers 409, in zh-CN and English, and adds no job', async () => {
      const first = await start(classId, { kind: 'bundle', format: 'zip' });
      assert.equal(first.statusCode, 202);
      await services.certificates.drain();
      await markRunning(first.json().id, 0);
      const before = Number(await jobCount());

      const zh = await start(classId, { kind: 'bundle', format: 'pdf' });
      assert.equal(zh.statusCode, 409);
      assert.equal(zh.json().code, 'certificate.job_running');
      assert.equal(zh.json().title, '本班已有一个证书批量任务在排队或生成中，请等它完成后再开始新的任务');
      const en = await start(classId, { kind: 'issue', format: 'zip' }, 'en');
      assert.equal(en.statusCode, 409);
      assert.equal(en.json().title, 'A certificate batch job for this class is already queued or running; wait for it to finish before starting another');
      assert.equal(Number(await jobCount()), before);

      // Another class is not held up.
      const other = await start(otherClassId, { kind: 'bundle', format: 'pdf' });
      assert.equal(other.statusCode, 202);
      await services.certificates.drain();

      // Queued counts as well as running.
      await sql`update certificate_jobs set status = 'queued' where id = ${first.json().id}`.execute(t.database.db);
      assert.equal((await start(classId, { kind: 'bundle', format: 'zip' })).statusCode, 409);
      await sql`update certificate_jobs set status = 'done' where id = ${first.json().id}`.execute(t.database.db);
      const again = await start(classId, { kind: 'bundle', format: 'pdf' });
      assert.equal(again.statusCode, 202);
      await services.certificates.drain();
    });

    test('a job whose runner died still blocks a new one, and is taken over so that it finishes', async () => {
      const job = await start(classId, { kind: 'bundle', format: 'zip' });
      assert.equal(job.statusCode, 202);
      await services.certificates.drain();
      await markRunning(job.json().id, 120_000);
      const refused = await start(classId, { kind: 'bundle', format: 'zip' });
      assert.equal(refused.statusCode, 409);
      await services.certificates.drain();
      const taken = await app.inject({ method: 'GET', url: `/api/v1/classes/${classId}/certificate-jobs/${job.json().id}`, headers: teacher });
      assert.equal(taken.json().status, 'done');
      assert.equal(taken.json().done, 2);
      assert.equal((await start(classId, { kind: 'bundle', format: 'zip' })).statusCode, 202);
    });
  });
}
