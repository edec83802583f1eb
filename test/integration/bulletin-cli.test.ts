import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { docxParagraphs, docxPart, pdfText } from '../support/bulletin-files';

// `cohort bulletin draft --class ID --out FILE`, as an operator runs it (SQLite in a fresh DATA_DIR).
describe('cohort bulletin draft', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cohort-cli-bulletin-'));
  const env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: '' };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const cohort = (...args: string[]) => spawnSync(process.execPath, ['bin/cohort.mjs', ...args], { env, encoding: 'utf8', timeout: 300_000 });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('writes the drafted bulletin as PDF or DOCX by the file ending', async () => {
    assert.equal(cohort('demo').status, 0);
    const pdf = join(dir, '简报.pdf');
    const r = cohort('bulletin', 'draft', '--class', '1', '--out', pdf);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /未保存/);
    const text = pdfText(readFileSync(pdf)).replace(/\s+/g, '');
    for (const marker of ['【现场教学】', '1.学习“深化产学研协同创新”经验', '【结业式】', '1.学员代表交流发言', '2.领导讲话'])
      assert.ok(text.includes(marker), marker);

    const docx = join(dir, 'visits.docx');
    assert.equal(cohort('bulletin', 'draft', '--class', '1', '--out', docx, '--kinds', 'site_visit', '--from', '2020-10-16').status, 0);
    const headings = docxParagraphs(await docxPart(readFileSync(docx), 'word/document.xml'))
      .filter((p) => p.style?.startsWith('Heading'))
      .map((p) => p.text);
    assert.deepEqual(headings, ['【现场教学】', '1. 播撒科学种子，培育创新沃土——上海科普工作的创新发展及思考', '2. 学习国家技术转移东部中心成果转化先进做法']);
  });

  test('refuses a bad file ending, an unknown class and an unknown kind with exit codes', () => {
    assert.equal(cohort('bulletin', 'draft', '--class', '1', '--out', join(dir, 'x.txt')).status, 2);
    const missing = cohort('bulletin', 'draft', '--class', '999', '--out', join(dir, 'x.pdf'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /培训班 999 不存在/);
    assert.equal(cohort('bulletin', 'draft', '--class', '1', '--kinds', 'party', '--out', join(dir, 'x.pdf')).status, 2);
  });
});
