import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractZipEntry, isZip, readZipDirectory, ZipError } from '../../../src/server/documents/zip.js';
import { makeZip } from './fixtures.js';

const zipCode = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ZipError) return error.code;
    throw error;
  }
  return undefined;
};

test('lists and extracts entries, including UTF-8 names and ZIP64 sizes', async () => {
  const zip = makeZip([
    { name: 'a.txt', data: Buffer.from('hello') },
    { name: '学员/名单.csv', data: Buffer.from('姓名\n徐爱国\n'), zip64: true },
  ]);
  assert.ok(isZip(zip));
  const entries = await readZipDirectory(zip);
  assert.deepEqual(
    entries.map((e) => [e.name, e.uncompressedSize]),
    [
      ['a.txt', 5],
      ['学员/名单.csv', Buffer.byteLength('姓名\n徐爱国\n')],
    ],
  );
  assert.equal((await extractZipEntry(zip, entries[1])).toString('utf8'), '姓名\n徐爱国\n');
});

test('refuses truncated archives, lying sizes and encrypted entries', async () => {
  const zip = makeZip([{ name: 'a.txt', data: Buffer.alloc(10_000, 'a') }]);
  assert.equal(await zipCode(() => readZipDirectory(zip.subarray(0, zip.length - 30))), 'invalid');
  assert.equal(await zipCode(() => readZipDirectory(Buffer.from('PK\u0003\u0004 nothing else here at all'))), 'invalid');
  const entry = (await readZipDirectory(zip))[0];
  assert.equal(await zipCode(() => extractZipEntry(zip, entry, 100)), 'too_large');
  const lying = makeZip([{ name: 'a.txt', data: Buffer.alloc(10_000), declaredSize: 10 }]);
  assert.equal(await zipCode(async () => extractZipEntry(lying, (await readZipDirectory(lying))[0])), 'too_large');
  const locked = makeZip([{ name: 'a.txt', data: Buffer.from('x'), encrypted: true }]);
  assert.equal(await zipCode(async () => extractZipEntry(locked, (await readZipDirectory(locked))[0])), 'encrypted');
  const corrupt = Buffer.from(zip);
  corrupt.fill(0xff, 40, 60);
  assert.equal(await zipCode(async () => extractZipEntry(corrupt, (await readZipDirectory(corrupt))[0])), 'invalid');
});
