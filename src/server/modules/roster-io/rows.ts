import {
  checkDocumentNumber,
  type IdType,
  type ImportField,
  isMobilePhone,
  normaliseAnyPhone,
  normaliseDocumentNumber,
  normaliseNameDots,
  normalisePhone,
} from '../../../contracts';
import type { ColumnMapping } from './headers';

// Reading one spreadsheet row into person fields, and the checks that need nothing but the file.
// Checks that need the database (existing people, groups, enrolments) live in the service.

export type Severity = 'error' | 'warning' | 'info';
export type RowProblem = { field: ImportField | null; code: string; severity: Severity; params?: Record<string, string | number> };

export type ImportRow = {
  rowNumber: number;
  name: string;
  nameBo: string | null;
  nameLatin: string | null;
  gender: 'male' | 'female' | null;
  ethnicity: string | null;
  workUnit: string | null;
  position: string | null;
  rank: string | null;
  phone: string | null;
  officePhone: string | null;
  /** The document type (mainland ID unless a 证件类型 column says otherwise). */
  idType: IdType;
  /** Normalised (upper-case X) but possibly invalid; null when the cell is empty. */
  idNumber: string | null;
  idNumberValid: boolean;
  group: string | null;
  role: 'member' | 'group_leader';
  notes: string | null;
  problems: RowProblem[];
};

/** The same limits as PersonFields in the contracts (and the database columns behind them). */
export const MAX_LENGTH: Partial<Record<ImportField, number>> = {
  name: 100,
  nameBo: 200,
  nameLatin: 200,
  ethnicity: 50,
  workUnit: 200,
  position: 100,
  rank: 50,
  group: 50,
  notes: 2000,
};

const ETHNIC_GROUPS = new Set(
  (
    '汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 ' +
    '水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 ' +
    '俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族'
  ).split(' '),
);

const HAN = /\p{Script=Han}/u;
const TIBETAN = /[\u0F00-\u0FFF]/;

/** Trims, turns ideographic spaces into spaces and collapses runs of them. */
const clean = (s: string) =>
  s
    .replace(/\u3000/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Names as people write them, minus the padding spreadsheets add: "张　三" is aligned 张三, while
 * "Tenzin Norbu" keeps its space. Spaces between two Han characters go.
 */
export function cleanName(s: string): string {
  const c = normaliseNameDots(clean(s));
  return c.replace(/(\p{Script=Han}) (?=\p{Script=Han})/gu, '$1');
}

export function parseGender(raw: string): 'male' | 'female' | null | 'invalid' {
  const v = raw.normalize('NFKC').trim().toLowerCase();
  if (!v) return null;
  if (['男', '男性', 'male', 'm'].includes(v)) return 'male';
  if (['女', '女性', 'female', 'f'].includes(v)) return 'female';
  return 'invalid';
}

export function parseRole(raw: string): 'member' | 'group_leader' | 'invalid' {
  const v = raw.normalize('NFKC').trim().toLowerCase();
  if (['', '组员', '成员', '学员', '否', 'n', 'no', 'member'].includes(v)) return 'member';
  if (['组长', '是', 'y', 'yes', '√', '✓', '✔', 'leader', 'group_leader'].includes(v)) return 'group_leader';
  return 'invalid';
}

const ID_TYPE_NAMES: Record<string, IdType> = {
  身份证: 'resident_id',
  居民身份证: 'resident_id',
  二代身份证: 'resident_id',
  港澳台居民居住证: 'resident_id',
  港澳居民居住证: 'resident_id',
  台湾居民居住证: 'resident_id',
  港澳居民来往内地通行证: 'hk_macao_permit',
  回乡证: 'hk_macao_permit',
  港澳居民往来内地通行证: 'hk_macao_permit',
  台湾居民来往大陆通行证: 'taiwan_permit',
  台胞证: 'taiwan_permit',
  护照: 'passport',
  中国护照: 'passport',
  外国护照: 'passport',
  passport: 'passport',
};

/** The 证件类型 cell as a document type; empty means the mainland ID. */
export function parseIdType(raw: string): IdType | 'invalid' {
  const v = raw.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (!v) return 'resident_id';
  return ID_TYPE_NAMES[v] ?? 'invalid';
}

/** "藏" → "藏族"; anything not one of the 56 recognised groups is kept as written. */
export function normaliseEthnicity(raw: string): string {
  const v = clean(raw);
  if (!v || ETHNIC_GROUPS.has(v)) return v;
  if (ETHNIC_GROUPS.has(`${v}族`)) return `${v}族`;
  return v;
}

/** The 17th digit of a mainland ID number is odd for men and even for women. */
export const genderOfIdNumber = (id: string): 'male' | 'female' => (Number(id[16]) % 2 === 1 ? 'male' : 'female');

/** Builds the row's values from its cells; null when none of the recognised columns holds anything. */
export function readRow(
  rowNumber: number,
  cells: string[],
  mapping: ColumnMapping,
  formulaCols: Set<number>,
  numericCols: Set<number> = new Set(),
): ImportRow | null {
  const problems: RowProblem[] = [];
  const cell = (field: ImportField) => {
    const i = mapping.indexOf[field];
    return i === undefined ? '' : (cells[i] ?? '');
  };
  const storedAsNumber = (field: ImportField) => {
    const i = mapping.indexOf[field];
    return i !== undefined && numericCols.has(i);
  };
  const recognised = Object.values(mapping.indexOf).some((i) => (cells[i!] ?? '').trim() !== '');
  if (!recognised) return null;

  // Formula cells arrive with their cached result; one without a result cannot be trusted.
  for (const [field, i] of Object.entries(mapping.indexOf) as Array<[ImportField, number]>) {
    if (!formulaCols.has(i)) continue;
    if ((cells[i] ?? '').trim() === '') problems.push({ field, code: 'cell.formula_no_value', severity: 'error' });
    else problems.push({ field, code: 'cell.formula', severity: 'warning' });
  }

  const text = (field: ImportField, value: string) => {
    const max = MAX_LENGTH[field];
    if (max && [...value].length > max) problems.push({ field, code: 'too_long', severity: 'error', params: { max } });
    return value || null;
  };

  const name = cleanName(cell('name'));
  if (!name) problems.push({ field: 'name', code: 'required', severity: 'error' });
  text('name', name);

  const nameBo = text('nameBo', clean(cell('nameBo')));
  if (nameBo && !TIBETAN.test(nameBo)) problems.push({ field: 'nameBo', code: 'name_bo.not_tibetan', severity: 'warning' });

  const genderRaw = cell('gender');
  const parsedGender = parseGender(genderRaw);
  if (parsedGender === 'invalid') problems.push({ field: 'gender', code: 'gender.invalid', severity: 'error', params: { value: clean(genderRaw) } });
  const gender = parsedGender === 'invalid' ? null : parsedGender;

  let phone: string | null = null;
  let officePhone: string | null = null;
  const phoneRaw = clean(cell('phone').normalize('NFKC'));
  if (phoneRaw) {
    const candidate = normalisePhone(phoneRaw.replace(/[()（）.]/g, ''));
    const any = normaliseAnyPhone(phoneRaw);
    // A number cell drops leading zeros and digits past the 15th: only an intact mobile survives.
    if (storedAsNumber('phone') && !(/^\d{11}$/.test(phoneRaw) && isMobilePhone(candidate)))
      problems.push({ field: 'phone', code: 'phone.stored_as_number', severity: 'error', params: { value: phoneRaw } });
    else if (any?.kind === 'mobile') phone = any.value;
    // 联系电话 holds whichever the office wrote: a landline goes to the office phone.
    else if (any?.kind === 'landline') officePhone = any.value;
    else problems.push({ field: 'phone', code: 'phone.format_value', severity: 'error', params: { value: phoneRaw } });
  }
  const officeRaw = clean(cell('officePhone').normalize('NFKC'));
  if (officeRaw) {
    const any = normaliseAnyPhone(officeRaw);
    if (storedAsNumber('officePhone')) problems.push({ field: 'officePhone', code: 'phone.stored_as_number', severity: 'error', params: { value: officeRaw } });
    else if (!any) problems.push({ field: 'officePhone', code: 'office_phone.format_value', severity: 'error', params: { value: officeRaw } });
    else if (officePhone && officePhone !== any.value)
      problems.push({ field: 'officePhone', code: 'office_phone.two', severity: 'error', params: { value: officeRaw, other: officePhone } });
    else officePhone = any.value;
  }

  const typeRaw = clean(cell('idType'));
  const parsedType = parseIdType(typeRaw);
  if (parsedType === 'invalid') problems.push({ field: 'idType', code: 'id_type.invalid', severity: 'error', params: { value: typeRaw } });
  const idType: IdType = parsedType === 'invalid' ? 'resident_id' : parsedType;

  let idNumber: string | null = null;
  let idNumberValid = false;
  const idRaw = normaliseDocumentNumber(cell('idNumber'));
  if (idRaw) {
    idNumber = idRaw;
    // Never trusted, whatever its check digit: about 1 in 11 damaged numbers still passes it.
    if (storedAsNumber('idNumber')) problems.push({ field: 'idNumber', code: 'id_number.stored_as_number', severity: 'error' });
    else if (/^\d(\.\d+)?E\+?\d+$/.test(idRaw)) problems.push({ field: 'idNumber', code: 'id_number.scientific', severity: 'error' });
    else if (parsedType !== 'invalid') {
      const check = checkDocumentNumber(idType, idRaw);
      if (check === 'ok') idNumberValid = true;
      else
        problems.push({
          field: 'idNumber',
          code: check === 'document.format' ? `document.format.${idType}` : check,
          severity: 'error',
          params: { value: idRaw },
        });
    }
  }
  if (idNumberValid && idType === 'resident_id' && gender && genderOfIdNumber(idNumber!) !== gender) {
    problems.push({
      field: 'gender',
      code: 'gender.mismatch_id',
      severity: 'warning',
      params: { expected: genderOfIdNumber(idNumber!) === 'male' ? '男' : '女' },
    });
  }

  const group = text('group', clean(cell('group')));
  const roleRaw = cell('role');
  const parsedRole = parseRole(roleRaw);
  if (parsedRole === 'invalid') problems.push({ field: 'role', code: 'role.invalid', severity: 'error', params: { value: clean(roleRaw) } });
  const role = parsedRole === 'group_leader' ? 'group_leader' : 'member';
  if (role === 'group_leader' && !group) problems.push({ field: 'role', code: 'role.needs_group', severity: 'error' });

  return {
    rowNumber,
    name,
    nameBo,
    nameLatin: text('nameLatin', clean(cell('nameLatin'))),
    gender,
    ethnicity: text('ethnicity', normaliseEthnicity(cell('ethnicity'))),
    workUnit: text('workUnit', clean(cell('workUnit'))),
    position: text('position', clean(cell('position'))),
    rank: text('rank', clean(cell('rank'))),
    phone,
    officePhone,
    idType,
    idNumber,
    idNumberValid,
    group,
    role,
    notes: text('notes', cell('notes').trim()),
    problems,
  };
}

/** Problems between rows of the same file: the same person twice, two leaders for one group. */
export function checkRowsTogether(rows: ImportRow[]): void {
  const byId = new Map<string, number>();
  const byNamePhone = new Map<string, ImportRow>();
  const leaders = new Map<string, number>();
  for (const row of rows) {
    if (row.idNumber && row.idNumberValid) {
      const first = byId.get(row.idNumber);
      if (first !== undefined) row.problems.push({ field: 'idNumber', code: 'duplicate.id_number', severity: 'error', params: { row: first } });
      else byId.set(row.idNumber, row.rowNumber);
    }
    if (row.name && row.phone) {
      const key = `${row.name}\u0000${row.phone}`;
      const first = byNamePhone.get(key);
      // Two rows with different valid ID numbers are two people who happen to share a phone.
      const differentIds = first?.idNumberValid && row.idNumberValid && first.idNumber !== row.idNumber;
      if (first && differentIds) row.problems.push({ field: 'name', code: 'duplicate.possible', severity: 'warning', params: { row: first.rowNumber } });
      else if (first && !row.problems.some((p) => p.code === 'duplicate.id_number'))
        row.problems.push({ field: 'name', code: 'duplicate.name_phone', severity: 'error', params: { row: first.rowNumber } });
      else if (!first) byNamePhone.set(key, row);
    }
    if (row.role === 'group_leader' && row.group) {
      const first = leaders.get(row.group);
      if (first !== undefined) row.problems.push({ field: 'role', code: 'role.two_leaders', severity: 'error', params: { group: row.group, row: first } });
      else leaders.set(row.group, row.rowNumber);
    }
  }
}

export const hasErrors = (row: { problems: RowProblem[] }) => row.problems.some((p) => p.severity === 'error');

/** Han characters in a string: used to tell names written in Chinese from others. */
export const hasHan = (s: string) => HAN.test(s);
