// Roster files for the import tests, built in memory: workbooks as offices send them, CSV in
// UTF-8 and GBK, and hostile variants.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A valid mainland ID number: region, birth date, sequence (odd = male), check digit. */
export function idNumber(seq: number, options: { birth?: string; region?: string; gender?: 'male' | 'female' } = {}): string {
  const region = options.region ?? '540102';
  const birth = options.birth ?? '19800101';
  let s = seq % 1000;
  if (options.gender === 'male' && s % 2 === 0) s = (s + 1) % 1000;
  if (options.gender === 'female' && s % 2 === 1) s = (s + 1) % 1000;
  const body = `${region}${birth}${String(s).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + CHECK[sum % 11];
}

/** The same number with a wrong last character. */
export const withWrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

/** A valid-looking mobile number. */
export const mobile = (n: number) => `139${String(n).padStart(8, '0')}`;

export type Cell = string | number | null | { formula: string; result?: string | number };

/** A workbook whose first sheet holds the rows as given; strings are stored as text. */
export async function workbook(
  rows: Cell[][],
  options: { sheetName?: string; merge?: string[]; extraSheets?: Array<{ name: string; rows: Cell[][] }> } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const add = (name: string, data: Cell[][]) => {
    const ws = wb.addWorksheet(name);
    data.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value === null) return;
        const cell = ws.getCell(r + 1, c + 1);
        if (typeof value === 'object') cell.value = value.result === undefined ? { formula: value.formula } : { formula: value.formula, result: value.result };
        else {
          cell.value = value;
          if (typeof value === 'string') cell.numFmt = '@';
        }
      });
    });
    return ws;
  };
  const ws = add(options.sheetName ?? '学员名单', rows);
  for (const range of options.merge ?? []) ws.mergeCells(range);
  for (const s of options.extraSheets ?? []) add(s.name, s.rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** CSV text of the rows, quoted where needed, in UTF-8 (with BOM, as Excel writes it) or GBK. */
export function csv(rows: Array<Array<string | number>>, encoding: 'utf8' | 'utf8-bom' | 'gbk' = 'utf8-bom'): Buffer {
  const text = `${rows.map((r) => r.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',')).join('\r\n')}\r\n`;
  if (encoding === 'gbk') return iconv.encode(text, 'gbk');
  return encoding === 'utf8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) : Buffer.from(text);
}

/** What a password-protected .xlsx looks like from outside: an OLE compound file with an EncryptedPackage stream. */
export function encryptedWorkbook(): Buffer {
  const ole = Buffer.alloc(8192);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
  Buffer.from('EncryptionInfo', 'utf16le').copy(ole, 1024);
  Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 1152);
  return ole;
}

export const HEADERS = ['姓名', '藏文名', '性别', '民族', '工作单位', '职务', '职级', '手机', '身份证号', '组别', '备注'];
