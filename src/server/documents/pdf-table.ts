import { type Align, drawLine, layoutMixed, type MixedLine, PDF_FONTS, type PdfDoc } from './pdf-text.js';

// ---------------------------------------------------------------------------------------------
// Tables

export interface TableColumn {
  key: string;
  header: string;
  /** Width in points; all columns are scaled down together if they do not fit the page. */
  width: number;
  align?: Align;
}

export interface TableOptions {
  columns: TableColumn[];
  rows: Array<Record<string, string | number | null | undefined>>;
  headerFill?: string;
  /** Minimum row height in points; rows with wrapped cells grow beyond it. */
  rowHeight?: number;
  /** Repeat the header row at the top of every page the table continues on. Default true. */
  repeatHeader?: boolean;
  fontSize?: number;
  padding?: number;
  borderColor?: string;
  /** Fill for every other data row. */
  zebraFill?: string;
  x?: number;
  y?: number;
}

interface CellLayout {
  lines: MixedLine[];
  height: number;
}

function layoutCell(doc: PdfDoc, text: string, fontSize: number, width: number, bold: boolean): CellLayout {
  const lines = layoutMixed(doc, text, fontSize, Math.max(width, 1), { bold });
  return { lines, height: lines.reduce((sum, l) => sum + l.ascent + l.descent, 0) };
}

/** Draws a bordered table that wraps long cells and continues across pages. Leaves doc.y below the table. */
export function drawTable(doc: PdfDoc, options: TableOptions): void {
  const fontSize = options.fontSize ?? 9;
  const padding = options.padding ?? 4;
  const border = options.borderColor ?? '#888888';
  const x0 = options.x ?? doc.page.margins.left;
  const available = doc.page.width - doc.page.margins.right - x0;
  const total = options.columns.reduce((sum, c) => sum + c.width, 0);
  const scale = total > available ? available / total : 1;
  const widths = options.columns.map((c) => c.width * scale);
  const minRow = options.rowHeight ?? 0;
  const repeatHeader = options.repeatHeader ?? true;

  const layoutRow = (texts: string[], bold: boolean) => {
    const cells = texts.map((t, i) => layoutCell(doc, t, fontSize, widths[i] - 2 * padding, bold));
    return { cells, height: Math.max(minRow, ...cells.map((c) => c.height + 2 * padding)) };
  };

  const drawRow = (row: ReturnType<typeof layoutRow>, y: number, fill: string | undefined, bold: boolean, aligns: Align[]) => {
    let cx = x0;
    if (fill)
      doc
        .save()
        .rect(
          x0,
          y,
          widths.reduce((a, b) => a + b, 0),
          row.height,
        )
        .fill(fill)
        .restore();
    row.cells.forEach((cell, i) => {
      let top = y + (row.height - cell.height) / 2;
      for (const line of cell.lines) {
        drawLine(doc, line, cx + padding, top, widths[i] - 2 * padding, aligns[i], fontSize, bold, '#000000');
        top += line.ascent + line.descent;
      }
      doc.save().lineWidth(0.5).strokeColor(border).rect(cx, y, widths[i], row.height).stroke().restore();
      cx += widths[i];
    });
  };

  const header = layoutRow(
    options.columns.map((c) => c.header),
    true,
  );
  const headerAligns = options.columns.map((): Align => 'center');
  const aligns = options.columns.map((c) => c.align ?? 'left');
  const top = () => doc.page.margins.top;
  const bottom = () => doc.page.maxY();

  let y = options.y ?? doc.y;
  const rows = options.rows.map((r) =>
    layoutRow(
      options.columns.map((c) => cellText(r[c.key])),
      false,
    ),
  );
  if (y + header.height + (rows[0]?.height ?? 0) > bottom() && y > top() + 1) {
    doc.addPage();
    y = top();
  }
  drawRow(header, y, options.headerFill ?? '#e8e8e8', true, headerAligns);
  y += header.height;

  rows.forEach((row, index) => {
    if (y + row.height > bottom()) {
      doc.addPage();
      y = top();
      if (repeatHeader) {
        drawRow(header, y, options.headerFill ?? '#e8e8e8', true, headerAligns);
        y += header.height;
      }
      const room = bottom() - y;
      if (row.height > room) truncateRow(row, room, padding);
    }
    drawRow(row, y, index % 2 === 1 ? options.zebraFill : undefined, false, aligns);
    y += row.height;
  });

  doc.font(PDF_FONTS.sans).fontSize(fontSize);
  doc.x = doc.page.margins.left;
  doc.y = y + fontSize * 0.5;
}

function cellText(value: string | number | null | undefined): string {
  return value == null ? '' : String(value);
}

// A row taller than a whole page cannot be split across pages without splitting lines of every
// cell in step; such rows are pathological for class documents, so cut them to fit instead.
function truncateRow(row: { cells: CellLayout[]; height: number }, room: number, padding: number): void {
  for (const cell of row.cells) {
    let dropped = false;
    while (cell.lines.length > 1 && cell.height + 2 * padding > room) {
      const line = cell.lines.pop();
      if (line) cell.height -= line.ascent + line.descent;
      dropped = true;
    }
    const last = cell.lines[cell.lines.length - 1];
    if (dropped && last) last.text = `${last.text.slice(0, -1)}…`;
  }
  row.height = room;
}
