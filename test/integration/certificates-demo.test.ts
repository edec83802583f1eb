import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Services } from '../../src/server/app';
import { loadDemo } from '../../src/server/demo/load-demo';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { servicesFor } from '../support/factories';
import { ob3Problems } from '../support/ob3-schema';

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

    test('pdftotext of every demo certificate gives the names as stored; the pages are rendered for looking at', async () => {
      const certificates = await services.certificates.list(classId);
      assert.ok(certificates.some((c) => c.nameBo));
      const dir = mkdtempSync(join(tmpdir(), 'cert-demo-'));
      // PNGs at 60 dpi under test-results/ (git-ignored), to look at: no date or number split from its unit.
      const out = join('test-results', `certificates-demo-${kind}`);
      mkdirSync(out, { recursive: true });
      try {
        for (const c of certificates) {
          const { data } = await services.certificates.pdf(classId, c.id);
          const file = join(dir, `${c.serial}.pdf`);
          writeFileSync(file, data);
          const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
          // The name block exactly as stored: no space inside it, none after the Tibetan name.
          const block = c.nameBo ? `${c.name}（${c.nameBo}）` : c.name;
          assert.ok(text.includes(block), `${c.serial}: "${block}" not in\n${text}`);
          if (c.nameBo) assert.ok(!text.includes(`${c.nameBo} `), `${c.serial}: a space after the Tibetan name`);
          // No line break between a number and its unit anywhere in the text.
          assert.ok(!/\d\n(年|月|日|学时)/.test(text), `${c.serial}: a number split from its unit\n${text}`);
          execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, join(out, c.serial)]);
          // Its signed credential conforms to the OB 3.0 schema of the tests.
          const { jwt } = await services.certificates.credential(classId, c.id);
          assert.deepEqual(ob3Problems(JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString())), [], c.serial);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
