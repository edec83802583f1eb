import { useT } from '../i18n';
import { rollCallBo } from '../i18n-bo';

// The roll call page's and committee card's words (zh-CN first), loaded with them only.
const zh = {
  loading: '加载中…',
  title: '{group}点名',
  online: '在线',
  offline: '离线：点名保存在手机上，联网后自动同步',
  until: '点名权限至 {date}',
  session: '日程',
  'status.present': '到',
  'status.late': '迟到',
  'status.absent': '缺',
  'state.queued': '待同步',
  'state.synced': '已同步',
  'state.kept': '已有签到记录，保留原记录',
  'state.refused': '未被接受',
  recorded: '已记录（{how}）',
  none: '未点名',
  'method.qr': '扫码签到',
  'method.badge': '胸卡扫码',
  'method.manual': '班主任标记',
  'method.leave': '请假',
  'method.record': '历史记录',
  'method.roll_call': '组长点名',
  'method.offline': '离线扫码',
  count: '待同步 {q} 条',
  syncNow: '立即同步',
  committee: '班委',
  rollCall: '本组点名',
  'role.monitor': '班长',
  'role.deputy_monitor': '副班长',
  'role.study': '学习委员',
  'role.life': '生活委员',
  'role.organization': '组织委员',
  'role.culture_sports': '文体委员',
  leaders: '组长',
};
type Key = keyof typeof zh;
const en: Record<Key, string> = {
  loading: 'Loading…',
  title: 'Roll call · {group}',
  online: 'Online',
  offline: 'Offline: marks stay on this phone and sync when the network is back',
  until: 'You may take roll call until {date}',
  session: 'Session',
  'status.present': 'Here',
  'status.late': 'Late',
  'status.absent': 'Absent',
  'state.queued': 'waiting to sync',
  'state.synced': 'synced',
  'state.kept': 'already checked in; that record stays',
  'state.refused': 'not accepted',
  recorded: 'recorded ({how})',
  none: 'not marked',
  'method.qr': 'check-in code',
  'method.badge': 'badge scan',
  'method.manual': 'class teacher',
  'method.leave': 'leave',
  'method.record': 'record',
  'method.roll_call': 'group leader roll call',
  'method.offline': 'scanned offline',
  count: '{q} waiting to sync',
  syncNow: 'Sync now',
  committee: 'Class committee',
  rollCall: 'Roll call of my group',
  'role.monitor': 'Class monitor',
  'role.deputy_monitor': 'Deputy monitor',
  'role.study': 'Study officer',
  'role.life': 'Welfare officer',
  'role.organization': 'Organisation officer',
  'role.culture_sports': 'Culture and sports officer',
  leaders: 'Group leaders',
};

export function useRollCallT() {
  const { lang } = useT();
  const dict: Record<string, string> = lang === 'en' ? en : lang === 'bo' ? rollCallBo : zh;
  return (key: string, params: Record<string, string | number> = {}) =>
    (dict[key] ?? zh[key as Key] ?? key).replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? ''));
}
