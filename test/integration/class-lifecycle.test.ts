// The lifecycle with sense: a class starts on its first session's day and completes once its last
// session has ended (the class's time zone, today's clock), unless the organizer overrides with a
// reason; the organizer may step it back until 30 days after its last day; open planning warnings
// hold the start until confirmed. Every step audited. Then the audit trail as the screens read it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import type { Actor } from '../../src/server/lib/permissions';
import { addDaysTo, wallClockOf } from '../../src/server/lib/wall-clock';
import { makeAuditService } from '../../src/server/modules/audit/service';
import { makeAuditStore } from '../../src/server/modules/audit/store';
import { makeScopeStore } from '../../src/server/modules/auth/scope-store';
import { makeAuthService } from '../../src/server/modules/auth/service';
import { makeAuthStore } from '../../src/server/modules/auth/store';
import { makeClassService } from '../../src/server/modules/classes/service';
import { makeClassStore } from '../../src/server/modules/classes/store';
import { refusal as rejects } from '../support/class-setup';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, makeActor, makeClass } from '../support/factories';

const TZ = 'Asia/Shanghai';
const today = () => wallClockOf(Date.now(), TZ).date;
const day = (n: number) => addDaysTo(today(), n);

for (const kind of DATABASES) {
  describe(`class lifecycle on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let app: FastifyInstance;

    before(async () => {
      t = await freshDatabase(kind);
      ({ app, services } = await appFor(t));
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    /** A class from `from` to `to` (days from today) with a trainee and one session on each of the given days, in `enrolling`. */
    async function enrollingClass(from: number, to: number, sessionDays: number[]) {
      const ids = await makeClass(services, { startsOn: day(from), endsOn: day(to) });
      await services.database.transaction(async (trx) => {
        await services.roster.enrolIn(trx, null, ids.classId, { role: 'member', person: { name: '次仁' } });
        for (const d of sessionDays) {
          await services.timetable.createSessionIn(trx, null, ids.classId, {
            kind: 'lecture',
            title: `讲座 ${d}`,
            startsAt: `${day(d)}T09:00:00+08:00`,
            endsAt: `${day(d)}T11:30:00+08:00`,
            hours: 3,
            lecturerIds: [],
            groupIds: [],
          });
        }
        await services.classes.transition(null, ids.classId, 'enrolling', trx);
      });
      const organizer = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: ids.institutionId });
      const teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: ids.classId });
      return { ...ids, organizer, teacher };
    }
    const statusOf = async (classId: number) => (await services.classes.getClass(null, classId)).status;

    test('starting before the first session’s day is refused; the organizer overrides with a reason, audited', async () => {
      const c = await enrollingClass(3, 7, [3, 5, 7]);
      const detail = await services.classes.getClass(c.teacher, c.classId);
      assert.deepEqual([detail.lifecycle.firstSessionOn, detail.lifecycle.nextTooEarly, detail.lifecycle.today], [day(3), true, today()]);
      const refused = await rejects(services.classes.transition(c.teacher, c.classId, 'running'), 'class.too_early_running');
      assert.deepEqual(refused.params, { to: 'running', date: day(3), today: today(), overridable: true });
      // The class teacher may start a class, but not ahead of its timetable.
      await rejects(
        services.classes.transition(c.teacher, c.classId, 'running', undefined, { override: true, reason: '提前开班' }),
        'class.override_forbidden',
      );
      await rejects(services.classes.transition(c.organizer, c.classId, 'running', undefined, { override: true }), 'class.reason_required', 'reason');
      await rejects(
        services.classes.transition(c.organizer, c.classId, 'running', undefined, { override: true, reason: ' 提' }),
        'class.reason_required',
        'reason',
      );
      assert.equal(await statusOf(c.classId), 'enrolling');
      await services.classes.transition(c.organizer, c.classId, 'running', undefined, { override: true, reason: '学员提前报到，先行开班' });
      assert.equal(await statusOf(c.classId), 'running');
      const entry = (await services.audit.listForClass(c.classId)).find(
        (e) => e.action === 'class.transition' && (e.after as { status: string }).status === 'running',
      )!;
      assert.deepEqual(entry.before, { status: 'enrolling' });
      assert.deepEqual(entry.after, { status: 'running', override: true, tooEarlyBefore: day(3), reason: '学员提前报到，先行开班' });
      assert.equal(entry.actor, c.organizer.displayName);
    });

    test('completing before the last session ends is refused; a class on its timetable moves on without an override', async () => {
      const c = await enrollingClass(-2, 2, [-1, 1]);
      await services.classes.transition(c.teacher, c.classId, 'running');
      const refused = await rejects(services.classes.transition(c.teacher, c.classId, 'completed'), 'class.too_early_completed');
      assert.equal(refused.params.date, `${day(1)} 11:30`, 'the end is said in the class’s time zone');
      assert.equal((await services.classes.getClass(null, c.classId)).lifecycle.nextTooEarly, true);
      await services.classes.transition(c.organizer, c.classId, 'completed', undefined, { override: true, reason: '最后一次课取消' });
      assert.equal(await statusOf(c.classId), 'completed');

      const onTime = await enrollingClass(-5, -1, [-5, -1]);
      await services.classes.transition(onTime.teacher, onTime.classId, 'running');
      await services.classes.transition(onTime.teacher, onTime.classId, 'completed');
      const log = (await services.audit.listForClass(onTime.classId)).filter((e) => e.action === 'class.transition');
      assert.ok(
        log.every((e) => !('override' in (e.after as object))),
        'no override recorded when none was needed',
      );
    });

    test('the organizer steps a class back with a reason within 30 days of its end; later, or by the class teacher, it is refused', async () => {
      const recent = await enrollingClass(-25, -20, [-25, -20]);
      await services.classes.transition(recent.teacher, recent.classId, 'running');
      await services.classes.transition(recent.teacher, recent.classId, 'completed');
      const d = await services.classes.getClass(recent.organizer, recent.classId);
      assert.deepEqual([d.lifecycle.previousStatus, d.lifecycle.stepBackUntil], ['running', addDaysTo(day(-20), 30)]);
      await rejects(services.classes.transition(recent.teacher, recent.classId, 'running', undefined, { reason: '补签到' }), 'class.step_back_forbidden');
      await rejects(services.classes.transition(recent.organizer, recent.classId, 'running'), 'class.reason_required', 'reason');
      await services.classes.transition(recent.organizer, recent.classId, 'running', undefined, { reason: '补录最后一天的签到' });
      await services.classes.transition(recent.organizer, recent.classId, 'enrolling', undefined, { reason: '名单有误，需增补学员' });
      assert.equal(await statusOf(recent.classId), 'enrolling');
      const back = (await services.audit.listForClass(recent.classId)).filter((e) => e.action === 'class.step_back').reverse();
      assert.deepEqual(
        back.map((e) => [e.before, e.after]),
        [
          [{ status: 'completed' }, { status: 'running', reason: '补录最后一天的签到' }],
          [{ status: 'running' }, { status: 'enrolling', reason: '名单有误，需增补学员' }],
        ],
      );
      await rejects(services.classes.transition(recent.organizer, recent.classId, 'planning', undefined, { reason: '再退' }), 'class.invalid_transition');

      const old = await enrollingClass(-45, -40, [-45, -40]);
      await services.classes.transition(old.teacher, old.classId, 'running');
      await services.classes.transition(old.teacher, old.classId, 'completed');
      assert.equal((await services.classes.getClass(null, old.classId)).lifecycle.previousStatus, null);
      const expired = await rejects(
        services.classes.transition(old.organizer, old.classId, 'running', undefined, { reason: '补录' }),
        'class.step_back_expired',
      );
      assert.deepEqual(expired.params, { endsOn: day(-40), until: addDaysTo(day(-40), 30), days: 30 });
      assert.equal(await statusOf(old.classId), 'completed');
    });

    test('open planning warnings hold the start until confirmed; the confirmation is audited', async () => {
      // The timetable module answers openPlanningWarnings in the app; here a class service with a fixed answer.
      const audit = makeAuditService({ db: t.database.db, store: makeAuditStore() });
      const auth = makeAuthService({ database: t.database, store: makeAuthStore(), scopes: makeScopeStore(), audit, loginMaxFailures: 5 });
      let open = 2;
      const classes = makeClassService({
        database: t.database,
        store: makeClassStore(),
        audit,
        auth,
        institutions: services.institutions,
        openPlanningWarnings: async () => open,
      });
      const c = await enrollingClass(-1, 3, [-1, 2]);
      const refused = await rejects(classes.transition(c.teacher, c.classId, 'running'), 'class.transition_requirements');
      assert.deepEqual(refused.params, { to: 'running', reasons: ['open_warnings'], warnings: 2 });
      assert.deepEqual(
        refused.fieldErrors,
        [{ field: 'confirmWarnings', code: 'class.open_warnings', params: { count: 2 } }],
        'the screen asks for the confirmation',
      );
      await classes.transition(c.teacher, c.classId, 'running', undefined, { confirmWarnings: true });
      const entry = (await services.audit.listForClass(c.classId)).find(
        (e) => e.action === 'class.transition' && (e.after as { status: string }).status === 'running',
      )!;
      assert.deepEqual(entry.after, { status: 'running', confirmedWarnings: 2 });

      // Warnings and too early at once: confirming the warnings leaves the timing rule to the override.
      open = 1;
      const early = await enrollingClass(2, 4, [2, 4]);
      await rejects(classes.transition(early.organizer, early.classId, 'running'), 'class.transition_requirements');
      await rejects(classes.transition(early.organizer, early.classId, 'running', undefined, { confirmWarnings: true }), 'class.too_early_running');
      await classes.transition(early.organizer, early.classId, 'running', undefined, { confirmWarnings: true, override: true, reason: '提前开班（测试）' });
      assert.equal(await statusOf(early.classId), 'running');
    });

    test('over HTTP: a too-early step names the date, the override with a reason goes through, the audit trail filters and pages', async () => {
      const c = await enrollingClass(4, 8, [4, 8]);
      const headers = await loginHeaders(app, c.organizer.username, c.organizer.password);
      const url = `/api/v1/classes/${c.classId}/transition`;
      const refused = await app.inject({ method: 'POST', url, headers, payload: { to: 'running' } });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().code, 'class.too_early_running');
      assert.equal(refused.json().title, `还不能进入“进行中”：第一场日程在 ${day(4)}，今天是 ${today()}。如确需提前开班，请教务处填写原因后强制变更`);
      const noReason = await app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'accept-language': 'en' },
        payload: { to: 'running', override: true, reason: '' },
      });
      assert.equal(noReason.statusCode, 400);
      assert.deepEqual(noReason.json().errors, [{ field: 'reason', code: 'class.reason_required', message: 'Give a reason (at least 2 characters)' }]);
      const ok = await app.inject({ method: 'POST', url, headers, payload: { to: 'running', override: true, reason: '提前开班' } });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().status, 'running');
      assert.deepEqual(ok.json().lifecycle.previousStatus, 'enrolling');

      const teacherHeaders = await loginHeaders(app, c.teacher.username, c.teacher.password);
      await app.inject({ method: 'PATCH', url: `/api/v1/classes/${c.classId}`, headers, payload: { place: '上海浦东' } });
      await services.roster.createGroup(c.teacher as Actor, c.classId, { name: '第一组' });
      const all = (await app.inject({ url: `/api/v1/classes/${c.classId}/audit?pageSize=3`, headers: teacherHeaders })).json();
      assert.ok(all.total >= 8, `total ${all.total}`);
      assert.equal(all.entries.length, 3);
      assert.deepEqual(all.entries[0].action, 'group.create', 'newest first');
      assert.ok(all.facets.actions.includes('class.transition') && all.facets.entities.includes('session'));
      assert.deepEqual(all.facets.actors.map((a: { name: string }) => a.name).sort(), [c.organizer.displayName, c.teacher.displayName].sort());
      const page2 = (await app.inject({ url: `/api/v1/classes/${c.classId}/audit?pageSize=3&page=2`, headers: teacherHeaders })).json();
      assert.ok(page2.entries.every((e: { id: number }) => e.id < all.entries[2].id));
      const byOrganizer = (await app.inject({ url: `/api/v1/classes/${c.classId}/audit?actorId=${c.organizer.userId}`, headers: teacherHeaders })).json();
      assert.deepEqual(
        byOrganizer.entries.map((e: { action: string }) => e.action),
        ['class.update', 'class.transition'],
      );
      assert.deepEqual(byOrganizer.entries[0].before, { place: null });
      assert.deepEqual(byOrganizer.entries[0].after, { place: '上海浦东' });
      const sessions = (await app.inject({ url: `/api/v1/classes/${c.classId}/audit?entity=session`, headers: teacherHeaders })).json();
      assert.deepEqual([sessions.total, sessions.entries.every((e: { entity: string }) => e.entity === 'session')], [2, true]);
      const bad = await app.inject({ url: `/api/v1/classes/${c.classId}/audit?pageSize=1000`, headers: teacherHeaders });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'pageSize');
    });

    test('the institution’s trail: its classes, programmes, sites and staff accounts, and nothing of another institution', async () => {
      const admin = await makeActor(services, 'admin');
      const a = await makeClass(services);
      const b = await makeClass(services);
      await services.classes.updateProgramme(admin, a.programmeId, { description: '甲院项目' });
      await services.timetable.createSite(admin, a.institutionId, { name: '甲院教学点' });
      await services.timetable.createSite(admin, b.institutionId, { name: '乙院教学点' });
      const staff = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: a.institutionId });
      await services.classes.updateProgramme(admin, b.programmeId, { description: '乙院项目' });
      const trail = await services.audit.search({ institutionId: a.institutionId }, { page: 1, pageSize: 100 });
      const seen = trail.entries.map((e) => `${e.action}:${e.entity}:${e.entityId}`);
      assert.ok(seen.includes(`class.create:class:${a.classId}`));
      assert.ok(seen.includes(`programme.update:programme:${a.programmeId}`));
      assert.ok(seen.includes(`institution.create:institution:${a.institutionId}`));
      assert.ok(trail.entries.some((e) => e.action === 'site.create' && (e.after as { name: string }).name === '甲院教学点'));
      assert.ok(seen.includes(`grant.create:user:${staff.userId}`), 'the organizer account granted in this institution');
      assert.ok(!seen.includes(`class.create:class:${b.classId}`));
      assert.ok(!seen.includes(`programme.update:programme:${b.programmeId}`));
      assert.ok(!trail.entries.some((e) => (e.after as { name?: string } | null)?.name === '乙院教学点'));
      assert.equal(trail.entries.find((e) => e.entity === 'class')?.classTitle, (await services.classes.getClass(null, a.classId)).title);

      const headers = await loginHeaders(app, admin.username, admin.password);
      const res = await app.inject({ url: `/api/v1/institutions/${a.institutionId}/audit?entity=programme`, headers });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res.json().entries.map((e: { action: string }) => e.action),
        ['programme.update', 'programme.create'],
      );
      const organizer = await loginHeaders(app, staff.username, staff.password);
      assert.equal((await app.inject({ url: `/api/v1/institutions/${a.institutionId}/audit`, headers: organizer })).statusCode, 403);
    });
  });
}
