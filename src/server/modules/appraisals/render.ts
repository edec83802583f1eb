import type { Appraisal } from '../../../contracts/appraisals';
import { createPdf, heightOfMixed, type PdfDoc, writeMixed } from '../../documents/pdf';

// The 结业鉴定表 as colleges print it: one A4 form per trainee (personal details, hours from the
// record, the three appraisals, the college's seal line) and, for a work unit's batch, a cover
// letter first (致 XX 单位). Text is Chinese by convention of the form; names are shown as written.

export type AppraisalDocument = {
  institutionName: string;
  classTitle: string;
  startsOn: string;
  endsOn: string;
  seal: Buffer | null;
  forms: Array<Appraisal & { sealDate: string }>;
};

const cnDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};
const GENDER: Record<string, string> = { male: '男', female: '女' };
const num = (n: number) => String(Math.round(n * 100) / 100);
const pct = (a: number, b: number) => (b > 0 ? `${Math.round((a / b) * 1000) / 10}%` : '—');

function cell(doc: PdfDoc, x: number, y: number, w: number, h: number, text: string, opts: { bold?: boolean; fill?: string } = {}) {
  if (opts.fill) doc.rect(x, y, w, h).fillColor(opts.fill).fill();
  doc.lineWidth(0.6).strokeColor('#000000').rect(x, y, w, h).stroke();
  const th = heightOfMixed(doc, text, { width: w - 8, fontSize: 10.5, bold: opts.bold });
  writeMixed(doc, text, { x: x + 4, y: y + Math.max(3, (h - th) / 2), width: w - 8, fontSize: 10.5, bold: opts.bold, align: 'center' });
}

/** A boxed section: the label on the left, the text wrapped inside, a signature line at the foot. */
function section(doc: PdfDoc, x: number, y: number, w: number, h: number, label: string, text: string | null, foot: string) {
  const lw = 60;
  cell(doc, x, y, lw, h, label, { bold: true, fill: '#f2f2f2' });
  doc
    .lineWidth(0.6)
    .rect(x + lw, y, w - lw, h)
    .stroke();
  writeMixed(doc, text?.trim() || '', { x: x + lw + 8, y: y + 8, width: w - lw - 16, fontSize: 10.5, lineGap: 3 });
  writeMixed(doc, foot, { x: x + lw + 8, y: y + h - 20, width: w - lw - 16, fontSize: 10.5, align: 'right' });
}

function drawForm(doc: PdfDoc, d: AppraisalDocument, f: AppraisalDocument['forms'][number], seal: Buffer | null) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  writeMixed(doc, '学员结业鉴定表', { x: left, y: 56, width, fontSize: 20, bold: true, align: 'center', paragraphGap: 4 });
  writeMixed(doc, `${d.classTitle}（${cnDate(d.startsOn)}至${cnDate(d.endsOn)}）`, { x: left, width, fontSize: 10.5, align: 'center', paragraphGap: 10 });
  const row = 28;
  let y = doc.y;
  const c = [62, 160, 44, 60, 44, width - 370];
  const xs = [left];
  for (const w of c) xs.push(xs[xs.length - 1] + w);
  const name = f.nameBo ? `${f.name} ${f.nameBo}` : f.name;
  [
    ['姓名', name],
    ['性别', f.gender ? (GENDER[f.gender] ?? f.gender) : ''],
    ['民族', f.ethnicity ?? ''],
  ].forEach(([k, v], i) => {
    cell(doc, xs[i * 2], y, c[i * 2], row, k, { bold: true, fill: '#f2f2f2' });
    cell(doc, xs[i * 2 + 1], y, c[i * 2 + 1], row, v);
  });
  y += row;
  for (const [k, v] of [
    ['工作单位', f.workUnit ?? ''],
    ['职务', f.position ?? ''],
    ['所在小组', f.groupName ?? ''],
  ]) {
    cell(doc, left, y, c[0], row, k, { bold: true, fill: '#f2f2f2' });
    cell(doc, left + c[0], y, width - c[0], row, v);
    y += row;
  }
  const h = f.hours;
  const hoursLine = `应修 ${num(h.totalHours)} 学时，实修 ${num(h.attendedHours)} 学时，请假 ${num(h.leaveHours)} 学时，缺勤 ${num(h.absentHours)} 学时，出勤率 ${pct(h.attendedHours, h.totalHours)}`;
  cell(doc, left, y, c[0], row * 1.4, '考勤学时', { bold: true, fill: '#f2f2f2' });
  cell(doc, left + c[0], y, width - c[0], row * 1.4, hoursLine);
  y += row * 1.4;
  const rest = doc.page.height - doc.page.margins.bottom - y - 130;
  const box = Math.max(90, rest / 3);
  section(doc, left, y, width, box, '自我鉴定', f.selfText, '本人签名：__________');
  y += box;
  section(doc, left, y, width, box, '小组鉴定', f.groupText, f.groupBy ? `小组：${f.groupBy}` : '组长签名：__________');
  y += box;
  section(doc, left, y, width, box, '班主任意见', f.teacherText, f.signedOffBy ? `班主任：${f.signedOffBy}` : '班主任签名：__________');
  y += box;
  const sealH = 130;
  cell(doc, left, y, c[0], sealH, '培训机构意见', { bold: true, fill: '#f2f2f2' });
  doc
    .lineWidth(0.6)
    .rect(left + c[0], y, width - c[0], sealH)
    .stroke();
  writeMixed(doc, '该同志已完成本期培训学习任务，准予结业。', { x: left + c[0] + 8, y: y + 12, width: width - c[0] - 16 });
  writeMixed(doc, `${d.institutionName}（盖章）`, { x: left + c[0] + 8, y: y + sealH - 50, width: width - c[0] - 24, align: 'right' });
  writeMixed(doc, cnDate(f.sealDate), { x: left + c[0] + 8, y: y + sealH - 30, width: width - c[0] - 24, align: 'right' });
  // The seal over the institution's name, as a stamped seal sits over the printed name.
  if (seal) doc.image(seal, left + width - 140, y + sealH - 118, { fit: [110, 110] });
}

function drawCover(doc: PdfDoc, d: AppraisalDocument, workUnit: string) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const forms = d.forms;
  writeMixed(doc, '学员结业鉴定材料送达函', { x: left, y: 90, width, fontSize: 20, bold: true, align: 'center', paragraphGap: 30 });
  writeMixed(doc, `致 ${workUnit}：`, { x: left, width, fontSize: 14, paragraphGap: 14 });
  const names = forms.map((f) => f.name).join('、');
  const body = `贵单位${names}同志于${cnDate(d.startsOn)}至${cnDate(d.endsOn)}参加了${d.institutionName}举办的“${d.classTitle}”。现将上述${forms.length}位同志的学员结业鉴定表送达贵单位，请存入本人干部教育培训档案。`;
  writeMixed(doc, `　　${body}`, { x: left, width, fontSize: 14, lineGap: 8, paragraphGap: 14 });
  writeMixed(doc, '　　附：学员结业鉴定表', { x: left, width, fontSize: 14, paragraphGap: 8 });
  for (const [i, f] of forms.entries()) {
    writeMixed(doc, `　　　　${i + 1}. ${f.nameBo ? `${f.name} ${f.nameBo}` : f.name}（${f.position ?? ''}，实修 ${num(f.hours.attendedHours)} 学时）`, {
      x: left,
      width,
      fontSize: 12,
      paragraphGap: 4,
    });
  }
  const y = Math.max(doc.y + 40, 560);
  writeMixed(doc, d.institutionName, { x: left, y, width: width - 20, fontSize: 14, align: 'right', paragraphGap: 8 });
  writeMixed(
    doc,
    cnDate(
      forms
        .map((f) => f.sealDate)
        .sort()
        .at(-1) ?? d.endsOn,
    ),
    { x: left, width: width - 20, fontSize: 14, align: 'right' },
  );
  if (d.seal) doc.image(d.seal, left + width - 150, y - 50, { fit: [110, 110] });
}

/** The forms (and, for a work unit's batch, the cover letter before them) as one PDF. */
export async function renderAppraisals(d: AppraisalDocument, workUnit: string | null): Promise<Buffer> {
  const pdf = createPdf({
    title: workUnit ? `结业鉴定 — ${workUnit}` : `结业鉴定 — ${d.forms[0]?.name ?? ''}`,
    author: d.institutionName,
    margins: { top: 50, bottom: 40 },
  });
  const { doc } = pdf;
  if (workUnit) drawCover(doc, d, workUnit);
  d.forms.forEach((f, i) => {
    if (workUnit || i > 0) doc.addPage();
    drawForm(doc, d, f, d.seal);
  });
  return pdf.toBuffer();
}
