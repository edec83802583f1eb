import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { displayWidth, neutraliseCell, sanitiseSheetName, type XlsxColumn, type XlsxValue } from './xlsx.js';

// A one-sheet .xlsx written as its rows arrive (ExcelJS's streaming WorkbookWriter): each row is
// committed to the zip stream and dropped, so a report of 200,000 people never sits in memory
// whole (issue 17). Column widths come from the column (or its header), as there are no rows to
// measure beforehand. Strings stay text and are neutralised against formula injection, as in
// writeXlsx.
export interface XlsxStreamSheet {
  name: string;
  title?: string;
  columns: XlsxColumn[];
  /** Batches of rows, in order. */
  rows: AsyncIterable<Array<Record<string, XlsxValue>>>;
}

export function streamXlsx(sheet: XlsxStreamSheet): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Cohort';
  workbook.created = new Date();
  const write = async () => {
    const ws = workbook.addWorksheet(sanitiseSheetName(sheet.name), {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      headerFooter: { oddFooter: '&C第 &P 页 / 共 &N 页' },
      views: [{ state: 'frozen', xSplit: 0, ySplit: sheet.title === undefined ? 1 : 2 }],
    });
    ws.columns = sheet.columns.map((c) => ({ key: c.key, width: c.width ?? Math.min(60, Math.max(8, displayWidth(c.header) + 2)) }));
    if (sheet.title !== undefined) {
      const title = ws.addRow([neutraliseCell(sheet.title)]);
      if (sheet.columns.length > 1) ws.mergeCells(1, 1, 1, sheet.columns.length);
      title.font = { bold: true, size: 14 };
      title.commit();
    }
    const header = ws.addRow(sheet.columns.map((c) => neutraliseCell(c.header)));
    header.font = { bold: true };
    header.commit();
    for await (const batch of sheet.rows) {
      for (const record of batch) {
        const row = ws.addRow(sheet.columns.map((c) => cellOf(record[c.key])));
        sheet.columns.forEach((c, i) => {
          const value = record[c.key];
          if (typeof value === 'string') row.getCell(i + 1).numFmt = '@';
          else if (typeof value === 'number' && c.numFmt) row.getCell(i + 1).numFmt = c.numFmt;
        });
        row.commit();
      }
    }
    ws.commit();
    await workbook.commit();
  };
  write().catch((e) => out.destroy(e));
  return out;
}

function cellOf(value: XlsxValue): ExcelJS.CellValue {
  if (value == null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  return neutraliseCell(value);
}
