// Outside hours (培训经历认定, #19): training taken elsewhere counts in the 学时 ledger and the
// institution's yearly report (SQL) only once approved, in the year the training ended, marked as
// recognised; a rejection needs a comment; a decided record is final; certificates are stored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import type { AppError } from '../../src/server/lib/errors';
import type { Actor } from '../../src/server/lib/permissions';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, makeClass, servicesFor } from '../support/factories';

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const err = e as AppError;
    return err.fieldErrors?.[0]?.code ?? err.code;
  }
  assert.fail('expected a refusal');
};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

for (const kind of DATABASES) {
  describe(`outside hours (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let institutionId: number;
    let organizer: Actor;
    let people: Record<string, number>;
    const devices = new Map<number, number>();
    /** A trainee's phone session: a password-less users row tied to the person. */
    const trainee = (personId: number) => ({ userId: devices.get(personId), personId, isAdmin: false, grants: [] }) as unknown as Actor;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      const made = await makeClass(services, { title: '2025年培训班', startsOn: '2025-03-02', endsOn: '2025-03-13' });
      institutionId = made.institutionId;
      organizer = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: institutionId });
      people = {};
      await t.database.transaction(async (trx) => {
        for (const name of ['次仁', '卓玛', '王强']) {
          const e = await services.roster.enrolIn(trx, null, made.classId, { role: 'member', person: { name, workUnit: '拉萨市科技局' } });
          const personId = (await services.roster.findEnrolmentRow(trx, e))!.person_id;
          people[name] = personId;
          const user = await trx
            .insertInto('users')
            .values({
              username: `t-${personId}`,
              display_name: name,
              password_hash: null,
              is_admin: 0,
              person_id: personId,
              locale: 'zh-CN',
              disabled: 0,
              created_at: new Date().toISOString(),
              kind: 'trainee',
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          devices.set(personId, user.id);
        }
      });
    });
    after(() => t.drop());

    const body = (over: Partial<{ startsOn: string; endsOn: string; hours: number; title: string }> = {}) => ({
      organiser: '中共西藏自治区委员会党校',
      title: over.title ?? '科技管理专题研修班',
      startsOn: over.startsOn ?? '2024-12-28',
      endsOn: over.endsOn ?? '2025-01-03',
      hours: over.hours ?? 24,
    });
    const report = async (year: number) =>
      Object.fromEntries(
        (await services.hours.institutionReport(institutionId, year)).people.map((p) => [p.name, [p.hours, p.recognisedHours, p.fiveYearHours]]),
      );

    test('pending and rejected hours count nowhere; approved ones in the year of the end date, ledger and report alike', async () => {
      const cireng = people.次仁;
      const pending = await services.outsideTraining.recordMine(trainee(cireng), body());
      assert.equal(pending.status, 'pending');
      assert.equal(pending.submittedBy, 'trainee');
      const rejected = await services.outsideTraining.recordFor(organizer, institutionId, cireng, body({ title: '重复登记', hours: 50 }));
      assert.equal(await code(services.outsideTraining.review(organizer, institutionId, rejected.id, { decision: 'reject' })), 'outside.comment_required');
      const r = await services.outsideTraining.review(organizer, institutionId, rejected.id, { decision: 'reject', comment: '与第一条重复' });
      assert.equal(r.status, 'rejected');
      assert.equal(r.reviewComment, '与第一条重复');
      assert.deepEqual((await services.hours.personHours(cireng)).recognised, []);
      assert.deepEqual((await report(2025)).次仁, [0, 0, 0]);

      const approved = await services.outsideTraining.review(organizer, institutionId, pending.id, { decision: 'approve' });
      assert.equal(approved.status, 'approved');
      const ledger = await services.hours.personHours(cireng);
      assert.deepEqual(
        ledger.recognised.map((o) => [o.title, o.hours, o.endsOn]),
        [['科技管理专题研修班', 24, '2025-01-03']],
      );
      // Started in 2024, ended in 2025: the hours are 2025's.
      assert.deepEqual(ledger.years, [{ year: 2025, hours: 24, recognisedHours: 24 }]);
      assert.deepEqual((await report(2025)).次仁, [24, 24, 24]);
      assert.deepEqual(await report(2024), {}, 'nobody trained in 2024');
      // The report lists the year's trainees: nobody trained or was recognised in 2026.
      assert.deepEqual(await report(2026), {});
    });

    test('a person with only recognised hours that year is in the report; the programme filter leaves them out', async () => {
      const zhuoma = people.卓玛;
      const o = await services.outsideTraining.recordFor(organizer, institutionId, zhuoma, body({ startsOn: '2023-05-08', endsOn: '2023-05-12', hours: 32 }));
      await services.outsideTraining.review(organizer, institutionId, o.id, { decision: 'approve', comment: '证书核实无误' });
      assert.deepEqual((await report(2023)).卓玛, [32, 32, 32]);
      const page = await services.hours.institutionReport(institutionId, 2023);
      assert.equal(page.people.find((p) => p.name === '卓玛')?.below, true, '32 < 90');
      const cls = await services.classes.listClasses(organizer, {});
      const programmeId = cls[0].programmeId;
      assert.equal((await services.hours.institutionReport(institutionId, 2023, { programmeId })).people.length, 0);
      // Five years to 2025: the 2023 training counts, and 2025's list shows it in the five-year sum.
      assert.deepEqual((await report(2025)).卓玛, [0, 0, 32]);
    });

    test('a decided record is final; bad input names the field; certificates are kept and typed by their bytes', async () => {
      const wang = people.王强;
      const o = await services.outsideTraining.recordMine(trainee(wang), body({ hours: 8 }));
      assert.equal(
        await code(services.outsideTraining.attachMine(trainee(wang), o.id, { filename: 'x.txt', data: Buffer.from('hello') })),
        'outside.certificate_type',
      );
      const withFile = await services.outsideTraining.attachMine(trainee(wang), o.id, { filename: '结业证书.pdf', data: PDF });
      assert.deepEqual(withFile.certificate, { name: '结业证书.pdf', contentType: 'application/pdf', bytes: PDF.length });
      assert.deepEqual((await services.outsideTraining.certificate(institutionId, o.id)).data, PDF);
      // Someone else's record is not found for a trainee.
      assert.equal(await code(services.outsideTraining.myCertificate(trainee(people.次仁), o.id)), 'not_found');
      await services.outsideTraining.review(organizer, institutionId, o.id, { decision: 'approve' });
      assert.equal(await code(services.outsideTraining.review(organizer, institutionId, o.id, { decision: 'reject', comment: '改主意' })), 'outside.decided');
      assert.equal(await code(services.outsideTraining.attachMine(trainee(wang), o.id, { filename: 'b.pdf', data: PDF })), 'outside.decided');
      // Another institution's office does not see it.
      const other = await makeClass(services);
      assert.equal(await code(services.outsideTraining.review(organizer, other.institutionId, o.id, { decision: 'approve' })), 'not_found');
      assert.equal(await code(services.outsideTraining.recordFor(organizer, other.institutionId, wang, body())), 'not_found');
      const queue = await services.outsideTraining.list(institutionId, { status: 'pending' });
      assert.deepEqual(queue, []);
      assert.equal((await services.outsideTraining.list(institutionId, { personId: wang })).length, 1);
      // Every decision is in the audit trail.
      const trail = await t.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'outside_training.%').execute();
      assert.ok(trail.filter((a) => a.action === 'outside_training.approve').length >= 3);
    });
  });
}
