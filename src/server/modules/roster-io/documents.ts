import { agendaLine, classHours, SESSION_KIND_LABELS_ZH, sessionPlace, titleWithGroups } from '../../../contracts';
import { createPdf, drawTable, type PdfDoc, type TableColumn, writeMixed } from '../../documents/pdf';
import { writeXlsx, type XlsxSheet } from '../../documents/xlsx';

// The class documents a class teacher prints or sends round: roster, contact list, group lists,
// sign-in sheets and the timetable. Plain data in, file bytes out; the service gathers the data.
// They are official paperwork of a Chinese college, so they are written in Chinese.

export type DocClass = { title: string; timeZone: string; startsOn: string; endsOn: string; place: string | null };

export type DocTrainee = {
  name: string;
  nameBo: string | null;
  nameLatin: string | null;
  gender: 'male' | 'female' | null;
  ethnicity: string | null;
  workUnit: string | null;
  position: string | null;
  rank: string | null;
  phone: string | null;
  /** Hidden (null) with the mobile from those who may not see phones (the roster service). */
  officePhone: string | null;
  idNumberMasked: string | null;
  /** resident_id, or another document (passport …): the column is then headed 证件号码. */
  idType?: string | null;
  groupId: number | null;
  groupName: string | null;
  role: 'member' | 'group_leader';
};

export type DocGroup = { id: number; name: string; members: DocTrainee[] };

export type DocSession = {
  kind: 'opening' | 'lecture' | 'site_visit' | 'discussion' | 'ceremony' | 'other';
  title: string;
  startsAt: string;
  endsAt: string;
  site: { name: string; address: string | null } | null;
  venue: string | null;
  hours: number;
  lecturers: Array<{ name: string; title: string | null }>;
  groups: Array<{ id: number; name: string }>;
  /** Ceremonies: the running order, printed under the title. */
  agenda?: Array<{ title: string; speakerName: string | null; speakerRole: string | null }>;
};

export const KIND_LABELS: Record<DocSession['kind'], string> = SESSION_KIND_LABELS_ZH;

const GENDER = { male: '男', female: '女' } as const;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** Wall-clock date, weekday and time of an instant in the class's time zone. */
export function wallClock(instant: string, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
  return { date, weekday: `周${weekday}`, time: `${get('hour')}:${get('minute')}`, year: get('year'), month: Number(get('month')), day: Number(get('day')) };
}

export const placeOf = sessionPlace;
const lecturersOf = (s: DocSession) => s.lecturers.map((l) => (l.title ? `${l.name}（${l.title}）` : l.name)).join('、');
const audienceOf = (s: DocSession) => (s.groups.length ? s.groups.map((g) => g.name).join('、') : '全体学员');
const timeZoneNote = (tz: string) => (tz === 'Asia/Shanghai' ? '时间均为北京时间' : `时间均为当地时间（${tz}）`);
const roleLabel = (t: DocTrainee) => (t.role === 'group_leader' ? '组长' : '');
const pageNumbers = (page: number, total: number) => `第 ${page} 页 / 共 ${total} 页`;

function heading(doc: PdfDoc, title: string, lines: string[]) {
  writeMixed(doc, title, { fontSize: 16, bold: true, align: 'center', paragraphGap: 4 });
  for (const l of lines) writeMixed(doc, l, { fontSize: 10.5, align: 'center', paragraphGap: 1 });
  doc.y += 8;
}

// ---------------------------------------------------------------------------------------------
// Roster and contact list

export function rosterXlsx(cls: DocClass, trainees: DocTrainee[]): Promise<Buffer> {
  return writeXlsx([
    {
      name: '学员名单',
      title: `${cls.title} 学员名单`,
      columns: [
        { header: '序号', key: 'no' },
        { header: '姓名', key: 'name' },
        { header: '藏文名', key: 'nameBo' },
        { header: '拼音/英文名', key: 'nameLatin' },
        { header: '性别', key: 'gender' },
        { header: '民族', key: 'ethnicity' },
        { header: '工作单位', key: 'workUnit' },
        { header: '职务', key: 'position' },
        { header: '职级', key: 'rank' },
        { header: '手机', key: 'phone' },
        { header: '办公电话', key: 'officePhone' },
        { header: trainees.some((t) => t.idType && t.idType !== 'resident_id') ? '证件号码' : '身份证号', key: 'idNumber' },
        { header: '组别', key: 'group' },
        { header: '组内角色', key: 'role' },
      ],
      rows: trainees.map((t, i) => ({
        no: i + 1,
        name: t.name,
        nameBo: t.nameBo,
        nameLatin: t.nameLatin,
        gender: t.gender ? GENDER[t.gender] : null,
        ethnicity: t.ethnicity,
        workUnit: t.workUnit,
        position: t.position,
        rank: t.rank,
        phone: t.phone,
        officePhone: t.officePhone,
        // Exports never carry full ID numbers; the masked form tells two people apart.
        idNumber: t.idNumberMasked,
        group: t.groupName,
        role: roleLabel(t),
      })),
    },
  ]);
}

const contactColumns = [
  { header: '序号', key: 'no' },
  { header: '姓名', key: 'name' },
  { header: '藏文名', key: 'nameBo' },
  { header: '组别', key: 'group' },
  { header: '工作单位', key: 'workUnit' },
  { header: '职务', key: 'position' },
  { header: '手机', key: 'phone' },
  { header: '办公电话', key: 'officePhone' },
];
const contactRow = (t: DocTrainee, i: number) => ({
  no: i + 1,
  name: t.role === 'group_leader' ? `${t.name}（组长）` : t.name,
  nameBo: t.nameBo,
  group: t.groupName,
  workUnit: t.workUnit,
  position: t.position,
  phone: t.phone,
  officePhone: t.officePhone,
});

export function contactsXlsx(cls: DocClass, trainees: DocTrainee[]): Promise<Buffer> {
  return writeXlsx([{ name: '通讯录', title: `${cls.title} 通讯录`, columns: contactColumns, rows: trainees.map(contactRow) }]);
}

export function contactsPdf(cls: DocClass, trainees: DocTrainee[]): Promise<Buffer> {
  const { doc, toBuffer } = createPdf({ title: `${cls.title} 通讯录`, runningHeader: cls.title, pageNumbers: true, pageNumberFormat: pageNumbers });
  heading(doc, '通讯录', [cls.title, `共 ${trainees.length} 名学员`]);
  drawTable(doc, {
    columns: [
      { key: 'no', header: '序号', width: 30, align: 'center' },
      // Names keep their width (a Tibetan name must not wrap); the unit gives room to the office phone.
      { key: 'name', header: '姓名', width: 75 },
      { key: 'nameBo', header: '藏文名', width: 80 },
      { key: 'group', header: '组别', width: 40, align: 'center' },
      { key: 'workUnit', header: '工作单位', width: 85 },
      { key: 'position', header: '职务', width: 50 },
      { key: 'phone', header: '手机', width: 65, align: 'center' },
      // Wide enough for 0894-5821234 on one line.
      { key: 'officePhone', header: '办公电话', width: 75, align: 'center' },
    ],
    rows: trainees.map(contactRow),
    zebraFill: '#f5f5f5',
    fontSize: 9,
  });
  return toBuffer();
}

// ---------------------------------------------------------------------------------------------
// Group lists

const groupTitle = (g: DocGroup) => {
  const leader = g.members.find((m) => m.role === 'group_leader');
  return `${g.name}（${g.members.length} 人）${leader ? `  组长：${leader.name}` : ''}`;
};
const groupRow = (t: DocTrainee, i: number) => ({
  no: i + 1,
  name: t.name,
  nameBo: t.nameBo,
  role: roleLabel(t),
  workUnit: t.workUnit,
  position: t.position,
  phone: t.phone,
  officePhone: t.officePhone,
});

export function groupsXlsx(cls: DocClass, groups: DocGroup[]): Promise<Buffer> {
  const sheets: XlsxSheet[] = groups.map((g) => ({
    name: g.name,
    title: `${cls.title} ${groupTitle(g)}`,
    columns: [
      { header: '序号', key: 'no' },
      { header: '姓名', key: 'name' },
      { header: '藏文名', key: 'nameBo' },
      { header: '组内角色', key: 'role' },
      { header: '工作单位', key: 'workUnit' },
      { header: '职务', key: 'position' },
      { header: '手机', key: 'phone' },
      { header: '办公电话', key: 'officePhone' },
    ],
    rows: g.members.map(groupRow),
  }));
  return writeXlsx(sheets);
}

export function groupsPdf(cls: DocClass, groups: DocGroup[]): Promise<Buffer> {
  const { doc, toBuffer } = createPdf({ title: `${cls.title} 分组名单`, runningHeader: cls.title, pageNumbers: true, pageNumberFormat: pageNumbers });
  heading(doc, '分组名单', [cls.title]);
  const columns: TableColumn[] = [
    { key: 'no', header: '序号', width: 30, align: 'center' },
    { key: 'name', header: '姓名', width: 75 },
    { key: 'nameBo', header: '藏文名', width: 80 },
    { key: 'role', header: '角色', width: 40, align: 'center' },
    // The unit gives room to the office phone, as on the contact list.
    { key: 'workUnit', header: '工作单位', width: 95 },
    { key: 'position', header: '职务', width: 50 },
    { key: 'phone', header: '手机', width: 65, align: 'center' },
    { key: 'officePhone', header: '办公电话', width: 75, align: 'center' },
  ];
  for (const g of groups) {
    // Keep a group's heading with at least its first rows.
    if (doc.y + 90 > doc.page.maxY()) doc.addPage();
    writeMixed(doc, groupTitle(g), { fontSize: 12, bold: true, paragraphGap: 4, x: doc.page.margins.left });
    drawTable(doc, { columns, rows: g.members.map(groupRow), zebraFill: '#f5f5f5', fontSize: 9 });
    doc.y += 10;
  }
  return toBuffer();
}

// ---------------------------------------------------------------------------------------------
// Sign-in sheet

function sessionWhen(s: Pick<DocSession, 'startsAt' | 'endsAt'>, tz: string) {
  const a = wallClock(s.startsAt, tz);
  const b = wallClock(s.endsAt, tz);
  const day = `${a.year}年${a.month}月${a.day}日（${a.weekday}）`;
  return a.date === b.date ? `${day} ${a.time}–${b.time}` : `${day} ${a.time} 至 ${b.year}年${b.month}月${b.day}日 ${b.time}`;
}

/** One A4 sign-in sheet (签到表) per session: a line for every trainee expected there. */
export function signInPdf(cls: DocClass, sessions: Array<{ session: DocSession; trainees: DocTrainee[] }>): Promise<Buffer> {
  const { doc, toBuffer } = createPdf({ title: `${cls.title} 签到表`, runningHeader: cls.title, pageNumbers: true, pageNumberFormat: pageNumbers });
  sessions.forEach(({ session, trainees }, n) => {
    if (n > 0) doc.addPage();
    heading(doc, '签到表', [cls.title]);
    const left = doc.page.margins.left;
    const lines: Array<[string, string]> = [
      ['日程', `${session.title}（${KIND_LABELS[session.kind]}）`],
      ['时间', `${sessionWhen(session, cls.timeZone)}（${timeZoneNote(cls.timeZone)}）`],
      ['地点', placeOf(session) || '—'],
      ['参加对象', `${audienceOf(session)}，应到 ${trainees.length} 人`],
    ];
    if (session.lecturers.length) lines.splice(3, 0, ['授课/主持', lecturersOf(session)]);
    for (const [label, value] of lines) writeMixed(doc, `${label}：${value}`, { x: left, fontSize: 10.5, paragraphGap: 2 });
    doc.y += 6;
    drawTable(doc, {
      columns: [
        { key: 'no', header: '序号', width: 32, align: 'center' },
        { key: 'name', header: '姓名', width: 110 },
        { key: 'group', header: '组别', width: 55, align: 'center' },
        { key: 'workUnit', header: '工作单位', width: 178 },
        { key: 'signature', header: '签名', width: 120 },
      ],
      rows: trainees.map((t, i) => ({
        no: i + 1,
        name: t.nameBo ? `${t.name}\n${t.nameBo}` : t.name,
        group: t.groupName,
        workUnit: t.workUnit,
        signature: '',
      })),
      rowHeight: 26,
      fontSize: 9.5,
    });
    writeMixed(doc, `应到 ${trainees.length} 人    实到 ______ 人    请假 ______ 人        记录人：__________`, { x: left, fontSize: 10.5 });
  });
  return toBuffer();
}

// ---------------------------------------------------------------------------------------------
// Timetable

/** The class's hours as one trainee attends them (per-group sessions once), and how to say it. */
const totalLine = (sessions: DocSession[]) =>
  `合计 ${sessions.length} 项日程，每名学员 ${Math.round(classHours(sessions) * 10) / 10} 学时（分组进行的日程按一组计）`;
const contentOf = (s: DocSession, withGroups: boolean) =>
  [withGroups ? titleWithGroups(s.title, s.groups) : s.title, ...(s.agenda ?? []).map(agendaLine)].join('\n');

function timetableRows(cls: DocClass, sessions: DocSession[]) {
  let lastDate = '';
  return sessions.map((s) => {
    const a = wallClock(s.startsAt, cls.timeZone);
    const b = wallClock(s.endsAt, cls.timeZone);
    const first = a.date !== lastDate;
    lastDate = a.date;
    return {
      date: a.date,
      weekday: a.weekday,
      dayLabel: first ? `${a.month}月${a.day}日\n${a.weekday}` : '',
      time: a.date === b.date ? `${a.time}–${b.time}` : `${a.time}–${b.date} ${b.time}`,
      kind: KIND_LABELS[s.kind],
      title: contentOf(s, false),
      titled: contentOf(s, true),
      place: placeOf(s),
      lecturers: lecturersOf(s),
      audience: audienceOf(s),
      hours: s.hours,
    };
  });
}

export function timetableXlsx(cls: DocClass, sessions: DocSession[]): Promise<Buffer> {
  return writeXlsx([
    {
      name: '日程表',
      title: `${cls.title} 日程表（${timeZoneNote(cls.timeZone)}）`,
      columns: [
        { header: '日期', key: 'date' },
        { header: '星期', key: 'weekday' },
        { header: '时间', key: 'time' },
        { header: '类型', key: 'kind' },
        { header: '内容', key: 'title', wrap: true },
        { header: '地点', key: 'place', wrap: true },
        { header: '授课/主持', key: 'lecturers' },
        { header: '参加对象', key: 'audience' },
        { header: '学时', key: 'hours' },
      ],
      rows: [...timetableRows(cls, sessions), { date: '合计', title: totalLine(sessions), hours: classHours(sessions) }],
    },
  ]);
}

export function timetablePdf(cls: DocClass, sessions: DocSession[]): Promise<Buffer> {
  const { doc, toBuffer } = createPdf({ title: `${cls.title} 日程表`, runningHeader: cls.title, pageNumbers: true, pageNumberFormat: pageNumbers });
  const span = `${cls.startsOn} 至 ${cls.endsOn}`;
  heading(doc, '日程表', [cls.title, [span, cls.place].filter(Boolean).join('  ·  '), timeZoneNote(cls.timeZone)]);
  drawTable(doc, {
    columns: [
      { key: 'dayLabel', header: '日期', width: 50, align: 'center' },
      { key: 'time', header: '时间', width: 62, align: 'center' },
      { key: 'kind', header: '类型', width: 52, align: 'center' },
      { key: 'title', header: '内容', width: 150 },
      { key: 'place', header: '地点', width: 105 },
      { key: 'lecturers', header: '授课/主持', width: 76 },
    ],
    rows: timetableRows(cls, sessions).map((r) => ({ ...r, title: r.titled })),
    fontSize: 8.5,
  });
  writeMixed(doc, totalLine(sessions), { x: doc.page.margins.left, fontSize: 10 });
  return toBuffer();
}
