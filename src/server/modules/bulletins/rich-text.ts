import { type DefaultTreeAdapterTypes, parseFragment } from 'parse5';
import sanitizeHtml from 'sanitize-html';

// Rich text in bulletins is a deliberately small language: paragraphs, bold, italic, line breaks
// and lists. Input HTML (from the editor, or pasted from Word or a web page) goes through
// sanitize-html with our allow-list first: attributes always go (no on* handlers, styles, hrefs,
// srcs), b/i become strong/em, block elements become paragraphs, unknown tags are unwrapped to
// their text, and script-like elements go with their content. What is left (seven tags and text)
// is parsed by parse5 (the WHATWG algorithm browsers use) into the model below, which also
// flattens nested lists and normalises spaces; the stored HTML is re-serialised from the model, so
// it can only ever contain <p>, <strong>, <em>, <br>, <ul>, <ol> and <li>, however the two parsers
// might disagree about hostile markup. The PDF, DOCX and web renderers all read the model, never
// the HTML.

export type Inline = { text: string; bold: boolean; italic: boolean } | { br: true };
export type RichBlock = { kind: 'p'; inlines: Inline[] } | { kind: 'list'; ordered: boolean; items: Inline[][] };

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** Elements whose content must never surface as text either (void ones have none and need no entry). */
const DROP_WITH_CONTENT = [
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'frame',
  'frameset',
  'object',
  'applet',
  'svg',
  'math',
  'title',
  'head',
  'textarea',
  'select',
  'option',
  'button',
  'canvas',
  'audio',
  'video',
  'picture',
  'xml',
];
/** Elements that start a new paragraph (their text is kept). */
const BLOCK = [
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'nav',
  'main',
  'pre',
  'address',
  'figure',
  'figcaption',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'dl',
  'dt',
  'dd',
  'hr',
  'center',
  'form',
  'fieldset',
  'details',
  'summary',
];

const ALLOW_LIST: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'strong', 'em', 'br', 'ul', 'ol', 'li'],
  allowedAttributes: {},
  allowedSchemes: [],
  disallowedTagsMode: 'discard',
  nonTextTags: DROP_WITH_CONTENT,
  transformTags: { b: 'strong', i: 'em', ...Object.fromEntries(BLOCK.filter((t) => t !== 'p').map((t) => [t, 'p'])) },
};

// C0 controls other than tab and newline, DEL, and the noncharacters XML 1.0 forbids: they break
// DOCX (Word refuses the file) and render as boxes in PDF.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters that no output format can carry. For plain-text fields too. */
export const cleanText = (s: string) => s.replace(CONTROL, '');

export const MAX_RICH_TEXT = 50_000;

export function parseRichText(html: string): RichBlock[] {
  const clean = sanitizeHtml(html.length > MAX_RICH_TEXT * 4 ? html.slice(0, MAX_RICH_TEXT * 4) : html, ALLOW_LIST);
  const fragment = parseFragment(clean);
  const blocks: RichBlock[] = [];
  let paragraph: Inline[] | null = null;
  let list: { ordered: boolean; items: Inline[][] } | null = null;
  let item: Inline[] | null = null;

  const emit = (inline: Inline) => {
    if (item) item.push(inline);
    else {
      paragraph ??= [];
      paragraph.push(inline);
    }
  };
  const flushParagraph = () => {
    if (paragraph) {
      const inlines = tidy(paragraph);
      if (inlines.length) blocks.push({ kind: 'p', inlines });
    }
    paragraph = null;
  };

  const walk = (node: Node, style: { bold: boolean; italic: boolean }) => {
    if (node.nodeName === '#text') {
      const text = cleanText((node as DefaultTreeAdapterTypes.TextNode).value).replace(/[\t\n\r\f ]+/g, ' ');
      if (text) emit({ text, ...style });
      return;
    }
    if (node.nodeName.startsWith('#')) return; // comments, doctype
    const el = node as Element;
    const tag = el.tagName?.toLowerCase();
    // sanitize-html left only the allow-list; this is a second line, not the first.
    if (!tag || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') return;
    const children = (s = style) => {
      for (const child of el.childNodes ?? []) walk(child, s);
    };
    if (tag === 'strong') return children({ ...style, bold: true });
    if (tag === 'em') return children({ ...style, italic: true });
    if (tag === 'br') return emit({ br: true });
    if (tag === 'ul' || tag === 'ol') {
      if (list) return children(); // nested lists are flattened into the outer one
      flushParagraph();
      list = { ordered: tag === 'ol', items: [] };
      children();
      if (list.items.length) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items });
      list = null;
      return;
    }
    if (tag === 'li') {
      const outer = item;
      const implicit = !list;
      if (implicit) {
        flushParagraph();
        list = { ordered: false, items: [] };
      }
      if (outer) {
        const before = tidy(outer);
        if (before.length) list!.items.push(before);
      }
      item = [];
      children();
      const inlines = tidy(item);
      if (inlines.length) list!.items.push(inlines);
      item = null;
      if (outer) item = [];
      if (implicit) {
        if (list!.items.length) blocks.push({ kind: 'list', ordered: false, items: list!.items });
        list = null;
      }
      return;
    }
    if (tag === 'p') {
      if (item) {
        // A paragraph inside a list item becomes a line break within the item.
        if (item.length) item.push({ br: true });
        children();
        return;
      }
      flushParagraph();
      children();
      flushParagraph();
      return;
    }
    children(); // nothing else is left after sanitize-html; were it, its text is kept and the tag lost
  };

  for (const child of fragment.childNodes) walk(child, { bold: false, italic: false });
  flushParagraph();
  return limit(blocks);
}

/** Merges neighbours of one style, trims spaces at the edges and around breaks, drops trailing breaks. */
function tidy(inlines: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const inline of inlines) {
    const last = out[out.length - 1];
    if ('text' in inline && last && 'text' in last && last.bold === inline.bold && last.italic === inline.italic) last.text += inline.text;
    else out.push({ ...inline });
  }
  // Trimming can empty a run, which makes its neighbour the new edge: repeat until nothing changes,
  // so that sanitising twice gives the same result as once.
  let kept = out;
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < kept.length; i++) {
      const cur = kept[i];
      if (!('text' in cur)) continue;
      const prev = kept[i - 1];
      const next = kept[i + 1];
      const before = cur.text;
      if (!prev || 'br' in prev) cur.text = cur.text.replace(/^ +/, '');
      if (!next || 'br' in next) cur.text = cur.text.replace(/ +$/, '');
      if (cur.text !== before) changed = true;
    }
    const filtered = kept.filter((x) => !('text' in x) || x.text.length > 0);
    if (filtered.length !== kept.length) changed = true;
    kept = filtered;
  }
  while (kept.length && 'br' in kept[kept.length - 1]) kept.pop();
  while (kept.length && 'br' in kept[0]) kept.shift();
  return kept;
}

function limit(blocks: RichBlock[]): RichBlock[] {
  let budget = MAX_RICH_TEXT;
  const cut = (inlines: Inline[]) =>
    inlines.flatMap((x): Inline[] => {
      if ('br' in x) return [x];
      if (budget <= 0) return [];
      const text = x.text.slice(0, budget);
      budget -= text.length;
      return [{ ...x, text }];
    });
  return blocks
    .map((b): RichBlock => (b.kind === 'p' ? { kind: 'p', inlines: cut(b.inlines) } : { ...b, items: b.items.map(cut).filter((i) => i.length) }))
    .filter((b) => (b.kind === 'p' ? b.inlines.length : b.items.length));
}

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function inlinesToHtml(inlines: Inline[]): string {
  return inlines
    .map((x) => {
      if ('br' in x) return '<br>';
      let h = escapeHtml(x.text);
      if (x.italic) h = `<em>${h}</em>`;
      if (x.bold) h = `<strong>${h}</strong>`;
      return h;
    })
    .join('');
}

/** The canonical (and only) HTML a bulletin stores or serves. */
export function richTextToHtml(blocks: RichBlock[]): string {
  return blocks
    .map((b) => {
      if (b.kind === 'p') return `<p>${inlinesToHtml(b.inlines)}</p>`;
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${inlinesToHtml(i)}</li>`).join('')}</${tag}>`;
    })
    .join('');
}

export const sanitizeRichText = (html: string) => richTextToHtml(parseRichText(html));

/** Plain text (one paragraph per line or blank-line block) → canonical rich text. */
export function textToRichHtml(text: string | null | undefined): string {
  if (!text) return '';
  return text
    .split(/\n\s*\n|\r?\n/)
    .map((p) => cleanText(p).trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('');
}

export function inlinesToPlain(inlines: Inline[]): string {
  return inlines.map((x) => ('br' in x ? '\n' : x.text)).join('');
}

export function richTextToPlain(blocks: RichBlock[]): string {
  return blocks
    .map((b) => (b.kind === 'p' ? inlinesToPlain(b.inlines) : b.items.map((i, n) => `${b.ordered ? `${n + 1}.` : '•'} ${inlinesToPlain(i)}`).join('\n')))
    .join('\n');
}
