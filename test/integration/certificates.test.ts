import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import jsQR from 'jsqr';
import { sql } from 'kysely';
import sharp from 'sharp';
import type { Services } from '../../src/server/app';
import { readZipDirectory } from '../../src/server/documents/zip';
import { localDay } from '../../src/server/modules/attendance/summary';
import { craftedClass } from '../support/certificate-class';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';
import { ob3Problems } from '../support/ob3-schema';

const TRAINEES = [
  { name: '全勤甲' },
  { name: '扎西旺拉', nameBo: 'བཀྲ་ཤིས་དབང་ལྷ' },
  { name: '请假一次', leave: 1 },
  { name: '请假两次', leave: 2 },
  { name: '全勤乙' },
];

const pdftotext = (pdf: Buffer) => {
  const dir = mkdtempSync(join(tmpdir(), 'cert-pdf-'));
  try {
    writeFileSync(join(dir, 'c.pdf'), pdf);
    return execFileSync('pdftotext', [join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

for (const kind of DATABASES) {
  describe(`certificates (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    let ids: { institutionId: number; programmeId: number };
    let teacher: Awaited<ReturnType<typeof makeActor>>;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      const made = await craftedClass(services, TRAINEES);
      classId = made.classId;
      ids = { institutionId: made.institutionId, programmeId: made.programmeId };
      teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
      await services.database.transaction((trx) => services.completion.setSerialPatternIn(trx, classId, 'SKGY-{year}-XZ-{seq:3}'));
    });
    after(async () => {
      await services.certificates.drain();
      await t.drop();
    });

    test('a class still in planning cannot issue', async () => {
      const planning = await services.classes.createClass(null, ids.programmeId, {
        title: '筹备中的班',
        startsOn: '2026-06-01',
        endsOn: '2026-06-05',
        timeZone: 'Asia/Shanghai',
        leaveLimitRatio: 1 / 7,
        minAttendanceRatio: 6 / 7,
        lateGraceMinutes: 10,
      });
      await assert.rejects(services.certificates.issue(teacher, planning, {}), (e: { code: string }) => e.code === 'certificate.class_not_ready');
      await assert.rejects(services.certificates.issue(teacher, 999999, {}), (e: { status: number }) => e.status === 404);
    });

    test('issuing gives every eligible trainee one certificate with a serial from the pattern; a second run issues nothing', async () => {
      const first = await services.certificates.issue(teacher, classId, {});
      assert.deepEqual(first.issued.map((c) => c.serial).sort(), ['SKGY-2026-XZ-001', 'SKGY-2026-XZ-002', 'SKGY-2026-XZ-003', 'SKGY-2026-XZ-004']);
      assert.ok(!first.issued.some((c) => c.name === '请假两次'));
      const tashi = first.issued.find((c) => c.name === '扎西旺拉')!;
      assert.equal(tashi.nameBo, 'བཀྲ་ཤིས་དབང་ལྷ');
      assert.equal(tashi.hours, 21);
      assert.equal(tashi.issuedOn, '2026-03-13');
      assert.match(tashi.verifyUrl, /\/verify\/[A-Za-z0-9_-]{43}$/);
      const again = await services.certificates.issue(teacher, classId, {});
      assert.equal(again.issued.length, 0);
    });

    test('naming a trainee who has not completed is refused with the reason', async () => {
      const { rows } = await services.completion.eligibility(classId, 'zh-CN');
      const failing = rows.find((r) => r.name === '请假两次')!;
      await assert.rejects(
        services.certificates.issue(teacher, classId, { enrolmentIds: [failing.enrolmentId] }),
        (e: { code: string; params: { reasons: string } }) => {
          assert.equal(e.code, 'certificate.not_eligible');
          assert.match(e.params.reasons, /请假 28.6%/);
          return true;
        },
      );
    });

    test('serials stay unique under concurrent issuance across classes that share a prefix', async () => {
      // Three more classes of the same institution render the same prefix; issue all at once, twice each.
      const others = [];
      for (let i = 0; i < 3; i++) {
        const made = await craftedClass(
          services,
          Array.from({ length: 6 }, (_, n) => ({ name: `并发${i}-${n}` })),
          { institution: ids, title: `并发班${i}` },
        );
        await services.database.transaction((trx) => services.completion.setSerialPatternIn(trx, made.classId, 'SKGY-{year}-XZ-{seq:3}'));
        others.push(made.classId);
      }
      const results = await Promise.allSettled(
        others.flatMap((id) => [services.certificates.issue(teacher as never, id, {}), services.certificates.issue(null, id, {})]),
      );
      assert.ok(
        results.every((r) => r.status === 'fulfilled'),
        JSON.stringify(results.filter((r) => r.status === 'rejected')),
      );
      const rows = (
        await sql<{
          serial: string;
          enrolment_id: number;
          status: string;
        }>`select serial, enrolment_id, status from certificates where institution_id = ${ids.institutionId}`.execute(t.database.db)
      ).rows;
      const serials = rows.map((r) => r.serial);
      assert.equal(new Set(serials).size, serials.length, 'duplicate serial');
      const valid = rows.filter((r) => r.status === 'valid').map((r) => r.enrolment_id);
      assert.equal(new Set(valid).size, valid.length, 'a trainee got two valid certificates');
      assert.equal(serials.length, 4 + 18);
      // Numbers are dense: 001 … 022, each once.
      assert.deepEqual(
        serials.map((s) => Number(s.slice(-3))).sort((a, b) => a - b),
        Array.from({ length: 22 }, (_, i) => i + 1),
      );
    });

    test('the database refuses a duplicate serial in the institution', async () => {
      const [c] = await services.certificates.list(classId);
      await assert.rejects(
        sql`insert into certificates (institution_id, class_id, enrolment_id, person_id, serial, token, credential_id, status, name, class_title, starts_on, ends_on, hours, issuer_name, issued_on, issued_at, key_kid, credential_jwt)
            values (${ids.institutionId}, ${classId}, ${c.enrolmentId}, ${c.personId}, ${c.serial}, 'tok-dup', 'urn:uuid:dup', 'revoked', 'x', 'x', '2026-01-01', '2026-01-02', 1, 'x', '2026-01-02', '2026-01-02T00:00:00Z', 'k', 'j')`.execute(
          t.database.db,
        ),
      );
    });

    test('the PDF is A4 landscape, under 100 KB, with name, Tibetan name, class title and serial as text', async () => {
      const c = (await services.certificates.list(classId)).find((x) => x.name === '扎西旺拉')!;
      const { data, fileName } = await services.certificates.pdf(classId, c.id);
      assert.equal(fileName, `${c.serial}_扎西旺拉.pdf`);
      assert.ok(data.length <= 100 * 1024, `${data.length} bytes`);
      const text = pdftotext(data);
      for (const s of ['结', '扎西旺拉', 'བཀྲ་ཤིས་དབང་ལྷ', c.classTitle.slice(0, 12), c.serial, c.issuerName, '准予结业'])
        assert.ok(text.replace(/\s+/g, '').includes(s.replace(/\s+/g, '')), `missing ${s} in:\n${text}`);
      const info = execFileSync('pdfinfo', ['-'], { input: data, encoding: 'utf8' });
      assert.match(info, /Page size:\s+841.89 x 595.28/);
    });

    test('the QR code on the printed certificate opens its verification page', async () => {
      const c = (await services.certificates.list(classId)).find((x) => x.name === '全勤甲')!;
      const { data } = await services.certificates.pdf(classId, c.id);
      const dir = mkdtempSync(join(tmpdir(), 'cert-qr-'));
      try {
        writeFileSync(join(dir, 'c.pdf'), data);
        execFileSync('pdftoppm', ['-png', '-r', '100', '-singlefile', join(dir, 'c.pdf'), join(dir, 'page')]);
        const { data: raw, info } = await sharp(join(dir, 'page.png')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        const found = jsQR(new Uint8ClampedArray(raw.buffer, raw.byteOffset, raw.length), info.width, info.height);
        assert.equal(found?.data, c.verifyUrl);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('verification by token and by serial + name shows status, and nothing for a wrong name', async () => {
      const c = (await services.certificates.list(classId)).find((x) => x.name === '全勤甲')!;
      const token = c.verifyUrl.split('/').pop()!;
      const v = await services.certificates.verifyToken(token);
      assert.deepEqual(Object.keys(v!).sort(), [
        'classHours',
        'classTitle',
        'endsOn',
        'hours',
        'issuedOn',
        'issuerName',
        'name',
        'nameBo',
        'serial',
        'startsOn',
        'status',
        'statusChangedOn',
      ]);
      assert.equal(v!.status, 'valid');
      assert.equal((await services.certificates.verifySerialName(c.serial.toLowerCase(), ' 全勤甲 '))?.name, '全勤甲');
      assert.equal(await services.certificates.verifySerialName(c.serial, '全勤乙'), null);
      assert.equal(await services.certificates.verifyToken('x'.repeat(43)), null);
      const tashi = (await services.certificates.list(classId)).find((x) => x.name === '扎西旺拉')!;
      assert.equal((await services.certificates.verifySerialName(tashi.serial, 'བཀྲ་ཤིས་དབང་ལྷ'))?.name, '扎西旺拉');
    });

    test('the signed credential is an OB 3.0 VC-JWT that openssl verifies, and not after a byte changes', async () => {
      const c = (await services.certificates.list(classId)).find((x) => x.name === '扎西旺拉')!;
      const { jwt } = await services.certificates.credential(classId, c.id);
      const [h, p, s] = jwt.split('.');
      const header = JSON.parse(Buffer.from(h, 'base64url').toString());
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      assert.equal(header.alg, 'EdDSA');
      assert.ok(header.kid);
      assert.deepEqual(payload['@context'], ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
      assert.deepEqual(payload.type, ['VerifiableCredential', 'OpenBadgeCredential']);
      assert.equal(payload.credentialSubject.achievement.name, c.classTitle);
      assert.deepEqual(
        payload.credentialSubject.identifier.map((i: { identityHash: string }) => i.identityHash),
        ['扎西旺拉', 'བཀྲ་ཤིས་དབང་ལྷ'],
      );
      assert.equal(payload.credentialStatus.type, 'BitstringStatusListEntry');
      assert.deepEqual(ob3Problems(payload), []);
      assert.equal(payload.iss, payload.issuer.id);
      assert.equal(payload.jti, payload.id);

      const jwks = await services.credentials.jwks();
      const jwk = jwks.keys.find((k) => k.kid === header.kid)!;
      assert.equal(jwk.d, undefined, 'the JWKS must not hold the private key');
      const dir = mkdtempSync(join(tmpdir(), 'cert-vc-'));
      try {
        writeFileSync(
          join(dir, 'pub.pem'),
          createPublicKey({ key: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }),
        );
        writeFileSync(join(dir, 'sig.bin'), Buffer.from(s, 'base64url'));
        const verify = (input: string) => {
          writeFileSync(join(dir, 'input'), input);
          return spawnSync(
            'openssl',
            ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'pub.pem'), '-rawin', '-in', join(dir, 'input'), '-sigfile', join(dir, 'sig.bin')],
            { encoding: 'utf8' },
          );
        };
        const good = verify(`${h}.${p}`);
        assert.equal(good.status, 0, good.stderr);
        assert.match(good.stdout, /Signature Verified Successfully/);
        const changed = `${h}.${p.slice(0, 40)}${p[40] === 'A' ? 'B' : 'A'}${p.slice(41)}`;
        const bad = verify(changed);
        assert.notEqual(bad.status, 0);
        assert.match(bad.stdout + bad.stderr, /Signature Verification Failure/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      // Our own check agrees, and says which certificate it is.
      assert.equal((await services.certificates.verifyCredential(jwt)).outcome, 'verified');
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, creditsEarned: 99 })).toString('base64url')}.${s}`;
      assert.equal((await services.certificates.verifyCredential(tampered)).outcome, 'bad_signature');
      assert.equal((await services.certificates.verifyCredential('not a jwt')).outcome, 'malformed');
    });

    test('the private key is stored encrypted and never returned', async () => {
      const rows = (await sql<{ private_enc: string; public_jwk: string }>`select private_enc, public_jwk from signing_keys`.execute(t.database.db)).rows;
      assert.ok(rows.length >= 1);
      for (const r of rows) {
        assert.match(r.private_enc, /^v1:/);
        assert.ok(!r.private_enc.includes('"d"'));
        assert.equal(JSON.parse(r.public_jwk).d, undefined);
      }
      const keys = await services.credentials.listKeys(ids.institutionId);
      assert.deepEqual(Object.keys(keys[0]).sort(), ['active', 'createdAt', 'kid', 'retiredAt']);
    });

    test('revocation shows on verification, on the revocation list and on the credential check', async () => {
      const c = (await services.certificates.list(classId)).find((x) => x.name === '全勤乙')!;
      const revoked = await services.certificates.revoke(teacher, classId, c.id, '学员信息有误');
      assert.equal(revoked.status, 'revoked');
      const v = await services.certificates.verifyToken(c.verifyUrl.split('/').pop()!);
      assert.equal(v?.status, 'revoked');
      // The day of the revocation in the class's time zone, not UTC's.
      assert.equal(v?.statusChangedOn, localDay(revoked.revokedAt!, 'Asia/Shanghai'));
      const { jwt } = await services.certificates.credential(classId, c.id);
      const check = await services.certificates.verifyCredential(jwt);
      assert.equal(check.outcome, 'verified');
      assert.equal(check.certificate?.status, 'revoked');
      const code = (await sql<{ code: string }>`select code from institutions where id = ${ids.institutionId}`.execute(t.database.db)).rows[0].code;
      const list = await services.certificates.revocationList(code);
      const credentialId = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).id;
      assert.ok(list.revokedCredentials.some((r) => r.id === credentialId));
      await assert.rejects(services.certificates.revoke(teacher, classId, c.id, '再撤一次'), (e: { code: string }) => e.code === 'certificate.not_valid');
      const audit = (await services.audit.listForClass(classId)).filter((a) => a.action === 'certificate.revoke');
      assert.equal(audit.length, 1);
    });

    test('a batch does not give a revoked trainee a new certificate; naming the trainee does', async () => {
      const revoked = (await services.certificates.list(classId)).find((c) => c.name === '全勤乙' && c.status === 'revoked')!;
      assert.equal((await services.certificates.issue(teacher, classId, {})).issued.length, 0);
      assert.equal((await services.certificates.eligibility(classId, 'zh-CN')).counts.toIssue, 0);
      const again = await services.certificates.issue(teacher, classId, { enrolmentIds: [revoked.enrolmentId] });
      assert.equal(again.issued.length, 1);
      assert.equal(again.issued[0].name, '全勤乙');
      assert.notEqual(again.issued[0].serial, revoked.serial);
      assert.equal((await services.certificates.verifyToken(revoked.verifyUrl.split('/').pop()!))?.status, 'revoked');
    });

    test('reissue gives a new serial, keeps the old one on record as replaced, and never reuses a serial', async () => {
      const before = await services.certificates.list(classId);
      const old = before.find((x) => x.name === '全勤甲' && x.status === 'valid')!;
      const { previous, certificate } = await services.certificates.reissue(teacher, classId, old.id, '姓名更正');
      assert.equal(previous.status, 'replaced');
      assert.equal(previous.replacedById, certificate.id);
      assert.equal(certificate.replacesId, old.id);
      assert.notEqual(certificate.serial, old.serial);
      // The next number of the shared counter: higher than every serial handed out before.
      const highest = Math.max(...before.map((c) => Number(c.serial.slice(-3))));
      assert.ok(Number(certificate.serial.slice(-3)) > highest, certificate.serial);
      assert.equal((await services.certificates.verifyToken(old.verifyUrl.split('/').pop()!))?.status, 'replaced');
      const after = await services.certificates.list(classId);
      assert.equal(new Set(after.map((c) => c.serial)).size, after.length);
    });

    test('key rotation: new certificates use the new key, old credentials still verify, both keys are published', async () => {
      const oldJwt = (await services.certificates.credential(classId, (await services.certificates.list(classId))[0].id)).jwt;
      const { kid, retiredKid } = await services.credentials.rotate(null, ids.institutionId);
      assert.ok(retiredKid && retiredKid !== kid);
      const jwks = await services.credentials.jwks();
      assert.ok(jwks.keys.some((k) => k.kid === kid) && jwks.keys.some((k) => k.kid === retiredKid));
      assert.equal((await services.certificates.verifyCredential(oldJwt)).outcome, 'verified');
      const c = (await services.certificates.list(classId)).find((x) => x.name === '扎西旺拉')!;
      const { certificate } = await services.certificates.reissue(teacher, classId, c.id, '换发测试');
      const { jwt } = await services.certificates.credential(classId, certificate.id);
      assert.equal(JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()).kid, `${t.config.publicUrl ?? 'http://localhost:3000'}/keys/${kid}`);
    });

    test('a batch job renders all valid certificates into a zip, with progress in the database', async () => {
      const job = await services.certificates.startJob(teacher, classId, { kind: 'bundle', format: 'zip' });
      assert.ok(['queued', 'running'].includes(job.status));
      await services.certificates.drain();
      const done = await services.certificates.getJob(classId, job.id);
      const valid = (await services.certificates.list(classId)).filter((c) => c.status === 'valid');
      assert.equal(done.status, 'done');
      assert.equal(done.total, valid.length);
      assert.equal(done.done, valid.length);
      const file = await services.certificates.jobFile(classId, job.id);
      const entries = await readZipDirectory(file.data);
      assert.deepEqual(entries.map((e) => e.name).sort(), valid.map((c) => `${c.serial}_${c.name}.pdf`).sort());
      const dir = mkdtempSync(join(tmpdir(), 'cert-zip-'));
      try {
        writeFileSync(join(dir, 'b.zip'), file.data);
        assert.match(execFileSync('unzip', ['-t', join(dir, 'b.zip')], { encoding: 'utf8' }), /No errors detected/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a job lives in the database: another instance reports it, and takes over one whose runner stopped', async () => {
      const other = servicesFor(t); // a second instance on the same database and storage
      const job = await services.certificates.startJob(teacher, classId, { kind: 'bundle', format: 'pdf' });
      await services.certificates.drain();
      const seen = await other.certificates.getJob(classId, job.id);
      assert.equal(seen.status, 'done');
      assert.equal((await other.certificates.jobFile(classId, job.id)).contentType, 'application/pdf');
      // A runner that died mid-way: running, last heartbeat two minutes ago.
      const stale = new Date(Date.now() - 120_000).toISOString();
      await sql`update certificate_jobs set status = 'running', done = 1, storage_key = null, finished_at = null, heartbeat_at = ${stale} where id = ${job.id}`.execute(
        t.database.db,
      );
      assert.equal((await other.certificates.getJob(classId, job.id)).status, 'running');
      await other.certificates.drain();
      const after = await other.certificates.getJob(classId, job.id);
      assert.equal(after.status, 'done');
      assert.equal(after.done, after.total);
      // A job that is being worked on (fresh heartbeat) is not claimed twice.
      await sql`update certificate_jobs set status = 'running', heartbeat_at = ${new Date().toISOString()} where id = ${job.id}`.execute(t.database.db);
      assert.equal(await other.certificates.runJob(job.id), false);
      assert.equal((await other.certificates.getJob(classId, job.id)).status, 'running');
    });

    test('an issue job issues first, then renders one multi-page PDF', async () => {
      const made = await craftedClass(services, [{ name: '批量一' }, { name: '批量二' }, { name: '批量三', leave: 3 }], { institution: ids, title: '批量班' });
      const job = await services.certificates.startJob(teacher, made.classId, { kind: 'issue', format: 'pdf' });
      await services.certificates.drain();
      const done = await services.certificates.getJob(made.classId, job.id);
      assert.equal(done.status, 'done');
      assert.equal(done.issued, 2);
      const file = await services.certificates.jobFile(made.classId, job.id);
      const info = execFileSync('pdfinfo', ['-'], { input: file.data, encoding: 'utf8' });
      assert.match(info, /Pages:\s+2/);
      const text = pdftotext(file.data);
      assert.ok(text.includes('批量一') && text.includes('批量二') && !text.includes('批量三'));
    });
  });
}
