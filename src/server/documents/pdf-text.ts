/** A PDFKit document. */
export type PdfDoc = PDFKit.PDFDocument;

/** Names under which createPdf registers the bundled fonts; usable with doc.font(name). */
export const PDF_FONTS = {
  sans: 'cohort-sans',
  sansBold: 'cohort-sans-bold',
  tibetan: 'cohort-tibetan',
  tibetanBold: 'cohort-tibetan-bold',
} as const;

export type Align = 'left' | 'center' | 'right';
/** Writing also knows justified text: every line but a paragraph's last fills the width, as printed certificates are set. */
export type TextAlign = Align | 'justify';

/** Default body size in points: the Chinese 五号 size used in official documents. */
export const DEFAULT_FONT_SIZE = 10.5;

// ---------------------------------------------------------------------------------------------
// Mixed-script text. PDFKit uses one font per text() call and has no fallback, while names in a
// class list mix Chinese, Latin and Tibetan. We split text into script runs, break lines ourselves
// and draw every run on a shared alphabetic baseline: fonts have very different ascenders
// (Noto Serif Tibetan reserves 2.8 em per line for deep stacks), so PDFKit's default top-of-line
// positioning would misalign runs on the same line.

export interface ScriptRun {
  script: 'tibetan' | 'default';
  text: string;
}

const isTibetan = (cp: number) => cp >= 0x0f00 && cp <= 0x0fff;
const isSpace = (ch: string) => /^\s+$/u.test(ch);

/** Splits text into runs for the Tibetan font (U+0F00–U+0FFF) and Noto Sans SC (everything else). Spaces stay in the current run. */
export function splitScriptRuns(text: string): ScriptRun[] {
  const runs: ScriptRun[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const last = runs[runs.length - 1];
    const script = isTibetan(cp) ? 'tibetan' : 'default';
    if (last && (last.script === script || isSpace(ch))) last.text += ch;
    else runs.push({ script, text: ch });
  }
  return runs;
}

// Line metrics in em. Sans uses its own hhea values; Tibetan uses the ink extent of deep stacks
// (e.g. སྒྲུ reaches -0.69 em, ཧཱུྃ +1.17 em) instead of the font's very loose 1.466/-1.349.
const SANS_METRICS = { ascent: 1.16, descent: 0.288 };
const TIBETAN_METRICS = { ascent: 1.2, descent: 0.75 };

/**
 * U+2060 WORD JOINER: no line break on either side of it. Callers glue what must stay on one line
 * (a date such as 26日, a number and its unit such as 55学时, a name) with noBreak(); the joiner
 * itself is never drawn, so it never reaches the page or the extracted text.
 */
export const WORD_JOINER = '\u2060';
/**
 * U+FEFF ZERO WIDTH NO-BREAK SPACE, the joiner's older twin, marks text that is glued and must not
 * be spread by justification either (a name: extractors would read the spread as spaces).
 */
export const RIGID_JOINER = '\ufeff';
const isJoiner = (g: string | undefined) => g === WORD_JOINER || g === RIGID_JOINER;
const stripJoiners = (s: string) => (s.includes(WORD_JOINER) || s.includes(RIGID_JOINER) ? s.replace(/[\u2060\ufeff]/g, '') : s);
/** The text with a word joiner between each two of its characters: it breaks only before or after. */
export const noBreak = (s: string) => Array.from(graphemes.segment(s), (g) => g.segment).join(WORD_JOINER);
/** Like noBreak, and justification adds no space inside it either. */
export const noBreakNoSpread = (s: string) => Array.from(graphemes.segment(s), (g) => g.segment).join(RIGID_JOINER);

export interface MixedLine {
  text: string;
  /** The line ends a paragraph (justified text leaves it as it is). */
  last?: boolean;
  /** Width in points. */
  width: number;
  /** Distance from the line top to the baseline, in points. */
  ascent: number;
  descent: number;
}

function fontFor(script: ScriptRun['script'], bold: boolean): string {
  if (script === 'tibetan') return bold ? PDF_FONTS.tibetanBold : PDF_FONTS.tibetan;
  return bold ? PDF_FONTS.sansBold : PDF_FONTS.sans;
}

// Widths depend only on the font, the size and the text, and the fonts are the same parsed objects
// in every document (fonts.ts parsedFont), so one cache serves all documents of the process:
// shaping is most of the cost of a short document, and a batch repeats the same template text.
// Bounded: emptied when it grows past WIDTH_CACHE_MAX entries.
const WIDTH_CACHE_MAX = 50_000;
const widthCache = new Map<string, number>();

function runWidth(doc: PdfDoc, font: string, fontSize: number, text: string): number {
  const key = `${font}\u0000${fontSize}\u0000${text}`;
  let width = widthCache.get(key);
  if (width === undefined) {
    width = doc.font(font).fontSize(fontSize).widthOfString(text);
    if (widthCache.size >= WIDTH_CACHE_MAX) widthCache.clear();
    widthCache.set(key, width);
  }
  return width;
}

/** Width in points of text set in the bundled fonts at fontSize. Leaves an unspecified font selected. */
export function measureMixed(doc: PdfDoc, text: string, fontSize: number, options: { bold?: boolean } = {}): number {
  let width = 0;
  for (const run of splitScriptRuns(stripJoiners(text))) width += runWidth(doc, fontFor(run.script, options.bold ?? false), fontSize, run.text);
  return width;
}

function lineMetrics(text: string, fontSize: number): { ascent: number; descent: number } {
  let hasTibetan = false;
  for (const ch of text) {
    if (isTibetan(ch.codePointAt(0) ?? 0)) {
      hasTibetan = true;
      break;
    }
  }
  const m = hasTibetan
    ? { ascent: Math.max(SANS_METRICS.ascent, TIBETAN_METRICS.ascent), descent: Math.max(SANS_METRICS.descent, TIBETAN_METRICS.descent) }
    : SANS_METRICS;
  return { ascent: m.ascent * fontSize, descent: m.descent * fontSize };
}

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });
const CLOSING = new Set([...'，。、；：？！）》」』】〕〉…’”%‰,.;:!?)]}·ー']);
const OPENING = new Set([...'（《「『【〔〈‘“([{']);
const TIBETAN_BREAK_AFTER = new Set([0x0f0b, 0x0f0c, 0x0f0d, 0x0f0e, 0x0f0f, 0x0f10, 0x0f11, 0x0f12, 0x0f14]);

function isWide(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) || // CJK radicals, kana, ideographs
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x3ffff)
  );
}

function canBreakAfter(g: string, next: string | undefined): boolean {
  if (next === undefined) return true;
  if (isJoiner(g) || isJoiner(next)) return false;
  if (isSpace(next)) return false;
  if (isSpace(g)) return true;
  if (CLOSING.has(next) || OPENING.has(g)) return false;
  const cp = g.codePointAt(0) ?? 0;
  if (TIBETAN_BREAK_AFTER.has(cp)) return true;
  if (isWide(cp) || isWide(next.codePointAt(0) ?? 0)) return true;
  return g === '-' || g === '/';
}

/** Unbreakable units of a paragraph; each may end in spaces. */
function breakUnits(paragraph: string): string[] {
  const gs = Array.from(graphemes.segment(paragraph), (s) => s.segment);
  const units: string[] = [];
  let unit = '';
  for (let i = 0; i < gs.length; i++) {
    unit += gs[i];
    if (canBreakAfter(gs[i], gs[i + 1])) {
      units.push(unit);
      unit = '';
    }
  }
  if (unit) units.push(unit);
  return units;
}

/** Breaks text into lines no wider than maxWidth points (a single grapheme wider than that still gets its own line). */
export function layoutMixed(doc: PdfDoc, text: string, fontSize: number, maxWidth: number, options: { bold?: boolean } = {}): MixedLine[] {
  const measure = (s: string) => measureMixed(doc, s, fontSize, options);
  const lines: MixedLine[] = [];
  // Lines keep their joiners (justification does not spread glued text); drawing drops them.
  const finish = (s: string, last: boolean) => {
    const trimmed = s.trimEnd();
    lines.push({ text: trimmed, last, width: measure(trimmed), ...lineMetrics(trimmed, fontSize) });
  };
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let current = '';
    let currentWidth = 0;
    const place = (piece: string) => {
      const fits = currentWidth + measure(piece.trimEnd()) <= maxWidth;
      if (current && !fits) {
        finish(current, false);
        current = '';
        currentWidth = 0;
        piece = piece.trimStart();
        if (!piece) return;
      }
      current += piece;
      currentWidth += measure(piece);
    };
    for (const unit of breakUnits(paragraph)) {
      if (measure(unit.trimEnd()) <= maxWidth) place(unit);
      else for (const { segment } of graphemes.segment(unit)) if (!isJoiner(segment)) place(segment);
    }
    finish(current, true);
  }
  return lines;
}

export function drawLine(
  doc: PdfDoc,
  line: MixedLine,
  x: number,
  top: number,
  width: number,
  align: TextAlign,
  fontSize: number,
  bold: boolean,
  color: string,
): void {
  // A justified line spreads what is left of the width evenly over the places where Chinese text
  // may take space: beside every ideograph or full-width mark, and at spaces. Digits of a number and
  // the letters of a Latin or Tibetan word stay together, and the gaps stay small (the whole line's
  // slack shared by many places), so text extractors do not read them as spaces.
  if (align === 'justify' && !line.last && line.width < width) {
    const pieces = justifyPieces(line.text);
    if (pieces.length > 1) {
      const widths = pieces.map((p) => measureMixed(doc, p, fontSize, { bold }));
      const gap = (width - widths.reduce((a, b) => a + b, 0)) / (pieces.length - 1);
      let px = x;
      pieces.forEach((piece, i) => {
        drawRuns(doc, stripJoiners(piece), px, top + line.ascent, fontSize, bold, color);
        px += widths[i] + gap;
      });
      return;
    }
  }
  let cx = x;
  if (align === 'center') cx += (width - line.width) / 2;
  else if (align === 'right') cx += width - line.width;
  drawRuns(doc, stripJoiners(line.text), cx, top + line.ascent, fontSize, bold, color);
}

/** A line cut where justification may add space: next to a wide (CJK) character or a space, never inside glued text. */
function justifyPieces(text: string): string[] {
  const gs = Array.from(graphemes.segment(text), (g) => g.segment);
  const pieces: string[] = [];
  let piece = '';
  gs.forEach((g, i) => {
    piece += g;
    const next = gs[i + 1];
    if (next === undefined || g === RIGID_JOINER || next === RIGID_JOINER) return;
    // A plain joiner only stops breaks: the characters either side of it may still be spread.
    if (g === WORD_JOINER) {
      const prev = gs[i - 1];
      const wide = (c: string | undefined) => c !== undefined && isWide(c.codePointAt(0) ?? 0);
      if (wide(prev) || wide(next)) {
        pieces.push(piece);
        piece = '';
      }
      return;
    }
    if (next === WORD_JOINER) return;
    const wide = (c: string) => isWide(c.codePointAt(0) ?? 0);
    if (wide(g) || wide(next) || isSpace(g) || isSpace(next)) {
      pieces.push(piece);
      piece = '';
    }
  });
  if (piece) pieces.push(piece);
  return pieces;
}

function drawRuns(doc: PdfDoc, text: string, x: number, baseline: number, fontSize: number, bold: boolean, color: string): void {
  let cx = x;
  for (const run of splitScriptRuns(text)) {
    const font = fontFor(run.script, bold);
    // Shaped Tibetan places vowel signs and subjoined letters with vertical offsets, which text
    // extractors (pdftotext, copy/paste) read as separate lines; ActualText gives them the source string.
    doc.font(font).fontSize(fontSize).fillColor(color);
    // A Tibetan run ends in an invisible space inside its span: poppler ends the span at its last
    // glyph's own box, and a final vowel sign or subjoined letter (རྗེ) has a narrow one, which it
    // would read as a gap before the next character (ཚེ་རིང་རྡོ་རྗེ ）). The space is drawn but
    // not advanced over, so nothing moves on the page.
    const draw = () => doc.text(run.script === 'tibetan' ? `${run.text} ` : run.text, cx, baseline, { lineBreak: false, baseline: 'alphabetic' });
    if (run.script === 'tibetan') withActualText(doc, run.text, draw);
    else draw();
    cx += runWidth(doc, font, fontSize, run.text);
  }
}

/**
 * Runs draw() with its text object wrapped in a marked-content span carrying ActualText.
 * The span must sit inside BT/ET: PDFKit flips the CTM around each text object, and poppler maps
 * ActualText with the CTM in force at EMC, so a span around the whole q…Q lands mirrored on the page.
 */
function withActualText(doc: PdfDoc, actual: string, draw: () => void): void {
  const hex = Buffer.from(`\ufeff${actual}`, 'utf16le').swap16().toString('hex').toUpperCase();
  const original = doc.addContent;
  doc.addContent = function (this: PdfDoc, data: unknown) {
    if (data === 'BT') return original.call(this, `BT\n/Span <</Lang (bo) /ActualText <${hex}>>> BDC`);
    if (data === 'ET') return original.call(this, 'EMC\nET');
    return original.call(this, data);
  };
  try {
    draw();
  } finally {
    doc.addContent = original;
  }
}

export interface MixedTextOptions {
  x?: number;
  y?: number;
  /** Wrap width in points; defaults to the space up to the right margin. */
  width?: number;
  fontSize?: number;
  bold?: boolean;
  align?: TextAlign;
  color?: string;
  /** Extra space between lines, in points. */
  lineGap?: number;
  /** Extra space after the text, in points. */
  paragraphGap?: number;
}

/**
 * Writes text that may mix Chinese, Latin and Tibetan, wrapping within the width and starting new
 * pages at the bottom margin. Leaves doc.x at the start x and doc.y below the text.
 */
export function writeMixed(doc: PdfDoc, text: string, options: MixedTextOptions = {}): void {
  const fontSize = options.fontSize ?? DEFAULT_FONT_SIZE;
  const x = options.x ?? doc.x;
  let y = options.y ?? doc.y;
  const width = options.width ?? doc.page.width - doc.page.margins.right - x;
  const lineGap = options.lineGap ?? 0;
  for (const line of layoutMixed(doc, text, fontSize, width, options)) {
    const height = line.ascent + line.descent;
    if (y + height > doc.page.maxY() && y > doc.page.margins.top + 1) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    drawLine(doc, line, x, y, width, options.align ?? 'left', fontSize, options.bold ?? false, options.color ?? '#000000');
    y += height + lineGap;
  }
  doc.font(options.bold ? PDF_FONTS.sansBold : PDF_FONTS.sans).fontSize(fontSize);
  doc.x = x;
  doc.y = y + (options.paragraphGap ?? 0);
}

/** Height in points that writeMixed would use for text at this width (ignoring page breaks). */
export function heightOfMixed(doc: PdfDoc, text: string, options: { width: number; fontSize?: number; bold?: boolean; lineGap?: number }): number {
  const lines = layoutMixed(doc, text, options.fontSize ?? DEFAULT_FONT_SIZE, options.width, options);
  return lines.reduce((sum, l) => sum + l.ascent + l.descent + (options.lineGap ?? 0), 0);
}
