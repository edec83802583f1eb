import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import type { Actor } from '../../src/server/lib/permissions';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, makeClass, servicesFor } from '../support/factories';

const jpeg = (colour: string, w = 640, h = 480) =>
  sharp({ create: { width: w, height: h, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();

/** Every file under a directory (the local photo store). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const fieldCodes = (e: unknown) => (e instanceof AppError ? e.fieldErrors.map((f) => [f.field, f.code]) : []);

for (const kind of DATABASES) {
  describe(`photos on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    let teacher: Actor;
    let visit: number;
    let lecture: number;
    let store: string;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      ({ classId } = await makeClass(services));
      teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
      const base = { hours: 3, lecturerIds: [], groupIds: [], venue: '学院报告厅' };
      lecture = (
        await services.timetable.createSession(teacher, classId, {
          ...base,
          kind: 'lecture',
          title: '讲座',
          startsAt: '2026-03-02T09:00:00+08:00',
          endsAt: '2026-03-02T12:00:00+08:00',
        })
      ).id;
      visit = (
        await services.timetable.createSession(teacher, classId, {
          ...base,
          kind: 'lecture',
          title: '参观',
          startsAt: '2026-03-03T09:00:00+08:00',
          endsAt: '2026-03-03T12:00:00+08:00',
        })
      ).id;
      store = join(t.config.dataDir, 'files');
    });
    after(() => t.drop());

    test('uploads several photos at once, in order, with four clean copies each on disk', async () => {
      const photos = await services.photos.upload(teacher, visit, [
        { filename: '第一张.jpg', data: await jpeg('#c0392b') },
        {
          filename: 'two.png',
          data: await sharp({ create: { width: 300, height: 500, channels: 3, background: '#27ae60' } })
            .png()
            .toBuffer(),
        },
        {
          filename: 'three.webp',
          data: await sharp({ create: { width: 500, height: 300, channels: 3, background: '#2980b9' } })
            .webp()
            .toBuffer(),
        },
      ]);
      assert.deepEqual(
        photos.map((p) => [p.originalName, p.position, p.sourceFormat, p.width, p.height]),
        [
          ['第一张.jpg', 1, 'jpeg', 640, 480],
          ['two.png', 2, 'png', 300, 500],
          ['three.webp', 3, 'webp', 500, 300],
        ],
      );
      assert.equal(filesUnder(store).length, 12);
      const thumb = await services.photos.read(photos[1].id, 'thumb');
      assert.equal(thumb.contentType, 'image/webp');
      assert.equal((await sharp(thumb.data).metadata()).format, 'webp');
      const full = await services.photos.read(photos[1].id, 'full');
      assert.equal(full.contentType, 'image/jpeg');
    });

    test('a batch with one bad file keeps nothing and names the bad file', async () => {
      const before = filesUnder(store).length;
      const listed = (await services.photos.listSession(visit)).length;
      await assert.rejects(
        services.photos.upload(teacher, visit, [
          { filename: 'ok.jpg', data: await jpeg('#000') },
          { filename: 'notes.jpg', data: Buffer.from('this is not a picture') },
          { filename: 'huge.jpg', error: 'photo.too_large' },
        ]),
        (e: unknown) => {
          assert.deepEqual(fieldCodes(e), [
            ['files[1]', 'photo.unsupported_type'],
            ['files[2]', 'photo.too_large'],
          ]);
          assert.equal((e as AppError).fieldErrors[0].params?.name, 'notes.jpg');
          return true;
        },
      );
      assert.equal((await services.photos.listSession(visit)).length, listed);
      assert.equal(filesUnder(store).length, before, 'no file left behind');
      await assert.rejects(services.photos.upload(teacher, visit, []), (e: unknown) => fieldCodes(e)[0]?.[1] === 'photo.none');
    });

    test('captions, moving to another session, reordering, and the class wall', async () => {
      const [a, b, c] = await services.photos.listSession(visit);
      const captioned = await services.photos.update(teacher, b.id, { caption: '  学员们在参观学习  ' });
      assert.equal(captioned.caption, '学员们在参观学习');
      const reordered = await services.photos.reorder(teacher, visit, [c.id, a.id, b.id]);
      assert.deepEqual(
        reordered.map((p) => [p.id, p.position]),
        [
          [c.id, 1],
          [a.id, 2],
          [b.id, 3],
        ],
      );
      await assert.rejects(services.photos.reorder(teacher, visit, [c.id, a.id]), (e: unknown) => fieldCodes(e)[0]?.[1] === 'photo.order_mismatch');
      await assert.rejects(services.photos.reorder(teacher, visit, [c.id, a.id, a.id]), (e: unknown) => fieldCodes(e)[0]?.[1] === 'photo.order_mismatch');
      const moved = await services.photos.update(teacher, a.id, { sessionId: lecture });
      assert.equal(moved.sessionId, lecture);
      const other = await makeClass(services);
      const foreign = await services.timetable.createSession(teacher, other.classId, {
        kind: 'lecture',
        title: '别班',
        startsAt: '2026-03-02T09:00:00+08:00',
        endsAt: '2026-03-02T10:00:00+08:00',
        hours: 1,
        lecturerIds: [],
        groupIds: [],
      });
      await assert.rejects(services.photos.update(teacher, c.id, { sessionId: foreign.id }), (e: unknown) => fieldCodes(e)[0]?.[0] === 'sessionId');
      const wall = await services.photos.wall(classId);
      assert.equal(wall.total, 3);
      assert.deepEqual(
        wall.sessions.map((s) => [s.title, s.photos.map((p) => p.id)]),
        [
          ['讲座', [a.id]],
          ['参观', [c.id, b.id]],
        ],
      );
    });

    test('a deleted session leaves its photos on the wall, unassigned', async () => {
      await services.timetable.deleteSession(teacher, lecture);
      const wall = await services.photos.wall(classId);
      const loose = wall.sessions.find((s) => s.sessionId === null);
      assert.equal(loose?.photos.length, 1);
    });

    test('deleting a photo removes its row and its files; the audit log has the upload and the delete', async () => {
      const [first] = await services.photos.listSession(visit);
      const before = filesUnder(store).length;
      await services.photos.remove(teacher, first.id);
      assert.equal(filesUnder(store).length, before - 4);
      await assert.rejects(services.photos.read(first.id, 'display'), (e: unknown) => e instanceof AppError && e.status === 404);
      const log = await services.audit.listForClass(classId);
      assert.ok(log.some((l) => l.action === 'photo.upload'));
      assert.ok(log.some((l) => l.action === 'photo.delete' && l.entityId === first.id));
    });
  });
}
