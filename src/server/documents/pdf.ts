import PDFDocument from 'pdfkit';
import { parsedFont } from './fonts.js';

import { DEFAULT_FONT_SIZE, drawLine, layoutMixed, PDF_FONTS, type PdfDoc } from './pdf-text.js';

// PDF documents: A4 pages with the bundled fonts, running headers and page numbers. Text that
// mixes Chinese, Latin and Tibetan is laid out by pdf-text.ts, tables by pdf-table.ts; both are
// re-exported here, so documents import everything from this file.

export * from './pdf-table.js';
export * from './pdf-text.js';

export interface PdfMargins {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface PdfOptions {
  size?: 'A4' | 'A5';
  layout?: 'portrait' | 'landscape';
  margins?: Partial<PdfMargins>;
  title?: string;
  author?: string;
  subject?: string;
  /** Printed centred above the top margin of every page. */
  runningHeader?: string;
  /** Printed centred below the bottom margin of every page. */
  pageNumbers?: boolean;
  pageNumberFormat?: (page: number, total: number) => string;
  /** Default body size in points; 10.5 pt is the Chinese 五号 size used in official documents. */
  fontSize?: number;
  /**
   * Keep every page until the end (default true: needed for running headers and page numbers).
   * false writes each page out when the next begins, for long documents that need neither.
   */
  bufferPages?: boolean;
}

export interface PdfHandle {
  doc: PdfDoc;
  /** Width between the left and right margins, in points. */
  contentWidth: number;
  toBuffer(): Promise<Buffer>;
}

interface PageStamp {
  runningHeader?: string;
  pageNumbers: boolean;
  pageNumberFormat: (page: number, total: number) => string;
}

const DEFAULT_MARGINS: PdfMargins = { top: 64, bottom: 56, left: 50, right: 50 };
const STAMP_FONT_SIZE = 9;

// Stamps are applied when the document is serialised, because only then is the page count known.
const stamps = new WeakMap<PdfDoc, PageStamp>();

export function createPdf(options: PdfOptions = {}): PdfHandle {
  const margins = { ...DEFAULT_MARGINS, ...options.margins };
  const doc = new PDFDocument({
    size: options.size ?? 'A4',
    layout: options.layout ?? 'portrait',
    margins,
    bufferPages: options.bufferPages ?? true,
    lang: 'zh-CN',
    displayTitle: Boolean(options.title),
    // PDFKit hashes every info entry, so absent ones must be left out rather than undefined.
    info: Object.fromEntries(
      Object.entries({ Title: options.title, Author: options.author, Subject: options.subject, Creator: 'Cohort' }).filter(([, v]) => v !== undefined),
    ),
  });
  // Parsed fonts are shared across documents (see parsedFont); PDFKit's types only name bytes.
  doc.registerFont(PDF_FONTS.sans, parsedFont('sans') as never);
  doc.registerFont(PDF_FONTS.sansBold, parsedFont('sansBold') as never);
  doc.registerFont(PDF_FONTS.tibetan, parsedFont('tibetan') as never);
  doc.registerFont(PDF_FONTS.tibetanBold, parsedFont('tibetanBold') as never);
  doc.font(PDF_FONTS.sans).fontSize(options.fontSize ?? DEFAULT_FONT_SIZE);
  stamps.set(doc, {
    runningHeader: options.runningHeader,
    pageNumbers: options.pageNumbers ?? false,
    pageNumberFormat: options.pageNumberFormat ?? ((page, total) => `${page} / ${total}`),
  });
  return {
    doc,
    contentWidth: doc.page.width - margins.left - margins.right,
    toBuffer: () => pdfToBuffer(doc),
  };
}

/** Applies running headers and page numbers (for documents from createPdf), ends the document and collects its bytes. */
export function pdfToBuffer(doc: PdfDoc): Promise<Buffer> {
  const stamp = stamps.get(doc);
  if (stamp) {
    stamps.delete(doc);
    stampPages(doc, stamp);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

function stampPages(doc: PdfDoc, stamp: PageStamp): void {
  if (!stamp.runningHeader && !stamp.pageNumbers) return;
  if (!doc.options.bufferPages) throw new Error('running headers and page numbers need bufferPages');
  const range = doc.bufferedPageRange();
  const headerLine = stamp.runningHeader ? layoutMixed(doc, stamp.runningHeader, STAMP_FONT_SIZE, Number.POSITIVE_INFINITY)[0] : undefined;
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const page = doc.page;
    const width = page.width - page.margins.left - page.margins.right;
    if (headerLine) {
      const lineHeight = headerLine.ascent + headerLine.descent;
      const top = Math.max(8, page.margins.top - lineHeight - 10);
      drawLine(doc, headerLine, page.margins.left, top, width, 'center', STAMP_FONT_SIZE, false, '#555555');
      const ruleY = top + lineHeight + 3;
      doc
        .save()
        .lineWidth(0.5)
        .strokeColor('#999999')
        .moveTo(page.margins.left, ruleY)
        .lineTo(page.width - page.margins.right, ruleY)
        .stroke()
        .restore();
    }
    if (stamp.pageNumbers) {
      const line = layoutMixed(doc, stamp.pageNumberFormat(i + 1, range.count), STAMP_FONT_SIZE, Number.POSITIVE_INFINITY)[0];
      if (line) {
        const top = page.height - page.margins.bottom + Math.max(4, (page.margins.bottom - (line.ascent + line.descent)) / 2);
        drawLine(doc, line, page.margins.left, top, width, 'center', STAMP_FONT_SIZE, false, '#555555');
      }
    }
  }
}
