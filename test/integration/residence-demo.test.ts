import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Services } from '../../src/server/app';
import { HOTEL, PROVIDER_USERS } from '../../src/server/demo/residence';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { servicesFor, withDemo } from '../support/factories';

// The demo's 2020 class at the college's hotel (#18): rooms, who sleeps where, dietary needs, the meal plan.
for (const kind of DATABASES) {
  describe(`the demo's rooms and meals on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    let classId: number;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
      classId = (await withDemo(s)).classId;
    });
    after(() => t.drop());

    test('every trainee has a twin room of their gender at the hotel, two to a room', async () => {
      const list = await s.residence.roomingList(classId);
      const rooms = list.rooms.filter((r) => r.hotel === HOTEL);
      assert.equal(rooms.length, 26);
      assert.ok(rooms.every((r) => r.beds === 2 && r.gender));
      assert.ok(list.trainees.length >= 30);
      assert.ok(list.trainees.every((x) => x.roomId !== null && x.checkInOn === '2020-10-12' && x.checkOutOn === '2020-10-26'));
      for (const r of rooms) {
        assert.ok(r.occupants.length <= 2);
        for (const id of r.occupants) assert.equal(list.trainees.find((x) => x.enrolmentId === id)?.gender, r.gender);
      }
    });

    test('several 清真 needs and a meal plan for the 15 days, with two banquets', async () => {
      const needs = await s.residence.listDietary(classId);
      assert.ok(needs.filter((d) => d.needs.halal).length >= 3);
      const meals = await s.residence.listMeals(classId);
      assert.equal(new Set(meals.map((m) => m.day)).size, 15);
      assert.deepEqual(
        meals.filter((m) => m.banquet).map((m) => [m.day, m.meal]),
        [
          ['2020-10-12', 'dinner'],
          ['2020-10-25', 'dinner'],
        ],
      );
      const [lunch] = await s.residence.mealCounts(classId, '2020-10-14').then((l) => l.filter((m) => m.meal === 'lunch'));
      assert.equal(lunch.halal >= 3, true);
      assert.equal(lunch.place, '现场教学点工作餐');
    });

    test('the hotel and bus company logins serve the class; loading again changes nothing', async () => {
      for (const u of Object.values(PROVIDER_USERS)) {
        const user = await s.auth.findUserByUsername(u.username);
        assert.ok(user, u.username);
      }
      const count = async (table: 'hotel_rooms' | 'room_assignments' | 'meal_plans' | 'dietary_needs' | 'audit_log' | 'role_grants') =>
        Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0].n);
      const tables = ['hotel_rooms', 'room_assignments', 'meal_plans', 'dietary_needs', 'audit_log', 'role_grants'] as const;
      const first = await Promise.all(tables.map(count));
      const again = await withDemo(s);
      assert.equal(again.classId, classId);
      assert.deepEqual(await Promise.all(tables.map(count)), first);
    });
  });
}
