import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { loadArrivalsDemo } from '../../src/server/demo/arrivals';
import { AppError } from '../../src/server/lib/errors';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { traineeActor } from '../support/evaluation-fixtures';
import { servicesFor } from '../support/factories';
import { residentialClass } from '../support/residence';

const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
const dayIn = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

for (const kind of DATABASES) {
  describe(`travel (接送站): the trainee's own entry and the demo's arrivals on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
    });
    after(() => t.drop());

    test('a trainee enters and confirms own travel until the deadline; after it the class teacher still can', async () => {
      const c = await residentialClass(s, ['male', 'female']);
      const [a] = c.enrolmentIds;
      const row = await s.roster.findEnrolmentRow(s.database.db, a);
      const me = await traineeActor(s, row!.person_id, `学员${c.classId}-1`);
      const leg = { direction: 'arrival' as const, mode: 'flight' as const, number: 'TV9881', place: '上海浦东国际机场', at: '2026-03-01T15:20:00+08:00' };

      // The teacher entered it; the trainee confirms it unchanged, which marks it confirmed.
      const staff = await s.residence.saveLeg(c.teacher, c.classId, a, leg);
      assert.equal(staff.confirmedAt, null);
      await s.residence.setTravelDeadline(c.teacher, c.classId, dayIn(1));
      const confirmed = await s.residence.saveMyLeg(me.actor, a, leg);
      assert.ok(confirmed.confirmedAt);
      assert.equal(confirmed.id, staff.id);
      const mine = await s.residence.myTravel(me.actor, a);
      assert.equal(mine.arrival?.number, 'TV9881');
      assert.equal(mine.timeZone, 'Asia/Shanghai');
      assert.equal(mine.closed, false);
      assert.equal(mine.arrivalPickup, null);
      // Once planned, the phone says who meets them.
      await s.residence.createPickup(c.teacher, c.classId, {
        direction: 'arrival',
        place: '上海浦东国际机场',
        windowStartsAt: leg.at,
        windowEndsAt: leg.at,
        vehicle: '学院考斯特',
        staffName: '王磊',
        staffPhone: '13801762020',
        legIds: [staff.id],
      });
      assert.deepEqual((await s.residence.myTravel(me.actor, a)).arrivalPickup, {
        place: '上海浦东国际机场',
        windowStartsAt: '2026-03-01T07:20:00.000Z',
        vehicle: '学院考斯特',
        staffName: '王磊',
        staffPhone: '13801762020',
      });

      // After the deadline the phone is refused and nothing changes; the teacher may still edit.
      await s.residence.setTravelDeadline(c.teacher, c.classId, dayIn(-1));
      await assert.rejects(
        s.residence.saveMyLeg(me.actor, a, { ...leg, number: 'FM9384' }),
        (e: unknown) => e instanceof AppError && e.code === 'travel.deadline_passed' && e.status === 409,
      );
      const closed = await s.residence.myTravel(me.actor, a);
      assert.equal(closed.arrival?.number, 'TV9881');
      assert.equal(closed.closed, true);
      const edited = await s.residence.saveLeg(c.teacher, c.classId, a, { ...leg, number: 'FM9384' });
      assert.equal(edited.number, 'FM9384');
      assert.equal(edited.confirmedAt, null, 'a staff change of the flight is no longer what the trainee confirmed');

      // Someone else's enrolment is not found for this trainee.
      await assert.rejects(s.residence.myTravel(me.actor, c.enrolmentIds[1]), (e: unknown) => e instanceof AppError && e.status === 404);
    });

    test("the demo's arrivals load once: legs per trainee, plans with their legs, and the pickup list names the flights", async () => {
      const c = await residentialClass(s, ['male', 'female', 'male', 'female', 'male', 'male', 'female', 'male', 'male', 'female', 'male', 'female']);
      // One trainee had entered own arrival already: the demo leaves it.
      await s.residence.saveLeg(c.teacher, c.classId, c.enrolmentIds[0], {
        direction: 'arrival',
        mode: 'car',
        place: '学院',
        at: '2026-03-01T10:00:00+08:00',
      });
      await s.database.transaction((trx) => loadArrivalsDemo(s, trx, c.classId));
      await s.database.transaction((trx) => loadArrivalsDemo(s, trx, c.classId));
      const o = await s.residence.travelOverview(c.classId);
      assert.equal(o.deadlineOn, '2020-10-08');
      assert.equal(o.missing.length, 0);
      assert.equal(o.entries.filter((e) => e.departure).length, 12);
      assert.equal(o.entries[0].arrival?.place, '学院', 'an existing leg is kept');
      assert.equal(o.plans.length, 8, 'loading twice does not double the plans');
      const pvg = o.plans.find((p) => p.direction === 'arrival' && p.place === '上海浦东国际机场' && p.windowStartsAt === '2020-10-11T06:35:00.000Z')!;
      // The 11 other trainees all fall on the first two flights (FM9384 9 seats, TV9881 the rest).
      assert.equal(pvg.legIds.length, 11);
      const flights = new Set(o.entries.filter((e) => pvg.legIds.includes(e.arrival!.id)).map((e) => e.arrival!.number));
      assert.deepEqual([...flights].sort(), ['FM9384', 'TV9881']);
      const text = pdfText((await s.residence.pickupFile(c.classId)).body);
      assert.match(text, /接站：上海浦东国际机场 2020-10-11 14:35–15:20/);
      assert.match(text, /学院考斯特/);
      assert.match(text, /FM9384/);
      assert.match(text, /送站：上海浦东国际机场 2020-10-27 07:40/);
    });
  });
}
