import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { servicesFor } from '../support/factories';
import { residentialClass } from '../support/residence';

const refused = (code: string) => (e: unknown) => e instanceof AppError && (e.code === code || e.fieldErrors.some((f) => f.code === code));
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });

for (const kind of DATABASES) {
  describe(`residence (rooms, meals, travel) on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
    });
    after(() => t.drop());

    test('room rules: gender, capacity, and no bed booked twice across classes of the same hotel', async () => {
      const a = await residentialClass(s, ['male', 'male', 'male', 'female']);
      const [m1, m2, m3, f1] = a.enrolmentIds;
      const twin = await s.residence.createRoom(a.teacher, a.classId, { hotel: '学院宾馆', building: 'A', number: '101', beds: 2, gender: 'male' });
      const open = await s.residence.createRoom(a.teacher, a.classId, { hotel: '学院宾馆', building: 'A', number: '102', beds: 2, gender: null });
      await assert.rejects(
        s.residence.createRoom(a.teacher, a.classId, { hotel: '学院宾馆', building: 'A', number: '101', beds: 1 }),
        refused('room.duplicate'),
      );

      await s.residence.assignRoom(a.teacher, a.classId, { enrolmentId: m1, roomId: twin.id });
      await assert.rejects(s.residence.assignRoom(a.teacher, a.classId, { enrolmentId: f1, roomId: twin.id }), refused('room.gender'));
      await s.residence.assignRoom(a.teacher, a.classId, { enrolmentId: m2, roomId: twin.id });
      await assert.rejects(s.residence.assignRoom(a.teacher, a.classId, { enrolmentId: m3, roomId: twin.id }), refused('room.full'));
      await assert.rejects(s.residence.assignRoom(a.teacher, a.classId, { enrolmentId: m3, roomId: twin.id, bed: 3 }), refused('room.no_such_bed'));
      // A room without a set gender takes either, but never both at once.
      await s.residence.assignRoom(a.teacher, a.classId, { enrolmentId: f1, roomId: open.id });
      await assert.rejects(s.residence.assignRoom(a.teacher, a.classId, { enrolmentId: m3, roomId: open.id }), refused('room.mixed_gender'));

      let list = await s.residence.roomingList(a.classId);
      const of = (id: number) => list.trainees.find((x) => x.enrolmentId === id)!;
      assert.deepEqual([of(m1).roomId, of(m1).bed, of(m2).bed, of(m3).roomId], [twin.id, 1, 2, null]);
      // Stays default to the class's dates.
      assert.deepEqual([of(m1).checkInOn, of(m1).checkOutOn], ['2026-03-02', '2026-03-13']);

      // Another class of the same institution (the same hotel), same dates: the beds are taken.
      const b = await residentialClass(s, ['male'], { institutionId: a.institutionId, title: '同期另一个班' });
      const [other] = b.enrolmentIds;
      const err = await s.residence.assignRoom(b.teacher, b.classId, { enrolmentId: other, roomId: twin.id, bed: 1 }).catch((e) => e);
      assert.ok(refused('room.bed_taken')(err));
      assert.equal(err.params.classTitle.length > 0, true);
      await assert.rejects(s.residence.assignRoom(b.teacher, b.classId, { enrolmentId: other, roomId: twin.id }), refused('room.full'));
      // After the first class has checked out, the same bed is free.
      await s.residence.assignRoom(b.teacher, b.classId, { enrolmentId: other, roomId: twin.id, bed: 1, checkInOn: '2026-03-13', checkOutOn: '2026-03-15' });
      // Moving m1's check-out past that night now clashes with the other class.
      await assert.rejects(
        s.residence.assignRoom(a.teacher, a.classId, { enrolmentId: m1, roomId: twin.id, bed: 1, checkOutOn: '2026-03-14' }),
        refused('room.bed_taken'),
      );
      await assert.rejects(
        s.residence.assignRoom(a.teacher, a.classId, { enrolmentId: m1, roomId: twin.id, checkInOn: '2026-03-05', checkOutOn: '2026-03-05' }),
        refused('room.dates_order'),
      );
      list = await s.residence.roomingList(a.classId);
      assert.equal(of(m1).checkOutOn, '2026-03-13', 'a refused change leaves the assignment as it was');

      const trail = await s.audit.listForClass(a.classId);
      assert.equal(trail.filter((e) => e.action === 'room.assign').length, 3);
    });

    test('assignment by rule keeps genders apart, groups together and honours requests', async () => {
      const c = await residentialClass(s, ['male', 'male', 'female', 'male', 'female', 'female']);
      const [m1, m2, f1, m3, f2, f3] = c.enrolmentIds;
      for (const n of ['201', '202', '203', '204'])
        await s.residence.createRoom(c.teacher, c.classId, { hotel: '规则宾馆', building: 'B', number: n, beds: 2 });
      // m1 (group 1) asks to share with m3 (group 2); f3 with f1.
      await s.residence.setRoomRequest(c.teacher, c.classId, m1, m3);
      await s.residence.setRoomRequest(c.teacher, c.classId, f3, f1);
      const result = await s.residence.autoAssign(c.teacher, c.classId);
      assert.equal(result.assigned, 6);
      assert.deepEqual(result.unplaced, []);
      const list = await s.residence.roomingList(c.classId);
      const room = (id: number) => list.trainees.find((x) => x.enrolmentId === id)!.roomId;
      assert.equal(room(m1), room(m3));
      assert.equal(room(f1), room(f3));
      assert.equal(room(m2) !== room(f2), true);
      for (const r of list.rooms) {
        const genders = new Set(r.occupants.map((id) => list.trainees.find((x) => x.enrolmentId === id)!.gender));
        assert.ok(genders.size <= 1, `room ${r.number} mixes genders`);
      }
      // Nobody left to place: a second run places nobody.
      assert.deepEqual(await s.residence.autoAssign(c.teacher, c.classId), { assigned: 0, placed: [], unplaced: [], preview: false });
    });

    test('meal counts follow arrivals, departures and approved leave, with dietary needs', async () => {
      const c = await residentialClass(s, ['male', 'female', 'male', 'female']);
      const [early, late, leaver, onLeave] = c.enrolmentIds;
      await s.residence.setDietary(c.teacher, c.classId, early, {
        halal: true,
        vegetarian: false,
        noPork: true,
        noBeefMutton: false,
        allergies: null,
        notes: null,
      });
      await s.residence.setDietary(c.teacher, c.classId, late, {
        halal: false,
        vegetarian: true,
        noPork: false,
        noBeefMutton: false,
        allergies: '花生',
        notes: null,
      });
      // 'late' lands at 13:30 Beijing on 03-02; 'leaver' flies out 03-03 at 10:00.
      await s.residence.saveLeg(c.teacher, c.classId, late, {
        direction: 'arrival',
        mode: 'flight',
        number: 'TV9833',
        place: '浦东机场',
        at: '2026-03-02T13:30:00+08:00',
      });
      await s.residence.saveLeg(c.teacher, c.classId, leaver, {
        direction: 'departure',
        mode: 'train',
        number: 'Z164',
        place: '上海站',
        at: '2026-03-03T10:00:00+08:00',
      });
      for (const meal of ['breakfast', 'lunch', 'dinner'] as const) {
        await s.residence.saveMeal(c.teacher, c.classId, { day: '2026-03-02', meal, place: '学院餐厅' });
        await s.residence.saveMeal(c.teacher, c.classId, { day: '2026-03-03', meal, place: '学院餐厅', banquet: meal === 'dinner' });
      }
      await assert.rejects(s.residence.saveMeal(c.teacher, c.classId, { day: '2026-04-30', meal: 'lunch' }), refused('meal.outside_class'));

      // onLeave asks for 03-03 11:00–19:00 (the afternoon lecture); pending leave does not count yet.
      const leave = await s.attendance.requestLeave(c.teacher, onLeave, {
        startsAt: '2026-03-03T03:00:00.000Z',
        endsAt: '2026-03-03T11:00:00.000Z',
        reason: '回单位开会',
      });
      const totals = async () => Object.fromEntries((await s.residence.mealCounts(c.classId)).map((m) => [`${m.day} ${m.meal}`, m.total]));
      assert.equal((await totals())['2026-03-03 lunch'], 3);
      await s.attendance.decideLeave(c.teacher, c.classId, leave.id, { decision: 'approve' });
      assert.deepEqual(await totals(), {
        '2026-03-02 breakfast': 3, // late not yet arrived
        '2026-03-02 lunch': 3,
        '2026-03-02 dinner': 4,
        '2026-03-03 breakfast': 4,
        '2026-03-03 lunch': 2, // leaver gone at 10:00, onLeave away
        '2026-03-03 dinner': 2,
      });
      const [lunch] = await s.residence.mealCounts(c.classId, '2026-03-03').then((l) => l.filter((m) => m.meal === 'lunch'));
      assert.equal(lunch.halal, 1);
      assert.equal(lunch.noPork, 1);
      assert.equal(lunch.vegetarian, 1);
      assert.deepEqual(lunch.special, [{ name: `学员${c.classId}-2`, needs: '素食；过敏：花生' }]);
      assert.deepEqual(lunch.away.map((x) => x.reason).sort(), ['departed', 'leave']);

      const sheet = await s.residence.mealCountFile(c.classId, '2026-03-03', 'xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(sheet.body as unknown as ExcelJS.Buffer);
      const ws = wb.worksheets[0];
      const rows: string[][] = [];
      ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
      assert.deepEqual(rows[1].slice(0, 5), ['日期', '餐次', '地点', '就餐人数', '清真']);
      assert.deepEqual(
        rows.slice(2).map((r) => [r[1], r[3]]),
        [
          ['早餐 07:30', '4'],
          ['午餐 12:00', '2'],
          ['晚餐 18:00', '2'],
        ],
      );
      assert.match(rows[4][2], /宴请/);
      const pdf = await s.residence.mealCountFile(c.classId, '2026-03-03', 'pdf');
      const text = pdfText(pdf.body);
      assert.match(text, /就餐人数统计（2026-03-03）/);
      assert.match(text, /请假/);
    });

    test('travel: pickups grouped by place and window, the missing list, the pickup list and rooming list files', async () => {
      const c = await residentialClass(s, ['male', 'female', 'male', 'female']);
      const [a, b, d, e] = c.enrolmentIds;
      const leg = (place: string, at: string, number: string) => ({ direction: 'arrival' as const, mode: 'flight' as const, number, place, at });
      await s.residence.saveLeg(c.teacher, c.classId, a, leg('浦东机场', '2026-03-01T13:05:00+08:00', 'TV9833'));
      await s.residence.saveLeg(c.teacher, c.classId, b, { ...leg('浦东机场', '2026-03-01T13:40:00+08:00', 'FM9402'), companions: '家属 1 人' });
      await s.residence.saveLeg(c.teacher, c.classId, d, leg('浦东机场', '2026-03-01T19:10:00+08:00', 'MU2336'));
      await s.residence.setTravelDeadline(c.teacher, c.classId, '2026-02-25');
      let overview = await s.residence.travelOverview(c.classId);
      assert.deepEqual(
        overview.missing.map((m) => m.enrolmentId),
        [e],
      );
      assert.equal(overview.deadlineOn, '2026-02-25');
      assert.deepEqual(await s.residence.planPickups(c.teacher, c.classId, 'arrival', 90), { created: 2 });
      overview = await s.residence.travelOverview(c.classId);
      assert.deepEqual(
        overview.plans.map((p) => p.legIds.length),
        [2, 1],
      );
      const first = overview.plans[0];
      await s.residence.updatePickup(c.teacher, c.classId, first.id, {
        direction: 'arrival',
        place: first.place,
        windowStartsAt: first.windowStartsAt,
        windowEndsAt: first.windowEndsAt,
        vehicle: '沪A·12345 考斯特',
        staffName: '王老师',
        staffPhone: '13800138000',
      });
      const text = pdfText((await s.residence.pickupFile(c.classId)).body);
      assert.match(text, /接站：浦东机场 2026-03-01 13:05–13:40/);
      assert.match(text, /沪A·12345/);
      assert.match(text, /王老师 13800138000/);
      assert.match(text, /TV9833/);

      // Rooming list files carry no ID numbers.
      const room = await s.residence.createRoom(c.teacher, c.classId, { hotel: '学院宾馆', building: 'C', number: '301', beds: 2 });
      await s.residence.assignRoom(c.teacher, c.classId, { enrolmentId: a, roomId: room.id });
      const x = await s.residence.roomingFile(c.classId, 'xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.body as unknown as ExcelJS.Buffer);
      const headerRow = (wb.worksheets[0].getRow(2).values as unknown[]).slice(1);
      assert.ok(!headerRow.includes('身份证号'));
      const dataRow = (wb.worksheets[0].getRow(3).values as unknown[]).slice(1).map(String);
      // The stay starts on the arrival day, not the class's first day.
      assert.deepEqual(dataRow.slice(1, 5), ['学院宾馆', 'C301', '1', `学员${c.classId}-1`]);
      assert.equal(dataRow[9], '2026-03-01');
      assert.match(pdfText((await s.residence.roomingFile(c.classId, 'pdf')).body), /住宿名单/);
    });
  });
}
