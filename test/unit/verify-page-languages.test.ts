import assert from 'node:assert/strict';
import { test } from 'node:test';
import { achievementPage, tibetanFont, VERIFY_SCRIPT, verifyPage } from '../../src/server/modules/certificates/verify-page';
import { VERIFY_BO, VERIFY_BO_DRAFTED } from '../../src/server/modules/certificates/verify-page-bo';

// The public verification page in 中文 / English / བོད་ཡིག (#15): every word of it in Tibetan,
// the switch between the three, days written for Tibetan, and the subset Tibetan web font.

const certificate = {
  serial: 'SKGY-2026-XZ-002',
  status: 'revoked' as const,
  issuedOn: '2026-03-13',
  statusChangedOn: '2026-04-01',
  name: '扎西旺拉',
  nameBo: 'བཀྲ་ཤིས་དབང་ལྷ',
  classTitle: '科技兴藏人才培养工程培训班',
  startsOn: '2026-03-02',
  endsOn: '2026-03-13',
  hours: 49,
  classHours: 52,
  issuerName: '上海科技管理干部学院',
};
const tibetan = /[\u0F00-\u0FFF]/;
const visibleText = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, '\n')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

test('every Tibetan string of the page is drafted in Tibetan and listed for review', () => {
  for (const [key, text] of Object.entries(VERIFY_BO)) assert.match(text, tibetan, key);
  assert.deepEqual([...VERIFY_BO_DRAFTED].sort(), Object.keys(VERIFY_BO).sort());
});

test('in bo the page says nothing in Chinese or English but the data and the other languages’ names', () => {
  const pages = [
    verifyPage({ kind: 'result', certificate, credential: 'verified' }, 'bo', '/verify/abc?lang=bo'),
    verifyPage({ kind: 'not_found', serial: 'X', name: 'Y' }, 'bo', '/verify?serial=X&name=Y'),
    verifyPage({ kind: 'credential_problem', outcome: 'bad_signature' }, 'bo', '/verify/credential?lang=bo'),
    achievementPage(
      {
        name: '科技兴藏人才培养工程培训班',
        criteria: { narrative: '出勤不少于 90%' },
        startsOn: '2026-03-02',
        endsOn: '2026-03-13',
        issuerName: '上海科技管理干部学院',
      },
      'bo',
      '/achievements/class-1',
    ),
  ];
  const data = new Set(['中文', 'English', '.jwt', 'QR', ...Object.values(certificate).map(String), '科技兴藏人才培养工程培训班', '出勤不少于 90%']);
  for (const html of pages) {
    assert.match(html, /<html lang="bo">/);
    for (const line of visibleText(html)) {
      if (data.has(line) || /^[\d\s().:/–-]+$/.test(line)) continue;
      assert.match(line, tibetan, `untranslated on the bo page: ${line}`);
      assert.doesNotMatch(line, /[\u4e00-\u9fff]/, `Chinese on the bo page: ${line}`);
    }
  }
  assert.ok(pages[0].includes(VERIFY_BO.revoked) && pages[0].includes(VERIFY_BO.sigOk) && pages[0].includes(VERIFY_BO.classHours.replace('{total}', '52')));
});

test('days are written as the trainee pages write them for bo, never the Chinese 年月日', () => {
  const html = verifyPage({ kind: 'result', certificate }, 'bo', '/verify/abc');
  const expected = new Intl.DateTimeFormat(Intl.DateTimeFormat.supportedLocalesOf(['bo']).length ? 'bo' : 'zh-CN', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const day = (iso: string) => expected.format(Date.parse(`${iso}T00:00:00Z`));
  assert.ok(html.includes(`${day('2026-03-02')} – ${day('2026-03-13')}`), 'the class’s days');
  assert.ok(html.includes(`(${day('2026-04-01')})`), 'the day it was revoked');
  assert.doesNotMatch(html, /2026年/);
  // Chinese and English are as before.
  assert.ok(verifyPage({ kind: 'result', certificate }, 'zh-CN', '/verify/abc').includes('2026年3月2日至3月13日'));
  assert.ok(verifyPage({ kind: 'result', certificate }, 'en', '/verify/abc').includes('2026-03-13'));
});

test('the switch links each other language, keeps the query, and forms carry the language', () => {
  const html = verifyPage({ kind: 'form', serial: 'A' }, 'en', '/verify?serial=A&lang=en');
  assert.ok(html.includes('<strong lang="en" aria-current="true">English</strong>'));
  assert.ok(html.includes('data-lang="zh-CN" href="/verify?serial=A&amp;lang=zh-CN"'));
  assert.ok(html.includes('data-lang="bo" href="/verify?serial=A&amp;lang=bo">བོད་ཡིག</a>'));
  assert.ok(html.includes('<input type="hidden" name="lang" value="en">'));
  assert.ok(html.includes('action="/verify/credential?lang=en"'));
  // The script remembers the choice where the trainee pages do and defaults from navigator.language.
  assert.ok(VERIFY_SCRIPT.includes("'cohort.lang'") && VERIFY_SCRIPT.includes('navigator.language'));
});

test('the page loads the Tibetan subset web font, only for Tibetan characters, and no app bundle', () => {
  const html = verifyPage({ kind: 'form' }, 'zh-CN', '/verify');
  const font = tibetanFont();
  assert.match(font.path, /^\/verify\/fonts\/tibetan-[0-9a-f]{12}\.woff2$/);
  assert.equal(font.data.subarray(0, 4).toString('latin1'), 'wOF2');
  assert.ok(html.includes(`src: url("${font.path}") format("woff2"); unicode-range: U+0F00-0FFF; font-display: swap;`));
  assert.deepEqual(
    [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]),
    ['/verify/verify.js'],
  );
  assert.doesNotMatch(html, /<link[^>]+stylesheet|\/assets\//);
});
