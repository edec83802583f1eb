import { z } from 'zod';

// Roster import (Excel/CSV → enrolments), document exports and calendar feeds.
// Shared by server and web: no Node imports here.

/** The fields an import file may carry, in template order. `role` is recognised but not in the template. */
export const IMPORT_FIELDS = [
  'name',
  'nameBo',
  'gender',
  'ethnicity',
  'workUnit',
  'position',
  'rank',
  'phone',
  'idNumber',
  'group',
  'notes',
  'nameLatin',
  'role',
  'officePhone',
  'idType',
] as const;
export const ImportField = z.enum(IMPORT_FIELDS);
export type ImportField = z.infer<typeof ImportField>;

/** Column headings of the template (and of the roster export), one per field. */
export const IMPORT_HEADERS: Record<ImportField, string> = {
  name: '姓名',
  nameBo: '藏文名',
  gender: '性别',
  ethnicity: '民族',
  workUnit: '工作单位',
  position: '职务',
  rank: '职级',
  phone: '手机',
  idNumber: '身份证号',
  group: '组别',
  notes: '备注',
  nameLatin: '拼音/英文名',
  role: '组内角色',
  officePhone: '办公电话',
  idType: '证件类型',
};

/** Where a column's field came from: the heading recognised, the institution's remembered mapping, or the user now. */
export const ImportColumnSource = z.enum(['recognised', 'remembered', 'user']);
export type ImportColumnSource = z.infer<typeof ImportColumnSource>;
/** What the user maps a column to: a field, or 'ignore'. */
export const ImportColumnChoice = z.union([ImportField, z.literal('ignore')]);
export type ImportColumnChoice = z.infer<typeof ImportColumnChoice>;

/** The fields of a person on record that a linked row may update, each kept or taken by the user. */
export const LINK_FIELDS = ['nameBo', 'nameLatin', 'gender', 'ethnicity', 'workUnit', 'position', 'rank', 'phone', 'notes'] as const;
export const LinkField = z.enum(LINK_FIELDS);
export type LinkField = z.infer<typeof LinkField>;
/** keep: the record stays as it is; take: the file's value replaces it. */
export const LinkChoice = z.enum(['keep', 'take']);
export type LinkChoice = z.infer<typeof LinkChoice>;

/** error: the row cannot be imported as it is; warning: worth a look; info: what will happen (e.g. linking). */
export const ImportSeverity = z.enum(['error', 'warning', 'info']);

/** One thing wrong with, or worth knowing about, one cell or row of the file. */
export const ImportProblem = z.object({
  /** The field it concerns; null when it is about the whole row. */
  field: ImportField.nullable(),
  /** The heading as written in the file, so the user finds the column. */
  column: z.string().nullable(),
  /** Spreadsheet column letter (A, B, …), null when the field has no column. */
  columnLetter: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  severity: ImportSeverity,
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

/** What to do with a row: enrol a linked existing person, create a new person, or leave it out. */
export const ImportAction = z.enum(['link', 'create', 'skip']);
export type ImportAction = z.infer<typeof ImportAction>;

export const ImportRowPreview = z.object({
  /** The row number Excel shows. */
  rowNumber: z.number(),
  values: z.object({
    name: z.string(),
    nameBo: z.string().nullable(),
    nameLatin: z.string().nullable(),
    gender: z.enum(['male', 'female']).nullable(),
    ethnicity: z.string().nullable(),
    workUnit: z.string().nullable(),
    position: z.string().nullable(),
    rank: z.string().nullable(),
    phone: z.string().nullable(),
    /** A landline (area-local) from an office-phone column, or from a 联系电话 column that held one. */
    officePhone: z.string().nullable(),
    idType: z.enum(['resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport']).nullable(),
    /** Masked, as everywhere else. */
    idNumberMasked: z.string().nullable(),
    group: z.string().nullable(),
    role: z.enum(['member', 'group_leader']),
    notes: z.string().nullable(),
  }),
  problems: z.array(ImportProblem),
  /** A person already in the institution's records that this row is (probably) about. */
  match: z
    .object({
      personId: z.number(),
      name: z.string(),
      workUnit: z.string().nullable(),
      by: z.enum(['id_number', 'name_phone']),
      /** Already on this class's roster (enrolled or withdrawn): the row is skipped. */
      enrolled: z.boolean(),
    })
    .nullable(),
  /**
   * For a row that can be linked: every field where the file differs from the person on record,
   * with both values, and what commit does with it (the user's choice, else keep).
   */
  differences: z.array(z.object({ field: LinkField, file: z.string(), record: z.string().nullable(), choice: LinkChoice })),
  /** Fields of this row whose cell the user corrected in the preview. */
  corrected: z.array(ImportField),
  /** What commit does with the row unless told otherwise. */
  defaultAction: ImportAction,
  /** The actions the user may choose for this row. */
  allowedActions: z.array(ImportAction),
});
export type ImportRowPreview = z.infer<typeof ImportRowPreview>;

export const ImportPreview = z.object({
  fileName: z.string().nullable(),
  /** SHA-256 of the file; commit refuses a different file. */
  fileHash: z.string(),
  sheetName: z.string().nullable(),
  /** Every visible sheet of the workbook, in order (empty for a CSV file); a preview or commit may name one as `sheet`. */
  sheets: z.array(z.string()),
  /** The sheet read: the one asked for, or the first whose headings name the 姓名 column; '' for a CSV file. */
  sheet: z.string(),
  headerRowNumber: z.number(),
  /** How each heading was understood; null field = ignored column. */
  columns: z.array(z.object({ index: z.number(), header: z.string(), letter: z.string(), field: ImportField.nullable(), source: ImportColumnSource })),
  /** Problems with the file as a whole (a required column missing, merged headings …). */
  fileProblems: z.array(ImportProblem),
  rows: z.array(ImportRowPreview),
  /** Group names used in the file that the class does not have yet; commit creates those listed in createGroups. */
  missingGroups: z.array(z.object({ name: z.string(), rowCount: z.number() })),
  summary: z.object({
    rows: z.number(),
    errorRows: z.number(),
    warningRows: z.number(),
    toCreate: z.number(),
    toLink: z.number(),
    toSkip: z.number(),
  }),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportDecisions = z.object({
  /** Row number → action; rows not named get their default action. */
  actions: z.record(z.string().regex(/^\d+$/), ImportAction).default({}),
  /** Missing groups to create; rows in other missing groups are errors. */
  createGroups: z.array(z.string().trim().min(1).max(50)).max(200).default([]),
  /** The fileHash from the preview; the commit refuses a file that changed since. */
  fileHash: z.string().max(100).optional(),
  /** The sheet to read (a name from the preview's `sheets`); by default the first. */
  sheet: z.string().max(200).optional(),
  /** Column index (0-based) → field or 'ignore', overriding recognition; remembered for the institution on commit. */
  mapping: z.record(z.string().regex(/^\d+$/), ImportColumnChoice).default({}),
  /** Cells corrected in the preview, re-checked with the same rules as the file's own. */
  corrections: z
    .array(z.object({ row: z.number().int().positive(), field: ImportField, value: z.string().max(2000) }))
    .max(2000)
    .default([]),
  /** Row number → field → keep or take, for rows linked to a person on record. */
  links: z.record(z.string().regex(/^\d+$/), z.partialRecord(LinkField, LinkChoice)).default({}),
});
export type ImportDecisions = z.infer<typeof ImportDecisions>;
/** Decisions as a caller writes them, defaults left out. */
export type ImportDecisionsInput = z.input<typeof ImportDecisions>;

export const ImportResult = z.object({
  created: z.number(),
  linked: z.number(),
  skipped: z.number(),
  groupsCreated: z.array(z.string()),
  enrolmentIds: z.array(z.number()),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** The class documents that can be downloaded; the web app builds its export menu from this list. */
export const CLASS_EXPORTS = [
  { key: 'roster.xlsx', permission: 'roster.read', label: { 'zh-CN': '学员名单（Excel）', en: 'Roster (Excel)' } },
  { key: 'contacts.pdf', permission: 'roster.read', label: { 'zh-CN': '通讯录（PDF）', en: 'Contact list (PDF)' } },
  { key: 'contacts.xlsx', permission: 'roster.read', label: { 'zh-CN': '通讯录（Excel）', en: 'Contact list (Excel)' } },
  { key: 'groups.pdf', permission: 'roster.read', label: { 'zh-CN': '分组名单（PDF）', en: 'Group lists (PDF)' } },
  { key: 'groups.xlsx', permission: 'roster.read', label: { 'zh-CN': '分组名单（Excel）', en: 'Group lists (Excel)' } },
  { key: 'timetable.pdf', permission: 'timetable.read', label: { 'zh-CN': '日程表（PDF）', en: 'Timetable (PDF)' } },
  { key: 'timetable.xlsx', permission: 'timetable.read', label: { 'zh-CN': '日程表（Excel）', en: 'Timetable (Excel)' } },
] as const;
export type ClassExportKey = (typeof CLASS_EXPORTS)[number]['key'];

export const CalendarFeed = z.object({
  /** Subscribable URL (webcal clients accept it as is); null when none was created yet. */
  url: z.string().nullable(),
  /** The same URL with the webcal: scheme, which opens the phone's calendar app. */
  webcalUrl: z.string().nullable(),
  createdAt: z.string().nullable(),
});
export type CalendarFeed = z.infer<typeof CalendarFeed>;

/** Session kinds as printed on Chinese documents and calendar entries. */
export const SESSION_KIND_LABELS_ZH = {
  opening: '开班式',
  lecture: '专题讲座',
  site_visit: '现场教学',
  discussion: '结构化研讨',
  ceremony: '仪式',
  other: '其他',
} as const;

/** Where a session happens, as one line: site name and address (and the room), or the venue. */
export const sessionPlace = (s: { site: { name: string; address: string | null } | null; venue: string | null }) =>
  s.site ? [s.site.name, s.site.address].filter(Boolean).join('，') + (s.venue ? `（${s.venue}）` : '') : (s.venue ?? '');
