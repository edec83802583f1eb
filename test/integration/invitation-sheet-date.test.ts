import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { INVITATION_BO } from '../../src/server/modules/trainee/invitation-sheet';
import { makeTraineeService } from '../../src/server/modules/trainee/service';
import { makeTraineeStore } from '../../src/server/modules/trainee/store';
import { runningClass } from '../support/attendance';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

// The invitation sheet speaks Chinese and Tibetan (#15) and says the day it was printed in the class's time zone (#10): printed at
// 07:30 in Beijing, which is 23:30 the day before in UTC, it says the Beijing day.
for (const kind of DATABASES) {
  describe(`invitation sheet dates (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
    });
    after(async () => t.drop());

    test('the sheet is dated in the class’s time zone, not UTC', async () => {
      const c = await runningClass(services, { trainees: 2 });
      const admin = await makeActor(services, 'admin');
      const { database, audit, auth, roster, timetable, attendance, hours } = services;
      const at = Date.parse('2026-12-01T23:30:00Z');
      const trainee = makeTraineeService({
        database,
        store: makeTraineeStore(),
        audit,
        auth,
        roster,
        timetable,
        attendance,
        hours,
        publicUrl: 'http://x',
        now: () => at,
      });
      const pdf = await trainee.invitationSheet(admin, c.classId, {});
      const text = execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
      assert.match(text, /2026-12-02 签发/);
      assert.doesNotMatch(text, /2026-12-01 签发/);
    });

    test('every card carries the instructions in Tibetan under the Chinese (#15)', async () => {
      const c = await runningClass(services, { trainees: 3 });
      const admin = await makeActor(services, 'admin');
      const pdf = await services.trainee.invitationSheet(admin, c.classId, {});
      // pdftotext breaks the paragraph where the card wraps it; compare without the breaks. In the
      // order the text is drawn (-raw): by reading order, two cards side by side were sometimes
      // taken as one column and their lines interleaved (1 sheet in 30).
      const text = execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf, encoding: 'utf8' });
      const flat = (s: string) => s.replace(/\s+/g, '');
      const count = flat(text).split(flat(INVITATION_BO.instructions)).length - 1;
      assert.equal(count, 3, 'one Tibetan paragraph per card, extracted as Unicode (so no boxes or missing glyphs)');
      assert.ok(text.indexOf('用手机相机扫描') < text.indexOf('ཁ་པར་གྱི་པར་ཆས'), 'the Tibetan comes after the Chinese');
      for (const label of [INVITATION_BO.signIn, INVITATION_BO.badge])
        assert.equal(flat(text).split(flat(label)).length - 1, 3, `the small label ${label} on every card`);
    });
  });
}
