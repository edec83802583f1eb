import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Services } from '../../src/server/app';
import { loadDemo } from '../../src/server/demo/load-demo';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { servicesFor } from '../support/factories';

// The demo issues the 2020 class's certificates to those its attendance record makes eligible,
// once: loading the demo again issues nothing new.
for (const kind of DATABASES) {
  describe(`certificates in the demo (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      ({ classId } = await loadDemo(services));
      // Until the demo carries its own attendance record, give it one: everyone present at every
      // session they were expected at (rows the demo already holds are left as they are).
      const sessions = (await sql<{ id: number }>`select id from sessions where class_id = ${classId}`.execute(t.database.db)).rows;
      const groups = (await sql<{ session_id: number; group_id: number }>`select session_id, group_id from session_groups`.execute(t.database.db)).rows;
      const roster = await services.roster.listRoster(classId);
      const records = roster.flatMap((r) =>
        sessions
          .filter((s) => !groups.some((g) => g.session_id === s.id) || groups.some((g) => g.session_id === s.id && g.group_id === r.groupId))
          .map((s) => ({ sessionId: s.id, enrolmentId: r.id, status: 'present' as const, checkedInAt: null })),
      );
      await services.database.transaction((trx) => services.attendance.importHistoricalRecord(trx, classId, records));
    });
    after(async () => t.drop());

    test('loading the demo issues SKGY-2020-XZ-nnn certificates once', async () => {
      await loadDemo(services);
      const first = await services.certificates.list(classId);
      const { counts } = await services.certificates.eligibility(classId, 'zh-CN');
      assert.equal(first.length, counts.eligible);
      assert.ok(first.length > 0);
      assert.ok(first.every((c) => /^SKGY-2020-XZ-\d{3}$/.test(c.serial) && c.status === 'valid' && c.issuedOn === '2020-10-26'));
      const tashi = first.find((c) => c.name === '扎西旺拉');
      assert.equal(tashi?.nameBo, 'བཀྲ་ཤིས་དབང་ལྷ');
      await loadDemo(services);
      const second = await services.certificates.list(classId);
      assert.deepEqual(
        second.map((c) => c.serial),
        first.map((c) => c.serial),
      );
    });
  });
}
