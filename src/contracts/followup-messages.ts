// Server messages of action plans and the follow-up (#19), merged into messages.ts.
export const followupMessages = {
  'followup.link_invalid': {
    'zh-CN': '此回访链接无效或已被替换，请向培训班班主任索取新的链接',
    en: 'This follow-up link is not valid or was replaced; ask the class teacher for a new one',
  },
  'followup.link_expired': { 'zh-CN': '此回访已于 {closesAt} 结束，链接已失效', en: 'This follow-up closed at {closesAt}; the link no longer works' },
  'followup.not_open': { 'zh-CN': '训后回访将于 {dueOn} 开始，届时再填写', en: 'The follow-up opens on {dueOn}; answer it then' },
  'followup.closed': { 'zh-CN': '训后回访已结束（{closesAt}）', en: 'The follow-up has closed ({closesAt})' },
  'followup.already_open': {
    'zh-CN': '训后回访已于 {openedAt} 发出，不能再改回访时间',
    en: 'The follow-up was sent at {openedAt}; its timing can no longer change',
  },
  'followup.plan_frozen': {
    'zh-CN': '训后回访已发出，行动计划不能再修改；请在回访中填写各项的完成情况',
    en: 'The follow-up has been sent, so the plan can no longer change; report each item’s progress in it',
  },
  'followup.withdrawn': { 'zh-CN': '{name} 已退学，不能填写行动计划', en: '{name} has withdrawn and cannot write an action plan' },
  'followup.too_many_items': { 'zh-CN': '行动计划最多 {max} 项', en: 'An action plan has at most {max} items' },
  'followup.unknown_item': { 'zh-CN': '行动计划中没有第 {id} 项', en: 'The action plan has no item {id}' },
  'followup.progress_required': {
    'zh-CN': '请说明第 {number} 项“{item}”的完成情况',
    en: 'Say how far item {number} (“{item}”) has come',
  },
  'followup.months': { 'zh-CN': '回访时间须为结业后 1–24 个月', en: 'The follow-up must be 1–24 months after the class' },
  'followup.window': { 'zh-CN': '回访填写期须为 7–180 天', en: 'The follow-up must stay open 7–180 days' },
} as const;
