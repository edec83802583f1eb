import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createPdf, noBreak, noBreakNoSpread, type PdfDoc, pdfToBuffer, writeMixed } from '../../documents/pdf';
import { qrModules } from '../../documents/qr';

// The 结业证书 as an A4 landscape page: the institution's logo, title, body text, issuer, date, the
// institution's seal over them as stamped (or, without an uploaded seal, a drawn placeholder, never
// an imitation of a real seal), serial number and a QR code that opens the public verification page. Text goes through writeMixed so that Chinese and Tibetan are shaped
// by the bundled fonts and stay extractable.

export type CertificateFace = {
  serial: string;
  name: string;
  nameBo: string | null;
  /** The certificate's text as issued (see contracts/certificate-text.ts), and its Tibetan line. */
  body: string;
  tibetan: string | null;
  issuerName: string;
  issuedOn: string;
  verifyUrl: string;
  /** Printed across the page when the certificate is no longer valid. */
  status: 'valid' | 'revoked' | 'replaced';
  /** A preview of the wording: marked 样张 SPECIMEN across the page. */
  specimen?: boolean;
  /** The institution's logo (top centre) and seal (over the issuer and date), when it has them. */
  images?: FaceImages;
};

/** An image to print: PNG or JPEG bytes and its size in pixels. */
export type FaceImage = { data: Uint8Array; width: number; height: number };
export type FaceImages = { logo?: FaceImage; seal?: FaceImage };

const RED = '#a8201a';
const GOLD = '#b8912f';
const INK = '#1a1a1a';

const CN_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 2020-10-26 → 二〇二〇年十月二十六日, as dates are written on certificates. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const year = String(y)
    .split('')
    .map((c) => CN_DIGITS[Number(c)])
    .join('');
  const small = (n: number) => {
    if (n < 10) return CN_DIGITS[n];
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens === 1 ? '' : CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`;
  };
  return `${year}年${small(m)}月${small(d)}日`;
}

/**
 * Glues what must not be split across lines: a date (2020年10月12日, 10月26日), a number and its
 * unit (2020年, 55学时) and the holder's name with the Tibetan name beside it, so a line breaks
 * only between them. Names are glued rigidly: justification spreads the rest of the line, not them.
 */
export function glueText(text: string, name: string, nameBo: string | null): string {
  let out = text.replace(/(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日/g, noBreak).replace(/\d+(?:\.\d+)?\s*(?:年|月|日|学时)/g, noBreak);
  const names = nameBo ? [`${name}（${nameBo}）`, nameBo, name] : [name];
  // Longest first, and each place once: the full name block, then a name on its own.
  for (const n of names) out = out.split(n).join(noBreakNoSpread(n));
  return out;
}

function drawQr(doc: PdfDoc, text: string, x: number, y: number, size: number) {
  const modules = qrModules(text);
  const n = modules.length;
  const cell = size / n;
  doc.save().fillColor('#000000');
  // One rectangle per horizontal run of dark modules keeps the page small.
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!modules[r][c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && modules[r][c]) c++;
      doc.rect(x + start * cell, y + r * cell, (c - start) * cell, cell);
    }
  }
  doc.fill().restore();
}

// Each image is embedded once per document, however many pages show it (PDFKit would embed bytes
// passed to doc.image() again on every page).
// (openImage is PDFKit's, missing from its type definitions.)
type OpenedImage = { width: number; height: number };
const opened = new WeakMap<PdfDoc, Map<Uint8Array, OpenedImage>>();

/** Draws the image as large as fits the box, centred on (cx, cy), keeping its proportions. */
function drawImage(doc: PdfDoc, image: FaceImage, box: { cx: number; cy: number; width: number; height: number }) {
  let images = opened.get(doc);
  if (!images) {
    images = new Map();
    opened.set(doc, images);
  }
  let pdfImage = images.get(image.data);
  if (!pdfImage) {
    // Bytes that crossed to a worker thread arrive as a plain Uint8Array; PDFKit wants a Buffer.
    const bytes = Buffer.isBuffer(image.data) ? image.data : Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    pdfImage = (doc as unknown as { openImage(src: Buffer): OpenedImage }).openImage(bytes);
    images.set(image.data, pdfImage);
  }
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  doc.image(pdfImage as never, box.cx - w / 2, box.cy - h / 2, { width: w, height: h });
}

/** Draws one certificate on the current page of doc. */
export function drawCertificate(doc: PdfDoc, c: CertificateFace) {
  const W = doc.page.width;
  const H = doc.page.height;
  doc
    .save()
    .lineWidth(3)
    .strokeColor(RED)
    .rect(18, 18, W - 36, H - 36)
    .stroke()
    .restore();
  doc
    .save()
    .lineWidth(0.8)
    .strokeColor(GOLD)
    .rect(27, 27, W - 54, H - 54)
    .stroke()
    .restore();

  writeMixed(doc, `证书编号：${c.serial}`, { x: 60, y: 44, width: W - 120, fontSize: 11, align: 'right', color: INK });
  // The logo sits above the title, which moves down a little to make room.
  const logo = c.images?.logo;
  if (logo) drawImage(doc, logo, { cx: W / 2, cy: 56, width: 200, height: 42 });
  writeMixed(doc, '结 业 证 书', { x: 60, y: logo ? 82 : 74, width: W - 120, fontSize: 46, bold: true, align: 'center', color: RED });

  const left = 108;
  const width = W - 2 * left;
  writeMixed(doc, `\u3000\u3000${glueText(c.body, c.name, c.nameBo)}`, { x: left, y: 178, width, fontSize: 20, lineGap: 14, color: INK, align: 'justify' });
  writeMixed(doc, '\u3000\u3000特发此证。', { x: left, y: doc.y + 6, width, fontSize: 20, color: INK });
  // The Tibetan line of a bilingual certificate, shaped by the bundled Tibetan font like the names.
  if (c.tibetan) writeMixed(doc, glueText(c.tibetan, c.name, c.nameBo), { x: left, y: doc.y + 10, width, fontSize: 17, lineGap: 4, color: INK });

  // Issuer and date, right of centre, with the seal area over them as a stamped seal would be.
  const blockX = W - 108 - 260;
  writeMixed(doc, c.issuerName, { x: blockX, y: H - 150, width: 260, fontSize: 18, align: 'center', color: INK });
  writeMixed(doc, chineseDate(c.issuedOn), { x: blockX, y: H - 118, width: 260, fontSize: 16, align: 'center', color: INK });
  const sealX = blockX + 130;
  const sealY = H - 128;
  // A seal is stamped over the issuer and date; its transparent parts let the text show through.
  if (c.images?.seal) drawImage(doc, c.images.seal, { cx: sealX, cy: sealY, width: 118, height: 118 });
  else {
    doc.save().lineWidth(1.2).dash(4, { space: 3 }).strokeColor(RED).circle(sealX, sealY, 52).stroke().undash().restore();
    writeMixed(doc, '印章', { x: sealX - 40, y: sealY - 47, width: 80, fontSize: 9, align: 'center', color: RED });
  }

  // QR code and how to verify, bottom left.
  const qrSize = 92;
  const qrX = 64;
  const qrY = H - 64 - qrSize;
  drawQr(doc, c.verifyUrl, qrX, qrY, qrSize);
  writeMixed(doc, '扫码验证证书真伪', { x: qrX + qrSize + 10, y: qrY + 34, width: 200, fontSize: 10, color: INK });
  writeMixed(doc, 'Scan to verify', { x: qrX + qrSize + 10, y: qrY + 52, width: 200, fontSize: 9, color: '#555555' });

  if (c.status !== 'valid' || c.specimen) {
    const label = c.specimen ? '样张 SPECIMEN' : c.status === 'revoked' ? '已撤销 REVOKED' : '已换发 REPLACED';
    doc.save().rotate(-20, { origin: [W / 2, H / 2] });
    writeMixed(doc, label, { x: 0, y: H / 2 - 40, width: W, fontSize: 64, bold: true, align: 'center', color: '#d04040' });
    doc.restore();
  }
}

const pdfOptions = (title: string) => ({
  layout: 'landscape' as const,
  margins: { top: 30, bottom: 20, left: 40, right: 40 },
  title,
  author: undefined as string | undefined,
});

/** One certificate as a PDF file. */
export async function certificatePdf(c: CertificateFace): Promise<Buffer> {
  const { doc } = createPdf({ ...pdfOptions(`结业证书 ${c.serial}`), author: c.issuerName });
  drawCertificate(doc, c);
  return pdfToBuffer(doc);
}

/**
 * Many certificates as one PDF, a page each (for printing a whole class). Pages are written out as
 * they are finished (not buffered to the end, which would serialise thousands of pages in one go),
 * and the event loop gets a turn after each page.
 */
export async function certificatesPdf(faces: CertificateFace[], onPage?: (done: number) => Promise<void> | void): Promise<Buffer> {
  const { doc } = createPdf({ ...pdfOptions(`结业证书（${faces.length}份）`), author: faces[0]?.issuerName, bufferPages: false });
  for (const [i, face] of faces.entries()) {
    if (i > 0) doc.addPage();
    drawCertificate(doc, face);
    await onPage?.(i + 1);
    await yieldToEventLoop();
  }
  return pdfToBuffer(doc);
}
