import type { Lang } from '../i18n';
import { followupBo } from '../i18n-bo';

// The words of the action-plan, follow-up and supervisor pages (#19), zh-CN first; Tibetan in
// i18n-bo.ts (machine-drafted, awaiting review like the rest).
const zh = {
  title: '行动计划',
  intro: '写下培训结束后您准备在工作中应用的做法、完成时间和衡量办法。结业后数月，学院会请您和您的上级回访填写完成情况。',
  item: '我准备在工作中……',
  dueOn: '计划完成时间',
  measure: '衡量办法（可不填）',
  add: '添加一项',
  save: '保存',
  remove: '删除',
  edit: '修改',
  cancel: '取消',
  none: '还没有计划事项。',
  frozen: '训后回访已发出，行动计划不能再修改。',
  supervisor: '我的上级（回访时请其评价）',
  supervisorName: '姓名、职务',
  supervisorContact: '手机或电子邮箱',
  saveSupervisor: '保存上级信息',
  savedSupervisor: '已保存',
  scheduled: '训后回访将于 {date} 开始',
  open: '训后回访进行中，请在 {date} 前填写',
  closed: '训后回访已结束',
  followup: '训后回访',
  progress: '完成情况',
  done: '已完成',
  partly: '部分完成',
  not_yet: '尚未完成',
  submit: '提交回访',
  update: '更新回访',
  answered: '已于 {at} 提交，截止前可以修改。',
  required: '必答',
  due: '完成时间：{date}',
  by: '衡量：{measure}',
  comment: '班主任点评：{text}',
  // The supervisor's page (public).
  svTitle: '训后回访 · 上级评价',
  svIntro: '{trainee} 同志参加了“{cls}”（{dates}）。请您根据培训后观察到的工作表现回答以下问题，约需 3 分钟。',
  svPlan: '该同志培训时制订的行动计划',
  svThanks: '已提交，感谢您的评价！截止前可以修改。',
  svSubmit: '提交评价',
  svClosing: '请在 {date} 前填写',
  failed: '提交失败',
} as const;
type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title: 'Action plan',
  intro:
    'Write what you will apply at work after the class, by when, and how to tell. Months after the class the college asks you and your supervisor how far it has come.',
  item: 'At work I will…',
  dueOn: 'By',
  measure: 'Measure (optional)',
  add: 'Add an item',
  save: 'Save',
  remove: 'Delete',
  edit: 'Edit',
  cancel: 'Cancel',
  none: 'No items yet.',
  frozen: 'The follow-up has been sent; the plan can no longer change.',
  supervisor: 'My supervisor (asked at the follow-up)',
  supervisorName: 'Name and position',
  supervisorContact: 'Mobile or email',
  saveSupervisor: 'Save supervisor',
  savedSupervisor: 'Saved',
  scheduled: 'The follow-up opens on {date}',
  open: 'The follow-up is open; answer by {date}',
  closed: 'The follow-up has closed',
  followup: 'Follow-up',
  progress: 'Progress',
  done: 'Done',
  partly: 'Partly',
  not_yet: 'Not yet',
  submit: 'Send',
  update: 'Update',
  answered: 'Sent at {at}; you may change it until it closes.',
  required: 'required',
  due: 'By {date}',
  by: 'Measure: {measure}',
  comment: 'Class teacher’s comment: {text}',
  svTitle: 'Follow-up · supervisor',
  svIntro: '{trainee} took part in “{cls}” ({dates}). Please answer from what you have seen of their work since; about 3 minutes.',
  svPlan: 'Their action plan from the class',
  svThanks: 'Sent; thank you. You may change it until it closes.',
  svSubmit: 'Send',
  svClosing: 'Answer by {date}',
  failed: 'Could not send',
};

/** Question texts in English and Tibetan (the server's are Chinese); choices stay as written. */
const QUESTIONS_EN: Record<string, string> = {
  applied: 'How far have you applied what you learnt at work?',
  effect: 'What has applying it done for your work?',
  example: 'An example of using what you learnt at work',
  obstacles: 'Difficulties met, and the support you need',
  change: 'How has their work changed since the class?',
  areas: 'Where have you seen the change?',
  instance: 'A concrete example you observed',
  advice: 'Advice for future classes',
};

export type Words = (k: Key, p?: Record<string, string | number>) => string;
export const wordsFor =
  (lang: Lang): Words =>
  (k, p = {}) =>
    ((lang === 'en' ? en : lang === 'bo' ? followupBo : zh) as Record<Key, string>)[k].replace(/\{(\w+)\}/g, (_, n: string) => String(p[n] ?? ''));
export const questionText = (lang: Lang, id: string, zhText: string) =>
  lang === 'en' ? (QUESTIONS_EN[id] ?? zhText) : lang === 'bo' ? ((followupBo as Record<string, string>)[`q_${id}`] ?? zhText) : zhText;
export type FollowupWordKey = Key;
export const FOLLOWUP_WORDS = { 'zh-CN': zh, en };
export { QUESTIONS_EN };
