import { AlignmentType, Document, Footer, Header, HeadingLevel, ImageRun, Packer, PageNumber, Paragraph, TextRun } from 'docx';

export type DocxBlock =
  | { kind: 'heading1' | 'heading2' | 'heading3' | 'paragraph'; text: string }
  | { kind: 'image'; data: Buffer /** Pixels at 96 dpi. */; width: number; height: number; caption?: string };

export interface DocxOptions {
  /** Stored in the document properties. */
  title: string;
  author?: string;
  runningHeader?: string;
  pageNumbers?: boolean;
  /**
   * Font for Chinese text (the w:eastAsia font). SimSun (宋体) ships with every Chinese Windows and
   * WPS, and LibreOffice maps it to an installed CJK font elsewhere.
   */
  eastAsiaFont?: string;
  /** Font for Latin text. */
  latinFont?: string;
  /** Indent the first line of body paragraphs by two characters, as Chinese documents do. Default true. */
  indentParagraphs?: boolean;
}

const BODY_SIZE = 24; // half-points: 12 pt (小四)
const HEADING_SIZES = { heading1: 32, heading2: 28, heading3: 26 } as const; // half-points: 16 pt (三号), 14 pt (四号), 13 pt
const HEADING_LEVELS = { heading1: HeadingLevel.HEADING_1, heading2: HeadingLevel.HEADING_2, heading3: HeadingLevel.HEADING_3 } as const;

function imageType(data: Buffer): 'png' | 'jpg' | 'gif' | 'bmp' {
  if (data.length >= 8 && data.readUInt32BE(0) === 0x89504e47) return 'png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
  if (data.subarray(0, 2).toString('latin1') === 'BM') return 'bmp';
  throw new Error('unsupported image format: use PNG, JPEG, GIF or BMP');
}

// Line breaks inside a block become soft breaks rather than being dropped.
function runs(text: string, extra: { size?: number; bold?: boolean; italics?: boolean } = {}): TextRun[] {
  return text.split(/\r?\n/).map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...extra }));
}

export async function writeDocx(blocks: DocxBlock[], options: DocxOptions): Promise<Buffer> {
  const font = {
    ascii: options.latinFont ?? 'Times New Roman',
    hAnsi: options.latinFont ?? 'Times New Roman',
    cs: options.latinFont ?? 'Times New Roman',
    eastAsia: options.eastAsiaFont ?? 'SimSun',
  };
  const headingStyle = (size: number) => ({
    run: { font, size, bold: true, color: '000000' },
    paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
  });

  const children = blocks.flatMap((block): Paragraph[] => {
    if (block.kind === 'image') {
      const image = new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: Boolean(block.caption),
        children: [new ImageRun({ type: imageType(block.data), data: block.data, transformation: { width: block.width, height: block.height } })],
      });
      if (!block.caption) return [image];
      return [image, new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: runs(block.caption, { size: 21 }) })];
    }
    if (block.kind === 'paragraph') {
      return [
        new Paragraph({
          indent: options.indentParagraphs === false ? undefined : { firstLine: BODY_SIZE * 20 },
          spacing: { after: 120, line: 360 },
          children: runs(block.text),
        }),
      ];
    }
    return [new Paragraph({ heading: HEADING_LEVELS[block.kind], children: runs(block.text) })];
  });

  const stampRun = { size: 18, font };
  const document = new Document({
    title: options.title,
    creator: options.author ?? 'Cohort',
    styles: {
      default: {
        document: { run: { font, size: BODY_SIZE, language: { value: 'en-US', eastAsia: 'zh-CN' } } },
        heading1: headingStyle(HEADING_SIZES.heading1),
        heading2: headingStyle(HEADING_SIZES.heading2),
        heading3: headingStyle(HEADING_SIZES.heading3),
      },
    },
    sections: [
      {
        headers: options.runningHeader
          ? {
              default: new Header({
                children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: options.runningHeader, ...stampRun })] })],
              }),
            }
          : undefined,
        footers: options.pageNumbers
          ? {
              default: new Footer({
                children: [
                  new Paragraph({
                    alignment: AlignmentType.CENTER,
                    children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], ...stampRun })],
                  }),
                ],
              }),
            }
          : undefined,
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
