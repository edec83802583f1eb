import type { ImportField } from '../../../contracts';

// Rosters come from many offices, each with its own headings. We recognise the usual names of
// each column after normalising away full-width forms, spaces, "*" required markers and
// parenthesised hints ("手机号码（11位）").

const ALIASES: Record<ImportField, string[]> = {
  name: ['姓名', '名字', '学员姓名', '学员', '中文名', '中文姓名', '汉字姓名', '人员姓名', 'name', 'fullname'],
  nameBo: ['藏文名', '藏文姓名', '藏文', '藏名', '藏文名字', 'tibetanname', 'namebo'],
  nameLatin: ['拼音/英文名', '拼音', '姓名拼音', '英文名', '英文姓名', 'latinname', 'pinyin'],
  gender: ['性别', 'gender', 'sex'],
  ethnicity: ['民族', 'ethnicity', 'nationality'],
  workUnit: ['工作单位', '单位', '所在单位', '单位名称', '工作单位名称', '所在单位名称', '派出单位', 'workunit', 'organisation', 'organization', 'employer'],
  position: ['职务', '职位', '现任职务', '现职务', 'position', 'jobtitle'],
  rank: ['职级', '级别', '职级/级别', '现职级', 'rank', 'grade'],
  phone: ['手机', '手机号', '手机号码', '联系电话', '电话', '电话号码', '移动电话', '联系方式', '手机/电话', 'phone', 'mobile', 'mobilephone'],
  officePhone: ['办公电话', '座机', '固定电话', '单位电话', '办公室电话', 'officephone', 'landline'],
  idType: ['证件类型', '证件种类', '证件名称', 'idtype', 'documenttype'],
  idNumber: ['身份证号', '身份证', '身份证号码', '证件号码', '证件号', '公民身份号码', '身份号码', 'idnumber', 'idno'],
  group: ['组别', '小组', '分组', '组', '所在小组', '所在组', '组名', 'group'],
  role: ['组内角色', '组内职务', '角色', '是否组长', '组长', 'role'],
  notes: ['备注', '说明', '附注', 'notes', 'note', 'remarks'],
};

/** The form a heading is compared in: NFKC (full-width → ASCII), no spaces, no "*" or trailing colon, no (hints), lower case. */
export function normaliseHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\*/g, '')
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/[:：]$/, '')
    .toLowerCase();
}

const LOOKUP = new Map<string, ImportField>();
for (const [field, names] of Object.entries(ALIASES) as Array<[ImportField, string[]]>) {
  for (const n of names) LOOKUP.set(normaliseHeader(n), field);
}

export function fieldOfHeader(raw: string): ImportField | null {
  const key = normaliseHeader(raw);
  return key ? (LOOKUP.get(key) ?? null) : null;
}

/** 0 → A, 25 → Z, 26 → AA: the letters Excel shows above each column. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export type MappedColumn = {
  index: number;
  header: string;
  letter: string;
  field: ImportField | null;
  /** Recognised from the heading, remembered for the institution, or chosen by the user now. */
  source: 'recognised' | 'remembered' | 'user';
};

export type ColumnMapping = {
  columns: MappedColumn[];
  /** Field → index of its column (the first one, when a field appears twice). */
  indexOf: Partial<Record<ImportField, number>>;
  /** Fields named by more than one column. */
  duplicates: Array<{ field: ImportField; headers: string[] }>;
};

/** The lookups of a set of columns, however each got its field. */
export function mappingOf(columns: MappedColumn[]): ColumnMapping {
  const indexOf: Partial<Record<ImportField, number>> = {};
  const seen = new Map<ImportField, string[]>();
  columns.forEach((c, i) => {
    if (!c.field) return;
    if (indexOf[c.field] === undefined) indexOf[c.field] = i;
    seen.set(c.field, [...(seen.get(c.field) ?? []), c.header]);
  });
  const duplicates = [...seen.entries()].filter(([, hs]) => hs.length > 1).map(([field, hs]) => ({ field, headers: hs }));
  return { columns, indexOf, duplicates };
}

export function mapColumns(headers: string[]): ColumnMapping {
  return mappingOf(headers.map((header, i) => ({ index: i, header, letter: columnLetter(i), field: fieldOfHeader(header), source: 'recognised' as const })));
}

/** How many known headings a row holds: used to find the heading row below title rows. */
export function headerScore(cells: string[]): number {
  const fields = new Set(cells.map(fieldOfHeader).filter((f): f is ImportField => f !== null));
  return fields.size;
}
