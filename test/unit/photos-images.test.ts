import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { PHOTO_MAX_PIXELS } from '../../src/contracts/photos';
import { PhotoRejected, processPhoto, sniffFormat, zonedToUtc } from '../../src/server/modules/photos/images';

// A camera JPEG: landscape pixels with EXIF Orientation 6 (shown rotated 90° clockwise), a make,
// the capture time in wall-clock time and a GPS position; the left third is blue.
async function cameraJpeg() {
  return sharp({ create: { width: 300, height: 200, channels: 3, background: '#ff0000' } })
    .composite([{ input: { create: { width: 100, height: 200, channels: 3, background: '#0000ff' } }, left: 0, top: 0 }])
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'X1' },
      IFD2: { DateTimeOriginal: '2020:10:20 14:05:09' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 0/1' },
    })
    .toBuffer();
}

const rejects = async (input: Buffer, code: string) => {
  await assert.rejects(processPhoto(input, 'Asia/Shanghai'), (e: unknown) => e instanceof PhotoRejected && e.code === code);
};

// A PNG whose header claims width × height but whose data is a few bytes: the classic
// decompression bomb shape. Written by hand so that no test ever allocates the pixels.
function pngClaiming(width: number, height: number) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('photo intake', () => {
  test('the type comes from the bytes, not the name', async () => {
    assert.equal(
      sniffFormat(
        await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
          .png()
          .toBuffer(),
      ),
      'png',
    );
    assert.equal(
      sniffFormat(
        await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
          .webp()
          .toBuffer(),
      ),
      'webp',
    );
    assert.equal(sniffFormat(await cameraJpeg()), 'jpeg');
    assert.equal(
      sniffFormat(
        await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
          .gif()
          .toBuffer(),
      ),
      null,
    );
    assert.equal(sniffFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')), null);
    assert.equal(sniffFormat(Buffer.from('%PDF-1.7\n')), null);
  });

  test('refuses what is not a photo we accept, with a reason', async () => {
    await rejects(Buffer.alloc(0), 'photo.empty');
    await rejects(Buffer.from('just some text that calls itself photo.jpg'), 'photo.unsupported_type');
    await rejects(
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
        .gif()
        .toBuffer(),
      'photo.unsupported_type',
    );
    await rejects(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 'photo.unsupported_type');
    const jpeg = await cameraJpeg();
    await rejects(Buffer.concat([jpeg.subarray(0, 40)]), 'photo.unreadable');
    // A PNG header in front of JPEG data: the magic bytes and libvips' reading disagree.
    await rejects(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), jpeg.subarray(8)]), 'photo.unreadable');
  });

  test('refuses a decompression bomb by its header, before decoding', async () => {
    const bomb = pngClaiming(20_000, 20_000);
    assert.ok(bomb.length < 2000, `the file is tiny (${bomb.length} bytes)`);
    assert.ok(20_000 * 20_000 > PHOTO_MAX_PIXELS);
    await assert.rejects(processPhoto(bomb, 'Asia/Shanghai'), (e: unknown) => e instanceof PhotoRejected && e.code === 'photo.too_many_pixels');
  });

  test('applies the EXIF orientation, keeps the capture time, and strips all EXIF (GPS included) from every copy', async () => {
    const source = await cameraJpeg();
    const meta = await sharp(source).metadata();
    assert.equal(meta.orientation, 6);
    assert.ok(meta.exif && meta.exif.indexOf(Buffer.from([0x25, 0x88])) > 0, 'the source carries a GPS IFD pointer (tag 0x8825)');

    const photo = await processPhoto(source, 'Asia/Shanghai');
    assert.equal(photo.sourceFormat, 'jpeg');
    assert.deepEqual([photo.width, photo.height], [200, 300], 'portrait after applying the orientation');
    // 14:05:09 Beijing time, as the camera recorded it without an offset.
    assert.equal(photo.takenAt, '2020-10-20T06:05:09.000Z');
    for (const [name, v] of Object.entries(photo.variants)) {
      const m = await sharp(v.data).metadata();
      assert.equal(m.exif, undefined, `${name}: no EXIF`);
      assert.equal(m.xmp, undefined, `${name}: no XMP`);
      assert.ok(!m.orientation || m.orientation === 1, `${name}: no orientation tag left`);
      assert.equal(v.data.indexOf(Buffer.from('TestCam')), -1, `${name}: the camera make is gone`);
      assert.equal(v.data.indexOf(Buffer.from('Exif\0\0')), -1, `${name}: no APP1 Exif segment`);
      assert.deepEqual([m.width, m.height], [200, 300]);
      assert.equal(m.format, name === 'thumb' ? 'webp' : 'jpeg');
    }
    // The blue left third of the sensor is at the top once the picture is upright.
    const { data } = await sharp(photo.variants.full.data).raw().toBuffer({ resolveWithObject: true });
    assert.ok(data[2] > 200 && data[0] < 60, `top-left pixel is blue, got ${[...data.subarray(0, 3)]}`);
  });

  test('makes smaller copies no larger than their edge and never enlarges', async () => {
    const big = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const photo = await processPhoto(big, 'Asia/Shanghai');
    assert.deepEqual([photo.variants.full.width, photo.variants.full.height], [3000, 2000]);
    assert.deepEqual([photo.variants.display.width, photo.variants.display.height], [1600, 1067]);
    assert.deepEqual([photo.variants.print.width, photo.variants.print.height], [1200, 800]);
    assert.deepEqual([photo.variants.thumb.width, photo.variants.thumb.height], [400, 267]);
    assert.equal(photo.takenAt, null);
    const png = await sharp({ create: { width: 120, height: 80, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const small = await processPhoto(png, 'Asia/Shanghai');
    assert.equal(small.sourceFormat, 'png');
    assert.deepEqual([small.variants.display.width, small.variants.display.height], [120, 80]);
    const { data } = await sharp(small.variants.full.data).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual(
      [...data.subarray(0, 3)].map((v) => v > 240),
      [true, true, true],
      'transparency becomes white in JPEG',
    );
  });

  test('wall-clock times convert with the zone', () => {
    assert.equal(zonedToUtc('2020-10-20T14:05:09', 'Asia/Shanghai').toISOString(), '2020-10-20T06:05:09.000Z');
    assert.equal(zonedToUtc('2020-07-01T12:00:00', 'Europe/Berlin').toISOString(), '2020-07-01T10:00:00.000Z');
  });
});
