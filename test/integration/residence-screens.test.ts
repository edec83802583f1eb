import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { servicesFor } from '../support/factories';
import { residentialClass } from '../support/residence';

// What the rooms and meals screens need beyond the rules (#18): editing, deleting and importing
// rooms, a preview of the assignment by rule that writes nothing, and a meal plan filled per span.
const refused = (code: string) => (e: unknown) => e instanceof AppError && (e.code === code || e.fieldErrors.some((f) => f.code === code));
const fieldOf = (e: unknown) => (e instanceof AppError ? e.fieldErrors[0]?.field : undefined);

for (const kind of DATABASES) {
  describe(`residence screens' server side on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
    });
    after(() => t.drop());

    test('rooms: a list imported all or none, edits that keep their occupants, deletes only when empty', async () => {
      const c = await residentialClass(s, ['male', 'female']);
      const [m, f] = c.enrolmentIds;
      const row = (number: string, gender: 'male' | 'female' | null = null) => ({ hotel: '导入宾馆', building: '1号楼', number, beds: 2, gender });
      // The third row repeats the first: nothing is created, and the refusal names that row.
      const err = await s.residence.importRooms(c.teacher, c.classId, [row('101'), row('102'), row('101')]).catch((e) => e);
      assert.ok(refused('room.duplicate')(err));
      assert.equal(fieldOf(err), 'rooms.2.number');
      assert.equal((await s.residence.listRooms(c.classId)).filter((r) => r.hotel === '导入宾馆').length, 0);
      assert.deepEqual(await s.residence.importRooms(c.teacher, c.classId, [row('101', 'male'), row('102'), row('103')]), { created: 3 });
      const rooms = (await s.residence.listRooms(c.classId)).filter((r) => r.hotel === '导入宾馆');
      assert.deepEqual(
        rooms.map((r) => [r.number, r.gender]),
        [
          ['101', 'male'],
          ['102', null],
          ['103', null],
        ],
      );
      const [r101, r102, r103] = rooms;
      await s.residence.assignRoom(c.teacher, c.classId, { enrolmentId: m, roomId: r101.id, bed: 2 });
      await s.residence.assignRoom(c.teacher, c.classId, { enrolmentId: f, roomId: r102.id });

      await assert.rejects(s.residence.updateRoom(c.teacher, c.classId, r101.id, { ...row('101', 'male'), beds: 1 }), refused('room.beds_in_use'));
      await assert.rejects(s.residence.updateRoom(c.teacher, c.classId, r102.id, row('102', 'male')), refused('room.gender_in_use'));
      await assert.rejects(s.residence.updateRoom(c.teacher, c.classId, r103.id, row('101')), refused('room.duplicate'));
      const edited = await s.residence.updateRoom(c.teacher, c.classId, r103.id, { ...row('103A', 'female'), beds: 3 });
      assert.deepEqual([edited.number, edited.beds, edited.gender], ['103A', 3, 'female']);

      await assert.rejects(s.residence.deleteRoom(c.teacher, c.classId, r101.id), refused('room.in_use'));
      await s.residence.deleteRoom(c.teacher, c.classId, r103.id);
      assert.equal(
        (await s.residence.listRooms(c.classId)).some((r) => r.id === r103.id),
        false,
      );
      const actions = (await s.audit.listForClass(c.classId)).map((e) => e.action);
      assert.equal(actions.filter((a) => a === 'room.create').length, 3);
      assert.ok(actions.includes('room.update') && actions.includes('room.delete'));
    });

    test('the preview of the assignment by rule shows exactly what applying does, and writes nothing', async () => {
      const c = await residentialClass(s, ['male', 'male', 'female', 'female', 'male']);
      for (const n of ['301', '302', '303']) await s.residence.createRoom(c.teacher, c.classId, { hotel: '预览宾馆', building: 'C', number: n, beds: 2 });
      const auditBefore = (await s.audit.listForClass(c.classId)).length;
      const preview = await s.residence.autoAssign(c.teacher, c.classId, { preview: true });
      assert.equal(preview.preview, true);
      // Five trainees, three twin rooms of no set gender (plus other tests' rooms of the institution).
      assert.equal(preview.assigned + preview.unplaced.length, 5);
      assert.ok(preview.placed.every((p) => p.room.length > 0 && p.bed >= 1));
      assert.ok(
        (await s.residence.roomingList(c.classId)).trainees.every((x) => x.roomId === null),
        'a preview assigns nobody',
      );
      assert.equal((await s.audit.listForClass(c.classId)).length, auditBefore, 'a preview audits nothing');

      const applied = await s.residence.autoAssign(c.teacher, c.classId);
      assert.equal(applied.preview, false);
      const key = (r: typeof preview) => r.placed.map((p) => `${p.enrolmentId}:${p.roomId}:${p.bed}`).sort();
      assert.deepEqual(key(applied), key(preview));
      const list = await s.residence.roomingList(c.classId);
      for (const p of applied.placed) assert.equal(list.trainees.find((x) => x.enrolmentId === p.enrolmentId)?.roomId, p.roomId);
    });

    test('the meal plan is filled for a span of days, keeping the meals already planned', async () => {
      const c = await residentialClass(s, ['male']);
      await s.residence.saveMeal(c.teacher, c.classId, { day: '2026-03-03', meal: 'dinner', place: '外滩宴会厅', banquet: true });
      const filled = await s.residence.fillMeals(c.teacher, c.classId, {
        from: '2026-03-02',
        to: '2026-03-04',
        meals: ['breakfast', 'lunch', 'dinner'],
        place: '学院餐厅',
      });
      assert.deepEqual(filled, { created: 8 });
      const meals = await s.residence.listMeals(c.classId);
      assert.equal(meals.length, 9);
      const banquet = meals.find((m) => m.day === '2026-03-03' && m.meal === 'dinner')!;
      assert.deepEqual([banquet.place, banquet.banquet], ['外滩宴会厅', true]);
      assert.deepEqual(await s.residence.fillMeals(c.teacher, c.classId, { from: '2026-03-02', to: '2026-03-04', meals: ['lunch'] }), { created: 0 });
      await assert.rejects(s.residence.fillMeals(c.teacher, c.classId, { from: '2026-03-04', to: '2026-03-02', meals: ['lunch'] }), refused('meal.days_order'));
      // A span running a week past the class is refused whole.
      await assert.rejects(
        s.residence.fillMeals(c.teacher, c.classId, { from: '2026-03-12', to: '2026-03-25', meals: ['lunch'] }),
        refused('meal.outside_class'),
      );
      assert.equal((await s.residence.listMeals(c.classId)).length, 9);
    });
  });
}
