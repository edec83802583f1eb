import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, makeActor } from '../support/factories';
import { caller, fieldError, type Headers, signedInAs } from '../support/http';
import { residentialClass } from '../support/residence';

// Dietary needs in the roster's trainee drawer (#18): saved with the trainee in one request and
// one transaction, read back by the meals screen, audited; a bad value names its field and saves nothing.
for (const kind of DATABASES) {
  describe(`dietary needs through the roster on ${kind}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let s: Services;
    let classId: number;
    let enrolmentIds: number[];
    let teacher: Headers;
    const call = caller(() => app);
    const needsOf = async (enrolmentId: number) => (await s.residence.listDietary(classId)).find((d) => d.enrolmentId === enrolmentId)?.needs;
    const none = { halal: false, vegetarian: false, noPork: false, noBeefMutton: false, allergies: null, notes: null };

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      s = built.services;
      const made = await residentialClass(s, ['male', 'female']);
      classId = made.classId;
      enrolmentIds = made.enrolmentIds;
      teacher = (await signedInAs(app, s, { role: 'class_teacher', scopeType: 'class', scopeId: classId })).headers;
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('the class teacher edits a trainee and their needs in one request; the meals list and the audit log have them', async () => {
      const res = await call('PATCH', `/api/v1/enrolments/${enrolmentIds[0]}`, teacher, {
        person: { workUnit: '拉萨市科技局' },
        dietary: { halal: true, vegetarian: false, noPork: true, noBeefMutton: false, allergies: '花生', notes: '少辣' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().person.workUnit, '拉萨市科技局');
      assert.deepEqual(await needsOf(enrolmentIds[0]), { halal: true, vegetarian: false, noPork: true, noBeefMutton: false, allergies: '花生', notes: '少辣' });
      const logged = await t.database.db
        .selectFrom('audit_log')
        .select(['action'])
        .where('class_id', '=', classId)
        .where('action', '=', 'dietary.set')
        .execute();
      assert.equal(logged.length, 1);
      // Only the needs: the person's record is untouched.
      const again = await call('PATCH', `/api/v1/enrolments/${enrolmentIds[0]}`, teacher, { dietary: { ...none, vegetarian: true } });
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual(await needsOf(enrolmentIds[0]), { ...none, vegetarian: true });
      assert.equal(again.json().person.workUnit, '拉萨市科技局');
    });

    test('a new trainee is added with their needs', async () => {
      const res = await call('POST', `/api/v1/classes/${classId}/enrolments`, teacher, {
        person: { name: '次仁卓玛', gender: 'female' },
        dietary: { ...none, noBeefMutton: true, allergies: '海鲜' },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(await needsOf(res.json().id), { ...none, noBeefMutton: true, allergies: '海鲜' });
    });

    test('allergies past 200 characters are refused naming the field, in the user language, and nothing is saved', async () => {
      const before = await needsOf(enrolmentIds[1]);
      const res = await call(
        'PATCH',
        `/api/v1/enrolments/${enrolmentIds[1]}`,
        teacher,
        { person: { workUnit: '不应保存的单位' }, dietary: { ...none, halal: true, allergies: '花'.repeat(201) } },
        'en',
      );
      assert.equal(res.statusCode, 400, res.body);
      assert.match(fieldError(res, 'dietary.allergies') ?? '', /200 characters/);
      assert.deepEqual(await needsOf(enrolmentIds[1]), before);
      const person = await s.roster.getEnrolment(enrolmentIds[1]);
      assert.notEqual(person.person.workUnit, '不应保存的单位');
      const zh = await call('PATCH', `/api/v1/enrolments/${enrolmentIds[1]}`, teacher, { dietary: { ...none, halal: 'yes' } });
      assert.equal(zh.statusCode, 400);
      assert.ok(fieldError(zh, 'dietary.halal'), zh.body);
    });

    test('a sponsor, who may read the roster, may not set needs', async () => {
      const sponsor = await makeActor(s, {
        role: 'sponsor',
        scopeType: 'programme',
        scopeId: (await s.classes.requireClass(t.database.db, classId)).programme_id,
      });
      await assert.rejects(
        s.roster.updateEnrolment(sponsor, enrolmentIds[1], { dietary: { ...none, halal: true } }),
        (e: { code?: string }) => e.code === 'auth.forbidden',
      );
    });
  });
}
