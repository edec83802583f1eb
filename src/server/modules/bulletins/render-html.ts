import { chineseDate, type Inline, type RenderBlock, type RenderBulletin, type RichBlock } from './model';
import { escapeHtml } from './rich-text';

// The bulletin as a web page, server-rendered: the public page (/b/:token) and the signed-in view
// both use it. Every string is escaped here and rich text is re-serialised from the parsed model,
// so no markup from a user reaches the page; the CSP (script-src 'self', no inline scripts) is a
// second fence. The page has no script at all.

export type HtmlLinks = { photo: (photoId: number, variant: 'display' | 'full') => string; pdf?: string; docx?: string };

const inline = (xs: Inline[]) =>
  xs
    .map((x) => {
      if ('br' in x) return '<br>';
      let h = escapeHtml(x.text);
      if (x.italic) h = `<em>${h}</em>`;
      if (x.bold) h = `<strong>${h}</strong>`;
      return h;
    })
    .join('');

const rich = (blocks: RichBlock[]) =>
  blocks
    .map((b) =>
      b.kind === 'p'
        ? `<p>${inline(b.inlines)}</p>`
        : `<${b.ordered ? 'ol' : 'ul'}>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${b.ordered ? 'ol' : 'ul'}>`,
    )
    .join('\n');

function blocks(list: RenderBlock[], links: HtmlLinks): string {
  return list
    .map((b) => {
      if (b.type === 'rich') return rich(b.blocks);
      if (b.type === 'speech') {
        const role = b.role ? `<span class="role">（${escapeHtml(b.role)}）</span>` : '';
        return `<div class="speech"><p class="speaker"><strong>${escapeHtml(b.speaker)}</strong>${role}</p>${rich(b.summary)}</div>`;
      }
      const alt = escapeHtml(b.caption ?? '');
      const src = escapeHtml(links.photo(b.photo.id, 'display'));
      const full = escapeHtml(links.photo(b.photo.id, 'full'));
      return `<figure><a href="${full}"><img src="${src}" alt="${alt}" width="${b.photo.width}" height="${b.photo.height}" loading="lazy"></a>${
        b.caption ? `<figcaption>${escapeHtml(b.caption)}</figcaption>` : ''
      }</figure>`;
    })
    .join('\n');
}

export function renderBulletinHtml(b: RenderBulletin, links: HtmlLinks, options: { draft?: boolean } = {}): string {
  const title = `${b.title} · 简报第${b.issueNumber}期`;
  const sections = b.sections
    .map(
      (s) => `<section>
<h2>${escapeHtml(s.title)}</h2>
${blocks(s.intro, links)}
${s.items.map((i) => `<article>\n<h3>${i.number}. ${escapeHtml(i.heading)}</h3>\n${blocks(i.blocks, links)}\n</article>`).join('\n')}
</section>`,
    )
    .join('\n');
  const downloads = [links.pdf ? `<a href="${escapeHtml(links.pdf)}">PDF</a>` : '', links.docx ? `<a href="${escapeHtml(links.docx)}">Word (DOCX)</a>` : '']
    .filter(Boolean)
    .join(' · ');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{margin:0;background:#f3f3f3;color:#222;font:16px/1.8 "Noto Sans SC","Noto Sans CJK SC","PingFang SC","Microsoft YaHei","Noto Serif Tibetan","Microsoft Himalaya",sans-serif}
.running{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;text-align:center;font-size:13px;color:#555;padding:6px 12px}
main{max-width:760px;margin:16px auto;background:#fff;padding:24px 40px 40px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
.masthead{text-align:center;border-bottom:3px double #c00000;margin-bottom:24px;padding-bottom:8px}
.masthead h1{color:#c00000;font-size:40px;letter-spacing:.3em;margin:8px 0 0}
.masthead .issue{margin:0 0 12px}
.masthead .meta{display:flex;justify-content:space-between;font-size:14px}
.draft{background:#fff7e6;border:1px solid #ffd591;padding:6px 12px;margin-bottom:16px;font-size:14px}
h2{font-size:20px;margin:28px 0 12px}
h3{font-size:17px;margin:20px 0 8px}
p{text-indent:2em;margin:0 0 10px}
.speech p.speaker{text-indent:0;margin-top:12px}
figure{margin:16px 0;text-align:center}
figure img{max-width:100%;height:auto}
figcaption{font-size:14px;color:#444;margin-top:4px}
footer{max-width:760px;margin:0 auto 32px;text-align:center;font-size:14px;color:#666}
@media (max-width:600px){main{padding:16px 18px}.masthead h1{font-size:32px}}
</style>
</head>
<body>
<div class="running">${escapeHtml(b.title)}</div>
<main>
${options.draft ? '<div class="draft">草稿（未发布） · Draft, not published</div>' : ''}
<div class="masthead"><h1>简报</h1><p class="issue">第 ${b.issueNumber} 期</p><div class="meta"><span>${escapeHtml(b.organizer ?? '')}</span><span>${escapeHtml(chineseDate(b.issueDate))}</span></div></div>
${sections}
</main>
${downloads ? `<footer>下载 Download: ${downloads}</footer>` : ''}
</body>
</html>
`;
}
