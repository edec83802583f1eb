import { useT } from '../i18n';
import { travelBo } from '../i18n-bo';

// The travel page's words (zh-CN first, en, and the machine-drafted bo in i18n-bo.ts), loaded with it only.
const zh = {
  title: '接送站行程',
  loading: '加载中…',
  arrival: '到达上海',
  departure: '返程',
  deadline: '请于 {date} 前填报或确认，学院据此安排接站',
  deadlinePassed: '填报已于 {date} 截止，如需更改请联系班主任',
  none: '尚未填报',
  confirmed: '已确认',
  unconfirmed: '班主任已录入，请核对后确认',
  confirm: '确认无误',
  change: '修改',
  mode: '交通方式',
  'mode.flight': '飞机',
  'mode.train': '火车',
  'mode.car': '自驾/专车',
  'mode.other': '其他',
  number: '航班号/车次',
  placeArrival: '到达机场/车站',
  placeDeparture: '出发机场/车站',
  date: '日期',
  time: '时间（北京时间）',
  timeZone: '时间（{tz}）',
  companions: '同行人员（如有）',
  save: '保存',
  cancel: '取消',
  saving: '保存中…',
  saved: '已保存，谢谢',
  required: '请填写机场/车站、日期和时间',
  pickup: '接站：{vehicle} · {staff}',
};
export type TravelWord = keyof typeof zh;
const en: Record<TravelWord, string> = {
  title: 'My travel',
  loading: 'Loading…',
  arrival: 'Arriving in Shanghai',
  departure: 'Going home',
  deadline: 'Please enter or confirm by {date}; the college plans pickups from it',
  deadlinePassed: 'Entries closed on {date}; ask the class teacher to change anything',
  none: 'Not entered yet',
  confirmed: 'Confirmed',
  unconfirmed: 'Entered by the class teacher: please check and confirm',
  confirm: 'It is right',
  change: 'Change',
  mode: 'By',
  'mode.flight': 'Plane',
  'mode.train': 'Train',
  'mode.car': 'Car',
  'mode.other': 'Other',
  number: 'Flight / train number',
  placeArrival: 'Arriving at (airport or station)',
  placeDeparture: 'Leaving from (airport or station)',
  date: 'Date',
  time: 'Time (Beijing time)',
  timeZone: 'Time ({tz})',
  companions: 'Travelling with (if anyone)',
  save: 'Save',
  cancel: 'Cancel',
  saving: 'Saving…',
  saved: 'Saved, thank you',
  required: 'Enter the airport or station, the date and the time',
  pickup: 'Pickup: {vehicle} · {staff}',
};

export const travelDictionaries: Record<'zh-CN' | 'en' | 'bo', Record<TravelWord, string>> = { 'zh-CN': zh, en, bo: travelBo };

export function useTravelWords() {
  const { lang } = useT();
  const dict = travelDictionaries[lang];
  return (key: TravelWord, params: Record<string, string | number> = {}) => dict[key].replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? ''));
}
