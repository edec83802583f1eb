import sharp from 'sharp';
import type { Services } from '../app';

// Demo photos for the three site visits and the graduation, and bulletin issue 1 drafted from the
// record. The pictures are drawn here (a coloured scene with its caption) rather than shipped:
// they stand in for real photos and say so. Runs after the demo transaction (it writes files),
// and only adds what is missing.

type DemoPhoto = { caption: string; hue: [string, string]; label: string };

/** By session title (the seed's item titles) → the photos it gets, captions as in the seed where it has them. */
export const DEMO_PHOTOS: Record<string, DemoPhoto[]> = {
  '学习“深化产学研协同创新”经验': [
    { caption: '在上海微技术工业研究院参观学习', hue: ['#1d4e89', '#7fb3d5'], label: 'SITRI · 2020-10-14' },
    { caption: '西藏自治区科学技术厅政策法规处处长肖建新与上海微技术工业研究院负责人交流', hue: ['#234e52', '#81c7b5'], label: 'SITRI · 交流' },
  ],
  '播撒科学种子，培育创新沃土——上海科普工作的创新发展及思考': [
    { caption: '上海科技管理干部学院讲师张春羽带领学员们在上海科技馆进行现场教学', hue: ['#5b2c6f', '#c39bd3'], label: '上海科技馆 · 2020-10-16' },
    { caption: '学员们在上海科技馆展厅参观', hue: ['#6e2c00', '#f0b27a'], label: '上海科技馆 · 展厅' },
  ],
  学习国家技术转移东部中心成果转化先进做法: [
    { caption: '学员们在国家技术转移东部中心听取讲解', hue: ['#145a32', '#82e0aa'], label: '东部中心 · 2020-10-20' },
    { caption: '学员们参观进口商品展示厅', hue: ['#7b241c', '#f1948a'], label: '进口商品中心' },
  ],
  结业式: [
    { caption: '结业式现场', hue: ['#7d6608', '#f7dc6f'], label: '结业式 · 2020-10-26' },
    { caption: '上海科技管理干部学院副院长张庆杰在结业式上讲话', hue: ['#4a235a', '#d2b4de'], label: '结业式 · 领导讲话' },
  ],
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A 1200×900 JPEG: sky, a row of buildings, a group of figures, the label and 示例照片. */
export async function drawDemoPhoto(p: { hue: [string, string]; label: string }, seed = 1): Promise<Buffer> {
  const w = 1600;
  const h = 1200;
  let x = seed * 9301 + 49297;
  const rnd = () => {
    x = (x * 9301 + 49297) % 233280;
    return x / 233280;
  };
  const buildings = Array.from({ length: 9 }, (_, i) => {
    const bw = 120 + rnd() * 80;
    const bh = 220 + rnd() * 380;
    return `<rect x="${i * 180 + rnd() * 20}" y="${820 - bh}" width="${bw}" height="${bh}" fill="${p.hue[0]}" opacity="${0.55 + rnd() * 0.4}"/>`;
  }).join('');
  const people = Array.from({ length: 14 }, (_, i) => {
    const cx = 260 + i * 80 + rnd() * 20;
    const cy = 900 + rnd() * 40;
    return `<circle cx="${cx}" cy="${cy - 70}" r="24" fill="#f5cba7"/><rect x="${cx - 30}" y="${cy - 44}" width="60" height="130" rx="20" fill="${i % 3 ? '#2c3e50' : '#922b21'}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900" viewBox="0 0 ${w} ${h}">
<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.hue[1]}"/><stop offset="1" stop-color="#ffffff"/></linearGradient></defs>
<rect width="${w}" height="${h}" fill="url(#g)"/>
${buildings}
<rect y="820" width="${w}" height="380" fill="#d5d8dc"/>
${people}
<rect x="0" y="1080" width="${w}" height="120" fill="#000" opacity="0.45"/>
<text x="40" y="1155" font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif" font-size="56" fill="#fff">${esc(p.label)}</text>
<text x="${w - 40}" y="1155" text-anchor="end" font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif" font-size="44" fill="#fff">示例照片 · demo</text>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

export async function loadBulletinDemo(services: Services, classId: number): Promise<{ photos: number; bulletinId: number | null }> {
  const { photos, bulletins, timetable } = services;
  const sessions = await timetable.listSessions(classId);
  let added = 0;
  for (const [title, list] of Object.entries(DEMO_PHOTOS)) {
    const session = sessions.find((s) => s.title === title);
    if (!session || (await photos.listSession(session.id)).length) continue;
    const files = await Promise.all(
      list.map(async (p, i) => ({ filename: `demo-${session.id}-${i + 1}.jpg`, data: await drawDemoPhoto(p, session.id * 10 + i) })),
    );
    const uploaded = await photos.upload(null, session.id, files);
    for (const [i, photo] of uploaded.entries()) await photos.update(null, photo.id, { caption: list[i].caption });
    added += uploaded.length;
  }
  const existing = await bulletins.list(classId, true);
  if (existing.length) return { photos: added, bulletinId: existing.find((b) => b.issueNumber === 1)?.id ?? null };
  const b = await bulletins.create(null, classId, { issueNumber: 1, draft: { includeEmpty: false } });
  return { photos: added, bulletinId: b.id };
}
