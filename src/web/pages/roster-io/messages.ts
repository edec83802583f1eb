import { IMPORT_HEADERS, type ImportColumnSource, type ImportField, type LinkChoice } from '../../../contracts';
import { usePageMessages } from '../../i18n';

// The import screen's words for mapping columns, choosing a sheet, correcting cells and choosing
// what a linked person's record keeps (#16), kept beside the page (zh-CN first).
// In Chinese, a field is called by its template heading.
const FIELDS_ZH: Record<ImportField, string> = IMPORT_HEADERS;
const FIELDS_EN: Record<ImportField, string> = {
  name: 'Name',
  nameBo: 'Tibetan name',
  nameLatin: 'Latin name',
  gender: 'Gender',
  ethnicity: 'Ethnicity',
  workUnit: 'Work unit',
  position: 'Position',
  rank: 'Rank',
  phone: 'Mobile',
  officePhone: 'Office phone',
  idType: 'Document type',
  idNumber: 'ID number',
  group: 'Group',
  role: 'Role in group',
  notes: 'Notes',
};
const SOURCES_ZH: Record<ImportColumnSource, string> = { recognised: '自动识别', remembered: '沿用上次', user: '手动指定' };
const SOURCES_EN: Record<ImportColumnSource, string> = { recognised: 'recognised', remembered: 'as last time', user: 'set by you' };
const CHOICES_ZH: Record<LinkChoice, string> = { keep: '保留档案', take: '采用文件' };
const CHOICES_EN: Record<LinkChoice, string> = { keep: 'Keep record', take: 'Take file' };

const prefixed = <P extends string, K extends string>(prefix: P, table: Record<K, string>) =>
  Object.fromEntries(Object.entries(table).map(([k, v]) => [`${prefix}.${k}`, v])) as Record<`${P}.${K}`, string>;

const zhCN = {
  ...prefixed('field', FIELDS_ZH),
  ...prefixed('source', SOURCES_ZH),
  ...prefixed('choice', CHOICES_ZH),
  'map.title': '列对应',
  'map.hint': '每一列对应名单中的哪一项；识别不了或识别错的列请在这里指定。本机构下次导入相同标题的列时会沿用这里的选择。',
  'map.ignore': '忽略此列',
  'map.column': '第 {letter} 列“{header}”',
  'map.untitled': '（无标题）',
  'map.changed': '已按新的列对应重新检查',
  'sheet.label': '工作表',
  'sheet.hint': '文件中有 {n} 个工作表，请选择学员名单所在的那个',
  'fix.edit': '修改',
  'fix.title': '修改第 {row} 行“{field}”',
  'fix.apply': '重新检查',
  'fix.placeholder': '输入正确的内容',
  'fix.corrected': '已修改',
  'fix.done': '已修改第 {row} 行“{field}”并重新检查',
  'link.title': '与档案不同（{n} 项）',
  'link.record': '档案',
  'link.file': '文件',
  'link.empty': '（空）',
  'gender.male': '男',
  'gender.female': '女',
};
type Key = keyof typeof zhCN;

const en: Partial<Record<Key, string>> = {
  ...prefixed('field', FIELDS_EN),
  ...prefixed('source', SOURCES_EN),
  ...prefixed('choice', CHOICES_EN),
  'map.title': 'Columns',
  'map.hint':
    'What each column holds; set the ones not recognised, or recognised wrongly, here. Your institution’s next import uses these choices for columns with the same heading.',
  'map.ignore': 'Ignore this column',
  'map.column': 'Column {letter} “{header}”',
  'map.untitled': '(no heading)',
  'map.changed': 'Checked again with the new columns',
  'sheet.label': 'Sheet',
  'sheet.hint': 'The file has {n} sheets; choose the one with the trainees',
  'fix.edit': 'Correct',
  'fix.title': 'Correct row {row}, {field}',
  'fix.apply': 'Check again',
  'fix.placeholder': 'Type the right value',
  'fix.corrected': 'corrected',
  'fix.done': 'Row {row}, {field} corrected and checked again',
  'link.title': 'Differs from the record ({n})',
  'link.record': 'Record',
  'link.file': 'File',
  'link.empty': '(empty)',
  'gender.male': 'Male',
  'gender.female': 'Female',
};

export const useImportT = () => usePageMessages<Key>(zhCN, en);
export type ImportT = ReturnType<typeof useImportT>;
