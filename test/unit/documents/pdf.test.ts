import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { FONTS } from '../../../src/server/documents/fonts.js';
import {
  createPdf,
  drawTable,
  layoutMixed,
  measureMixed,
  noBreak,
  noBreakNoSpread,
  pdfToBuffer,
  splitScriptRuns,
  writeMixed,
} from '../../../src/server/documents/pdf.js';
import { hasCommand, pdfPageCount, pdfText } from './fixtures.js';

const HEADER = '2024年第一期中青年干部培训班 · 学员名单';
const NAMES = ['徐爱国', '扎西旺拉', 'བཀྲ་ཤིས་དབང་ལྷ', 'Tenzin Norbu', 'ཚེ་རིང་དབང་མོ', '欧阳娜娜'];
const hasPdftotext = hasCommand('pdftotext');
// pdftotext decides spacing from glyph gaps, so narrow spaces (e.g. between CJK) may vanish.
const squash = (s: string) => s.replace(/\s+/g, '');

async function classListPdf(rowCount = 60): Promise<Buffer> {
  const { doc, toBuffer } = createPdf({ title: '学员名单', runningHeader: HEADER, pageNumbers: true });
  writeMixed(doc, '学员名单', { fontSize: 16, bold: true, align: 'center', paragraphGap: 6 });
  const rows = Array.from({ length: rowCount }, (_, i) => ({
    no: String(i + 1),
    name: NAMES[i % NAMES.length],
    org: i % 9 === 0 ? '西藏自治区拉萨市城关区人民政府办公室（区长助理兼党组成员） Lhasa Chengguan District Office' : '某某县委组织部',
    phone: `13800138${String(i).padStart(3, '0')}`,
  }));
  drawTable(doc, {
    columns: [
      { key: 'no', header: '序号', width: 40, align: 'center' },
      { key: 'name', header: '姓名', width: 110 },
      { key: 'org', header: '工作单位及职务', width: 250 },
      { key: 'phone', header: '手机', width: 95, align: 'right' },
    ],
    rows,
    zebraFill: '#f6f6f6',
  });
  return toBuffer();
}

test('font files resolve from node_modules', () => {
  for (const path of Object.values(FONTS)) assert.ok(existsSync(path) && statSync(path).size > 100_000, path);
});

test('splitScriptRuns separates Tibetan from everything else and keeps spaces in the current run', () => {
  assert.deepEqual(splitScriptRuns('扎西 བཀྲ་ཤིས་ Tenzin'), [
    { script: 'default', text: '扎西 ' },
    { script: 'tibetan', text: 'བཀྲ་ཤིས་ ' },
    { script: 'default', text: 'Tenzin' },
  ]);
  assert.deepEqual(splitScriptRuns(''), []);
});

test('table PDF: many pages, running header and page numbers on each, every script extractable, small', async (t) => {
  const pdf = await classListPdf(60);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const pages = pdfPageCount(pdf);
  assert.ok(pages > 1, `expected several pages, got ${pages}`);
  assert.ok(pdf.length < 200 * 1024, `PDF is ${pdf.length} bytes`);
  t.diagnostic(`60-row table: ${pages} pages, ${pdf.length} bytes`);

  if (!hasPdftotext) return t.skip('pdftotext not installed');
  const text = pdfText(pdf);
  const pageTexts = text.split('\f').filter((p) => p.trim() !== '');
  assert.equal(pageTexts.length, pages);
  pageTexts.forEach((page, i) => {
    assert.ok(page.includes(HEADER), `running header missing on page ${i + 1}`);
    assert.ok(squash(page).includes(`${i + 1}/${pages}`), `page number missing on page ${i + 1}`);
    assert.ok(page.includes('工作单位及职务'), `table header not repeated on page ${i + 1}`);
  });
  for (const name of NAMES) assert.ok(text.includes(name), `${name} not extracted`);
  assert.ok(text.includes('13800138059'));
  // Each name appears ten times in 60 rows; Tibetan must not be lost to shaping.
  assert.equal(text.split('བཀྲ་ཤིས་དབང་ལྷ').length - 1, 10);
});

test('a one-page document stays small because fonts are subset', async (t) => {
  const { doc, toBuffer } = createPdf({ title: '通知' });
  writeMixed(doc, '关于举办2024年第一期中青年干部培训班的通知 བཀྲ་ཤིས་བདེ་ལེགས། Tenzin Norbu');
  const pdf = await toBuffer();
  t.diagnostic(`one-page document: ${pdf.length} bytes`);
  assert.ok(pdf.length < 100 * 1024, `PDF is ${pdf.length} bytes`);
  assert.equal(pdfPageCount(pdf), 1);
});

test('pdfToBuffer also ends documents and stamps pages', async (t) => {
  const { doc } = createPdf({ runningHeader: '页眉 Header', pageNumbers: true, pageNumberFormat: (p, n) => `第 ${p} 页 共 ${n} 页` });
  writeMixed(doc, 'one');
  doc.addPage();
  writeMixed(doc, 'two');
  const pdf = await pdfToBuffer(doc);
  assert.equal(pdfPageCount(pdf), 2);
  if (!hasPdftotext) return t.skip('pdftotext not installed');
  const pages = pdfText(pdf).split('\f').map(squash);
  assert.ok(pages[0].includes('页眉Header') && pages[0].includes('第1页共2页'), pages[0]);
  assert.ok(pages[1].includes('页眉Header') && pages[1].includes('第2页共2页'), pages[1]);
});

test('layoutMixed wraps within the width, keeps Tibetan stacks whole and follows CJK line-start rules', () => {
  const { doc } = createPdf();
  const tibetan = 'བཀྲ་ཤིས་དབང་ལྷ་ཚེ་རིང་དབང་མོ་བསྟན་འཛིན་ནོར་བུ་རྒྱ་མཚོ་སྒྲོལ་མ་བློ་བཟང་';
  const lines = layoutMixed(doc, tibetan, 12, 60);
  assert.ok(lines.length > 2);
  assert.equal(lines.map((l) => l.text).join(''), tibetan);
  for (const line of lines) {
    assert.ok(line.width <= 60.001, `line "${line.text}" is ${line.width} wide`);
    // A line starting with a vowel sign or subjoined letter would mean a stack was split.
    assert.doesNotMatch(line.text, /^[\u0f71-\u0f84\u0f8d-\u0fbc]/u);
  }
  const chinese = '这是一段很长的中文文字，用来测试自动换行是否正确，以及标点符号“避头尾”规则是否生效。';
  for (let width = 40; width < 200; width += 7) {
    const cjk = layoutMixed(doc, chinese, 10.5, width);
    assert.equal(cjk.map((l) => l.text).join(''), chinese);
    for (const line of cjk) assert.doesNotMatch(line.text, /^[，。、”）]/u, `width ${width}: "${line.text}"`);
  }
  const latin = layoutMixed(doc, 'Tenzin Norbu and Lhasa Chengguan', 10, 70);
  assert.deepEqual(
    latin.map((l) => l.text),
    ['Tenzin Norbu', 'and Lhasa', 'Chengguan'],
  );
  assert.ok(measureMixed(doc, 'བཀྲ་ཤིས 徐爱国', 10) > measureMixed(doc, '徐爱国', 10));
});

test('writeMixed continues onto new pages at the bottom margin', async () => {
  const { doc, toBuffer } = createPdf();
  for (let i = 0; i < 80; i++) writeMixed(doc, `第${i + 1}段 བཀྲ་ཤིས་དབང་ལྷ Tenzin Norbu 学员培训心得体会。`);
  assert.ok(doc.y <= doc.page.maxY());
  const pdf = await toBuffer();
  assert.ok(pdfPageCount(pdf) >= 3);
});

test('a table row taller than a page is cut to fit instead of overflowing', async () => {
  const { doc, toBuffer } = createPdf();
  const long = '很长的备注'.repeat(600);
  drawTable(doc, {
    columns: [
      { key: 'a', header: 'A', width: 100 },
      { key: 'b', header: '备注', width: 300 },
    ],
    rows: [
      { a: '1', b: long },
      { a: '2', b: 'short' },
    ],
  });
  assert.ok(doc.y <= doc.page.maxY() + 10);
  const pdf = await toBuffer();
  assert.ok(pdfPageCount(pdf) >= 2);
});

test('landscape pages and empty tables are fine', async () => {
  const { doc, toBuffer, contentWidth } = createPdf({ layout: 'landscape' });
  assert.ok(contentWidth > 700);
  drawTable(doc, { columns: [{ key: 'a', header: '姓名', width: 2000 }], rows: [] });
  const pdf = await toBuffer();
  assert.equal(pdfPageCount(pdf), 1);
});

test('a word joiner keeps a date, a number and its unit on one line and never reaches the page', { skip: !hasPdftotext }, async () => {
  const { doc, toBuffer } = createPdf();
  // A width that would break "10月26日" and "55学时" if they were not glued.
  const text = `同志于${noBreak('2020年10月26日')}参加培训，共计${noBreak('55学时')}。`;
  // Widths at which the line would otherwise break inside the date or the hours (the date is ~85 pt wide).
  for (let width = 90; width <= 200; width += 7) {
    const lines = layoutMixed(doc, text, 12, width).map((l) => l.text.replaceAll('\u2060', ''));
    for (const piece of ['2020年10月26日', '55学时'])
      assert.ok(
        lines.some((l) => l.includes(piece)),
        `${piece} split at ${width}: ${lines.join(' | ')}`,
      );
  }
  writeMixed(doc, text, { width: 100, fontSize: 12 });
  const out = await pdfText(await toBuffer());
  assert.ok(!out.includes('\u2060'), 'joiners are not drawn');
  assert.ok(out.includes('2020年10月26日') && out.includes('55学时'), out);
});

test('justified text fills the width on every line but the last, names glued rigidly stay whole in the text', { skip: !hasPdftotext }, async () => {
  const { doc, toBuffer } = createPdf();
  const name = noBreakNoSpread('次仁多吉（ཚེ་རིང་རྡོ་རྗེ）');
  const text = `${name}同志于${noBreak('2020年10月12日')}至${noBreak('10月26日')}参加科技管理干部培训班学习，完成规定课程，准予结业。`;
  const lines = layoutMixed(doc, text, 14, 260);
  assert.ok(lines.length >= 2);
  assert.deepEqual(
    lines.map((l) => l.last),
    lines.map((_, i) => i === lines.length - 1),
  );
  writeMixed(doc, text, { width: 260, fontSize: 14, align: 'justify' });
  const out = await pdfText(await toBuffer());
  // The Tibetan name ends without a space before the closing bracket (its last glyph is a vowel sign).
  assert.ok(out.includes('次仁多吉（ཚེ་རིང་རྡོ་རྗེ）'), out);
});
