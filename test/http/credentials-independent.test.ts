import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { craftedClass } from '../support/certificate-class';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, makeActor } from '../support/factories';
import { ob3Problems } from '../support/ob3-schema';

// Issued credentials checked the way another verifier would, over HTTP and without Cohort's own
// verification code: the JOSE header's kid URL is fetched from the app and its JWK turned into a
// PEM by Node's crypto; openssl checks the Ed25519 signature; the payload is checked against the
// OB 3.0 JSON Schema of the tests and the VC-JWT claim rules; the status bit is read from the
// published Bitstring Status List by hand (base64url → gunzip → bit), before and after a revocation.

type Jwt = { header: Record<string, string>; payload: Record<string, any>; signingInput: string; signature: Buffer };
const decode = (jwt: string): Jwt => {
  const [h, p, s] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()),
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
};

/** openssl's verdict on an Ed25519 signature, with the public key as a JWK. */
function opensslVerifies(jwk: JsonWebKey, signingInput: string, signature: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'cert-indep-'));
  try {
    writeFileSync(join(dir, 'pub.pem'), createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(dir, 'input'), signingInput);
    writeFileSync(join(dir, 'sig'), signature);
    const r = spawnSync(
      'openssl',
      ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'pub.pem'), '-rawin', '-in', join(dir, 'input'), '-sigfile', join(dir, 'sig')],
      {
        encoding: 'utf8',
      },
    );
    return r.status === 0 && /Signature Verified Successfully/.test(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const kind of DATABASES) {
  describe(`issued credentials, verified independently (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let classId: number;
    let teacher: Record<string, string>;
    const origin = () => t.config.publicUrl ?? 'http://localhost:3000';
    /** A URL the credential names, fetched from this app (the test's app stands for PUBLIC_URL). */
    const fetchUrl = (url: string, accept?: string) => {
      assert.ok(url.startsWith(origin()), `${url} is under PUBLIC_URL`);
      return app.inject({ method: 'GET', url: url.slice(origin().length), headers: accept ? { accept } : {} });
    };
    /** Verifies a VC-JWT's signature with the key its kid dereferences to. */
    const verifySignature = async (jwt: Jwt) => {
      const res = await fetchUrl(jwt.header.kid);
      assert.equal(res.statusCode, 200);
      const jwk = res.json();
      assert.deepEqual(Object.keys(jwk).sort(), ['crv', 'kty', 'x'], 'a bare public JWK, never "d"');
      return opensslVerifies(jwk, jwt.signingInput, jwt.signature);
    };
    const credentialOf = async (name: string) => {
      const c = (await services.certificates.list(classId)).find((x) => x.name === name && x.status === 'valid')!;
      const res = await app.inject({ method: 'GET', url: `/api/v1/classes/${classId}/certificates/${c.id}/credential`, headers: teacher });
      assert.equal(res.statusCode, 200);
      return { certificate: c, jwt: decode(res.body) };
    };
    /** The status bit of a credential, read from its published list. */
    const statusBit = async (payload: Jwt['payload']) => {
      const entry = payload.credentialStatus;
      const res = await fetchUrl(entry.statusListCredential);
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^application\/vc\+jwt/);
      const list = decode(res.body);
      assert.equal(await verifySignature(list), true, 'the status list is signed by the issuer');
      assert.equal(list.header.typ, 'vc+jwt');
      assert.deepEqual(list.payload.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
      assert.equal(list.payload.id, entry.statusListCredential);
      assert.equal(list.payload.issuer, payload.issuer.id);
      assert.equal(list.payload.credentialSubject.type, 'BitstringStatusList');
      assert.equal(list.payload.credentialSubject.statusPurpose, entry.statusPurpose);
      const encoded: string = list.payload.credentialSubject.encodedList;
      assert.equal(encoded[0], 'u', 'multibase base64url');
      const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
      assert.ok(bits.length * 8 >= 131_072, `at least 131,072 entries (${bits.length * 8})`);
      const index = Number(entry.statusListIndex);
      return (bits[index >> 3] >> (7 - (index & 7))) & 1;
    };

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      const hours = [5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 4];
      const made = await craftedClass(services, [{ name: '全勤者' }, { name: '次仁多吉', nameBo: 'ཚེ་རིང་རྡོ་རྗེ', missing: [9] }], {
        schedule: {
          startsOn: '2026-03-02',
          endsOn: '2026-03-12',
          sessions: hours.map((h, i) => ({
            startsAt: `2026-03-${String(i + 2).padStart(2, '0')}T09:00:00+08:00`,
            endsAt: `2026-03-${String(i + 2).padStart(2, '0')}T${i === 10 ? '11:30' : '12:00'}:00+08:00`,
            hours: h,
          })),
        },
      });
      classId = made.classId;
      const actor = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
      teacher = await loginHeaders(app, actor.username, actor.password);
      const issued = await app.inject({ method: 'POST', url: `/api/v1/classes/${classId}/certificates/issue`, headers: teacher, payload: {} });
      assert.equal(issued.statusCode, 200, issued.body);
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('openssl verifies the signature with the key the kid URL resolves to', async () => {
      const { jwt } = await credentialOf('次仁多吉');
      assert.equal(jwt.header.alg, 'EdDSA');
      assert.equal(jwt.header.typ, 'JWT');
      assert.deepEqual(Object.keys(jwt.header).sort(), ['alg', 'kid', 'typ'], 'OB 3.0 allows no other JOSE headers');
      assert.match(jwt.header.kid, /^https?:\/\/.+\/keys\/[A-Za-z0-9_-]{43}$/);
      assert.equal(await verifySignature(jwt), true);
      const changed = { ...jwt, signingInput: `${jwt.signingInput.slice(0, -2)}${jwt.signingInput.endsWith('A') ? 'B' : 'A'}${jwt.signingInput.slice(-1)}` };
      assert.equal(await verifySignature(changed), false, 'a changed payload fails');
    });

    test('the payload is an OB 3.0 credential: schema, registered claims, hours and dates', async () => {
      const { jwt, certificate } = await credentialOf('次仁多吉');
      const p = jwt.payload;
      assert.deepEqual(ob3Problems(p), []);
      assert.equal(p.iss, p.issuer.id);
      assert.equal(p.jti, p.id);
      assert.match(p.id, /^urn:uuid:[0-9a-f-]{36}$/);
      assert.equal(p.sub, p.credentialSubject.id);
      assert.match(p.sub, /^urn:uuid:[0-9a-f-]{36}$/);
      assert.match(p.validFrom, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'to the second');
      assert.equal(p.nbf, Date.parse(p.validFrom) / 1000);
      assert.equal(p.exp, undefined, 'no validUntil, so no exp');
      assert.equal(p.validUntil, undefined);
      assert.equal(p.vc, undefined);
      // Awarded when the last session ended (11:30 in Beijing on the class's last day).
      assert.equal(p.awardedDate, '2026-03-12T11:30:00+08:00');
      assert.equal(p.credentialSubject.creditsEarned, 49);
      assert.equal(p.credentialSubject.achievement.creditsAvailable, 55);
      assert.equal(certificate.hours, 49);
      assert.deepEqual(
        p.credentialSubject.identifier.map((i: { identityHash: string }) => i.identityHash),
        ['次仁多吉', 'ཚེ་རིང་རྡོ་རྗེ'],
      );
      assert.equal(p.credentialStatus.type, 'BitstringStatusListEntry');
      assert.equal(p.credentialStatus.statusPurpose, 'revocation');
      assert.match(p.credentialStatus.statusListIndex, /^\d+$/);
      // The holder's subject id is the same on their certificates of the institution and differs between holders.
      const other = await credentialOf('全勤者');
      assert.notEqual(other.jwt.payload.sub, p.sub);
      assert.deepEqual(ob3Problems(other.jwt.payload), []);
    });

    test('the achievement id answers JSON-LD to programs and a page to people', async () => {
      const { jwt } = await credentialOf('次仁多吉');
      const embedded = jwt.payload.credentialSubject.achievement;
      const ld = await fetchUrl(embedded.id, 'application/ld+json');
      assert.equal(ld.statusCode, 200);
      assert.match(String(ld.headers['content-type']), /^application\/ld\+json/);
      const doc = ld.json();
      assert.equal(doc.id, embedded.id);
      assert.deepEqual(doc.type, ['Achievement']);
      assert.deepEqual(doc['@context'], jwt.payload['@context']);
      assert.equal(doc.criteria.narrative, embedded.criteria.narrative);
      assert.match(doc.criteria.narrative, /出勤不少于本人应修学时的 85\.7%；请假不超过 14\.3%/);
      assert.equal(doc.creditsAvailable, 55);
      assert.equal((await fetchUrl(embedded.id, 'application/json')).json().id, embedded.id);
      const page = await fetchUrl(embedded.id, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /出勤不少于本人应修学时的 85\.7%/);
      assert.equal((await app.inject({ url: '/achievements/class-999999', headers: { accept: 'application/ld+json' } })).statusCode, 404);
    });

    test('the status bit is 0 while valid and 1 once revoked; the old revocation list stays readable', async () => {
      const { jwt, certificate } = await credentialOf('全勤者');
      assert.equal(await statusBit(jwt.payload), 0);
      const revoked = await app.inject({
        method: 'POST',
        url: `/api/v1/classes/${classId}/certificates/${certificate.id}/revoke`,
        headers: teacher,
        payload: { reason: '信息有误，撤销' },
      });
      assert.equal(revoked.statusCode, 200, revoked.body);
      assert.equal(await statusBit(jwt.payload), 1);
      const { jwt: other } = await credentialOf('次仁多吉');
      assert.equal(await statusBit(other.payload), 0, 'another credential in the same list stays valid');
      const code = encodeURIComponent(jwt.payload.issuer.id.split('/').pop());
      const legacy = await app.inject({ url: `/api/v1/public/revocation-lists/${code}` });
      assert.equal(legacy.statusCode, 200);
      assert.ok(legacy.json().revokedCredentials.some((r: { id: string }) => r.id === jwt.payload.id));
    });
  });
}
