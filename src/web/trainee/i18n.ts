import { createContext, useContext } from 'react';
import { bo } from './i18n-bo';

// The trainee pages' words, zh-CN first. Kept here rather than in the admin app's i18n so that a
// phone loads only these.
export type Lang = 'zh-CN' | 'en' | 'bo';
export const LANGS: ReadonlyArray<{ lang: Lang; name: string }> = [
  { lang: 'zh-CN', name: '中文' },
  { lang: 'en', name: 'English' },
  { lang: 'bo', name: 'བོད་ཡིག' },
];

const zh = {
  appTitle: '学员端',
  loading: '加载中…',
  retry: '重试',
  failed: '加载失败',
  offline: '网络不可用',
  today: '今日',
  timetable: '日程',
  checkIn: '签到',
  leave: '请假',
  me: '我的',
  hours: '学时',
  group: '我的小组',
  badge: '签到胸卡',
  certificates: '结业证书',
  evaluations: '课程评估',
  language: '语言',
  travel: '接送站行程',
  signOut: '退出登录',
  signedOut: '已退出。请重新扫描邀请二维码登录。',
  noClass: '您目前没有参加的培训班。',
  chooseClass: '培训班',
  nothingToday: '今天没有您的日程。',
  nextUp: '接下来',
  allDays: '全部日程',
  where: '地点',
  lecturer: '授课',
  groups: '分组',
  contact: '联系人',
  hoursUnit: '学时',
  status_present: '已签到',
  status_late: '迟到',
  status_leave: '请假',
  status_absent: '缺勤',
  status_pending: '未签到',
  status_none: '',
  leave_pending: '请假待审批',
  leave_approved: '请假已批准',
  leave_rejected: '请假被驳回',
  leave_cancelled: '已撤回',
  checkInOpen: '签到进行中',
  checkInOpens: '签到开放时间',
  scanToCheckIn: '扫描投影二维码签到',
  scanHint: '将手机对准班主任投影的签到二维码。二维码每 20 秒更新，请现场扫描。',
  cameraStarting: '正在打开相机…',
  cameraDenied: '无法使用相机。请在浏览器设置中允许访问相机，或用手机相机扫描后在浏览器中打开链接。',
  cameraNone: '这台设备没有可用的相机。',
  confirmCheckIn: '确认签到',
  checkedIn: '签到成功',
  checkedInLate: '已签到（迟到）',
  alreadyCheckedIn: '您已签到，无需重复',
  checkInFor: '签到日程',
  backHome: '返回今日',
  scanAgain: '重新扫描',
  leaveTitle: '请假申请',
  leaveBySessions: '按日程',
  leaveBySpan: '按时间段',
  leaveFrom: '开始时间',
  leaveTo: '结束时间',
  leaveReason: '请假事由',
  leaveSubmit: '提交申请',
  leaveSubmitted: '已提交，等待班主任审批',
  leaveMine: '我的请假',
  leaveNone: '还没有请假记录',
  leaveCancel: '撤回',
  leaveComment: '班主任意见',
  leaveHours: '涉及学时',
  leaveChoose: '选择要请假的日程',
  leaveWarn: '注意：批准后您的请假与缺勤将超过本班上限（{limit} 学时），可能无法结业。',
  limitWarn: '您的请假与缺勤已达 {used} 学时，超过本班上限 {limit} 学时，可能无法结业。请联系班主任。',
  hoursThisClass: '本班学时',
  hoursEarned: '已获学时',
  hoursLeave: '请假',
  hoursAbsent: '缺勤',
  hoursPending: '未开始',
  hoursTotal: '本班总学时',
  hoursLimit: '请假与缺勤上限',
  hoursAllClasses: '参训记录',
  hoursByYear: '年度学时',
  hoursYearNeed: '每年不少于 {n} 学时',
  hoursFiveYears: '近五年（{from}–{to}）',
  hoursFiveNeed: '五年不少于 {n} 学时（县处级以上）',
  groupNone: '您还没有分组。',
  groupLeader: '组长',
  you: '我',
  badgeHint: '乘车或现场教学时，请向班主任出示此二维码。',
  invitationOpening: '正在登录…',
  invitationFailed: '邀请链接无效或已作废。请向班主任索取新的二维码。',
  errorGeneric: '出错了，请重试',
  codeExpired: '签到码已过期（每 20 秒更新），请扫描当前投影上的二维码',
  codeInvalid: '这不是有效的签到码',
  notEnrolled: '您不是本班学员，不能签到',
  scannerTitle: '胸卡扫码签到',
  scannerSession: '日程',
  scannerOnline: '在线',
  scannerOffline: '离线：扫码保存在手机上，联网后自动同步',
  scannerQueued: '待同步',
  scannerSynced: '已同步',
  scannerConflict: '未记录',
  scannerUnknown: '不是本班学员的胸卡',
  scannerManual: '手动输入胸卡码',
  scannerAdd: '记录',
  scannerSignIn: '请先用班主任账号登录，再打开扫码页面。',
  scannerSignInLink: '去登录',
  scannerSyncNow: '立即同步',
  scannerNoData: '手机上还没有本班数据。请联网打开一次扫码页面。',
  scannerCount: '共 {n} 条，{q} 条待同步',
  scannerSaved: '已保存',
  scannerAlready: '{name} 已扫过',
} as const;

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  appTitle: 'Trainee',
  loading: 'Loading…',
  retry: 'Retry',
  failed: 'Could not load',
  offline: 'No network',
  today: 'Today',
  timetable: 'Timetable',
  checkIn: 'Check in',
  leave: 'Leave',
  me: 'Me',
  hours: 'Hours',
  group: 'My group',
  badge: 'Badge',
  certificates: 'Certificates',
  evaluations: 'Evaluations',
  language: 'Language',
  travel: 'My travel',
  signOut: 'Sign out',
  signedOut: 'Signed out. Scan your invitation code again to sign in.',
  noClass: 'You are not in a class at the moment.',
  chooseClass: 'Class',
  nothingToday: 'Nothing for you today.',
  nextUp: 'Next',
  allDays: 'All days',
  where: 'Where',
  lecturer: 'By',
  groups: 'Groups',
  contact: 'Contact',
  hoursUnit: 'h',
  status_present: 'Checked in',
  status_late: 'Late',
  status_leave: 'On leave',
  status_absent: 'Absent',
  status_pending: 'Not checked in',
  status_none: '',
  leave_pending: 'Leave pending',
  leave_approved: 'Leave approved',
  leave_rejected: 'Leave rejected',
  leave_cancelled: 'Withdrawn',
  checkInOpen: 'Check-in open',
  checkInOpens: 'Check-in opens',
  scanToCheckIn: 'Scan the projected code',
  scanHint: 'Point the phone at the check-in code the class teacher projects. It changes every 20 seconds.',
  cameraStarting: 'Starting the camera…',
  cameraDenied: 'The camera is not available. Allow camera access in the browser settings, or scan with the phone camera and open the link.',
  cameraNone: 'This device has no camera.',
  confirmCheckIn: 'Check in',
  checkedIn: 'Checked in',
  checkedInLate: 'Checked in (late)',
  alreadyCheckedIn: 'You had already checked in',
  checkInFor: 'Session',
  backHome: 'Back to today',
  scanAgain: 'Scan again',
  leaveTitle: 'Ask for leave',
  leaveBySessions: 'Sessions',
  leaveBySpan: 'Time span',
  leaveFrom: 'From',
  leaveTo: 'To',
  leaveReason: 'Reason',
  leaveSubmit: 'Submit',
  leaveSubmitted: 'Submitted; waiting for the class teacher',
  leaveMine: 'My leave requests',
  leaveNone: 'No leave requests yet',
  leaveCancel: 'Withdraw',
  leaveComment: 'Class teacher',
  leaveHours: 'Hours',
  leaveChoose: 'Choose the sessions',
  leaveWarn: 'If approved, your leave and absence will pass the class limit ({limit} h); you may not complete the class.',
  limitWarn: 'Your leave and absence add up to {used} h, past the class limit of {limit} h; you may not complete the class. Talk to the class teacher.',
  hoursThisClass: 'This class',
  hoursEarned: 'Earned',
  hoursLeave: 'Leave',
  hoursAbsent: 'Absent',
  hoursPending: 'To come',
  hoursTotal: 'Class hours',
  hoursLimit: 'Leave + absence limit',
  hoursAllClasses: 'All my classes',
  hoursByYear: 'Hours per year',
  hoursYearNeed: 'at least {n} h a year',
  hoursFiveYears: 'Five years ({from}–{to})',
  hoursFiveNeed: 'at least {n} h in five years (county level and above)',
  groupNone: 'You are not in a group yet.',
  groupLeader: 'Leader',
  you: 'me',
  badgeHint: 'Show this code to the class teacher when boarding the bus or at a site visit.',
  invitationOpening: 'Signing in…',
  invitationFailed: 'This invitation is not valid or was revoked. Ask the class teacher for a new code.',
  errorGeneric: 'Something went wrong; try again',
  codeExpired: 'This code has expired (it changes every 20 s); scan the code on the screen now',
  codeInvalid: 'This is not a valid check-in code',
  notEnrolled: 'You are not a trainee of this class',
  scannerTitle: 'Badge check-in',
  scannerSession: 'Session',
  scannerOnline: 'Online',
  scannerOffline: 'Offline: scans are kept on this phone and sent when the network returns',
  scannerQueued: 'waiting',
  scannerSynced: 'sent',
  scannerConflict: 'not recorded',
  scannerUnknown: 'Not a badge of this class',
  scannerManual: 'Type a badge code',
  scannerAdd: 'Record',
  scannerSignIn: 'Sign in with the class teacher account first, then open the scanner.',
  scannerSignInLink: 'Sign in',
  scannerSyncNow: 'Send now',
  scannerNoData: 'This phone has no data of the class yet. Open the scanner once with the network on.',
  scannerCount: '{n} scans, {q} waiting',
  scannerSaved: 'saved',
  scannerAlready: '{name} was scanned already',
};

export const dictionaries: Record<Lang, Record<Key, string>> = { 'zh-CN': zh, en, bo };
export type T = (key: Key, params?: Record<string, string | number>) => string;

export function makeT(lang: Lang): T {
  return (key, params = {}) => dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? ''));
}

export const LangContext = createContext<{ lang: Lang; t: T; setLang: (l: Lang) => void }>({ lang: 'zh-CN', t: makeT('zh-CN'), setLang: () => {} });
export const useT = () => useContext(LangContext);

export function initialLang(): Lang {
  const saved = localStorage.getItem('cohort.lang');
  if (saved === 'en' || saved === 'zh-CN' || saved === 'bo') return saved;
  const nav = navigator.language.toLowerCase();
  return nav.startsWith('en') ? 'en' : nav.startsWith('bo') ? 'bo' : 'zh-CN';
}

/** Times and dates as the class lives them, in its own time zone. */
export function fmt(instant: string | number, timeZone: string, lang: Lang, what: 'time' | 'date' | 'day' | 'datetime') {
  const d = new Date(instant);
  const opts: Intl.DateTimeFormatOptions =
    what === 'time'
      ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : what === 'date'
        ? { month: 'long', day: 'numeric', weekday: 'short' }
        : what === 'day'
          ? { month: 'short', day: 'numeric' }
          : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat(intlLocale(lang), { ...opts, timeZone }).format(d);
}

/** The Intl locale of a trainee language: en-GB writes 2 Dec 14:00 (never 12/2); bo is written
 * with Chinese-style numeric months where the runtime has no Tibetan calendar data. */
export function intlLocale(lang: Lang) {
  if (lang === 'en') return 'en-GB';
  if (lang === 'bo') return Intl.DateTimeFormat.supportedLocalesOf(['bo']).length ? 'bo' : 'zh-CN';
  return 'zh-CN';
}
