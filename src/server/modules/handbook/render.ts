import { A5, type Block, type BookletLayout, type PageDraw, paginate, renderPages } from '../../documents/booklet';
import { heightOfMixed, type PdfDoc, writeMixed } from '../../documents/pdf';
import { qrPng } from '../../documents/qr';

// The 学员手册 laid out at A5: cover, welcome and 学员守则, the timetable by day with places and
// addresses, the sites, groups and 班委, contacts, rooms/meals/buses where the class has them, and
// check-in and evaluation with the trainee's own badge. Chinese, as the class is run; names as written.

export type HandbookDocument = {
  institutionName: string;
  classTitle: string;
  startsOn: string;
  endsOn: string;
  place: string | null;
  timeZone: string;
  welcome: string;
  rules: string;
  days: Array<{
    day: string;
    sessions: Array<{ time: string; title: string; kind: string; where: string | null; address: string | null; lecturers: string; groups: string }>;
  }>;
  sites: Array<{ name: string; address: string | null; contact: string | null }>;
  committee: Array<{ role: string; name: string }>;
  groups: Array<{ name: string; leader: string | null; members: string[] }>;
  staff: Array<{ role: string; name: string; phone: string | null }>;
  /** The trainee's room, else null (no room, or the class edition). */
  room: string | null;
  meals: Array<{ day: string; meal: string; time: string; place: string | null }>;
  buses: Array<{ session: string; vehicles: string[] }>;
  checkInUrl: string;
  /** One trainee's edition: their name and badge. */
  trainee: { name: string; groupName: string | null; badge: string } | null;
};

const MARGIN = 34;
const WIDTH = A5.width - 2 * MARGIN;
const TOP = 40;
const BOTTOM = 44;
const CONTENT = A5.height - TOP - BOTTOM;

const cnDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** Builds blocks measured on the document they will be drawn on. */
function blocksOf(doc: PdfDoc) {
  const out: Block[] = [];
  const text = (s: string, o: { size?: number; bold?: boolean; color?: string; indent?: number; gap?: number; align?: 'left' | 'center' } = {}) => {
    const size = o.size ?? 9.5;
    const w = WIDTH - (o.indent ?? 0);
    const h = heightOfMixed(doc, s, { width: w, fontSize: size, bold: o.bold, lineGap: 2 }) + (o.gap ?? 3);
    out.push({
      height: h,
      draw: (d, x, y) => writeMixed(d, s, { x: x + (o.indent ?? 0), y, width: w, fontSize: size, bold: o.bold, color: o.color, lineGap: 2, align: o.align }),
    });
  };
  const heading = (s: string, breakBefore = true) => {
    out.push({
      height: 30,
      breakBefore,
      keepWithNext: true,
      draw: (d, x, y) => {
        writeMixed(d, s, { x, y: y + 2, width: WIDTH, fontSize: 14, bold: true });
        d.save()
          .lineWidth(1)
          .strokeColor('#9e1b1b')
          .moveTo(x, y + 22)
          .lineTo(x + WIDTH, y + 22)
          .stroke()
          .restore();
      },
    });
  };
  const sub = (s: string) => {
    out.push({
      height: 22,
      keepWithNext: true,
      draw: (d, x, y) => writeMixed(d, s, { x, y: y + 5, width: WIDTH, fontSize: 10.5, bold: true, color: '#9e1b1b' }),
    });
  };
  /** Two columns: a narrow label and the text beside it. */
  const row = (label: string, lines: string[], labelWidth = 62) => {
    const w = WIDTH - labelWidth - 6;
    const body = lines.filter(Boolean);
    const hs = body.map((l, i) => heightOfMixed(doc, l, { width: w, fontSize: i === 0 ? 9.5 : 8.5, lineGap: 1 }));
    const h =
      Math.max(
        heightOfMixed(doc, label, { width: labelWidth, fontSize: 9, lineGap: 1 }),
        hs.reduce((a, b) => a + b, 0),
      ) + 5;
    out.push({
      height: h,
      draw: (d, x, y) => {
        writeMixed(d, label, { x, y, width: labelWidth, fontSize: 9, color: '#555555', lineGap: 1 });
        let yy = y;
        body.forEach((l, i) => {
          writeMixed(d, l, { x: x + labelWidth + 6, y: yy, width: w, fontSize: i === 0 ? 9.5 : 8.5, color: i === 0 ? '#000000' : '#444444', lineGap: 1 });
          yy += hs[i];
        });
        d.save()
          .lineWidth(0.3)
          .strokeColor('#dddddd')
          .moveTo(x, y + h - 2)
          .lineTo(x + WIDTH, y + h - 2)
          .stroke()
          .restore();
      },
    });
  };
  return { out, text, heading, sub, row };
}

function layOut(doc: PdfDoc, d: HandbookDocument, badgePng: Buffer | null, checkInPng: Buffer): PageDraw[] {
  const b = blocksOf(doc);
  // 欢迎辞 and 学员守则
  b.heading('欢迎辞', false);
  for (const p of d.welcome.split(/\n+/).filter((s) => s.trim())) b.text(`　　${p.trim()}`, { size: 10, gap: 5 });
  b.heading('学员守则', false);
  for (const p of d.rules.split(/\n+/).filter((s) => s.trim())) b.text(p.trim(), { size: 9.5, gap: 4 });
  // 日程安排
  b.heading('日程安排');
  b.text(`以下时间均为培训地当地时间（${d.timeZone}）。`, { size: 8.5, color: '#555555', gap: 6 });
  for (const day of d.days) {
    b.sub(day.day);
    for (const s of day.sessions)
      b.row(s.time, [
        `${s.kind}　${s.title}`,
        [s.lecturers, s.groups].filter(Boolean).join('　'),
        s.where ? `地点：${s.where}` : '',
        s.address ? `地址：${s.address}` : '',
      ]);
  }
  if (d.sites.length) {
    b.heading('现场教学点', false);
    for (const s of d.sites) b.row(s.name, [s.address ? `地址：${s.address}` : '地址：—', s.contact ? `联系人：${s.contact}` : ''], 110);
  }
  // 分组与班委
  b.heading('班委与分组');
  if (d.committee.length) {
    b.sub('班委');
    for (const c of d.committee) b.row(c.role, [c.name]);
  }
  for (const g of d.groups) {
    b.sub(g.leader ? `${g.name}（组长：${g.leader}）` : g.name);
    b.text(g.members.join('、') || '—', { size: 9, gap: 4 });
  }
  // 联系方式
  b.heading('联系方式', false);
  for (const s of d.staff) b.row(s.role, [s.name, s.phone ? `电话：${s.phone}` : '']);
  // 食宿与交通, only what the class has.
  if (d.room || d.meals.length || d.buses.length) {
    b.heading('食宿与交通');
    if (d.room) b.row('住宿', [d.room]);
    if (d.meals.length) {
      b.sub('用餐安排');
      for (const m of d.meals) b.row(m.day, [`${m.meal} ${m.time}${m.place ? `　${m.place}` : ''}`]);
    }
    if (d.buses.length) {
      b.sub('现场教学乘车');
      for (const x of d.buses) b.row(x.session, x.vehicles, 110);
    }
  }
  // 签到与评估
  b.heading('签到与评估');
  b.text('一、签到：每次上课时，用手机打开学员端（扫描本页二维码或打开邀请链接），点“签到”，扫描教室投影的签到码。', { gap: 4 });
  b.text('二、没有手机或手机无法使用时，请向班主任出示本人签到胸卡（下方二维码），由班主任扫码签到。', { gap: 4 });
  b.text('三、课程评估：每次课后在学员端“评估”中填写问卷，按时如实反馈；评估情况计入结业考核。', { gap: 4 });
  b.text('四、请假、学时、心得体会、结业鉴定和结业证书，均在学员端查看和办理。', { gap: 8 });
  b.out.push({
    height: 150,
    draw: (doc2, x, y) => {
      doc2.image(checkInPng, x, y, { width: 110, height: 110 });
      writeMixed(doc2, '学员端', { x, y: y + 114, width: 110, fontSize: 8.5, align: 'center' });
      if (badgePng && d.trainee) {
        doc2.image(badgePng, x + WIDTH - 110, y, { width: 110, height: 110 });
        writeMixed(doc2, `${d.trainee.name} 签到胸卡`, { x: x + WIDTH - 130, y: y + 114, width: 150, fontSize: 8.5, align: 'center' });
      } else {
        writeMixed(doc2, '本人签到胸卡二维码见学员端“我的”或个人版学员手册。', { x: x + 130, y: y + 40, width: WIDTH - 130, fontSize: 9, color: '#555555' });
      }
    },
  });

  const pages = paginate(b.out, CONTENT);
  const footer = (doc2: PdfDoc, x: number, y: number, n: number) =>
    writeMixed(doc2, `— ${n} —`, { x: x + MARGIN, y: y + A5.height - 28, width: WIDTH, fontSize: 8, align: 'center', color: '#777777' });
  const cover: PageDraw = (doc2, x, y) => {
    doc2.save().rect(x, y, A5.width, 8).fillColor('#9e1b1b').fill().restore();
    writeMixed(doc2, d.institutionName, { x: x + MARGIN, y: y + 90, width: WIDTH, fontSize: 12, align: 'center' });
    writeMixed(doc2, d.classTitle, { x: x + MARGIN, y: y + 150, width: WIDTH, fontSize: 17, bold: true, align: 'center', lineGap: 6 });
    writeMixed(doc2, '学 员 手 册', { x: x + MARGIN, y: y + 260, width: WIDTH, fontSize: 28, bold: true, align: 'center', color: '#9e1b1b' });
    writeMixed(doc2, `${cnDate(d.startsOn)} — ${cnDate(d.endsOn)}`, { x: x + MARGIN, y: y + 360, width: WIDTH, fontSize: 11, align: 'center' });
    if (d.place) writeMixed(doc2, d.place, { x: x + MARGIN, y: y + 382, width: WIDTH, fontSize: 11, align: 'center' });
    if (d.trainee)
      writeMixed(doc2, `学员：${d.trainee.name}${d.trainee.groupName ? `（${d.trainee.groupName}）` : ''}`, {
        x: x + MARGIN,
        y: y + 470,
        width: WIDTH,
        fontSize: 12,
        align: 'center',
      });
  };
  return [
    cover,
    ...pages.map<PageDraw>((blocks, i) => (doc2, x, y) => {
      let yy = y + TOP;
      for (const bl of blocks) {
        bl.draw(doc2, x + MARGIN, yy);
        yy += bl.height;
      }
      footer(doc2, x, y, i + 2);
    }),
  ];
}

/** The handbook as a PDF, for the phone (A5 pages) or for printing (an A5 booklet imposed on A4). */
export async function renderHandbook(d: HandbookDocument, layout: BookletLayout): Promise<Buffer> {
  const [badgePng, checkInPng] = await Promise.all([d.trainee ? qrPng(d.trainee.badge, 360) : Promise.resolve(null), qrPng(d.checkInUrl, 360)]);
  return renderPages((doc) => layOut(doc, d, badgePng, checkInPng), layout, { title: `${d.classTitle} 学员手册`, author: d.institutionName });
}
