import { z } from 'zod';
import { Id, optionalText } from './common';

// The trainee handbook (学员手册, #19): a PDF made from the record. Its own texts are the welcome
// and the 学员守则 (a class's own, else its institution's, else the built-in default) and the
// phone numbers of the class staff, which the accounts do not hold.

export const DEFAULT_HANDBOOK_RULES = [
  '一、遵守学院各项规章制度，服从班主任和班委的管理，按时参加各项教学活动，不迟到、不早退、不无故缺课。',
  '二、因故不能参加学习须事先请假，经班主任批准后方可离开；病假须有医院证明。',
  '三、每次上课前在手机上扫描签到码签到；现场教学统一乘车，按时在指定地点集合。',
  '四、认真参加专题讲座、现场教学和结构化研讨，积极发言，按要求完成心得体会和行动计划。',
  '五、每次课后按时完成课程评估，如实反映意见和建议。',
  '六、严守政治纪律和保密纪律，不在网络和社交媒体上发布不宜公开的培训内容。',
  '七、厉行勤俭节约，不搞宴请、不收受礼品；注意安全，外出须向组长报告。',
  '八、尊重民族风俗习惯，互相学习，团结友爱。',
].join('\n');

export const HandbookLayout = z.enum(['a5', 'booklet']);
export const HandbookQuery = z.object({
  /** a5: one page per sheet, to read on a phone; booklet: A5 pages two-up on A4 landscape, in folding order. */
  layout: HandbookLayout.default('a5'),
  /** One trainee's edition (their own check-in badge); the class edition without it. */
  enrolmentId: Id.optional(),
});
export const MyHandbookQuery = z.object({ layout: HandbookLayout.default('a5') });

export const HandbookSettingsBody = z.object({
  welcome: optionalText(4000),
  rules: optionalText(8000),
  /** Phone numbers of the class staff, by account. */
  staffPhones: z
    .array(z.object({ userId: Id, phone: optionalText(40) }))
    .max(50)
    .default([]),
});
export const InstitutionHandbookBody = z.object({ rules: optionalText(8000) });

export const HandbookSettings = z.object({
  classId: z.number(),
  welcome: z.string().nullable(),
  rules: z.string().nullable(),
  /** What the handbook prints when the class has no rules of its own: the institution's, else the default. */
  inheritedRules: z.string(),
  /** The welcome the handbook prints when the class has none of its own. */
  defaultWelcome: z.string(),
  staff: z.array(z.object({ userId: z.number(), displayName: z.string(), role: z.string(), phone: z.string().nullable() })),
});
export type HandbookSettings = z.infer<typeof HandbookSettings>;
