// Messages of the roster import, the exports and the calendar feeds (issue #4, #16), merged into
// `messages` (messages.ts), kept apart so that each file stays short.

export const rosterIoMessages: Record<string, { 'zh-CN': string; en: string }> = {
  // roster import, exports and calendar feeds (issue #4)
  'roster_import.not_spreadsheet': {
    'zh-CN': '文件不是 Excel（.xlsx、.xls）或 CSV 表格，或已损坏无法读取',
    en: 'The file is not an Excel (.xlsx, .xls) or CSV spreadsheet, or it is damaged',
  },
  'roster_import.xls_unavailable': {
    'zh-CN': '这是旧版 Excel（.xls）文件，本服务器未安装用于转换的 LibreOffice；请在 Excel 或 WPS 中另存为 .xlsx 后再导入',
    en: 'This is an old Excel (.xls) file and this server has no LibreOffice to convert it; save it as .xlsx in Excel or WPS and import that',
  },
  'roster_import.encrypted': {
    'zh-CN': '文件设有密码保护，请在 Excel 中取消密码后再导入',
    en: 'The workbook is password-protected; remove the password and try again',
  },
  'roster_import.too_large': { 'zh-CN': '文件过大：上传不超过 10 MB（解压后不超过 50 MB）', en: 'The file is too large: at most 10 MB (50 MB uncompressed)' },
  'roster_import.too_many_rows': { 'zh-CN': '文件超过 {max} 行，请分成几个文件分批导入', en: 'The file has more than {max} rows; split it into several files' },
  'roster_import.empty': {
    'zh-CN': '工作表“{sheet}”中没有学员数据（本文件的工作表：{sheets}）',
    en: 'Sheet “{sheet}” holds no trainee rows (the file’s sheets: {sheets})',
  },
  'roster_import.empty_csv': { 'zh-CN': '文件中没有学员数据', en: 'The file holds no trainee rows' },
  'roster_import.sheet_not_found': {
    'zh-CN': '文件中没有名为“{sheet}”的工作表（本文件的工作表：{sheets}）',
    en: 'The file has no sheet “{sheet}” (its sheets: {sheets})',
  },
  'roster_import.sheet_in_csv': { 'zh-CN': 'CSV 文件没有工作表，不能选择“{sheet}”', en: 'A CSV file has no sheets; “{sheet}” cannot be chosen' },
  'roster_import.no_name_column_sheets': {
    'zh-CN':
      '各工作表（{sheets}）中都找不到“姓名”列（工作表“{sheet}”第 {row} 行的表头为：{headers}）；请选择学员名单所在的工作表，或在下方为各列选择对应的内容',
    en: 'No sheet ({sheets}) has a 姓名 (name) column (the headings of sheet “{sheet}”, row {row}, are: {headers}); choose the sheet that holds the roster, or choose below what each column holds',
  },
  'roster_import.no_file': { 'zh-CN': '请选择要导入的文件', en: 'Choose a file to import' },
  'roster_import.bad_decisions': { 'zh-CN': '导入选项格式不正确', en: 'The import choices are malformed' },
  'roster_import.merged_header': {
    'zh-CN': '第 {row} 行表头含有合并的单元格，无法判断每一列的内容；请取消合并，使每列只有一个标题',
    en: 'The headings in row {row} contain merged cells, so columns cannot be told apart; unmerge them so that each column has one heading',
  },
  'roster_import.formula_header': { 'zh-CN': '第 {row} 行表头含有公式，请改为文字', en: 'The headings in row {row} contain formulas; type them as text' },
  'roster_import.no_name_column': {
    'zh-CN': '找不到“姓名”列（第 {row} 行的表头为：{headers}）；请在下方为各列选择对应的内容，或使用导入模板',
    en: 'No 姓名 (name) column (the headings in row {row} are: {headers}); choose below what each column holds, or use the template',
  },
  'roster_import.duplicate_column': {
    'zh-CN': '以下几列表示同一项内容，请只保留一列，或将其余列设为“忽略”：{headers}',
    en: 'These columns mean the same thing; keep only one, or set the others to “ignore”: {headers}',
  },
  'roster_import.no_such_column': { 'zh-CN': '文件中没有第 {column} 列', en: 'The file has no column {column}' },
  'roster_import.correction_no_row': { 'zh-CN': '文件中没有第 {row} 行，无法修改', en: 'The file has no row {row} to correct' },
  'roster_import.correction_no_column': {
    'zh-CN': '文件中没有“{column}”列，无法修改该单元格；请先为某一列选择“{column}”',
    en: 'The file has no “{column}” column to correct; map a column to it first',
  },
  'roster_import.file_changed': { 'zh-CN': '文件与预览时的不同，请重新上传并预览', en: 'The file differs from the one previewed; upload and preview it again' },
  'roster_import.has_errors': {
    'zh-CN': '有 {count} 行存在错误，未导入任何数据；请修改文件，或选择跳过这些行',
    en: '{count} rows have errors, so nothing was imported; fix the file or choose to skip those rows',
  },
  'roster_import.row_failed': { 'zh-CN': '第 {row} 行导入失败，未导入任何数据：{reason}', en: 'Row {row} could not be imported, so nothing was: {reason}' },
  'roster_import.where': { 'zh-CN': '第 {row} 行「{column}」：', en: 'Row {row}, {column}: ' },
  'roster_import.column_ignored': { 'zh-CN': '未识别的列“{column}”，导入时忽略', en: 'Column “{column}” is not recognised and is ignored' },
  'roster_import.action_not_allowed': { 'zh-CN': '此行不能选择“{action}”', en: '“{action}” is not possible for this row' },
  'roster_import.action.link': { 'zh-CN': '关联已有人员', en: 'link to the existing person' },
  'roster_import.action.create': { 'zh-CN': '新建人员', en: 'create a new person' },
  'roster_import.action.skip': { 'zh-CN': '跳过', en: 'skip' },
  too_long: { 'zh-CN': '不能超过 {max} 个字符', en: 'At most {max} characters' },
  'phone.format_value': {
    'zh-CN': '电话应为 11 位手机号，或带区号的固定电话（如 0894-5821234）；现为“{value}”',
    en: 'A phone is an 11-digit mobile or a landline with its area code (e.g. 0894-5821234); found “{value}”',
  },
  'office_phone.format': {
    'zh-CN': '办公电话应为带区号的固定电话（如 0894-5821234）或手机号',
    en: 'An office phone is a landline with its area code (e.g. 0894-5821234) or a mobile',
  },
  'office_phone.format_value': {
    'zh-CN': '办公电话应为带区号的固定电话（如 0894-5821234）或手机号；现为“{value}”',
    en: 'An office phone is a landline with its area code (e.g. 0894-5821234) or a mobile; found “{value}”',
  },
  'office_phone.two': {
    'zh-CN': '办公电话“{value}”与联系电话中的固定电话“{other}”不同，请只保留一个',
    en: 'Office phone “{value}” differs from the landline “{other}” in the phone column; keep one',
  },
  'id_type.invalid': {
    'zh-CN': '证件类型应为“身份证”“港澳居民来往内地通行证”“台湾居民来往大陆通行证”或“护照”（现为“{value}”）',
    en: 'Document type must be 身份证, 港澳居民来往内地通行证, 台湾居民来往大陆通行证 or 护照 (found “{value}”)',
  },
  'document.format': { 'zh-CN': '证件号码与证件类型的格式不符', en: 'The document number does not fit its type' },
  'document.needs_number': { 'zh-CN': '改变证件类型时须同时填写证件号码', en: 'Changing the document type needs the document number too' },
  'document.field.hk_macao_permit': {
    'zh-CN': '证件号码不符合港澳居民来往内地通行证的格式：H 或 M 加 8 位（旧版 10 位）数字',
    en: 'Document number: a Hong Kong/Macao permit number is H or M and 8 (older: 10) digits',
  },
  'document.field.taiwan_permit': {
    'zh-CN': '证件号码不符合台湾居民来往大陆通行证的格式：8 位数字（旧版 10 位，可带一位字母）',
    en: 'Document number: a Taiwan permit number has 8 digits (older: 10, possibly with a letter)',
  },
  'document.field.passport': {
    'zh-CN': '证件号码不符合护照的格式：5 至 17 位字母和数字',
    en: 'Document number: a passport number has 5 to 17 letters and digits',
  },
  'document.format.hk_macao_permit': {
    'zh-CN': '港澳居民来往内地通行证号码应为 H 或 M 加 8 位（或旧版 10 位）数字；现为“{value}”',
    en: 'A Hong Kong/Macao permit number is H or M and 8 (older: 10) digits; found “{value}”',
  },
  'document.format.taiwan_permit': {
    'zh-CN': '台湾居民来往大陆通行证号码应为 8 位数字（旧版为 10 位，可带一位字母）；现为“{value}”',
    en: 'A Taiwan permit number has 8 digits (older: 10, possibly with a letter); found “{value}”',
  },
  'document.format.passport': {
    'zh-CN': '护照号码应为 5 至 17 位字母和数字；现为“{value}”',
    en: 'A passport number has 5 to 17 letters and digits; found “{value}”',
  },
  'duplicate.possible': {
    'zh-CN': '与第 {row} 行姓名、手机号相同但证件号码不同，可能是同一人，请核对',
    en: 'Same name and phone as row {row} but another document number: possibly the same person, please check',
  },
  'match.possible_duplicate': {
    'zh-CN': '档案中已有同名、同手机号但证件号码不同的人员（{workUnit}），可能是同一人，请核对',
    en: 'A person with this name and phone but another document number is on record ({workUnit}): possibly the same person, please check',
  },
  'gender.invalid': { 'zh-CN': '性别应填“男”或“女”（现为“{value}”）', en: 'Gender must be 男 or 女 (found “{value}”)' },
  'gender.mismatch_id': { 'zh-CN': '性别与身份证号不符（身份证号显示为{expected}）', en: 'Gender does not match the ID number (which says {expected})' },
  'id_number.scientific': {
    'zh-CN': '身份证号被 Excel 存成了数字（科学计数法），后几位已丢失；请将该列设为“文本”格式后重新填写',
    en: 'Excel stored the ID number as a number in scientific notation and lost its last digits; format the column as text and type it again',
  },
  'id_number.stored_as_number': {
    'zh-CN': 'Excel 把身份证号存成了数字，后几位已丢失，请把该列设为文本后重新填写',
    en: 'Excel stored the ID number as a number and lost its last digits; format the column as text and type it again',
  },
  'phone.stored_as_number': {
    'zh-CN': 'Excel 把电话号码存成了数字（现为“{value}”），开头的 0 或后几位已丢失，请把该列设为文本后重新填写',
    en: 'Excel stored the phone number as a number (now “{value}”) and lost its leading zeros or last digits; format the column as text and type it again',
  },
  'name_bo.not_tibetan': { 'zh-CN': '藏文名中没有藏文字符，请核对', en: 'The Tibetan name contains no Tibetan script' },
  'role.invalid': { 'zh-CN': '组内角色应填“组长”或留空（现为“{value}”）', en: 'Group role must be 组长 or empty (found “{value}”)' },
  'role.needs_group': { 'zh-CN': '组长必须填写组别', en: 'A group leader needs a group' },
  'role.two_leaders': { 'zh-CN': '“{group}”在文件中有多名组长（另见第 {row} 行）', en: '{group} has more than one leader in the file (see row {row})' },
  'group.missing': { 'zh-CN': '本班还没有“{group}”小组；导入时可新建', en: 'The class has no group “{group}” yet; it can be created on import' },
  'group.will_create': { 'zh-CN': '将新建小组“{group}”', en: 'Group “{group}” will be created' },
  'group.unknown': { 'zh-CN': '本班没有“{group}”小组，且未选择新建', en: 'The class has no group “{group}” and it was not chosen for creation' },
  'group.leader_replaced': { 'zh-CN': '“{group}”现任组长 {name} 将改为组员', en: '{name}, the current leader of {group}, becomes a member' },
  'duplicate.id_number': { 'zh-CN': '与第 {row} 行的身份证号相同', en: 'Same ID number as row {row}' },
  'duplicate.name_phone': { 'zh-CN': '与第 {row} 行的姓名和手机号相同', en: 'Same name and phone as row {row}' },
  'match.id_number': { 'zh-CN': '已有此人档案（{name}，{workUnit}），将关联该人员', en: 'Already in the records ({name}, {workUnit}); will be linked' },
  'match.name_phone': {
    'zh-CN': '姓名和手机号与已有人员相同（{workUnit}），默认关联该人员，也可新建',
    en: 'Same name and phone as a person in the records ({workUnit}); linked unless you choose to create a new person',
  },
  'match.name_differs': {
    'zh-CN': '此身份证号已登记在另一姓名下，本行将跳过；请核对姓名与身份证号后重新导入',
    en: 'This ID number is on record under another name; the row is skipped. Check the name and the ID number and import again',
  },
  'match.name_phone_needs_id': {
    'zh-CN': '已有同名同手机号的人员且已登记身份证号；请填写其身份证号以关联，本行默认跳过（也可新建）',
    en: 'A person with this name and phone is on record with an ID number; fill in the ID number to link them. The row is skipped unless you choose to create a new person',
  },
  'enrolment.already': { 'zh-CN': '{name} 已在本班名单中，将跳过', en: '{name} is already enrolled; the row is skipped' },
  'enrolment.withdrawn_before': { 'zh-CN': '{name} 曾在本班报名并已退出，将跳过', en: '{name} enrolled before and withdrew; the row is skipped' },
  'cell.formula': { 'zh-CN': '此单元格是公式，已使用其计算结果', en: 'This cell holds a formula; its computed value is used' },
  'cell.formula_no_value': {
    'zh-CN': '此单元格是公式且文件中没有其计算结果；请复制后“粘贴为数值”',
    en: 'This cell holds a formula without a stored result; paste it as values',
  },
  'cell.merged': { 'zh-CN': '合并单元格：按第 {row} 行的内容填写', en: 'Merged cell: filled from row {row}' },
  'calendar.feed_not_found': { 'zh-CN': '日历订阅链接无效或已更换', en: 'This calendar link is not valid or was replaced' },
};
