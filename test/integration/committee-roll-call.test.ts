import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { makeCommitteeService } from '../../src/server/modules/committee/service';
import { makeCommitteeStore } from '../../src/server/modules/committee/store';
import { runningClass, traineeActor } from '../support/attendance';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

for (const kind of DATABASES) {
  describe(`the class committee and the group leaders' roll call on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let c: Awaited<ReturnType<typeof runningClass>>;
    let teacher: Awaited<ReturnType<typeof makeActor>>;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      c = await runningClass(services, {
        trainees: 8,
        groups: 2,
        sessions: [
          { title: '专题讲座', fromMin: -20, toMin: 100 },
          { title: '第1组研讨', fromMin: -20, toMin: 100, groups: [0], kind: 'discussion' },
          { title: '明天的讲座', fromMin: 1500, toMin: 1600 },
        ],
      });
      teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: c.classId });
      // Group 1 = enrolments 0, 2, 4, 6; group 2 = 1, 3, 5, 7. Enrolment 0 leads group 1.
      await services.roster.updateGroup(teacher, c.groupIds[0], { leaderEnrolmentId: c.enrolmentIds[0] });
      await services.roster.updateGroup(teacher, c.groupIds[1], { leaderEnrolmentId: c.enrolmentIds[1] });
    });
    after(() => t.drop());

    test('the class teacher sets the committee; it is shown with the group leaders, audited', async () => {
      let com = await services.committee.setRole(teacher, c.classId, 'monitor', c.enrolmentIds[2]);
      com = await services.committee.setRole(teacher, c.classId, 'study', c.enrolmentIds[3]);
      assert.equal(com.roles.find((r) => r.role === 'monitor')!.member!.enrolmentId, c.enrolmentIds[2]);
      assert.equal(com.roles.find((r) => r.role === 'life')!.member, null);
      assert.deepEqual(
        com.groupLeaders.map((g) => g.leader?.enrolmentId),
        [c.enrolmentIds[0], c.enrolmentIds[1]],
      );
      com = await services.committee.setRole(teacher, c.classId, 'monitor', c.enrolmentIds[4]);
      assert.equal(com.roles.find((r) => r.role === 'monitor')!.member!.enrolmentId, c.enrolmentIds[4]);
      const other = await runningClass(services, { trainees: 1 });
      await assert.rejects(services.committee.setRole(teacher, c.classId, 'life', other.enrolmentIds[0]), { code: 'validation.failed' });
      const trail = await services.audit.listForClass(c.classId);
      assert.equal(trail.filter((a) => a.action === 'committee.set_role').length, 3);
      // The trainee's phone sees the same committee, of their own enrolment only.
      const { actor } = await traineeActor(services, c.enrolmentIds[5]);
      const seen = await services.committee.committeeForTrainee(actor, c.enrolmentIds[5]);
      assert.equal(seen.roles.find((r) => r.role === 'study')!.member!.enrolmentId, c.enrolmentIds[3]);
      await assert.rejects(services.committee.committeeForTrainee(actor, c.enrolmentIds[6]), { code: 'not_found' });
    });

    test('roll call: a leader marks their own group only; recorded marks that count; staff records are kept', async () => {
      const { actor: leader } = await traineeActor(services, c.enrolmentIds[0]);
      const { actor: member } = await traineeActor(services, c.enrolmentIds[2]);
      await assert.rejects(services.committee.rollCallSheet(member, c.enrolmentIds[2]), { code: 'roll_call.not_leader' });
      await assert.rejects(services.committee.rollCallSheet(leader, c.enrolmentIds[1]), { code: 'not_found' });
      const sheet = await services.committee.rollCallSheet(leader, c.enrolmentIds[0]);
      assert.deepEqual(sheet.members.map((m) => m.enrolmentId).sort(), [c.enrolmentIds[0], c.enrolmentIds[2], c.enrolmentIds[4], c.enrolmentIds[6]].sort());
      assert.equal(sheet.sessions.length, 3, 'the group discussion of group 1 is theirs');
      // The class teacher had already marked enrolment 6 present by hand.
      await services.attendance.markAttendance(teacher, c.sessionIds[0], c.enrolmentIds[6], { status: 'present' });
      const now = new Date().toISOString();
      const mark = (n: number, enrolmentId: number, status: 'present' | 'late' | 'absent', sessionId = c.sessionIds[0]) => ({
        clientId: `mark-${kind}-${n}`,
        sessionId,
        enrolmentId,
        status,
        markedAt: now,
      });
      const { results } = await services.committee.takeRollCall(
        leader,
        c.enrolmentIds[0],
        [
          mark(1, c.enrolmentIds[2], 'present'),
          mark(2, c.enrolmentIds[4], 'absent'),
          mark(3, c.enrolmentIds[6], 'absent'),
          mark(4, c.enrolmentIds[1], 'present'),
          mark(5, c.enrolmentIds[2], 'late', c.sessionIds[2]),
        ],
        'zh-CN',
      );
      assert.deepEqual(
        results.map((r) => r.outcome),
        ['recorded', 'recorded', 'kept', 'refused', 'refused'],
      );
      assert.equal(results[2].method, 'manual', "the class teacher's mark stays");
      assert.equal(results[3].code, 'roll_call.not_own_group');
      assert.equal(results[4].code, 'checkin.session_not_open', 'tomorrow cannot be marked today');
      // The record shows how and by whom.
      const list = await services.attendance.sessionAttendance(c.sessionIds[0]);
      const row = list.entries.find((e) => e.enrolmentId === c.enrolmentIds[2])!;
      assert.equal(row.method, 'roll_call');
      assert.equal(row.status, 'present');
      assert.equal(row.recordedBy, leader.displayName);
      assert.equal(list.entries.find((e) => e.enrolmentId === c.enrolmentIds[4])!.status, 'absent');
      // A correction by the leader replaces their own mark; hours follow the record.
      const fix = await services.committee.takeRollCall(leader, c.enrolmentIds[0], [mark(6, c.enrolmentIds[4], 'late')], 'zh-CN');
      assert.equal(fix.results[0].outcome, 'updated');
      const m = await services.attendance.matrix(c.classId);
      const cells = m.trainees.find((r) => r.enrolmentId === c.enrolmentIds[4])!.cells;
      assert.equal(cells[m.sessions.findIndex((s) => s.id === c.sessionIds[0])], 'L');
      // Audited: each mark by the leader's account, and the roll call itself.
      const trail = await services.audit.listForClass(c.classId);
      assert.equal(trail.filter((a) => a.action === 'attendance.roll_call').length, 3);
      assert.ok(
        trail.filter((a) => a.action.endsWith('roll_call')).every((a) => a.actor === leader.displayName),
        'by the leader',
      );
      assert.equal(trail.filter((a) => a.action === 'committee.roll_call').length, 2);
    });

    test('the delegated right ends with the class: after its last day and the grace days, refused', async () => {
      const cls = await services.classes.getClass(null, c.classId);
      const late = Date.parse(`${cls.endsOn}T00:00:00+08:00`) + 3 * 86_400_000 + 60_000;
      const later = makeCommitteeService({ ...services, store: makeCommitteeStore(), now: () => late } as never);
      const { actor: leader } = await traineeActor(services, c.enrolmentIds[1]);
      const sheet = await later.rollCallSheet(leader, c.enrolmentIds[1]);
      assert.ok(Date.parse(sheet.rightEndsAt) < late);
      await assert.rejects(
        later.takeRollCall(
          leader,
          c.enrolmentIds[1],
          [{ clientId: 'late-mark-1', sessionId: c.sessionIds[0], enrolmentId: c.enrolmentIds[3], status: 'present', markedAt: new Date().toISOString() }],
          'zh-CN',
        ),
        { code: 'roll_call.ended' },
      );
      // A leader who is no longer leader has no right at all.
      await services.roster.updateGroup(teacher, c.groupIds[1], { leaderEnrolmentId: c.enrolmentIds[3] });
      await assert.rejects(services.committee.rollCallSheet(leader, c.enrolmentIds[1]), { code: 'roll_call.not_leader' });
    });
  });
}

for (const kind of DATABASES) {
  describe(`the demo class's buses and committee on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
    });
    after(() => t.drop());
    test('two buses each way to SITRI, 上海科技馆 and 东部中心, groups together; the committee with the representatives as leaders', async () => {
      const { withDemo } = await import('../support/factories');
      const { classId } = await withDemo(services);
      await withDemo(services);
      const transport = await services.buses.classTransport(classId);
      assert.equal(transport.sessions.length, 3);
      for (const s of transport.sessions) {
        assert.equal(s.vehicles.length, 4, `${s.title}: two buses each way`);
        const detail = await services.buses.sessionTransport(s.id);
        assert.equal(detail.unassigned.outbound.length, 0);
        assert.equal(detail.unassigned.return.length, 0);
        for (const v of detail.vehicles) assert.ok(v.passengers.length <= v.seats);
        const groups = new Set(detail.vehicles.filter((v) => v.leg === 'outbound').flatMap((v) => v.passengers.map((p) => `${v.id}:${p.groupId}`)));
        assert.equal([...groups].filter((g) => !g.endsWith(':null')).length, 4, 'each group on one bus');
      }
      assert.ok(transport.sessions.some((s) => s.site?.includes('科技馆')));
      const com = await services.committee.committee(classId);
      assert.ok(com.roles.every((r) => r.member));
      assert.equal(com.groupLeaders.filter((g) => g.leader).length, 4);
    });
  });
}
