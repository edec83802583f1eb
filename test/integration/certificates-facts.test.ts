import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { craftedClass, dayFromToday } from '../support/certificate-class';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';
import { ob3Problems } from '../support/ob3-schema';

// Certificates say only what happened (#10): nothing is issued while sessions are still to come;
// a running class's certificates are issued only after its last session with the training office's
// audited override; the credential states the trainee's own hours; a record changed after issuing
// flags the certificate until the class teacher keeps, reissues or revokes it.

const pdftotext = (pdf: Buffer) => {
  const dir = mkdtempSync(join(tmpdir(), 'cert-facts-'));
  try {
    writeFileSync(join(dir, 'c.pdf'), pdf);
    return execFileSync('pdftotext', [join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/** Sessions on days relative to today, 09:00–12:00 in Beijing (a later `endsAt` for the last one when given). */
const sessionsAt = (days: number[], hours: number[]) =>
  days.map((d, i) => ({ startsAt: `${dayFromToday(d)}T09:00:00+08:00`, endsAt: `${dayFromToday(d)}T12:00:00+08:00`, hours: hours[i] }));

for (const kind of DATABASES) {
  describe(`certificates say what happened (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
    });
    after(async () => {
      await services.certificates.drain();
      await t.drop();
    });

    test('a running class with a session still to come issues nothing; a present recorded ahead does not count', async () => {
      // Three sessions held, the fourth tomorrow; everyone "present" at all four (one recorded ahead of time).
      const made = await craftedClass(services, [{ name: '提前签到' }, { name: '也提前' }], {
        schedule: { startsOn: dayFromToday(-5), endsOn: dayFromToday(2), sessions: sessionsAt([-3, -2, -1, 1], [3, 3, 3, 3]) },
        status: 'running',
      });
      const teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: made.classId });
      const organizer = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: made.institutionId });
      const view = await services.certificates.eligibility(made.classId, 'zh-CN');
      const row = view.rows.find((r) => r.name === '提前签到')!;
      assert.equal(row.attendedHours, 9, 'only the three sessions that have ended count');
      assert.equal(row.totalHours, 12);
      assert.equal(row.eligible, false);
      assert.deepEqual(
        row.reasons.map((r) => r.code),
        ['sessions_pending'],
      );
      assert.match(row.reasons[0].message, /还有 3 学时的课程尚未结束/);
      assert.deepEqual(view.issue, { open: false, blockedBy: 'sessions_pending', lastSessionEndsAt: view.issue.lastSessionEndsAt, earlyIssue: null });
      assert.equal(view.canIssue, false);
      const refused = (e: { code: string }) => e.code === 'certificate.sessions_pending';
      await assert.rejects(services.certificates.issue(teacher, made.classId, {}), refused);
      await assert.rejects(services.certificates.issue(teacher, made.classId, { enrolmentIds: [row.enrolmentId] }), refused);
      await assert.rejects(services.certificates.startJob(teacher, made.classId, { kind: 'issue', format: 'zip' }), refused);
      // Not even the training office can open issuing before the last session has ended.
      await assert.rejects(services.certificates.allowEarlyIssue(organizer, made.classId, '结业式提前'), refused);
      assert.equal((await services.certificates.list(made.classId)).length, 0);
    });

    describe('a running class after its last session, with a trainee who attended 49 of 55 hours', () => {
      // Eleven sessions: nine of 5 h, one of 6 h, one of 4 h (55 h). 实修 misses the 6-hour one.
      const hours = [5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 4];
      let made: Awaited<ReturnType<typeof craftedClass>>;
      let teacher: Awaited<ReturnType<typeof makeActor>>;
      let organizer: Awaited<ReturnType<typeof makeActor>>;
      const rowOf = async (name: string) => (await services.certificates.eligibility(made.classId, 'zh-CN')).rows.find((r) => r.name === name)!;

      before(async () => {
        made = await craftedClass(
          services,
          [{ name: '全勤者' }, { name: '实修者', nameBo: 'ཚེ་རིང་རྡོ་རྗེ', missing: [9] }, { name: '另一位' }, { name: '第四位' }],
          {
            schedule: { startsOn: dayFromToday(-14), endsOn: dayFromToday(0), sessions: sessionsAt([-13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3], hours) },
            status: 'running',
          },
        );
        teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: made.classId });
        organizer = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: made.institutionId });
      });

      test('without the training office the class cannot issue; its audited override opens issuing', async () => {
        assert.equal((await services.certificates.eligibility(made.classId, 'zh-CN')).issue.blockedBy, 'override_required');
        await assert.rejects(services.certificates.issue(teacher, made.classId, {}), (e: { code: string }) => e.code === 'certificate.early_issue_required');
        await services.certificates.allowEarlyIssue(organizer, made.classId, '结业式在最后一次课后举行，届时颁发证书');
        const view = await services.certificates.eligibility(made.classId, 'zh-CN');
        assert.equal(view.issue.open, true);
        assert.equal(view.issue.earlyIssue?.reason, '结业式在最后一次课后举行，届时颁发证书');
        assert.equal(view.issue.earlyIssue?.grantedBy, organizer.displayName);
        const audit = (await services.audit.listForClass(made.classId)).find((a) => a.action === 'certificate.early_issue');
        assert.deepEqual((audit!.after as { reason: string }).reason, '结业式在最后一次课后举行，届时颁发证书');
        assert.equal(audit?.actor, organizer.displayName);
        const { issued } = await services.certificates.issue(teacher, made.classId, {});
        assert.equal(issued.length, 4);
      });

      test('the credential states the 49 hours attended, the certificate both figures', async () => {
        const cert = (await services.certificates.list(made.classId)).find((c) => c.name === '实修者')!;
        assert.equal(cert.hours, 49);
        assert.equal(cert.classHours, 55);
        const payload = payloadOf((await services.certificates.credential(made.classId, cert.id)).jwt);
        assert.deepEqual(ob3Problems(payload), []);
        assert.equal(payload.credentialSubject.creditsEarned, 49);
        assert.equal(payload.credentialSubject.achievement.creditsAvailable, 55);
        assert.match(payload.description, /共计55学时，实修49学时/);
        const text = pdftotext((await services.certificates.pdf(made.classId, cert.id)).data);
        assert.ok(text.replace(/\s+/g, '').includes('共计55学时，实修49学时'), text);
        assert.ok(text.includes('实修者（ཚེ་རིང་རྡོ་རྗེ）'), `the names as stored, no space after the Tibetan one:\n${text}`);
        const full = (await services.certificates.list(made.classId)).find((c) => c.name === '全勤者')!;
        assert.ok(
          pdftotext((await services.certificates.pdf(made.classId, full.id)).data)
            .replace(/\s+/g, '')
            .includes('共计55学时，准予结业'),
        );
        const verified = await services.certificates.verifyToken(cert.verifyUrl.split('/').pop()!);
        assert.deepEqual([verified?.hours, verified?.classHours, verified?.serial], [49, 55, cert.serial]);
      });

      test('a record changed after issuing flags the certificate; keeping it clears the flag until the record changes again', async () => {
        const before = await rowOf('全勤者');
        assert.equal(before.certificate?.review, null);
        await services.attendance.markAttendance(teacher, made.sessionIds[0], before.enrolmentId, { status: 'absent', reason: '补录更正：当日未到' });
        const flagged = await rowOf('全勤者');
        assert.deepEqual(flagged.certificate?.review?.changes, [{ field: 'attendedHours', before: 55, after: 50 }]);
        assert.equal((await services.certificates.eligibility(made.classId, 'zh-CN')).counts.review, 1);

        await services.certificates.keep(teacher, made.classId, flagged.certificate!.id, '仍达到出勤要求，证书保留');
        assert.equal((await rowOf('全勤者')).certificate?.review, null);
        const kept = (await services.audit.listForClass(made.classId)).find((a) => a.action === 'certificate.keep');
        assert.deepEqual(kept?.before, { attendedHours: 55, totalHours: 55, eligible: true });
        assert.deepEqual(kept?.after, {
          attendedHours: 50,
          totalHours: 55,
          eligible: true,
          serial: flagged.certificate!.serial,
          reason: '仍达到出勤要求，证书保留',
        });
        await assert.rejects(
          services.certificates.keep(teacher, made.classId, flagged.certificate!.id, '再保留一次'),
          (e: { code: string }) => e.code === 'certificate.nothing_to_review',
        );

        // A second correction: now below the minimum, so the eligibility the certificate stands on changed too.
        await services.attendance.markAttendance(teacher, made.sessionIds[1], before.enrolmentId, { status: 'absent', reason: '补录更正：当日未到' });
        const again = await rowOf('全勤者');
        assert.deepEqual(again.certificate?.review?.changes, [
          { field: 'attendedHours', before: 50, after: 45 },
          { field: 'eligible', before: true, after: false },
        ]);
        assert.equal(again.certificate?.review?.kept?.reason, '仍达到出勤要求，证书保留');
        // No longer eligible: it cannot be reissued, only revoked; revoking clears the flag.
        await assert.rejects(
          services.certificates.reissue(teacher, made.classId, again.certificate!.id, '更正学时'),
          (e: { code: string }) => e.code === 'certificate.not_eligible',
        );
        await services.certificates.revoke(teacher, made.classId, again.certificate!.id, '出勤不足，撤销证书');
        const revoked = await rowOf('全勤者');
        assert.equal(revoked.certificate?.status, 'revoked');
        assert.equal(revoked.certificate?.review, null);
      });

      test('reissuing a flagged certificate issues one on the facts of now', async () => {
        const row = await rowOf('另一位');
        await services.attendance.markAttendance(teacher, made.sessionIds[10], row.enrolmentId, { status: 'leave', reason: '公务请假（补录）' });
        const flagged = await rowOf('另一位');
        assert.deepEqual(flagged.certificate?.review?.changes, [{ field: 'attendedHours', before: 55, after: 51 }]);
        const { previous, certificate } = await services.certificates.reissue(teacher, made.classId, flagged.certificate!.id, '按更正后的学时换发');
        assert.equal(previous.status, 'replaced');
        assert.equal(certificate.hours, 51);
        const now = await rowOf('另一位');
        assert.equal(now.certificate?.id, certificate.id);
        assert.equal(now.certificate?.review, null);
        const renewed = payloadOf((await services.certificates.credential(made.classId, certificate.id)).jwt);
        assert.match(renewed.description, /实修51学时/);
        // The holder keeps their subject id; the credential is a new one.
        const old = payloadOf((await services.certificates.credential(made.classId, previous.id)).jwt);
        assert.equal(renewed.sub, old.sub);
        assert.notEqual(renewed.jti, old.jti);
      });

      test('the institution’s wording applies to certificates issued after it changes; issued ones keep theirs', async () => {
        const before = (await services.certificates.list(made.classId)).find((c) => c.name === '第四位' && c.status === 'valid')!;
        await assert.rejects(
          services.certificates.setBilingual(organizer, made.classId, true),
          (e: { code: string }) => e.code === 'certificate.no_tibetan_line',
        );
        await services.certificates.updateSettings(organizer, made.classId, {
          bodyTemplate: '兹证明{name}于{period}参加{class}，{hours}，成绩合格，准予结业。',
          hoursFullTemplate: '修满{total}学时',
          hoursPartialTemplate: '应修{total}学时，实修{attended}学时',
          tibetanLine: '{nameBo} སློབ་སྦྱོང་མཐར་ཕྱིན། {attended}/{total}',
        });
        await services.certificates.setBilingual(organizer, made.classId, true);
        const settings = await services.certificates.settingsFor(made.classId, false);
        assert.equal(settings.hoursPartialTemplate, '应修{total}学时，实修{attended}学时');
        assert.equal(settings.updatedBy, organizer.displayName);
        const tashi = (await services.certificates.list(made.classId)).find((c) => c.name === '实修者' && c.status === 'valid')!;
        const { certificate } = await services.certificates.reissue(teacher, made.classId, tashi.id, '按新模板换发');
        const text = pdftotext((await services.certificates.pdf(made.classId, certificate.id)).data);
        assert.ok(text.replace(/\s+/g, '').includes('应修55学时，实修49学时，成绩合格'), text);
        assert.ok(text.includes('ཚེ་རིང་རྡོ་རྗེ སློབ་སྦྱོང་མཐར་ཕྱིན། ༤༩/༥༥'), `the Tibetan line with Tibetan digits:\n${text}`);
        // The certificate issued before keeps the text it was issued with.
        assert.ok(
          pdftotext((await services.certificates.pdf(made.classId, before.id)).data)
            .replace(/\s+/g, '')
            .includes('共计55学时，准予结业'),
        );
        // The specimen follows the templates as typed, without saving them.
        const specimen = await services.certificates.preview(made.classId, { hoursPartialTemplate: '计{total}学时（到课{attended}学时）', bilingual: false });
        const specimenText = pdftotext(specimen.data);
        assert.ok(specimenText.replace(/\s+/g, '').includes('计55学时（到课49学时）'), specimenText);
        assert.match(specimenText, /证书编号：SPECIMEN/);
        assert.equal((await services.certificates.settingsFor(made.classId, true)).hoursPartialTemplate, '应修{total}学时，实修{attended}学时');
        const audit = (await services.audit.listForClass(made.classId)).map((a) => a.action);
        assert.ok(audit.includes('certificate.settings.update') && audit.includes('certificate.options.update'));
      });

      test('every certificate has its own random entry in the status list; revoked and replaced ones are set', async () => {
        const rows = await services.certificates.list(made.classId);
        const payloads = await Promise.all(rows.map(async (r) => payloadOf((await services.certificates.credential(made.classId, r.id)).jwt)));
        for (const p of payloads) assert.deepEqual(ob3Problems(p), [], p.id);
        const indexes = payloads.map((p) => Number(p.credentialStatus.statusListIndex));
        assert.equal(new Set(indexes).size, indexes.length, 'indexes are unique');
        const code = payloads[0].issuer.id.split('/').pop();
        const list = payloadOf(await services.certificates.statusList(code, 1));
        const bits = (await import('node:zlib')).gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
        assert.ok(bits.length >= 16 * 1024);
        rows.forEach((r, i) => {
          const bit = (bits[indexes[i] >> 3] >> (7 - (indexes[i] % 8))) & 1;
          assert.equal(bit, r.status === 'valid' ? 0 : 1, `${r.serial} ${r.status}`);
        });
      });
    });
  });
}
