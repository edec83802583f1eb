import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PublicVerification } from '../../../contracts';
import { hoursText, periodText } from '../../../contracts';
import type { Lang as ServerLang } from '../../lib/i18n';
import { VERIFY_BO } from './verify-page-bo';

// The public verification page, rendered on the server: it must open quickly on any phone that
// scans the QR code, without the admin app's bundle. It shows what the issue allows — valid or
// not, name, class, dates, hours, issuer — and nothing else. One small script (same origin, so
// the CSP allows it) reads an uploaded credential file into the form; without it, pasting works.

const T = {
  title: { 'zh-CN': '结业证书验证', en: 'Certificate verification' },
  intro: {
    'zh-CN': '扫描证书上的二维码可直接查看；也可输入证书编号和姓名，或上传电子证书文件（.jwt）。',
    en: 'Scan the QR code on the certificate, or enter its number and the holder’s name, or upload the digital credential (.jwt).',
  },
  serial: { 'zh-CN': '证书编号', en: 'Certificate number' },
  name: { 'zh-CN': '姓名', en: 'Name' },
  check: { 'zh-CN': '查询', en: 'Check' },
  upload: { 'zh-CN': '验证电子证书（.jwt 文件）', en: 'Verify a digital credential (.jwt file)' },
  paste: { 'zh-CN': '或粘贴文件内容', en: 'or paste its content' },
  verifyFile: { 'zh-CN': '验证签名与状态', en: 'Check signature and status' },
  valid: { 'zh-CN': '有效证书', en: 'Valid certificate' },
  revoked: { 'zh-CN': '证书已撤销', en: 'Certificate revoked' },
  replaced: { 'zh-CN': '证书已作废（已换发新证书）', en: 'Certificate replaced by a reissued one' },
  holder: { 'zh-CN': '持证人', en: 'Holder' },
  cls: { 'zh-CN': '培训班', en: 'Class' },
  dates: { 'zh-CN': '培训时间', en: 'Dates' },
  hours: { 'zh-CN': '学时', en: 'Hours' },
  classHours: { 'zh-CN': '（培训班共计 {total} 学时）', en: ' (of the class’s {total})' },
  serialNo: { 'zh-CN': '证书编号', en: 'Certificate number' },
  issuedOn: { 'zh-CN': '颁发日期', en: 'Issued on' },
  issuer: { 'zh-CN': '颁发单位', en: 'Issued by' },
  criteria: { 'zh-CN': '结业要求', en: 'Completion rule' },
  achievementTitle: { 'zh-CN': '培训班结业', en: 'Completion of a training class' },
  achievementIntro: {
    'zh-CN': '本页说明该培训班的结业证书所认定的内容。核验某一份证书请扫描证书上的二维码。',
    en: 'What this class’s certificates of completion certify. To check one certificate, scan its QR code.',
  },
  notFound: {
    'zh-CN': '未找到与之相符的证书。请核对证书编号和姓名（须与证书上一致）。',
    en: 'No certificate matches. Check the number and the name as printed on the certificate.',
  },
  badLink: { 'zh-CN': '该验证链接无效。', en: 'This verification link is not valid.' },
  sigOk: {
    'zh-CN': '电子签名有效：此文件由颁发单位签发，内容未被修改。',
    en: 'The signature is valid: the issuer signed this file and it has not been changed.',
  },
  sigBad: {
    'zh-CN': '电子签名无效：文件已被修改，或并非由颁发单位签发。',
    en: 'The signature is not valid: the file was changed or was not signed by the issuer.',
  },
  sigUnknown: { 'zh-CN': '无法识别签名密钥：此文件不是本系统签发的。', en: 'Unknown signing key: this file was not issued here.' },
  malformed: { 'zh-CN': '这不是有效的电子证书文件（应为 .jwt 文本）。', en: 'This is not a digital credential file (a .jwt text is expected).' },
  unknownCredential: { 'zh-CN': '签名有效，但记录中没有这份证书。', en: 'The signature is valid but the certificate is not in the records.' },
  limited: { 'zh-CN': '查询过于频繁，请一分钟后再试。', en: 'Too many checks; try again in a minute.' },
  language: { 'zh-CN': '语言', en: 'Language' },
  back: { 'zh-CN': '重新查询', en: 'Check another' },
  tooLarge: { 'zh-CN': '文件过大', en: 'File too large' },
} as const;

/** The page speaks the trainee pages' three languages; Tibetan from the machine-drafted file. */
export type Lang = ServerLang | 'bo';
export const PAGE_LANGS: ReadonlyArray<{ lang: Lang; name: string }> = [
  { lang: 'zh-CN', name: '中文' },
  { lang: 'en', name: 'English' },
  { lang: 'bo', name: 'བོད་ཡིག' },
];
const BO: Record<keyof typeof T, string> = VERIFY_BO;
const words = (lang: Lang) => (k: keyof typeof T) => (lang === 'bo' ? BO[k] : T[k][lang]);

/** The trainee pages' subset Tibetan web font, served under a content-hashed name so it is cached for good. */
const FONT_FILE = new URL('../../../web/trainee/fonts/noto-serif-tibetan-subset.woff2', import.meta.url);
let font: { data: Buffer; path: string } | undefined;
export function tibetanFont() {
  if (!font) {
    const data = readFileSync(FONT_FILE);
    font = { data, path: `/verify/fonts/tibetan-${createHash('sha256').update(data).digest('hex').slice(0, 12)}.woff2` };
  }
  return font;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export type PageState =
  | { kind: 'form'; serial?: string; name?: string }
  | { kind: 'result'; certificate: PublicVerification; credential?: 'verified' }
  | { kind: 'not_found'; serial?: string; name?: string }
  | { kind: 'bad_link' }
  | { kind: 'credential_problem'; outcome: 'malformed' | 'unknown_key' | 'bad_signature' | 'unknown_credential' }
  | { kind: 'rate_limited' };

/** The Intl locale of a page language, as the trainee pages choose it (src/web/trainee/i18n.ts
 * intlLocale): bo where the runtime has Tibetan calendar data, else Chinese-style numeric months. */
const intlLocale = (lang: Lang) => (lang === 'bo' ? (Intl.DateTimeFormat.supportedLocalesOf(['bo']).length ? 'bo' : 'zh-CN') : lang);

/** 2020-10-26 as the page's language writes a day (English keeps the ISO day it always showed). */
const dayText = (iso: string, lang: Lang) => {
  const [y, m, d] = iso.split('-').map(Number);
  if (lang === 'zh-CN') return `${y}年${m}月${d}日`;
  if (lang === 'en') return iso;
  return new Intl.DateTimeFormat(intlLocale(lang), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
};
/** A class's days: Chinese as the certificate prints them; Tibetan day by day. */
const period = (startsOn: string, endsOn: string, lang: Lang) =>
  lang === 'bo' ? (startsOn === endsOn ? dayText(startsOn, lang) : `${dayText(startsOn, lang)} – ${dayText(endsOn, lang)}`) : periodText(startsOn, endsOn);

const row = (label: string, value: string) => `<tr><th>${esc(label)}</th><td>${value}</td></tr>`;

function resultCard(c: PublicVerification, lang: Lang) {
  const t = words(lang);
  const statusText = c.status === 'valid' ? t('valid') : c.status === 'revoked' ? t('revoked') : t('replaced');
  // Days are the class's: the server gives them in its time zone already.
  const day = c.statusChangedOn ? esc(dayText(c.statusChangedOn, lang)) : '';
  const when = day ? (lang === 'zh-CN' ? `（${day}）` : ` (${day})`) : '';
  const ofClass = Math.abs(c.hours - c.classHours) >= 0.005 ? esc(t('classHours').replace('{total}', hoursText(c.classHours))) : '';
  return `<section class="card ${c.status}">
  <p class="status" data-status="${c.status}">${esc(statusText)}${when}</p>
  <table>
    ${row(t('serialNo'), `<span class="serial">${esc(c.serial)}</span>`)}
    ${row(t('holder'), `${esc(c.name)}${c.nameBo ? ` <span lang="bo">${esc(c.nameBo)}</span>` : ''}`)}
    ${row(t('cls'), esc(c.classTitle))}
    ${row(t('dates'), esc(period(c.startsOn, c.endsOn, lang)))}
    ${row(t('hours'), `${esc(hoursText(c.hours))}${ofClass}`)}
    ${row(t('issuer'), esc(c.issuerName))}
    ${row(t('issuedOn'), esc(dayText(c.issuedOn, lang)))}
  </table>
</section>`;
}

/** 中文 / English / བོད་ཡིག: links to the same page in each language; verify.js remembers the choice. */
function languageSwitch(selfUrl: string, lang: Lang) {
  const base = selfUrl.replace(/([?&])lang=[^&]*&?/, '$1').replace(/[?&]$/, '');
  const links = PAGE_LANGS.map((l) =>
    l.lang === lang
      ? `<strong lang="${l.lang}" aria-current="true">${esc(l.name)}</strong>`
      : `<a lang="${l.lang}" data-lang="${l.lang}" href="${esc(base)}${base.includes('?') ? '&amp;' : '?'}lang=${l.lang}">${esc(l.name)}</a>`,
  );
  return `<nav class="lang" aria-label="${esc(words(lang)('language'))}">${links.join(' / ')}</nav>`;
}

/** The page of a class's achievement (what its certificates certify), for people who open its id. */
export function achievementPage(
  a: { name: string; criteria: { narrative: string }; creditsAvailable?: number; startsOn: string; endsOn: string; issuerName: string },
  lang: Lang,
  selfUrl: string,
) {
  const t = words(lang);
  const body = `<section class="card valid">
  <p class="status">${esc(a.name)}</p>
  <table>
    ${row(t('dates'), esc(period(a.startsOn, a.endsOn, lang)))}
    ${a.creditsAvailable === undefined ? '' : row(t('hours'), esc(hoursText(a.creditsAvailable)))}
    ${row(t('criteria'), esc(a.criteria.narrative))}
    ${row(t('issuer'), esc(a.issuerName))}
  </table>
</section>
<p class="intro">${esc(t('achievementIntro'))}</p>`;
  return shell(t('achievementTitle'), body, lang, languageSwitch(selfUrl, lang));
}

export function verifyPage(state: PageState, lang: Lang, selfUrl: string): string {
  const t = words(lang);
  const langLink = languageSwitch(selfUrl, lang);
  let body = '';
  const message = (cls: string, text: string) => `<p class="message ${cls}">${esc(text)}</p>`;
  switch (state.kind) {
    case 'result':
      if (state.credential) body += message('ok', t('sigOk'));
      body += resultCard(state.certificate, lang);
      break;
    case 'not_found':
      body += message('warn', t('notFound'));
      break;
    case 'bad_link':
      body += message('warn', t('badLink'));
      break;
    case 'credential_problem': {
      const text = { malformed: t('malformed'), unknown_key: t('sigUnknown'), bad_signature: t('sigBad'), unknown_credential: t('unknownCredential') }[
        state.outcome
      ];
      body += message('bad', text);
      break;
    }
    case 'rate_limited':
      body += message('warn', t('limited'));
      break;
    case 'form':
      break;
  }
  const serial = state.kind === 'form' || state.kind === 'not_found' ? (state.serial ?? '') : '';
  const name = state.kind === 'form' || state.kind === 'not_found' ? (state.name ?? '') : '';
  // Every form carries the page's language, so the answer comes back in it.
  const langField = `<input type="hidden" name="lang" value="${lang}">`;
  const forms = `
  <p class="intro">${esc(t('intro'))}</p>
  <form method="get" action="/verify">
    ${langField}
    <label for="serial">${esc(t('serial'))}</label>
    <input type="text" id="serial" name="serial" maxlength="80" value="${esc(serial)}" autocomplete="off">
    <label for="name">${esc(t('name'))}</label>
    <input type="text" id="name" name="name" maxlength="100" value="${esc(name)}" autocomplete="off">
    <button type="submit">${esc(t('check'))}</button>
  </form>
  <form method="post" action="/verify/credential?lang=${lang}">
    <label for="file">${esc(t('upload'))}</label>
    <input type="file" id="file" accept=".jwt,text/plain" data-too-large="${esc(t('tooLarge'))}">
    <label for="credential">${esc(t('paste'))}</label>
    <textarea id="credential" name="credential" spellcheck="false"></textarea>
    <button type="submit">${esc(t('verifyFile'))}</button>
  </form>
`;
  return shell(t('title'), `${body}${forms}`, lang, langLink);
}

function shell(title: string, body: string, lang: Lang, langSwitch: string) {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>
  @font-face { font-family: "Cohort Tibetan"; src: url("${tibetanFont().path}") format("woff2"); unicode-range: U+0F00-0FFF; font-display: swap; }
  body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Serif Tibetan", "Cohort Tibetan", system-ui, sans-serif; margin: 0; background: #f6f3ee; color: #1a1a1a; }
  main { max-width: 560px; margin: 0 auto; padding: 20px 16px 40px; }
  h1 { color: #a8201a; font-size: 24px; margin: 8px 0 4px; }
  .intro { color: #555; font-size: 14px; }
  .card { background: #fff; border-radius: 8px; padding: 16px; margin: 16px 0; border-top: 6px solid #2e7d32; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  .card.revoked, .card.replaced { border-top-color: #c62828; }
  .status { font-size: 20px; font-weight: 700; margin: 0 0 12px; }
  .card.valid .status { color: #2e7d32; }
  .card.revoked .status, .card.replaced .status { color: #c62828; }
  table { border-collapse: collapse; width: 100%; }
  th { text-align: left; color: #666; font-weight: normal; padding: 6px 12px 6px 0; white-space: nowrap; vertical-align: top; }
  td { padding: 6px 0; }
  [lang="bo"] { font-family: "Noto Serif Tibetan", "Noto Sans Tibetan", "Cohort Tibetan", "Noto Sans SC", "PingFang SC", serif; line-height: 1.9; }
  html[lang="bo"] h1 { font-size: 22px; }
  .message { padding: 10px 12px; border-radius: 6px; }
  .message.ok { background: #e8f5e9; color: #1b5e20; }
  .message.warn { background: #fff8e1; color: #7a5b00; }
  .message.bad { background: #ffebee; color: #b71c1c; }
  form { background: #fff; border-radius: 8px; padding: 16px; margin: 16px 0; }
  label { display: block; font-size: 14px; color: #444; margin: 8px 0 4px; }
  input[type=text], textarea { width: 100%; box-sizing: border-box; font-size: 16px; padding: 8px; border: 1px solid #ccc; border-radius: 6px; }
  textarea { font-family: monospace; font-size: 12px; height: 80px; }
  button, input, textarea { font-family: inherit; }
  button { margin-top: 12px; font-size: 16px; padding: 8px 20px; background: #a8201a; color: #fff; border: 0; border-radius: 6px; }
  .lang { float: right; font-size: 14px; color: #555; }
  a { color: #1d5fa7; }
</style>
</head>
<body>
<main>
  ${langSwitch}
  <h1>${esc(title)}</h1>
  ${body}
</main>
<script src="/verify/verify.js"></script>
</body>
</html>`;
}

/**
 * The language switch remembered as the trainee pages remember it (localStorage 'cohort.lang',
 * defaulting from navigator.language): a page opened without ?lang= in another language than the
 * remembered one reloads once in it. Then it reads the chosen file into the textarea (the form
 * then posts text; no multipart needed).
 */
export const VERIFY_SCRIPT = `(function () {
  var KEY = 'cohort.lang';
  var store = function (l) { try { localStorage.setItem(KEY, l); } catch (e) {} };
  document.querySelectorAll('a[data-lang]').forEach(function (a) {
    a.addEventListener('click', function () { store(a.getAttribute('data-lang')); });
  });
  var params = new URLSearchParams(location.search);
  if (!params.has('lang') && location.pathname !== '/verify/credential') {
    var saved = null;
    try { saved = localStorage.getItem(KEY); } catch (e) {}
    var nav = (navigator.language || '').toLowerCase();
    var want = saved === 'zh-CN' || saved === 'en' || saved === 'bo' ? saved : nav.indexOf('en') === 0 ? 'en' : nav.indexOf('bo') === 0 ? 'bo' : 'zh-CN';
    if (want !== document.documentElement.lang) {
      params.set('lang', want);
      location.replace(location.pathname + '?' + params.toString() + location.hash);
      return;
    }
  }
  var file = document.getElementById('file');
  if (!file) return;
  file.addEventListener('change', function (e) {
    var f = e.target.files && e.target.files[0];
    if (!f) return;
    if (f.size > 65536) { alert(file.getAttribute('data-too-large')); return; }
    f.text().then(function (t) { document.getElementById('credential').value = t.trim(); });
  });
})();
`;
