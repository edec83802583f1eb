import { useT } from '../i18n';
import { boardingBo } from '../i18n-bo';

// The scanner's boarding mode words (zh-CN first, en, and the machine-drafted bo in i18n-bo.ts).
const zh = {
  modeCheckIn: '签到',
  modeBoarding: '登车',
  title: '扫码登车',
  visit: '现场教学',
  outbound: '去程',
  return: '返程',
  bus: '车辆',
  boarded: '{name} 上 {label} ✓',
  already: '{name} 已经扫过',
  wrongBus: '{name} 应乘 {label}',
  notOnManifest: '{name} 不在本车名单上（已记录，待服务器确认）',
  count: '已上车 {b}/{n}',
  departs: '发车 {at}',
  missing: '未上车（{n}）：',
  missingLate: '已过发车时间，仍有 {n} 人未上车：',
  allAboard: '全部上车',
  noBuses: '本班还没有安排现场教学车辆（在“车辆”页添加）',
  noBusOnLeg: '这一程还没有车辆',
  entry: '没带胸卡或扫不了：输入姓名或胸卡码',
  entryHint: '如 扎西',
  entryNone: '本班没有这个学员',
  entryOn: '已上车',
  entryMore: '还有 {n} 人，请多输入几个字',
};
export type BoardingWord = keyof typeof zh;
const en: Record<BoardingWord, string> = {
  modeCheckIn: 'Check-in',
  modeBoarding: 'Boarding',
  title: 'Boarding scan',
  visit: 'Site visit',
  outbound: 'Outbound',
  return: 'Return',
  bus: 'Bus',
  boarded: '{name} on {label} ✓',
  already: '{name} was scanned already',
  wrongBus: '{name} rides {label}',
  notOnManifest: '{name} is not on this bus (kept; the server decides)',
  count: 'Boarded {b}/{n}',
  departs: 'Departs {at}',
  missing: 'Not boarded ({n}): ',
  missingLate: 'Departure time has passed; {n} not boarded: ',
  allAboard: 'All aboard',
  noBuses: 'No buses for site visits yet (add them on the Buses page)',
  noBusOnLeg: 'No bus on this leg yet',
  entry: 'No badge, or it will not scan: type a name or the badge code',
  entryHint: 'e.g. Tashi',
  entryNone: 'No trainee of this class by that name',
  entryOn: 'Boarded',
  entryMore: '{n} more; type a little more',
};
export const boardingDictionaries: Record<'zh-CN' | 'en' | 'bo', Record<BoardingWord, string>> = { 'zh-CN': zh, en, bo: boardingBo };

export function useBoardingWords() {
  const { lang } = useT();
  const dict = boardingDictionaries[lang];
  return (key: BoardingWord, params: Record<string, string | number> = {}) => dict[key].replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? ''));
}
