import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeDocx } from '../../../src/server/documents/docx.js';
import { qrPng } from '../../../src/server/documents/qr.js';
import { extractZipEntry, isZip, readZipDirectory } from '../../../src/server/documents/zip.js';
import { hasCommand, pdfText, tempDir } from './fixtures.js';

async function part(docx: Buffer, name: string): Promise<string> {
  const entry = (await readZipDirectory(docx)).find((e) => e.name === name);
  assert.ok(entry, `${name} missing`);
  return (await extractZipEntry(docx, entry)).toString('utf8');
}

async function sample(): Promise<Buffer> {
  return writeDocx(
    [
      { kind: 'heading1', text: '2024年第一期中青年干部培训班总结' },
      { kind: 'heading2', text: '一、基本情况' },
      { kind: 'paragraph', text: '本期培训班共有学员60名，其中扎西旺拉（བཀྲ་ཤིས་དབང་ལྷ）等来自西藏自治区。\n第二行 & <special> "chars"' },
      { kind: 'heading3', text: '（一）课程安排' },
      { kind: 'image', data: await qrPng('https://example.com/checkin', 200), width: 120, height: 120, caption: '图1 签到二维码' },
    ],
    { title: '培训班总结', runningHeader: '中共某某市委党校', pageNumbers: true },
  );
}

test('writeDocx produces a zip with the text, CJK font settings, header, page numbers and image', async () => {
  const docx = await sample();
  assert.ok(isZip(docx));
  const names = (await readZipDirectory(docx)).map((e) => e.name);
  assert.ok(names.includes('word/document.xml'));
  assert.ok(
    names.some((n) => n.startsWith('word/media/')),
    'image not embedded',
  );
  const body = await part(docx, 'word/document.xml');
  for (const text of ['2024年第一期中青年干部培训班总结', '一、基本情况', 'བཀྲ་ཤིས་དབང་ལྷ', '（一）课程安排', '图1 签到二维码'])
    assert.ok(body.includes(text), text);
  assert.ok(body.includes('&amp; &lt;special&gt;'), 'XML special characters must be escaped');
  assert.match(body, /<w:br\/>/);
  assert.match(await part(docx, 'word/styles.xml'), /w:eastAsia="SimSun"/);
  const headerName = names.find((n) => /^word\/header\d*\.xml$/.test(n));
  const footerName = names.find((n) => /^word\/footer\d*\.xml$/.test(n));
  assert.ok(headerName && footerName);
  assert.ok((await part(docx, headerName)).includes('中共某某市委党校'));
  assert.match(await part(docx, footerName), /PAGE/);
  assert.match(await part(docx, 'docProps/core.xml'), /培训班总结/);
});

test('writeDocx rejects images it cannot label', async () => {
  await assert.rejects(writeDocx([{ kind: 'image', data: Buffer.from('not an image'), width: 10, height: 10 }], { title: 't' }), /unsupported image/);
});

test('LibreOffice opens the document and finds the text', { timeout: 180_000 }, async (t) => {
  if (!hasCommand('soffice') || !hasCommand('pdftotext')) return t.skip('soffice or pdftotext not installed');
  const dir = tempDir();
  try {
    const file = join(dir.path, 'summary.docx');
    writeFileSync(file, await sample());
    const result = spawnSync('soffice', [`-env:UserInstallation=file://${dir.path}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir.path, file], {
      timeout: 120_000,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir.path },
    });
    assert.equal(result.status, 0, result.stderr);
    const text = pdfText(readFileSync(join(dir.path, 'summary.pdf'))).replace(/\s+/g, '');
    for (const expected of ['2024年第一期中青年干部培训班总结', '中共某某市委党校', '图1签到二维码'])
      assert.ok(text.includes(expected), `${expected} not in ${text}`);
  } finally {
    dir.cleanup();
  }
});
