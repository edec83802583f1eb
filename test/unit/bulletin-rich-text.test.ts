import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseFragment } from 'parse5';
import { cleanText, parseRichText, richTextToPlain, sanitizeRichText, textToRichHtml } from '../../src/server/modules/bulletins/rich-text';

const ALLOWED = new Set(['p', 'strong', 'em', 'br', 'ul', 'ol', 'li']);

/** Every element and attribute in an HTML string, as a browser would parse it. */
function elementsOf(html: string) {
  const out: Array<{ tag: string; attrs: number }> = [];
  const walk = (node: any) => {
    if (node.tagName) out.push({ tag: node.tagName, attrs: node.attrs.length });
    for (const c of node.childNodes ?? []) walk(c);
    if (node.content) walk(node.content);
  };
  walk(parseFragment(html));
  return out;
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)><script>alert(2)</script></svg>',
  '<a href="javascript:alert(1)">点我</a>',
  '<p style="background:url(javascript:alert(1))" onclick="alert(1)">文字</p>',
  '<iframe src="https://example.com"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<template><script>alert(1)</script></template>',
  '<!--<script>alert(1)</script>-->',
  '<div><object data="x.swf"></object><embed src="x"></div>',
  '<form action="https://evil"><input name=a><button>go</button></form>',
  '<base href="https://evil/"><link rel=stylesheet href=x><meta http-equiv=refresh content=0>',
  '<p>正常<strong onmouseover="x()">加粗</strong></p>',
  '"><script>alert(document.cookie)</script>',
];

describe('bulletin rich text', () => {
  test('keeps the small whitelist and its structure', () => {
    assert.equal(
      sanitizeRichText('<p>学员们<strong>普遍</strong>反映<em>收获</em>很大<br>第二行</p>'),
      '<p>学员们<strong>普遍</strong>反映<em>收获</em>很大<br>第二行</p>',
    );
    assert.equal(sanitizeRichText('<ol><li>一</li><li>二</li></ol><ul><li>甲</li></ul>'), '<ol><li>一</li><li>二</li></ol><ul><li>甲</li></ul>');
    assert.equal(sanitizeRichText('<b>粗</b><i>斜</i>'), '<p><strong>粗</strong><em>斜</em></p>', 'b and i become strong and em');
    assert.equal(sanitizeRichText('一<div>二</div>三'), '<p>一</p><p>二</p><p>三</p>', 'editor divs become paragraphs');
    assert.equal(sanitizeRichText('<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>'), '<ul><li>a</li><li>b</li><li>c</li></ul>', 'nested lists are flattened');
    assert.equal(sanitizeRichText('<h1>标题</h1><table><tr><td>格</td></tr></table>'), '<p>标题</p><p>格</p>');
    assert.equal(sanitizeRichText('<span style="color:red">བཀྲ་ཤིས་</span> Tashi'), '<p>བཀྲ་ཤིས་ Tashi</p>');
  });

  test('neutralises hostile markup: no script, handler, URL or foreign element survives', () => {
    for (const input of HOSTILE) {
      const out = sanitizeRichText(input);
      for (const el of elementsOf(out)) {
        assert.ok(ALLOWED.has(el.tag), `${JSON.stringify(input)} → ${out}: <${el.tag}>`);
        assert.equal(el.attrs, 0, `${JSON.stringify(input)} → ${out}: attributes on <${el.tag}>`);
      }
      assert.ok(!/alert\(/.test(richTextToPlain(parseRichText(input))), `${input}: script text is dropped, not shown`);
    }
    assert.equal(sanitizeRichText('<script>alert(1)</script>正文'), '<p>正文</p>');
    assert.equal(sanitizeRichText('&lt;script&gt;alert(1)&lt;/script&gt;'), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>', 'escaped text stays text');
  });

  test('property: output has only whitelisted elements without attributes, and sanitising is idempotent', () => {
    const tag = fc.constantFrom(
      'p',
      'div',
      'b',
      'strong',
      'i',
      'em',
      'br',
      'ul',
      'ol',
      'li',
      'span',
      'a',
      'script',
      'style',
      'img',
      'svg',
      'iframe',
      'table',
      'td',
      'math',
      'template',
      'textarea',
      'title',
    );
    const attr = fc.constantFrom('', ' onclick="alert(1)"', ' style="x"', ' href="javascript:alert(1)"', ' src=x onerror=alert(1)');
    const text = fc.constantFrom('学员', 'བཀྲ་ཤིས', '<', '>', '&', '"', "'", ' ', '\n', 'alert(1)', '\u0001', '\uFFFF', '');
    const html = fc.array(
      fc.oneof(
        text,
        fc.tuple(tag, attr).map(([t, a]) => `<${t}${a}>`),
        tag.map((t) => `</${t}>`),
      ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(html, (parts) => {
        const out = sanitizeRichText(parts.join(''));
        for (const el of elementsOf(out)) {
          if (!ALLOWED.has(el.tag) || el.attrs) return false;
        }
        // biome-ignore lint/suspicious/noControlCharactersInRegex: checking they are gone
        return sanitizeRichText(out) === out && !/[\u0000-\u0008\uFFFF]/.test(out);
      }),
      { numRuns: 500 },
    );
  });

  test('plain text becomes escaped paragraphs; control characters are removed', () => {
    assert.equal(textToRichHtml('第一段\n\n第二段 <b>不是标签</b>'), '<p>第一段</p><p>第二段 &lt;b&gt;不是标签&lt;/b&gt;</p>');
    assert.equal(cleanText('a\u0000b\u0007c\td\ne\uFFFE'), 'abc\td\ne');
  });
});
