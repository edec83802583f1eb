// Roster workbooks written by the tools offices (and their IT people) really use: SheetJS,
// LibreOffice, openpyxl and ExcelJS. Each writer gets the same rows; a cell is text unless it is
// given as a number, as a user typing into a General column would leave it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { csv } from './roster-io-files';

export type ToolCell = string | number;

/** The instructions sheet offices put before the roster. */
export const INSTRUCTIONS: ToolCell[][] = [['填表说明'], ['姓名', '必填，与身份证一致'], ['身份证号', '请将该列设为文本格式']];

export const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;
/**
 * A Python that has openpyxl: Debian's python3-openpyxl lives in /usr/bin/python3's packages, and
 * a python3 earlier on the PATH (pyenv, a virtualenv) does not see it.
 */
export const openpyxlPython =
  ['python3', '/usr/bin/python3'].find((python) => spawnSync(python, ['-c', 'import openpyxl'], { encoding: 'utf8' }).status === 0) ?? null;
export const hasOpenpyxl = openpyxlPython !== null;

function inTempDir<T>(prefix: string, f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** SheetJS: instructions first, text cells typed `s` with the text format, a comment on the name heading. */
export function sheetjsWorkbook(rows: ToolCell[][], options: { sharedStrings: boolean }): Buffer {
  const toCells = (data: ToolCell[][]) => data.map((r) => r.map((v) => (typeof v === 'number' ? { t: 'n', v } : { t: 's', v, z: '@' })));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(toCells(INSTRUCTIONS)), '填表说明');
  const ws = XLSX.utils.aoa_to_sheet(toCells(rows));
  const nameCol = rows[0].indexOf('姓名');
  const address = XLSX.utils.encode_cell({ r: 0, c: nameCol });
  ws[address].c = [{ a: '教务处', t: '与身份证一致' }];
  XLSX.utils.book_append_sheet(wb, ws, '学员名单');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: options.sharedStrings, compression: true }) as Buffer;
}

/**
 * LibreOffice Calc opening a CSV and saving it as .xlsx. With `textColumns` every column is
 * imported as text (the CSV filter's column types); without, Calc recognises numbers itself, as a
 * user double-clicking the CSV gets: an 18-digit ID becomes a number with its last digits lost.
 */
export function libreOfficeWorkbook(rows: ToolCell[][], options: { textColumns: boolean }): Buffer {
  return inTempDir('cohort-lo-import-', (dir) => {
    const input = join(dir, 'roster.csv');
    writeFileSync(input, csv(rows, 'utf8'));
    const columns = options.textColumns ? rows[0].map((_, i) => `${i + 1}/2`).join('/') : '';
    const filter = `CSV:44,34,76,1${columns ? `,${columns}` : ''}`;
    const r = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore', `--infilter=${filter}`, '--convert-to', 'xlsx', '--outdir', dir, input],
      { encoding: 'utf8', timeout: 120_000, env: { ...process.env, HOME: dir } },
    );
    if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
    return readFileSync(join(dir, 'roster.xlsx'));
  });
}

/** openpyxl: instructions first, text cells with the `@` format, a comment on the heading (ExcelJS refuses such files). */
export function openpyxlWorkbook(rows: ToolCell[][]): Buffer {
  const script = `
import json, sys, openpyxl
from openpyxl.comments import Comment
info, rows = json.loads(sys.argv[2])
wb = openpyxl.Workbook()
ws0 = wb.active
ws0.title = '填表说明'
for r in info:
    ws0.append(r)
ws = wb.create_sheet('学员名单')
for r in rows:
    ws.append(r)
for row in ws.iter_rows():
    for c in row:
        if isinstance(c.value, str):
            c.number_format = '@'
ws.cell(row=1, column=rows[0].index('姓名') + 1).comment = Comment('与身份证一致', '教务处')
ws.freeze_panes = 'A2'
wb.save(sys.argv[1])
`;
  return inTempDir('cohort-openpyxl-', (dir) => {
    const out = join(dir, 'roster.xlsx');
    if (!openpyxlPython) throw new Error('no Python with openpyxl');
    const r = spawnSync(openpyxlPython, ['-c', script, out, JSON.stringify([INSTRUCTIONS, rows])], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openpyxl failed: ${r.stderr}`);
    return readFileSync(out);
  });
}

/** ExcelJS as an office's own tool would use it: styled bold heading, rich-text names, a note, a frozen pane, data validation. */
export async function exceljsWorkbook(rows: ToolCell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '教务处';
  const info = wb.addWorksheet('填表说明');
  for (const r of INSTRUCTIONS) info.addRow(r);
  const ws = wb.addWorksheet('学员名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  const nameCol = rows[0].indexOf('姓名') + 1;
  rows.forEach((row, r) => {
    row.forEach((value, c) => {
      const cell = ws.getCell(r + 1, c + 1);
      if (typeof value === 'number') cell.value = value;
      else if (r > 0 && c + 1 === nameCol && value.length > 1) {
        // A name typed with part of it in bold: rich text in the shared strings.
        cell.value = { richText: [{ text: value.slice(0, 1), font: { bold: true } }, { text: value.slice(1) }] };
        cell.numFmt = '@';
      } else {
        cell.value = value;
        cell.numFmt = '@';
      }
      if (r === 0) cell.font = { bold: true };
    });
  });
  ws.getCell(1, nameCol).note = '与身份证一致';
  const genderCol = rows[0].indexOf('性别') + 1;
  if (genderCol > 0) for (let r = 2; r <= rows.length; r++) ws.getCell(r, genderCol).dataValidation = { type: 'list', allowBlank: true, formulae: ['"男,女"'] };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
