import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractZipEntry, readZipDirectory } from '../../src/server/documents/zip';

// Reading the bulletin's outputs back the way a person's tools would: poppler for PDF, the DOCX's
// own XML parts, LibreOffice for "does Word's format open", and multipart bodies for uploads.

export function pdfText(pdf: Buffer, layout = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulletin-pdf-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', join(dir, 'in.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type PdfBox = { page: number; top: number; left: number; width: number; height: number };
/** Text runs and images with their positions, from pdftohtml -xml (poppler). */
export function pdfBoxes(pdf: Buffer): { texts: Array<PdfBox & { text: string }>; images: PdfBox[]; pages: number } {
  const dir = mkdtempSync(join(tmpdir(), 'bulletin-xml-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const xml = execFileSync('pdftohtml', ['-xml', '-stdout', '-q', 'in.pdf', 'out'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const texts: Array<PdfBox & { text: string }> = [];
    const images: PdfBox[] = [];
    let page = 0;
    for (const line of xml.split('\n')) {
      const p = /<page number="(\d+)"/.exec(line);
      if (p) page = Number(p[1]);
      const attrs = (s: string) => ({
        page,
        top: Number(/top="([\d.-]+)"/.exec(s)![1]),
        left: Number(/left="([\d.-]+)"/.exec(s)![1]),
        width: Number(/width="([\d.-]+)"/.exec(s)![1]),
        height: Number(/height="([\d.-]+)"/.exec(s)![1]),
      });
      if (line.startsWith('<image ')) images.push(attrs(line));
      const t = /^<text [^>]*>(.*)<\/text>$/.exec(line);
      if (t)
        texts.push({
          ...attrs(line),
          text: t[1]
            .replace(/<[^>]+>/g, '')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&amp;/g, '&'),
        });
    }
    return { texts, images, pages: page };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One part of a DOCX (a zip), e.g. word/document.xml. */
export async function docxPart(docx: Buffer, name: string): Promise<string> {
  const entry = (await readZipDirectory(docx)).find((e) => e.name === name);
  if (!entry) throw new Error(`${name} not in the DOCX`);
  return (await extractZipEntry(docx, entry)).toString('utf8');
}
export const docxParts = async (docx: Buffer) => (await readZipDirectory(docx)).map((e) => e.name);

/** The text of each w:p paragraph with its style, in order. */
export function docxParagraphs(xml: string): Array<{ style: string | null; text: string; hasDrawing: boolean }> {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1] ?? null,
    text: [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((t) => t[1])
      .join('')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
    hasDrawing: m[0].includes('<w:drawing>'),
  }));
}

/** Converts with LibreOffice (its own profile per call, so parallel runs do not collide); returns the PDF. */
export function convertWithLibreOffice(data: Buffer, ext: 'docx'): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'bulletin-lo-'));
  try {
    writeFileSync(join(dir, `in.${ext}`), data);
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'out'), join(dir, `in.${ext}`)],
      { stdio: 'pipe', timeout: 180_000 },
    );
    const name = readdirSync(join(dir, 'out')).find((f) => f.endsWith('.pdf'));
    if (!name) throw new Error('LibreOffice produced no PDF');
    return readFileSync(join(dir, 'out', name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A multipart/form-data body with file parts, for app.inject. */
export function multipart(files: Array<{ name?: string; filename: string; data: Buffer; type?: string }>, fields: Record<string, string> = {}) {
  const boundary = `----cohort${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name ?? 'files'}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'image/jpeg'}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
