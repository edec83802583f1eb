import { createPdf, layoutMixed, measureMixed, type PdfDoc, writeMixed } from '../../documents/pdf';
import { chineseDate, type Inline, type RenderBlock, type RenderBulletin, type RichBlock } from './model';

// The bulletin as an A4 PDF in the seed's layout: the class title as running header on every page,
// numbered items under 【section】 titles, photos centred with their captions under them, page numbers.

const BODY = 11;
const LINE_GAP = 5;
const CAPTION = 9.5;
const RED = '#c00000';
const INDENT = '\u3000\u3000'; // two ideographic spaces: the first-line indent of Chinese prose

export type PdfImage = { data: Buffer; width: number; height: number };

export async function renderBulletinPdf(b: RenderBulletin, images: Map<number, PdfImage>): Promise<Buffer> {
  const handle = createPdf({
    title: `${b.title} 简报 第${b.issueNumber}期`,
    author: b.organizer ?? undefined,
    runningHeader: b.title,
    pageNumbers: true,
    pageNumberFormat: (page, total) => `第 ${page} 页 / 共 ${total} 页`,
    margins: { top: 78, bottom: 60, left: 62, right: 62 },
    fontSize: BODY,
  });
  const { doc, contentWidth } = handle;
  const left = doc.page.margins.left;

  const ensure = (height: number) => {
    if (doc.y + height > doc.page.maxY() && doc.y > doc.page.margins.top + 1) {
      doc.addPage();
      doc.y = doc.page.margins.top;
    }
  };
  const gap = (pts: number) => {
    doc.y += pts;
  };

  // Masthead (first page only): 简报, issue number, organiser and date, a red rule.
  writeMixed(doc, '简　报', { x: left, width: contentWidth, fontSize: 30, bold: true, align: 'center', color: RED });
  gap(2);
  writeMixed(doc, `第 ${b.issueNumber} 期`, { x: left, width: contentWidth, fontSize: 12, align: 'center' });
  gap(8);
  const metaY = doc.y;
  if (b.organizer) writeMixed(doc, b.organizer, { x: left, y: metaY, width: contentWidth * 0.7, fontSize: 10.5 });
  writeMixed(doc, chineseDate(b.issueDate), { x: left, y: metaY, width: contentWidth, fontSize: 10.5, align: 'right' });
  gap(4);
  doc
    .save()
    .lineWidth(2)
    .strokeColor(RED)
    .moveTo(left, doc.y)
    .lineTo(left + contentWidth, doc.y)
    .stroke();
  doc
    .lineWidth(0.6)
    .moveTo(left, doc.y + 3)
    .lineTo(left + contentWidth, doc.y + 3)
    .stroke()
    .restore();
  gap(16);

  for (const section of b.sections) {
    ensure(60);
    writeMixed(doc, section.title, { x: left, width: contentWidth, fontSize: 14, bold: true, paragraphGap: 10 });
    drawBlocks(section.intro);
    for (const item of section.items) {
      ensure(50);
      gap(4);
      writeMixed(doc, `${item.number}. ${item.heading}`, { x: left, width: contentWidth, fontSize: 12, bold: true, lineGap: 3, paragraphGap: 6 });
      drawBlocks(item.blocks);
    }
    gap(10);
  }
  return handle.toBuffer();

  function drawBlocks(blocks: RenderBlock[]) {
    for (const block of blocks) {
      if (block.type === 'rich') drawRich(block.blocks, left, contentWidth);
      else if (block.type === 'photo') drawPhoto(block.photo.id, block.caption);
      else {
        const who: Inline[] = [{ text: block.speaker, bold: true, italic: false }];
        if (block.role) who.push({ text: `（${block.role}）`, bold: false, italic: false });
        ensure(40);
        writeInlines(doc, who, { x: left, width: contentWidth, fontSize: BODY, lineGap: LINE_GAP });
        gap(4);
        drawRich(block.summary, left, contentWidth);
      }
    }
  }

  function drawRich(blocks: RichBlock[], x: number, width: number) {
    for (const rb of blocks) {
      if (rb.kind === 'p') {
        writeInlines(doc, [{ text: INDENT, bold: false, italic: false }, ...rb.inlines], { x, width, fontSize: BODY, lineGap: LINE_GAP });
        gap(6);
        continue;
      }
      const indent = 22;
      for (const [n, item] of rb.items.entries()) {
        ensure(BODY * 1.5 + LINE_GAP);
        const y = doc.y;
        writeMixed(doc, rb.ordered ? `${n + 1}.` : '•', { x: x + 6, y, width: indent, fontSize: BODY });
        doc.y = y;
        writeInlines(doc, item, { x: x + indent, width: width - indent, fontSize: BODY, lineGap: LINE_GAP });
        gap(3);
      }
      gap(4);
    }
  }

  function drawPhoto(photoId: number, caption: string | null) {
    const img = images.get(photoId);
    if (!img) return;
    const maxW = contentWidth * 0.8;
    const maxH = 260;
    const scale = Math.min(maxW / img.width, maxH / img.height);
    const w = img.width * scale;
    const h = img.height * scale;
    const captionHeight = caption ? layoutMixed(doc, caption, CAPTION, contentWidth).reduce((s, l) => s + l.ascent + l.descent + 2, 0) : 0;
    gap(4);
    ensure(h + 6 + captionHeight);
    doc.image(img.data, left + (contentWidth - w) / 2, doc.y, { width: w, height: h });
    doc.y += h + 5;
    if (caption) writeMixed(doc, caption, { x: left, width: contentWidth, fontSize: CAPTION, align: 'center', color: '#333333', lineGap: 2 });
    gap(10);
  }
}

/**
 * A paragraph whose runs may differ in weight. Lines are broken over the whole paragraph (measured
 * bold if any run is bold, so nothing overflows), then each run is drawn on the line's baseline.
 * Leading white space (the two-character indent) becomes an offset: PDFKit drops it when drawing.
 * PDFs have no italic CJK face here, so <em> stays upright in PDF (it is italic in DOCX and HTML).
 */
export function writeInlines(doc: PdfDoc, inlines: Inline[], o: { x: number; width: number; fontSize: number; lineGap: number }) {
  const chars: Array<{ ch: string; bold: boolean }> = [];
  for (const x of inlines) {
    if ('br' in x) chars.push({ ch: '\n', bold: false });
    else for (const ch of x.text) chars.push({ ch, bold: x.bold });
  }
  const anyBold = chars.some((c) => c.bold && c.ch.trim());
  const hardLines: Array<typeof chars> = [[]];
  for (const c of chars) {
    if (c.ch === '\n') hardLines.push([]);
    else hardLines[hardLines.length - 1].push(c);
  }
  for (const hard of hardLines) {
    const cps = hard.map((c) => c.ch);
    let cursor = 0;
    for (const line of layoutMixed(doc, cps.join(''), o.fontSize, o.width, { bold: anyBold })) {
      const lineCps = [...line.text];
      // Where this line starts in the paragraph (spaces at a break were dropped by the layout).
      while (cursor < cps.length && cps.slice(cursor, cursor + lineCps.length).join('') !== line.text) cursor++;
      const height = line.ascent + line.descent;
      if (doc.y + height > doc.page.maxY() && doc.y > doc.page.margins.top + 1) {
        doc.addPage();
        doc.y = doc.page.margins.top;
      }
      const top = doc.y;
      let cx = o.x;
      let i = 0;
      while (i < lineCps.length) {
        const bold = hard[cursor + i]?.bold ?? false;
        let j = i;
        while (j < lineCps.length && (hard[cursor + j]?.bold ?? false) === bold) j++;
        const run = lineCps.slice(i, j).join('');
        const lead = /^\s*/u.exec(run)![0];
        cx += lead ? measureMixed(doc, lead, o.fontSize, { bold }) : 0;
        const body = run.slice(lead.length);
        if (body.trim()) {
          const metrics = layoutMixed(doc, body, o.fontSize, Number.POSITIVE_INFINITY, { bold })[0];
          const bodyWidth = measureMixed(doc, body, o.fontSize, { bold });
          writeMixed(doc, body, { x: cx, y: top + (line.ascent - metrics.ascent), width: bodyWidth + 4, fontSize: o.fontSize, bold });
          cx += bodyWidth;
        }
        i = j;
      }
      cursor += lineCps.length;
      doc.x = o.x;
      doc.y = top + height + o.lineGap;
    }
  }
}
