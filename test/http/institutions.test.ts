// Institutions on screen (#9), on both databases: create and edit with a unique code (a duplicate
// is a 409 on the field, never a 500), a default certificate serial pattern that new classes'
// completion rules start from, and the logo and seal images documents print.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, makeClass } from '../support/factories';
import { caller, fieldError, type Headers, signedInAs } from '../support/http';

/** A red ring on a transparent background, as a scanned seal would be after cleaning up. */
const sealPng = () =>
  sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><circle cx="200" cy="200" r="180" fill="none" stroke="#d00" stroke-width="16"/><text x="200" y="215" font-size="48" text-anchor="middle" fill="#d00">SEAL</text></svg>',
    ),
  )
    .png()
    .toBuffer();
const logoJpeg = () =>
  sharp({ create: { width: 600, height: 200, channels: 3, background: '#1d5fa7' } })
    .jpeg()
    .toBuffer();

function multipart(file: Buffer, name: string, type: string) {
  const boundary = `----cohort${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

for (const kind of DATABASES) {
  describe(`institutions on ${kind}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let admin: Headers;
    let organizer: Headers;
    let teacher: Headers;
    let cls: Awaited<ReturnType<typeof makeClass>>;

    const call = caller(() => app);
    const fieldOf = fieldError;
    const upload = (institutionId: number, image: 'logo' | 'seal', file: Buffer, name: string, type: string, headers = admin) => {
      const m = multipart(file, name, type);
      return app.inject({
        method: 'PUT',
        url: `/api/v1/institutions/${institutionId}/images/${image}`,
        headers: { ...headers, ...m.headers },
        payload: m.payload,
      });
    };

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      cls = await makeClass(services);
      ({ headers: admin } = await signedInAs(app, services, 'admin'));
      ({ headers: organizer } = await signedInAs(app, services, { role: 'organizer', scopeType: 'institution', scopeId: cls.institutionId }));
      ({ headers: teacher } = await signedInAs(app, services, { role: 'class_teacher', scopeType: 'class', scopeId: cls.classId }));
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('create and edit; a duplicate code is a 409 on the field code, on create and on edit, and changes nothing', async () => {
      const created = await call('POST', '/api/v1/institutions', admin, {
        name: '上海科技管理干部学院',
        shortName: '科干院',
        code: 'SKGY',
        serialPattern: '{inst}-{year}-{seq:4}',
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().serialPattern, '{inst}-{year}-{seq:4}');
      assert.deepEqual(created.json().images, { logo: null, seal: null });
      const dup = await call('POST', '/api/v1/institutions', admin, { name: '另一个学院', code: 'SKGY' });
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().code, 'institution.duplicate_code');
      assert.equal(fieldOf(dup, 'code'), '机构代码 SKGY 已被使用');
      assert.equal(
        fieldOf(await call('POST', '/api/v1/institutions', admin, { name: '另一个学院', code: 'SKGY' }, 'en'), 'code'),
        'The institution code SKGY is taken',
      );
      const second = (await call('POST', '/api/v1/institutions', admin, { name: '西藏自治区科学技术厅', code: 'XZKJT' })).json();
      const rename = await call('PATCH', `/api/v1/institutions/${second.id}`, admin, { code: 'SKGY' });
      assert.equal(rename.statusCode, 409);
      assert.equal(fieldOf(rename, 'code'), '机构代码 SKGY 已被使用');
      const edited = await call('PATCH', `/api/v1/institutions/${second.id}`, admin, { name: '西藏自治区科学技术厅（政策法规处）', shortName: '' });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.equal(edited.json().code, 'XZKJT');
      assert.equal(edited.json().shortName, null);
      const names = (await call('GET', '/api/v1/institutions', admin)).json().map((i: { name: string }) => i.name);
      assert.equal(names.filter((n: string) => n === '另一个学院').length, 0, 'the refused create left nothing');
      const audit = await services.audit.listForEntity('institution', second.id);
      assert.deepEqual(
        audit.map((e) => e.action),
        ['institution.create', 'institution.update'],
      );
    });

    test('bad input names the field in zh-CN and en', async () => {
      const bad = await call('POST', '/api/v1/institutions', admin, { name: '', code: 'skgy', serialPattern: '{inst}-{year}' });
      assert.equal(bad.statusCode, 400);
      assert.equal(fieldOf(bad, 'name'), '必填');
      assert.equal(fieldOf(bad, 'code'), '机构代码为 2–20 位大写字母、数字或 -');
      assert.match(fieldOf(bad, 'serialPattern')!, /编号规则须恰好含一个序号占位符/);
      const en = await call('POST', '/api/v1/institutions', admin, { name: 'x', code: 'A', serialPattern: '{inst}-{who}-{seq}' }, 'en');
      assert.equal(fieldOf(en, 'code'), 'Institution codes have 2–20 capital letters, digits or -');
      assert.equal(fieldOf(en, 'serialPattern'), 'Only the placeholders year, month, inst, class and seq may be used');
      assert.equal((await call('PATCH', `/api/v1/institutions/${cls.institutionId}`, admin, {})).statusCode, 400);
    });

    test('only the administrator keeps institutions; staff read them', async () => {
      assert.equal((await call('POST', '/api/v1/institutions', organizer, { name: 'x', code: 'XX' })).statusCode, 403);
      assert.equal((await call('PATCH', `/api/v1/institutions/${cls.institutionId}`, organizer, { name: 'x' })).statusCode, 403);
      const seen = (await call('GET', '/api/v1/institutions', teacher)).json();
      assert.deepEqual(
        seen.map((i: { id: number }) => i.id),
        [cls.institutionId],
      );
    });

    test('a new class’s completion rule starts from the institution’s serial pattern; classes with a rule keep theirs', async () => {
      const before = await services.completion.ruleIn(t.database.db, cls.classId);
      assert.equal(before.rule.serialPattern, '{inst}-{year}-{class}-{seq:3}', 'the built-in default while the institution has none');
      await call('PATCH', `/api/v1/institutions/${cls.institutionId}`, admin, { serialPattern: '{inst}{year}-{seq:4}' });
      const programmeId = cls.programmeId;
      const fresh = await services.classes.createClass(null, programmeId, {
        title: '2027 年培训班',
        startsOn: '2027-05-10',
        endsOn: '2027-05-20',
        timeZone: 'Asia/Shanghai',
        leaveLimitRatio: 1 / 7,
        minAttendanceRatio: 6 / 7,
        lateGraceMinutes: 10,
      });
      assert.equal((await services.completion.ruleIn(t.database.db, fresh)).rule.serialPattern, '{inst}{year}-{seq:4}');
      assert.equal(
        (await services.completion.ruleIn(t.database.db, cls.classId)).rule.serialPattern,
        '{inst}-{year}-{class}-{seq:3}',
        'an existing rule is not touched',
      );
    });

    test('logo and seal: PNG keeps its transparency, JPEG stays JPEG, no metadata; served to signed-in staff; bytes for documents', async () => {
      const png = await sharp(await sealPng())
        .withMetadata({ exif: { IFD0: { Copyright: 'secret-camera-owner' } } })
        .png()
        .toBuffer();
      const res = await upload(cls.institutionId, 'seal', png, 'seal.png', 'image/png');
      assert.equal(res.statusCode, 200, res.body);
      const seal = res.json().images.seal;
      assert.deepEqual([seal.contentType, seal.width, seal.height], ['image/png', 400, 400]);
      const served = await app.inject({ url: seal.url, headers: teacher });
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers['content-type'], 'image/png');
      const meta = await sharp(served.rawPayload).metadata();
      assert.equal(meta.hasAlpha, true, 'transparent around the ring');
      assert.equal(meta.exif, undefined, 'no EXIF kept');
      assert.ok(!served.rawPayload.includes(Buffer.from('secret-camera-owner')));
      assert.equal((await app.inject({ url: seal.url })).statusCode, 401, 'not for the public');

      const jpeg = await upload(cls.institutionId, 'logo', await logoJpeg(), 'logo.jpg', 'image/jpeg');
      assert.equal(jpeg.json().images.logo.contentType, 'image/jpeg');
      const bytes = await services.institutions.documentImage(cls.institutionId, 'seal');
      assert.ok(bytes && bytes.contentType === 'image/png' && bytes.data.length > 100);
      assert.equal(await services.institutions.documentImage(cls.institutionId + 1000, 'seal'), null);

      // A new seal replaces the old one, file included.
      const replaced = await upload(cls.institutionId, 'seal', await logoJpeg(), 'seal.jpg', 'image/jpeg');
      assert.notEqual(replaced.json().images.seal.url, seal.url);
      assert.equal((await app.inject({ url: seal.url, headers: teacher })).headers['content-type'], 'image/jpeg', 'the old address serves the current image');
      const files = await t.database.db.selectFrom('institution_images').selectAll().execute();
      assert.equal(files.filter((f) => f.institution_id === cls.institutionId).length, 2);
      const deleted = await call('DELETE', `/api/v1/institutions/${cls.institutionId}/images/logo`, admin);
      assert.equal(deleted.json().images.logo, null);
      assert.equal((await app.inject({ url: `/api/v1/institutions/${cls.institutionId}/images/logo`, headers: teacher })).statusCode, 404);
      const actions = (await services.audit.listForEntity('institution', cls.institutionId)).map((e) => e.action);
      assert.deepEqual(
        actions.filter((a) => a.startsWith('institution.image')),
        ['institution.image', 'institution.image', 'institution.image', 'institution.image_delete'],
      );
    });

    test('anything but a PNG or JPEG is refused on the field file, in the user’s language, and nothing is stored', async () => {
      const before = await t.database.db.selectFrom('institution_images').selectAll().execute();
      const gif = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } })
        .gif()
        .toBuffer();
      const r1 = await upload(cls.institutionId, 'logo', gif, 'logo.gif', 'image/gif');
      assert.equal(r1.statusCode, 400);
      assert.equal(fieldOf(r1, 'file'), '只接受 PNG 或 JPEG 图片');
      const renamed = await upload(cls.institutionId, 'logo', Buffer.from('not an image at all'), 'logo.png', 'image/png');
      assert.equal(fieldOf(renamed, 'file'), '只接受 PNG 或 JPEG 图片');
      const broken = (await logoJpeg()).subarray(0, 200);
      const r3 = await upload(cls.institutionId, 'logo', broken, 'logo.jpg', 'image/jpeg');
      assert.equal(r3.statusCode, 400);
      assert.ok(fieldOf(r3, 'file'));
      const big = Buffer.concat([await logoJpeg(), Buffer.alloc(6 * 1024 * 1024)]);
      const r4 = await app.inject({
        method: 'PUT',
        url: `/api/v1/institutions/${cls.institutionId}/images/logo`,
        ...(() => {
          const m = multipart(big, 'big.jpg', 'image/jpeg');
          return { payload: m.payload, headers: { ...admin, ...m.headers, 'accept-language': 'en' } };
        })(),
      });
      assert.equal(r4.statusCode, 400, r4.body);
      assert.equal(fieldOf(r4, 'file'), 'Images may be at most 5 MB');
      const json = await call('PUT', `/api/v1/institutions/${cls.institutionId}/images/logo`, admin, {});
      assert.equal(json.statusCode, 415);
      assert.equal((await upload(cls.institutionId, 'logo', await logoJpeg(), 'logo.jpg', 'image/jpeg', organizer)).statusCode, 403);
      assert.deepEqual(await t.database.db.selectFrom('institution_images').selectAll().execute(), before);
    });
  });
}
