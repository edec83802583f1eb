import assert from 'node:assert/strict';
import { test } from 'node:test';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { qrPng, qrSvg } from '../../../src/server/documents/qr.js';

async function decode(png: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data;
}

test('qrPng encodes text that decodes back, at the requested size', async () => {
  const url = 'https://cohort.example.com/checkin/7f3a9c?session=2024-03-01T08:30';
  const png = await qrPng(url, 300);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  const meta = await sharp(png).metadata();
  assert.equal(meta.width, 300);
  assert.equal(meta.height, 300);
  assert.equal(await decode(png), url);
  assert.equal(await decode(await qrPng('签到：2024年第一期培训班')), '签到：2024年第一期培训班');
});

test('qrSvg returns a standalone SVG document', async () => {
  const svg = await qrSvg('https://cohort.example.com/checkin/7f3a9c');
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<path/);
  // It renders to the same code.
  const png = await sharp(Buffer.from(svg)).resize(300, 300).png().toBuffer();
  assert.equal(await decode(png), 'https://cohort.example.com/checkin/7f3a9c');
});
