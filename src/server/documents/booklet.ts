import { createPdf, type PdfDoc } from './pdf.js';

// Pages laid out once at A5 and placed either one per sheet (for the phone) or two-up on A4
// landscape in booklet order (for printing: the sheets, printed double-sided, stacked and folded
// in the middle, read in order). PDFKit cannot place one PDF's page inside another, so a page is
// a drawing function called at an origin: the same page draws at (0, 0) of an A5 sheet or at
// either half of an A4 one, and reads the same in both.

export const A5 = { width: 419.53, height: 595.28 } as const;

/** One laid-out page: draws itself with its top-left corner at (x, y). */
export type PageDraw = (doc: PdfDoc, x: number, y: number) => void;

/** A piece of a flowing page: its height at the page's content width, and how it draws. */
export type Block = {
  height: number;
  draw: (doc: PdfDoc, x: number, y: number) => void;
  /** Start a new page before this block (a chapter). */
  breakBefore?: boolean;
  /** Never the last block of a page (a heading). */
  keepWithNext?: boolean;
};

/** Fills pages of the given content height with blocks in order; a block taller than a page gets a page of its own. */
export function paginate(blocks: Block[], contentHeight: number): Block[][] {
  const pages: Block[][] = [];
  let page: Block[] = [];
  let used = 0;
  const flush = () => {
    if (page.length) pages.push(page);
    page = [];
    used = 0;
  };
  blocks.forEach((b, i) => {
    const next = blocks[i + 1];
    const need = b.height + (b.keepWithNext && next && !next.breakBefore ? next.height : 0);
    if (b.breakBefore || (page.length && used + need > contentHeight)) flush();
    page.push(b);
    used += b.height;
  });
  flush();
  return pages;
}

/**
 * The sheet sides of a saddle-stitched booklet of `pageCount` pages (padded with blank pages to a
 * multiple of four), in printing order: each side is [left page, right page], 0-based, null for a
 * blank. Sheet k's front holds the k-th page from the end and the k-th from the start; its back,
 * the next from the start and the next from the end: for 8 pages [7,0] [1,6] [5,2] [3,4].
 */
export function bookletOrder(pageCount: number): Array<[number | null, number | null]> {
  const padded = Math.max(4, Math.ceil(pageCount / 4) * 4);
  const real = (i: number) => (i < pageCount ? i : null);
  const sides: Array<[number | null, number | null]> = [];
  for (let k = 0; k < padded / 4; k++) {
    sides.push([real(padded - 1 - 2 * k), real(2 * k)]);
    sides.push([real(2 * k + 1), real(padded - 2 - 2 * k)]);
  }
  return sides;
}

export type BookletLayout = 'a5' | 'booklet';

/**
 * The pages as a PDF: one A5 page each, or two-up on A4 landscape in booklet order with a faint
 * fold mark. `layOut` measures its text on the document it is given and returns the pages.
 */
export function renderPages(layOut: (doc: PdfDoc) => PageDraw[], layout: BookletLayout, info: { title: string; author: string }): Promise<Buffer> {
  const zero = { top: 0, bottom: 0, left: 0, right: 0 };
  if (layout === 'a5') {
    const pdf = createPdf({ size: 'A5', margins: zero, ...info });
    const pages = layOut(pdf.doc);
    pages.forEach((draw, i) => {
      if (i > 0) pdf.doc.addPage();
      draw(pdf.doc, 0, 0);
    });
    return pdf.toBuffer();
  }
  const pdf = createPdf({ size: 'A4', layout: 'landscape', margins: zero, ...info });
  const { doc } = pdf;
  const pages = layOut(doc);
  bookletOrder(pages.length).forEach(([left, right], i) => {
    if (i > 0) doc.addPage();
    if (left !== null) pages[left](doc, 0, 0);
    if (right !== null) pages[right](doc, A5.width, 0);
    doc
      .save()
      .lineWidth(0.3)
      .strokeColor('#cccccc')
      .dash(2, { space: 4 })
      .moveTo(A5.width, 0)
      .lineTo(A5.width, 12)
      .moveTo(A5.width, A5.height - 12)
      .lineTo(A5.width, A5.height)
      .stroke()
      .undash()
      .restore();
  });
  return pdf.toBuffer();
}
