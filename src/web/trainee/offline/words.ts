import { useT } from '../i18n';
import { offlineBo } from '../i18n-bo';

// The words of the trainee pages' offline side (zh-CN first; Tibetan in i18n-bo.ts).
const zh = {
  stale: '离线 · 上次更新 {time}',
  needsNetwork: '此页需要网络，请联网后再打开',
  noCopy: '这部手机上还没有此页的数据。联网时打开一次，离线时即可查看。',
  pageFailed: '此页出错了',
  reloadPage: '重新加载',
  checkInQueued: '扫码已保存在手机上，联网后自动提交签到',
  offlineCheckIns: '离线签到',
  queued: '待同步',
  done: '已签到',
  refused: '未被接受',
  review: '待班主任确认',
  scannedAt: '扫码于 {time}',
  leaveQueued: '已保存在手机上，联网后自动提交',
  leaveSent: '已提交',
  syncNow: '立即同步',
};
export type OfflineKey = keyof typeof zh;
const en: Record<OfflineKey, string> = {
  stale: 'Offline · last updated {time}',
  needsNetwork: 'This page needs the network; open it again when you are online',
  noCopy: 'This phone has no copy of this page yet. Open it once while online to have it offline.',
  pageFailed: 'Something went wrong on this page',
  reloadPage: 'Reload',
  checkInQueued: 'Scan saved on this phone; the check-in is sent when the network returns',
  offlineCheckIns: 'Offline check-ins',
  queued: 'Waiting to sync',
  done: 'Checked in',
  refused: 'Not accepted',
  review: 'Waiting for the class teacher',
  scannedAt: 'Scanned at {time}',
  leaveQueued: 'Saved on this phone; sent when the network returns',
  leaveSent: 'Sent',
  syncNow: 'Sync now',
};
const dicts = { 'zh-CN': zh, en, bo: offlineBo as Record<OfflineKey, string> };

export function useOfflineT() {
  const { lang } = useT();
  return (key: OfflineKey, params: Record<string, string | number> = {}) => dicts[lang][key].replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? ''));
}
