import ExcelJS from 'exceljs';
import { IMPORT_HEADERS, type ImportField } from '../../../contracts';

// The import template is built with ExcelJS directly rather than documents/xlsx.writeXlsx: it
// needs whole columns formatted as text before anyone types into them (so that Excel keeps
// 18-digit ID numbers and leading zeros) and drop-down lists, which writeXlsx does not offer.
// Every string here is ours, so formula injection is not a concern.

const TEMPLATE_FIELDS = [
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
] as const satisfies readonly ImportField[];

const EXPLANATIONS: Record<(typeof TEMPLATE_FIELDS)[number], [string, string, string]> = {
  name: ['必填', '学员姓名，如实填写；两字姓名中间不要加空格', '徐爱国'],
  nameBo: ['选填', '藏文姓名，按藏文书写', 'བཀྲ་ཤིས་དབང་ལྷ།'],
  gender: ['选填', '填“男”或“女”', '男'],
  ethnicity: ['选填', '如“藏族”“汉族”；只写“藏”也可识别', '藏族'],
  workUnit: ['选填', '工作单位全称', '西藏自治区高原生物研究所'],
  position: ['选填', '现任职务', '副所长'],
  rank: ['选填', '职级', '副处级'],
  phone: ['选填', '11 位手机号码；用于通讯录和签到通知', '13800138000'],
  idNumber: ['选填', '18 位居民身份证号（末位可为 X）；已设为文本格式，请勿改为数字。用于识别已有人员，导出时自动隐去中间位', '540102198001011239'],
  group: ['选填', '如“第一组”；本班尚无的组别可在导入时新建', '第一组'],
  notes: ['选填', '其他需要说明的情况', ''],
};

export async function importTemplateXlsx(classTitle: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cohort';
  const ws = wb.addWorksheet('学员名单');
  ws.columns = TEMPLATE_FIELDS.map((f) => ({
    header: IMPORT_HEADERS[f],
    key: f,
    width: f === 'workUnit' ? 36 : f === 'idNumber' ? 22 : f === 'nameBo' ? 22 : f === 'notes' ? 24 : 12,
    // Text format for the whole column: typed ID and phone numbers stay exactly as typed.
    style: { numFmt: '@' },
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle' };
  header.eachCell((cell, col) => {
    const required = TEMPLATE_FIELDS[col - 1] === 'name';
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: required ? 'FFFFE08A' : 'FFE8E8E8' } };
    cell.note = EXPLANATIONS[TEMPLATE_FIELDS[col - 1]][1];
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const genderCol = (TEMPLATE_FIELDS as readonly ImportField[]).indexOf('gender') + 1;
  for (let r = 2; r <= 1001; r++) {
    ws.getCell(r, genderCol).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"男,女"'],
      showErrorMessage: true,
      errorTitle: '性别',
      error: '请填写“男”或“女”',
    };
  }

  // The explanation lives on its own sheet so that nobody imports the example by mistake.
  const help = wb.addWorksheet('说明');
  help.columns = [
    { header: '列名', key: 'header', width: 12 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写说明', key: 'explanation', width: 70 },
    { header: '示例', key: 'example', width: 30 },
  ];
  help.getRow(1).font = { bold: true };
  for (const f of TEMPLATE_FIELDS) {
    const [required, explanation, example] = EXPLANATIONS[f];
    help.addRow({ header: IMPORT_HEADERS[f], required, explanation, example }).getCell(4).numFmt = '@';
  }
  help.addRow({});
  for (const line of [
    `本模板用于向“${classTitle}”导入学员名单。`,
    '请在“学员名单”工作表中每行填写一名学员，第一行为表头，请勿修改或合并表头单元格。',
    '也可使用本单位已有的名单：表头为“姓名/名字/学员姓名”“手机/手机号码/联系电话”“身份证/证件号码”“单位/工作单位”“小组/分组”等均可识别，表头上方可以有标题行。',
    '导入前系统会逐行检查并列出问题（行号、列名、原因），确认无误后才会一次性导入；任何一行出错都不会导入任何数据。',
    '已有档案的人员（身份证号相同，或姓名和手机号相同）默认关联原档案，不会重复建档。',
    '单个文件不超过 10 MB、10000 行；支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）。',
  ])
    help.addRow({ header: line });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
