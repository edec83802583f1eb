import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Services } from '../../src/server/app';
import { planSeats } from '../../src/server/modules/buses/seating';
import { runningClass } from '../support/attendance';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

test('seating keeps groups together, biggest first, and splits only a group no bus can take', () => {
  const g = (key: string, n: number, from: number) => ({ key, name: key, members: Array.from({ length: n }, (_, i) => from + i) });
  const { seats, split } = planSeats(
    [g('一组', 8, 100), g('二组', 7, 200), g('三组', 5, 300)],
    [
      { id: 1, free: 12 },
      { id: 2, free: 10 },
    ],
  );
  assert.deepEqual(split, []);
  const busOf = (id: number) => [...seats].find(([, ids]) => ids.includes(id))![0];
  for (const base of [100, 200, 300]) {
    const buses = new Set([0, 1, 2, 3, 4].map((i) => busOf(base + i)));
    assert.equal(buses.size, 1, `group ${base} on one bus`);
  }
  assert.ok([...seats].every(([id, ids]) => ids.length <= (id === 1 ? 12 : 10)));
  const tooBig = planSeats(
    [g('大组', 15, 1)],
    [
      { id: 1, free: 10 },
      { id: 2, free: 10 },
    ],
  );
  assert.deepEqual(tooBig.split, ['大组']);
  assert.equal([...tooBig.seats.values()].flat().length, 15);
});

for (const kind of DATABASES) {
  describe(`buses for site visits on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let c: Awaited<ReturnType<typeof runningClass>>;
    let teacher: Awaited<ReturnType<typeof makeActor>>;
    let visit: number;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      c = await runningClass(services, {
        trainees: 20,
        groups: 3,
        names: ['扎西旺拉', 'བཀྲ་ཤིས།', '徐爱国', '张建武'],
        sessions: [
          { title: '参观上海科技馆', fromMin: 60, toMin: 240, kind: 'site_visit' },
          { title: '专题讲座', fromMin: -5, toMin: 100 },
        ],
      });
      visit = c.sessionIds[0];
      teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: c.classId });
      await services.classes.addStaff(null, c.classId, { userId: teacher.userId, role: 'class_teacher' });
    });
    after(() => t.drop());

    test('buses only for site visits; seats and plates are checked and named', async () => {
      await assert.rejects(services.buses.addVehicle(teacher, c.sessionIds[1], { leg: 'outbound', label: '1号车', plate: '沪A12345', seats: 30 }), {
        code: 'vehicle.not_site_visit',
      });
      await services.buses.addVehicle(teacher, visit, {
        leg: 'outbound',
        label: '1号车',
        plate: '沪A12345',
        seats: 9,
        company: '上海巴士',
        driverName: '王师傅',
        driverPhone: '13800138000',
      });
      await assert.rejects(services.buses.addVehicle(teacher, visit, { leg: 'outbound', label: '2号车', plate: '沪a12345', seats: 9 }), {
        code: 'vehicle.duplicate_plate',
      });
      // 20 trainees do not fit on 9 seats
      await assert.rejects(services.buses.assignSeats(teacher, visit, 'outbound'), { code: 'vehicle.not_enough_seats' });
      const two = await services.buses.addVehicle(teacher, visit, { leg: 'outbound', label: '2号车', plate: '沪B88888', seats: 14 });
      assert.equal(two.vehicles.length, 2);
    });

    test('seating: every expected trainee once, groups together, within seats, staff on board too', async () => {
      const { vehicles } = await services.buses.sessionTransport(visit);
      // The class teacher rides bus 1.
      await services.buses.movePassenger(teacher, visit, { leg: 'outbound', staffUserId: teacher.userId, vehicleId: vehicles[0].id });
      const seated = await services.buses.assignSeats(teacher, visit, 'outbound');
      const riders = seated.vehicles.flatMap((v) => v.passengers);
      assert.equal(riders.filter((p) => p.kind === 'trainee').length, 20);
      assert.equal(new Set(riders.filter((p) => p.kind === 'trainee').map((p) => p.enrolmentId)).size, 20, 'no one on two buses');
      assert.equal(seated.unassigned.outbound.length, 0);
      for (const v of seated.vehicles) assert.ok(v.passengers.length <= v.seats, `${v.label}: ${v.passengers.length} ≤ ${v.seats}`);
      assert.equal(seated.vehicles[0].passengers[0].kind, 'staff');
      // 3 groups of 7/7/6 on 8 free + 14 seats: two groups share bus 2, one rides bus 1 — no group split.
      assert.deepEqual(seated.splitGroups, []);
      for (const g of c.groupIds) {
        const buses = new Set(seated.vehicles.filter((v) => v.passengers.some((p) => p.groupId === g)).map((v) => v.id));
        assert.equal(buses.size, 1, `group ${g} on one bus`);
      }
      // Audited
      const trail = await services.audit.listForClass(c.classId);
      assert.ok(trail.some((a) => a.action === 'vehicle.seat'));
      assert.ok(trail.some((a) => a.action === 'vehicle.create'));
    });

    test('moving a person: onto a full bus refused, never on two buses of one leg', async () => {
      const s = await services.buses.sessionTransport(visit);
      const [one, two] = s.vehicles;
      const fromTwo = two.passengers.find((p) => p.kind === 'trainee')!;
      if (one.passengers.length >= one.seats)
        await assert.rejects(services.buses.movePassenger(teacher, visit, { leg: 'outbound', enrolmentId: fromTwo.enrolmentId!, vehicleId: one.id }), {
          code: 'vehicle.full',
        });
      await services.buses.updateVehicle(teacher, visit, one.id, { seats: 12 });
      await assert.rejects(services.buses.updateVehicle(teacher, visit, one.id, { seats: 2 }), { code: 'vehicle.seats_below_passengers' });
      const moved = await services.buses.movePassenger(teacher, visit, { leg: 'outbound', enrolmentId: fromTwo.enrolmentId!, vehicleId: one.id });
      const where = moved.vehicles.filter((v) => v.passengers.some((p) => p.enrolmentId === fromTwo.enrolmentId));
      assert.deepEqual(
        where.map((v) => v.id),
        [one.id],
      );
      // The database refuses a second seat for the same person on the same leg whatever the service does.
      await assert.rejects(
        t.database.db
          .insertInto('vehicle_passengers')
          .values({
            vehicle_id: two.id,
            session_id: visit,
            leg: 'outbound',
            enrolment_id: fromTwo.enrolmentId,
            staff_user_id: null,
            boarded_at: null,
            boarded_by: null,
            created_at: new Date().toISOString(),
          })
          .execute(),
      );
    });

    test('boarding scans mark who boarded which bus; wrong bus, unknown badges and repeats answered per scan', async () => {
      const s = await services.buses.sessionTransport(visit);
      const [one, two] = s.vehicles;
      const onOne = one.passengers.filter((p) => p.kind === 'trainee');
      const onTwo = two.passengers.filter((p) => p.kind === 'trainee');
      const badge = (id: number) => services.attendance.badgeOf(id);
      const at = new Date().toISOString();
      const data = await services.buses.boardingData(c.classId);
      assert.equal(data.vehicles.length, 2);
      const { results } = await services.buses.recordBoardings(
        teacher,
        c.classId,
        [
          { clientId: 'scan-000001', vehicleId: one.id, badge: await badge(onOne[0].enrolmentId!), scannedAt: at },
          { clientId: 'scan-000002', vehicleId: one.id, badge: await badge(onOne[0].enrolmentId!), scannedAt: at },
          { clientId: 'scan-000003', vehicleId: one.id, badge: await badge(onTwo[0].enrolmentId!), scannedAt: at },
          { clientId: 'scan-000004', vehicleId: one.id, badge: 'cohort-badge:nope', scannedAt: at },
        ],
        'zh-CN',
      );
      assert.deepEqual(
        results.map((r) => r.outcome),
        ['boarded', 'already', 'wrong_bus', 'unknown_badge'],
      );
      assert.equal(results[2].vehicleLabel, two.label);
      assert.match(results[2].message, /应乘/);
      const after = await services.buses.sessionTransport(visit);
      const v1 = after.vehicles.find((v) => v.id === one.id)!;
      assert.equal(v1.boardedCount, 1);
      // The scanner's copy says who boarded already, so another phone does not list them as missing.
      const copy = (await services.buses.boardingData(c.classId)).vehicles.find((v) => v.id === one.id)!;
      assert.deepEqual(copy.boardedIds, [onOne[0].enrolmentId]);
      // Those still missing at departure: everyone else on bus 1.
      assert.equal(v1.passengers.filter((p) => !p.boardedAt).length, v1.passengers.length - 1);
      await assert.rejects(services.buses.assignSeats(teacher, visit, 'outbound'), { code: 'vehicle.boarding_started' });
    });

    test('the return trip: the same buses and people back, boarded afresh', async () => {
      const back = await services.buses.copyReturnTrip(teacher, visit);
      const ret = back.vehicles.filter((v) => v.leg === 'return');
      const out = back.vehicles.filter((v) => v.leg === 'outbound');
      assert.equal(ret.length, out.length);
      assert.equal(ret.flatMap((v) => v.passengers).length, out.flatMap((v) => v.passengers).length);
      assert.ok(ret.every((v) => v.boardedCount === 0 && v.departsAt === back.session.endsAt));
      await assert.rejects(services.buses.copyReturnTrip(teacher, visit), { code: 'vehicle.return_exists' });
    });

    test('manifests: XLSX read back, PDF with Chinese and Tibetan names, no ID numbers', async () => {
      const xlsx = await services.buses.manifestFile(visit, 'outbound', 'xlsx', 'zh-CN');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
      assert.equal(wb.worksheets.length, 2);
      const s = await services.buses.sessionTransport(visit);
      const names = wb.worksheets.flatMap((ws) => {
        const out: string[] = [];
        ws.eachRow((row) => out.push(String(row.getCell(2).value ?? '')));
        return out;
      });
      for (const p of s.vehicles.filter((v) => v.leg === 'outbound').flatMap((v) => v.passengers)) assert.ok(names.includes(p.name), `${p.name} in the sheet`);
      assert.ok(names.includes('བཀྲ་ཤིས།'));
      const pdf = await services.buses.manifestFile(visit, 'outbound', 'pdf', 'zh-CN');
      // The rendered page is kept with the other test results to be looked at.
      mkdirSync('test-results', { recursive: true });
      const file = `test-results/manifest-${kind}.pdf`;
      writeFileSync(file, pdf.body);
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
      assert.match(text, /去程乘车名单/);
      assert.match(text, /沪A12345/);
      assert.match(text, /扎西旺拉/);
      assert.match(text, /王师傅/);
      assert.doesNotMatch(text, /身份证/);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, `test-results/manifest-${kind}`]);
    });
  });
}
