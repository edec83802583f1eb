// npm run bench:bulletin — renders a 20-page bulletin with 30 photos as PDF and DOCX and reports
// time and file size (target: PDF ≤ 5 s and ≤ 8 MB). The photos are synthetic but photo-like
// (smooth colour fields, shapes and fine grain, 4032×3024 like a 12 MP phone camera), go through
// the real upload path (type check, EXIF strip, resized copies) and are embedded as the stored
// 1200 px print copies, as in production. Prints one JSON line of figures at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BulletinBlock, BulletinContent } from '../src/contracts/bulletins';
import { makeServices } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 30);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function syntheticPhoto(seed: number): Promise<Buffer> {
  const w = 4032;
  const h = 3024;
  let x = seed * 7919 + 17;
  const rnd = () => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
  // Large smooth colour fields (low-resolution noise scaled up) under fine grain, as sensor noise
  // and texture give real photos; libvips makes both, so generation stays quick.
  const base = Buffer.alloc(32 * 24 * 3);
  for (let i = 0; i < base.length; i++) base[i] = Math.floor(60 + rnd() * 160);
  const smooth = await sharp(base, { raw: { width: 32, height: 24, channels: 3 } })
    .resize(w, h, { kernel: 'cubic' })
    .blur(20)
    .png({ compressionLevel: 0 })
    .toBuffer();
  // Grain at a third of the resolution survives the downscale to the 1200 px print copy, as a
  // real photo's texture does (full-resolution noise would average away and flatter the sizes).
  const grain = await sharp({ create: { width: w / 3, height: h / 3, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 70 } } })
    .resize(w, h, { kernel: 'cubic' })
    .png({ compressionLevel: 0 })
    .toBuffer();
  const shapes = Array.from({ length: 40 }, () => {
    const cx = rnd() * w;
    const cy = rnd() * h;
    return `<rect x="${cx}" y="${cy}" width="${80 + rnd() * 600}" height="${80 + rnd() * 900}" fill="rgb(${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)},${Math.floor(rnd() * 255)})" opacity="0.6"/>`;
  }).join('');
  const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${shapes}</svg>`);
  return sharp(smooth)
    .composite([{ input: grain, blend: 'soft-light' }, { input: overlay }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

const PARAGRAPH =
  '现场教学以上海科技馆为例，通过教师讲解、实地考察、讨论互动等形式，向西藏的科技管理干部介绍了上海科普工作的实践和探索。学员们普遍反映，这次现场教学活动内容丰富，形式新颖，让学员切实感受到了上海在打造具有全球影响力科创中心工作中科技部门的创新做法和瞩目成效（More than Moore）。第三组学员代表扎西旺拉（བཀྲ་ཤིས་དབང་ལྷ）谈到，要把学到的讲给农牧民群众听。';

const dir = mkdtempSync(join(tmpdir(), 'bench-bulletin-'));
const config = loadConfig({}, { dataDir: dir, secretKey: Buffer.alloc(32, 3), logLevel: 'silent', databaseUrl: undefined });
const database = openDatabase({ dataDir: dir });
try {
  await migrateToLatest(database.db);
  const services = makeServices(database, config);
  const institutionId = await services.classes.createInstitution(null, { name: '上海科技管理干部学院', code: 'BENCH' });
  const programmeId = await services.classes.createProgramme(null, { institutionId, name: '科技兴藏人才培养工程' });
  const classId = await services.classes.createClass(null, programmeId, {
    title: '2020年“科技兴藏人才培养工程”西藏科技管理干部培训班',
    startsOn: '2020-10-12',
    endsOn: '2020-10-26',
    timeZone: 'Asia/Shanghai',
    leaveLimitRatio: 1 / 7,
    minAttendanceRatio: 6 / 7,
    lateGraceMinutes: 10,
    organizerName: '上海科技管理干部学院',
  });
  const sessionId = await services.database.transaction((trx) =>
    services.timetable.createSessionIn(trx, null, classId, {
      kind: 'lecture',
      title: '现场教学',
      startsAt: '2020-10-14T13:30:00+08:00',
      endsAt: '2020-10-14T17:00:00+08:00',
      hours: 3,
      lecturerIds: [],
      groupIds: [],
    }),
  );

  console.log(`Generating ${PHOTOS} synthetic 12 MP photos…`);
  const sources: Buffer[] = [];
  for (let i = 0; i < PHOTOS; i++) sources.push(await syntheticPhoto(i + 1));
  const sourceMb = sources.reduce((s, b) => s + b.length, 0) / 1024 / 1024;
  let t = performance.now();
  const photos = await services.photos.upload(
    null,
    sessionId,
    (function* () {
      for (const [i, data] of sources.entries()) yield { filename: `IMG_${i}.JPG`, data };
    })(),
  );
  const uploadMs = performance.now() - t;
  for (const p of photos) await services.photos.update(null, p.id, { caption: `学员们在第${p.position}个教学点参观学习（照片 ${p.position}）` });
  const printKb: number[] = [];
  for (const p of photos) printKb.push((await services.photos.read(p.id, 'print')).data.length / 1024);

  // 5 sections × 3 items; each item 2 photos and 4 paragraphs, plus speeches in the last section.
  let n = 0;
  const item = (k: number) => {
    const blocks: BulletinBlock[] = [];
    for (let p = 0; p < 2; p++) {
      blocks.push({ type: 'text', html: `<p>${p === 0 ? '<strong>要点：</strong>' : ''}${PARAGRAPH}</p>` });
      if (n < photos.length) blocks.push({ type: 'photo', photoId: photos[n++].id, caption: null });
    }
    if (k % 3 === 2)
      blocks.push({
        type: 'speech',
        speaker: '扎西旺拉',
        role: '第三组学员代表，白朗县科技局主任',
        summary: `<ul><li>${PARAGRAPH.slice(0, 80)}</li><li>${PARAGRAPH.slice(80, 160)}</li></ul>`,
      });
    return { heading: `第${k + 1}项 学习国家技术转移东部中心成果转化先进做法`, blocks };
  };
  const titles = ['【专题讲座】', '【现场教学】', '【结构化研讨】', '【交流活动】', '【结业式】'];
  const content: BulletinContent = {
    organizer: '上海科技管理干部学院',
    sections: titles.map((title, s) => ({ title, intro: [], items: [0, 1, 2].map((k) => item(s * 3 + k)) })),
  };
  const created = await services.bulletins.create(null, classId, { issueNumber: 1 });
  // Saved as the system (no user), as the demo loader does.
  await services.bulletins.save({ userId: null } as never, created.id, {
    revision: 1,
    title: created.title,
    issueNumber: 1,
    issueDate: '2020-10-26',
    content,
    note: null,
  });

  const results: Array<{ format: string; ms: number; bytes: number }> = [];
  let pages = 0;
  for (let r = 0; r < RUNS; r++) {
    for (const format of ['pdf', 'docx'] as const) {
      t = performance.now();
      const file = await services.bulletins.renderFile(created.id, format, true);
      results.push({ format, ms: performance.now() - t, bytes: file.data.length });
      if (format === 'pdf') pages = (file.data.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    }
  }
  t = performance.now();
  await services.bulletins.renderPage(created.id, true);
  const htmlMs = performance.now() - t;

  const fmt = (f: string) => results.filter((r) => r.format === f);
  const line = (f: string) =>
    `${f.toUpperCase()}: first ${fmt(f)[0].ms.toFixed(0)} ms, then ${fmt(f)
      .slice(1)
      .map((r) => r.ms.toFixed(0))
      .join(' / ')} ms; ${(fmt(f)[0].bytes / 1024 / 1024).toFixed(2)} MB`;
  console.log(`\nLoad average while rendering (2 cores): ${loadavg()[0].toFixed(1)}`);
  console.log(`Bulletin: ${pages} pages, ${photos.length} photos, ${content.sections.length} sections, ${content.sections.length * 3} items`);
  console.log(
    `Photos: sources ${sourceMb.toFixed(1)} MB (avg ${((sourceMb * 1024) / PHOTOS).toFixed(0)} KB), upload+processing ${(uploadMs / 1000).toFixed(1)} s (${(uploadMs / PHOTOS).toFixed(0)} ms/photo), print copies avg ${(printKb.reduce((a, b) => a + b, 0) / printKb.length).toFixed(0)} KB`,
  );
  console.log(line('pdf'));
  console.log(line('docx'));
  console.log(`HTML page: ${htmlMs.toFixed(0)} ms`);
  const pdfWorst = Math.max(...fmt('pdf').map((r) => r.ms));
  const pdfBytes = fmt('pdf')[0].bytes;
  console.log(
    `Target PDF ≤ 5 s and ≤ 8 MB: ${pdfWorst <= 5000 && pdfBytes <= 8 * 1024 * 1024 ? 'met' : 'NOT met'} (worst ${pdfWorst.toFixed(0)} ms, ${(pdfBytes / 1024 / 1024).toFixed(2)} MB)`,
  );
  console.log(
    JSON.stringify({
      pages,
      photos: photos.length,
      pdfMs: fmt('pdf').map((r) => Math.round(r.ms)),
      pdfBytes,
      docxMs: fmt('docx').map((r) => Math.round(r.ms)),
      docxBytes: fmt('docx')[0].bytes,
      uploadMsPerPhoto: Math.round(uploadMs / PHOTOS),
    }),
  );
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
