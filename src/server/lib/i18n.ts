// Server-side messages (errors) in the two UI languages. Keys are the stable error codes.
export type Lang = 'zh-CN' | 'en';

type Entry = { 'zh-CN': string; en: string };

export const messages: Record<string, Entry> = {
  internal: { 'zh-CN': '服务器内部错误，请稍后重试（请求编号 {requestId}）', en: 'Internal server error; please retry (request {requestId})' },
  not_found: { 'zh-CN': '未找到{entityLabel}', en: '{entityLabel} not found' },
  'route.not_found': { 'zh-CN': '接口不存在', en: 'No such endpoint' },
  'validation.failed': { 'zh-CN': '提交的内容有误，请检查标出的字段', en: 'Some fields are invalid; see the marked fields' },
  'auth.required': { 'zh-CN': '请先登录', en: 'Please sign in' },
  'auth.forbidden': { 'zh-CN': '您没有权限执行此操作', en: 'You are not allowed to do this' },
  'auth.invalid_credentials': { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  'auth.rate_limited': { 'zh-CN': '登录失败次数过多，请 {minutes} 分钟后再试', en: 'Too many failed sign-ins; try again in {minutes} minutes' },
  'auth.csrf': { 'zh-CN': '页面已过期，请刷新后重试', en: 'The page has expired; reload and try again' },
  'auth.disabled': { 'zh-CN': '该账号已停用', en: 'This account is disabled' },
  rate_limited: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; slow down' },
  'payload.too_large': { 'zh-CN': '上传内容过大', en: 'The upload is too large' },
  'payload.invalid_json': { 'zh-CN': '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  'payload.unsupported_media_type': { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  'class.invalid_transition': {
    'zh-CN': '培训班不能从“{fromLabel}”变为“{toLabel}”',
    en: 'A class cannot go from {fromLabel} to {toLabel}',
  },
  'class.transition_requirements': { 'zh-CN': '还不能进入“{toLabel}”：{reasonsList}', en: 'Cannot move to {toLabel} yet: {reasonsList}' },
  'class.locked': { 'zh-CN': '培训班状态为“{statusLabel}”，不能再修改{whatLabel}', en: 'The class is {statusLabel}; {whatLabel} can no longer change' },
  'class.dates_order': { 'zh-CN': '结束日期不能早于开始日期', en: 'The end date is before the start date' },
  'enrolment.duplicate': { 'zh-CN': '{name} 已在本班名单中', en: '{name} is already enrolled in this class' },
  'enrolment.withdrawn': { 'zh-CN': '该学员已退出本班', en: 'This trainee has withdrawn from the class' },
  'group.other_class': { 'zh-CN': '该小组不属于本班', en: 'That group belongs to another class' },
  'group.not_empty': { 'zh-CN': '小组中还有 {count} 名学员，请先移出', en: 'The group still has {count} trainees; move them out first' },
  'group.duplicate_name': { 'zh-CN': '本班已有名为“{name}”的小组', en: 'This class already has a group named {name}' },
  'session.time_order': { 'zh-CN': '结束时间必须晚于开始时间', en: 'The end must be after the start' },
  'session.outside_class': { 'zh-CN': '时间不在培训班日期（{startsOn} 至 {endsOn}）之内', en: 'Outside the class dates ({startsOn} to {endsOn})' },
  'session.site_required': { 'zh-CN': '现场教学必须选择教学点', en: 'A site visit needs a site' },
  'session.agenda_only_ceremony': { 'zh-CN': '只有仪式类（开班式、结业式）日程可以设置议程', en: 'Only ceremonies have an agenda' },
  'person.duplicate_id_number': { 'zh-CN': '身份证号与已有人员 {name} 重复', en: 'The ID number belongs to {name} already' },
  'user.duplicate_username': { 'zh-CN': '用户名 {username} 已被使用', en: 'The username {username} is taken' },
  'staff.duplicate': { 'zh-CN': '该用户已是本班工作人员', en: 'This user is already on the class staff' },
  'lecturer.other_institution': { 'zh-CN': '该师资不属于本机构', en: 'That lecturer belongs to another institution' },
  'site.other_institution': { 'zh-CN': '该教学点不属于本机构', en: 'That site belongs to another institution' },
  // field-level codes
  invalid_type: { 'zh-CN': '类型不正确，应为{expected}', en: 'Wrong type; expected {expected}' },
  required: { 'zh-CN': '必填', en: 'Required' },
  'id_number.format': { 'zh-CN': '身份证号应为 18 位（最后一位可为 X）', en: 'An ID number has 18 characters (the last may be X)' },
  'id_number.checksum': { 'zh-CN': '身份证号校验位不正确', en: 'The ID number check digit is wrong' },
  'id_number.birth_date': { 'zh-CN': '身份证号中的出生日期不存在', en: 'The birth date in the ID number is impossible' },
  'phone.format': { 'zh-CN': '手机号应为 11 位数字，以 1 开头', en: 'A mobile number has 11 digits starting with 1' },
  'time_zone.invalid': { 'zh-CN': '无效的时区', en: 'Unknown time zone' },
  'date.invalid': { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'Dates are written YYYY-MM-DD' },
  'datetime.invalid': { 'zh-CN': '时间格式无效', en: 'Invalid date and time' },
  'password.too_short': { 'zh-CN': '密码至少 10 位', en: 'Passwords have at least 10 characters' },
};

export const entityLabels: Record<string, Entry> = {
  institution: { 'zh-CN': '机构', en: 'Institution' },
  programme: { 'zh-CN': '培养项目', en: 'Programme' },
  class: { 'zh-CN': '培训班', en: 'Class' },
  person: { 'zh-CN': '人员', en: 'Person' },
  enrolment: { 'zh-CN': '学员', en: 'Trainee' },
  group: { 'zh-CN': '小组', en: 'Group' },
  session: { 'zh-CN': '日程', en: 'Session' },
  site: { 'zh-CN': '教学点', en: 'Site' },
  lecturer: { 'zh-CN': '师资', en: 'Lecturer' },
  user: { 'zh-CN': '用户', en: 'User' },
  agenda_item: { 'zh-CN': '议程', en: 'Agenda item' },
  staff: { 'zh-CN': '工作人员', en: 'Staff member' },
};

export const valueLabels: Record<string, Entry> = {
  roster: { 'zh-CN': '名单', en: 'the roster' },
  no_trainees: { 'zh-CN': '还没有学员', en: 'no trainees enrolled' },
  no_sessions: { 'zh-CN': '还没有日程', en: 'no sessions scheduled' },
  timetable: { 'zh-CN': '日程', en: 'the timetable' },
  class: { 'zh-CN': '培训班信息', en: 'the class' },
  planning: { 'zh-CN': '筹备中', en: 'planning' },
  enrolling: { 'zh-CN': '报名中', en: 'enrolling' },
  running: { 'zh-CN': '进行中', en: 'running' },
  completed: { 'zh-CN': '已结业', en: 'completed' },
  archived: { 'zh-CN': '已归档', en: 'archived' },
};

export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  // The first language the client names decides; anything Chinese or unknown falls back to zh-CN.
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function translate(key: string, lang: Lang, params: Record<string, unknown> = {}): string {
  const entry = messages[key];
  const template = entry ? entry[lang] : key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'entityLabel') return entityLabels[String(params.entity)]?.[lang] ?? String(params.entity ?? '');
    if (name.endsWith('List')) {
      const items = (params[name.slice(0, -4)] as unknown[] | undefined) ?? [];
      return items.map((i) => valueLabels[String(i)]?.[lang] ?? String(i)).join(lang === 'en' ? '; ' : '；');
    }
    if (name.endsWith('Label')) {
      const raw = String(params[name.slice(0, -5)] ?? '');
      return valueLabels[raw]?.[lang] ?? raw;
    }
    const value = params[name];
    return value === undefined ? '' : String(value);
  });
}

export const hasMessage = (key: string) => key in messages;
