import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  TabStopPosition,
  TabStopType,
  TextRun,
} from 'docx';
import { chineseDate, type Inline, type RenderBlock, type RenderBulletin, type RichBlock } from './model';

// The bulletin as Word (DOCX): the same structure as the PDF with real headings (Heading 1 for
// 【sections】, Heading 2 for numbered items) so Word's navigation pane and LibreOffice both show
// the outline. Built with the docx package directly because bulletins need inline bold/italic
// runs and lists, which documents/docx.ts's block writer does not model. Text goes into runs
// (the package escapes XML); nothing from the user is ever written as markup.

export type DocxImage = { data: Buffer; width: number; height: number };

const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimSun', cs: 'Microsoft Himalaya' };
const BODY = 24; // half-points: 12 pt (小四)
const RED = 'C00000';

function runsOf(inlines: Inline[], extra: { size?: number } = {}): TextRun[] {
  const out: TextRun[] = [];
  let pendingBreak = 0;
  for (const x of inlines) {
    if ('br' in x) {
      pendingBreak += 1;
      continue;
    }
    out.push(new TextRun({ text: x.text, bold: x.bold, italics: x.italic, break: pendingBreak || undefined, ...extra }));
    pendingBreak = 0;
  }
  return out;
}

function richParagraphs(blocks: RichBlock[]): Paragraph[] {
  return blocks.flatMap((b) => {
    if (b.kind === 'p') return [new Paragraph({ indent: { firstLine: 480 }, spacing: { after: 120, line: 360 }, children: runsOf(b.inlines) })];
    return b.items.map(
      (item, n) =>
        new Paragraph({
          indent: { left: 720, hanging: 360 },
          spacing: { after: 60, line: 360 },
          children: [new TextRun({ text: b.ordered ? `${n + 1}.\t` : '•\t' }), ...runsOf(item)],
          tabStops: [{ type: TabStopType.LEFT, position: 720 }],
        }),
    );
  });
}

export async function renderBulletinDocx(b: RenderBulletin, images: Map<number, DocxImage>): Promise<Buffer> {
  const blocks = (list: RenderBlock[]): Paragraph[] =>
    list.flatMap((block) => {
      if (block.type === 'rich') return richParagraphs(block.blocks);
      if (block.type === 'speech') {
        const who = [new TextRun({ text: block.speaker, bold: true })];
        if (block.role) who.push(new TextRun({ text: `（${block.role}）` }));
        return [new Paragraph({ spacing: { before: 120, after: 60 }, keepNext: true, children: who }), ...richParagraphs(block.summary)];
      }
      const img = images.get(block.photo.id);
      if (!img) return [];
      // Pixels at 96 dpi: at most 15 cm wide and 10 cm high.
      const scale = Math.min(567 / img.width, 378 / img.height, 1);
      const picture = new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 120, after: 60 },
        keepNext: Boolean(block.caption),
        children: [
          new ImageRun({ type: 'jpg', data: img.data, transformation: { width: Math.round(img.width * scale), height: Math.round(img.height * scale) } }),
        ],
      });
      if (!block.caption) return [picture];
      return [
        picture,
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 200 },
          children: [new TextRun({ text: block.caption, size: 20, color: '333333' })],
        }),
      ];
    });

  const body: Paragraph[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: '简　报', bold: true, size: 60, color: RED })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 160 }, children: [new TextRun({ text: `第 ${b.issueNumber} 期`, size: 26 })] }),
    new Paragraph({
      tabStops: [{ type: TabStopType.RIGHT, position: TabStopPosition.MAX }],
      border: { bottom: { style: BorderStyle.THICK_THIN_SMALL_GAP, size: 18, color: RED, space: 4 } },
      spacing: { after: 360 },
      children: [new TextRun({ text: b.organizer ?? '', size: 21 }), new TextRun({ text: `\t${chineseDate(b.issueDate)}`, size: 21 })],
    }),
  ];
  for (const section of b.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(section.title)] }));
    body.push(...blocks(section.intro));
    for (const item of section.items) {
      body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${item.number}. ${item.heading}`)] }));
      body.push(...blocks(item.blocks));
    }
  }

  const stamp = { size: 18, color: '555555' };
  const document = new Document({
    title: `${b.title} 简报 第${b.issueNumber}期`,
    creator: b.organizer ?? 'Cohort',
    styles: {
      default: {
        document: { run: { font: FONT, size: BODY, language: { value: 'en-US', eastAsia: 'zh-CN' } } },
        heading1: { run: { font: FONT, size: 30, bold: true, color: '000000' }, paragraph: { spacing: { before: 360, after: 180 }, keepNext: true } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '000000' }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1200, left: 1247, right: 1247 } } },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: '999999', space: 2 } },
                children: [new TextRun({ text: b.title, ...stamp })],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页 / 共 ', PageNumber.TOTAL_PAGES, ' 页'], ...stamp })],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document);
}
