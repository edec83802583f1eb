import type { MealCount, RoomingList, TravelOverview } from '../../../contracts';
import { createPdf, drawTable, type PdfDoc, writeMixed } from '../../documents/pdf';
import { writeXlsx } from '../../documents/xlsx';
import { wallClockOf } from '../../lib/wall-clock';

// The residence papers (#18): the rooming list for the hotel (no ID numbers, no phones), the
// pickup list for the staff who meet trainees (with phones) and the kitchen's daily count sheet.
// Official paperwork of a Chinese college: written in Chinese.

export type ResidenceDocClass = { title: string; timeZone: string };

const GENDER = { male: '男', female: '女' } as const;
const MEAL = { breakfast: '早餐', lunch: '午餐', dinner: '晚餐' } as const;
const AWAY = { not_arrived: '未报到', departed: '已返程', leave: '请假' } as const;
const MODE = { flight: '航班', train: '车次', car: '自驾', other: '其他' } as const;
const pageNumbers = (page: number, total: number) => `第 ${page} 页 / 共 ${total} 页`;
const local = (instant: string, tz: string) => {
  const w = wallClockOf(instant, tz);
  return `${w.date} ${w.time.slice(0, 5)}`;
};

function heading(doc: PdfDoc, title: string, lines: string[]) {
  writeMixed(doc, title, { fontSize: 16, bold: true, align: 'center', paragraphGap: 4 });
  for (const l of lines) writeMixed(doc, l, { fontSize: 10.5, align: 'center', paragraphGap: 1 });
  doc.y += 8;
}

function roomingRows(list: RoomingList) {
  const rooms = new Map(list.rooms.map((r) => [r.id, r]));
  return list.trainees
    .filter((t) => t.roomId !== null)
    .map((t) => ({ t, r: rooms.get(t.roomId!)! }))
    .sort((a, b) => `${a.r.hotel}${a.r.building}${a.r.number}`.localeCompare(`${b.r.hotel}${b.r.building}${b.r.number}`) || a.t.bed! - b.t.bed!)
    .map(({ t, r }, i) => ({
      no: i + 1,
      hotel: r.hotel,
      room: `${r.building}${r.number}`,
      bed: t.bed,
      name: t.name,
      nameBo: t.nameBo,
      gender: t.gender ? GENDER[t.gender] : null,
      group: t.groupName,
      workUnit: t.workUnit,
      checkIn: t.checkInOn,
      checkOut: t.checkOutOn,
      dietary: t.dietary,
    }));
}

export function roomingXlsx(cls: ResidenceDocClass, list: RoomingList): Promise<Buffer> {
  return writeXlsx([
    {
      name: '住宿名单',
      title: `${cls.title} 住宿名单`,
      columns: [
        { header: '序号', key: 'no' },
        { header: '酒店', key: 'hotel' },
        { header: '房间', key: 'room' },
        { header: '床位', key: 'bed' },
        { header: '姓名', key: 'name' },
        { header: '藏文名', key: 'nameBo' },
        { header: '性别', key: 'gender' },
        { header: '组别', key: 'group' },
        { header: '工作单位', key: 'workUnit' },
        { header: '入住日期', key: 'checkIn' },
        { header: '退房日期', key: 'checkOut' },
        { header: '饮食禁忌', key: 'dietary' },
      ],
      rows: roomingRows(list),
    },
  ]);
}

export function roomingPdf(cls: ResidenceDocClass, list: RoomingList): Promise<Buffer> {
  const { doc, toBuffer } = createPdf({
    title: `${cls.title} 住宿名单`,
    layout: 'landscape',
    runningHeader: cls.title,
    pageNumbers: true,
    pageNumberFormat: pageNumbers,
  });
  const rows = roomingRows(list);
  heading(doc, '住宿名单', [cls.title, `共 ${rows.length} 人入住 ${new Set(rows.map((r) => `${r.hotel}${r.room}`)).size} 间`]);
  drawTable(doc, {
    columns: [
      { key: 'no', header: '序号', width: 30, align: 'center' },
      { key: 'hotel', header: '酒店', width: 80 },
      { key: 'room', header: '房间', width: 45, align: 'center' },
      { key: 'bed', header: '床位', width: 30, align: 'center' },
      { key: 'name', header: '姓名', width: 60 },
      { key: 'nameBo', header: '藏文名', width: 90 },
      { key: 'gender', header: '性别', width: 30, align: 'center' },
      { key: 'group', header: '组别', width: 45, align: 'center' },
      { key: 'workUnit', header: '工作单位', width: 150 },
      { key: 'checkIn', header: '入住', width: 62, align: 'center' },
      { key: 'checkOut', header: '退房', width: 62, align: 'center' },
      { key: 'dietary', header: '饮食禁忌', width: 80 },
    ],
    rows: rows.map((r) => ({ ...r, bed: r.bed ?? '' })),
    zebraFill: '#f5f5f5',
    fontSize: 9,
  });
  return toBuffer();
}

/** The pickup list: one block per plan (place, window, vehicle, staff) with the trainees and their phones. */
export function pickupPdf(cls: ResidenceDocClass, overview: TravelOverview): Promise<Buffer> {
  // Landscape, like the contact list: nine columns, with room for a connecting flight or a long station name.
  const { doc, toBuffer } = createPdf({
    title: `${cls.title} 接送站名单`,
    layout: 'landscape',
    runningHeader: cls.title,
    pageNumbers: true,
    pageNumberFormat: pageNumbers,
  });
  heading(doc, '接送站名单', [cls.title, cls.timeZone === 'Asia/Shanghai' ? '时间均为北京时间' : `时间均为当地时间（${cls.timeZone}）`]);
  const legs = overview.entries.flatMap((e) => [e.arrival, e.departure].filter((l) => l !== null).map((l) => ({ e, l })));
  const blocks = [
    ...overview.plans.map((p) => ({
      title: `${p.direction === 'arrival' ? '接站' : '送站'}：${p.place}  ${local(p.windowStartsAt, cls.timeZone)}–${wallClockOf(p.windowEndsAt, cls.timeZone).time.slice(0, 5)}`,
      sub: [
        p.vehicle ? `车辆：${p.vehicle}` : '车辆：待定',
        p.staffName ? `接站人员：${p.staffName}${p.staffPhone ? ` ${p.staffPhone}` : ''}` : '接站人员：待定',
      ].join('    '),
      direction: p.direction,
      legs: legs.filter((x) => x.l.pickupPlanId === p.id),
    })),
    { title: '未安排接站', sub: '', direction: 'arrival', legs: legs.filter((x) => x.l.pickupPlanId === null && x.l.direction === 'arrival') },
    { title: '未安排送站', sub: '', direction: 'departure', legs: legs.filter((x) => x.l.pickupPlanId === null && x.l.direction === 'departure') },
  ].filter((b) => b.legs.length);
  for (const b of blocks) {
    writeMixed(doc, b.title, { fontSize: 12, bold: true, paragraphGap: 2 });
    if (b.sub) writeMixed(doc, b.sub, { fontSize: 10, paragraphGap: 3 });
    drawTable(doc, {
      columns: [
        { key: 'no', header: '序号', width: 30, align: 'center' },
        { key: 'name', header: '姓名', width: 80 },
        { key: 'nameBo', header: '藏文名', width: 100 },
        { key: 'group', header: '组别', width: 45, align: 'center' },
        { key: 'phone', header: '手机', width: 85, align: 'center' },
        { key: 'number', header: '航班/车次', width: 90, align: 'center' },
        { key: 'place', header: b.direction === 'departure' ? '出发站/机场' : '到达站/机场', width: 120 },
        { key: 'at', header: '时间', width: 90, align: 'center' },
        { key: 'companions', header: '同行', width: 110 },
      ],
      rows: b.legs
        .sort((x, y) => x.l.at.localeCompare(y.l.at))
        .map(({ e, l }, i) => ({
          no: i + 1,
          name: e.name,
          nameBo: e.nameBo,
          group: e.groupName,
          phone: e.phone,
          number: l.number ? `${MODE[l.mode]} ${l.number}` : MODE[l.mode],
          place: l.place,
          at: local(l.at, cls.timeZone),
          companions: l.companions,
        })),
      fontSize: 9,
    });
    doc.y += 10;
  }
  if (!blocks.length) writeMixed(doc, '尚无学员填写行程。', { fontSize: 10.5 });
  return toBuffer();
}

const countRow = (m: MealCount) => ({
  day: m.day,
  meal: `${MEAL[m.meal]} ${m.servedAt}`,
  place: m.banquet ? `${m.place ?? ''}（宴请）` : m.place,
  total: m.total,
  halal: m.halal,
  vegetarian: m.vegetarian,
  noPork: m.noPork,
  noBeefMutton: m.noBeefMutton,
  special: m.special.map((s) => `${s.name}：${s.needs}`).join('；'),
  away: m.away.map((a) => `${a.name}（${AWAY[a.reason]}）`).join('、'),
});

export function mealCountsXlsx(cls: ResidenceDocClass, counts: MealCount[], day: string | undefined): Promise<Buffer> {
  return writeXlsx([
    {
      name: '就餐人数',
      title: `${cls.title} 就餐人数${day ? ` ${day}` : ''}`,
      columns: [
        { header: '日期', key: 'day' },
        { header: '餐次', key: 'meal' },
        { header: '地点', key: 'place' },
        { header: '就餐人数', key: 'total' },
        { header: '清真', key: 'halal' },
        { header: '素食', key: 'vegetarian' },
        { header: '不吃猪肉', key: 'noPork' },
        { header: '不吃牛羊肉', key: 'noBeefMutton' },
        { header: '过敏及其他', key: 'special', wrap: true },
        { header: '不就餐', key: 'away', wrap: true },
      ],
      rows: counts.map(countRow),
    },
  ]);
}

export function mealCountsPdf(cls: ResidenceDocClass, counts: MealCount[], day: string | undefined): Promise<Buffer> {
  const { doc, toBuffer } = createPdf({
    title: `${cls.title} 就餐人数`,
    layout: 'landscape',
    runningHeader: cls.title,
    pageNumbers: true,
    pageNumberFormat: pageNumbers,
  });
  heading(doc, `就餐人数统计${day ? `（${day}）` : ''}`, [cls.title, '按报到、返程时间及已批准请假计算']);
  drawTable(doc, {
    columns: [
      { key: 'day', header: '日期', width: 62, align: 'center' },
      { key: 'meal', header: '餐次', width: 62, align: 'center' },
      { key: 'place', header: '地点', width: 90 },
      { key: 'total', header: '人数', width: 36, align: 'center' },
      { key: 'halal', header: '清真', width: 36, align: 'center' },
      { key: 'vegetarian', header: '素食', width: 36, align: 'center' },
      { key: 'noPork', header: '不吃猪肉', width: 42, align: 'center' },
      { key: 'noBeefMutton', header: '不吃牛羊肉', width: 48, align: 'center' },
      { key: 'special', header: '过敏及其他', width: 150 },
      { key: 'away', header: '不就餐', width: 150 },
    ],
    rows: counts.map(countRow),
    fontSize: 9,
  });
  if (!counts.length) writeMixed(doc, '当天没有安排用餐。', { fontSize: 10.5 });
  return toBuffer();
}
