import ExcelJS from 'exceljs';
import type { QuestionnaireResults } from '../../../contracts';
import { createPdf, drawTable, writeMixed } from '../../documents/pdf';
import { writeXlsx } from '../../documents/xlsx';
import type { Lang } from '../../lib/i18n';
import { distributionBars, scoreBars } from './charts';
import { localDateTime } from './local-time';

// The class's evaluation report (培训质量评估报告) as PDF and XLSX, with charts. Anonymous by
// construction: it is built from results, which carry no respondent.

export type ReportData = {
  classTitle: string;
  timeZone: string;
  startsOn: string;
  endsOn: string;
  settings: { minGroupSize: number };
  results: QuestionnaireResults[];
};

const L = {
  'zh-CN': {
    title: '培训质量评估报告',
    period: '培训时间',
    generated: '生成时间',
    summary: '评估汇总',
    overviewChart: '各场次总体得分（满分 5 分）',
    questionnaire: '问卷',
    date: '日期',
    lecturer: '授课教师',
    responses: '答卷',
    expected: '应答',
    rate: '答卷率',
    average: '平均分',
    question: '题目',
    answered: '作答人数',
    distribution: '分布（1–5 分）',
    choice: '选项',
    count: '人数',
    comments: '意见和建议',
    noComments: '（无）',
    noResponses: '尚无答卷。',
    byGroup: '分组平均分',
    hiddenGroups: '另有 {n} 个小组答卷不足 {min} 份，不单独列出。',
    anonymousNote: '本报告中的答卷均为匿名，不含答卷人信息。',
    classQuestionnaire: '总体评估',
    page: '第 {page} 页，共 {total} 页',
    sheetSummary: '汇总',
    sheetQuestions: '题目统计',
    sheetChoices: '选择题',
    sheetComments: '意见建议',
    sheetGroups: '分组',
    sheetCharts: '图表',
    group: '小组',
    kind: '题型',
    kinds: { rating: '评分', single: '单选', multiple: '多选', text: '文字' },
    status: '状态',
    states: { disabled: '未安排', scheduled: '未开放', open: '进行中', closed: '已截止' },
  },
  en: {
    title: 'Training evaluation report',
    period: 'Dates',
    generated: 'Generated',
    summary: 'Summary',
    overviewChart: 'Overall score per session (out of 5)',
    questionnaire: 'Questionnaire',
    date: 'Date',
    lecturer: 'Lecturer',
    responses: 'Responses',
    expected: 'Expected',
    rate: 'Response rate',
    average: 'Average',
    question: 'Question',
    answered: 'Answered',
    distribution: 'Distribution (1–5)',
    choice: 'Choice',
    count: 'Count',
    comments: 'Comments',
    noComments: '(none)',
    noResponses: 'No responses yet.',
    byGroup: 'Average by group',
    hiddenGroups: '{n} more groups had fewer than {min} responses and are not shown.',
    anonymousNote: 'All responses in this report are anonymous; no respondent is named.',
    classQuestionnaire: 'Overall evaluation',
    page: 'Page {page} of {total}',
    sheetSummary: 'Summary',
    sheetQuestions: 'Questions',
    sheetChoices: 'Choices',
    sheetComments: 'Comments',
    sheetGroups: 'Groups',
    sheetCharts: 'Charts',
    group: 'Group',
    kind: 'Kind',
    kinds: { rating: 'Rating', single: 'Single choice', multiple: 'Multiple choice', text: 'Text' },
    status: 'Status',
    states: { disabled: 'Not evaluated', scheduled: 'Not open', open: 'Open', closed: 'Closed' },
  },
};

const fill = (s: string, params: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);
const score = (x: number | null) => (x === null ? '—' : x.toFixed(2));

function summaryRows(data: ReportData, lang: Lang) {
  const t = L[lang];
  return data.results.map((r) => {
    const q = r.questionnaire;
    return {
      title: q.session ? q.title : t.classQuestionnaire,
      date: q.session ? localDateTime(q.session.startsAt, data.timeZone).slice(0, 10) : '',
      lecturer: q.session?.lecturers.map((l) => l.name).join('、') ?? '',
      responses: q.answered,
      expected: q.expected,
      rate: pct(q.responseRate),
      average: score(q.average),
      state: t.states[q.state],
    };
  });
}

const ratingQuestions = (r: QuestionnaireResults) => r.questions.filter((q) => q.kind === 'rating');
const distributionText = (q: QuestionnaireResults['questions'][number]) => q.distribution.map((d) => `${d.value}:${d.count}`).join('  ');

async function overviewChart(data: ReportData, lang: Lang) {
  const rated = data.results.filter((r) => r.questionnaire.average !== null);
  if (!rated.length) return null;
  return scoreBars(
    rated.map((r) => ({ label: r.questionnaire.session ? r.questionnaire.title : L[lang].classQuestionnaire, value: r.questionnaire.average })),
    { title: L[lang].overviewChart },
  );
}

async function questionnaireChart(r: QuestionnaireResults) {
  const ratings = ratingQuestions(r);
  if (!ratings.length || r.responses === 0) return null;
  return distributionBars(
    ratings.map((q) => ({ label: q.text, counts: q.distribution.map((d) => d.count) })),
    ratings[0].distribution.map((d) => `${d.value} ${d.label}`),
  );
}

export async function buildReportPdf(data: ReportData, lang: Lang, now = new Date()): Promise<Buffer> {
  const t = L[lang];
  const pdf = createPdf({
    title: `${data.classTitle} ${t.title}`,
    runningHeader: `${data.classTitle} · ${t.title}`,
    pageNumbers: true,
    pageNumberFormat: (page, total) => fill(t.page, { page, total }),
  });
  const { doc } = pdf;
  const width = pdf.contentWidth;
  const left = doc.page.margins.left;
  const ensureRoom = (h: number) => {
    if (doc.y + h > doc.page.maxY()) doc.addPage();
  };
  const image = (png: Buffer, naturalWidth: number, naturalHeight: number) => {
    const w = Math.min(width, naturalWidth);
    const h = (w / naturalWidth) * naturalHeight;
    ensureRoom(h + 6);
    doc.image(png, left, doc.y, { width: w, height: h });
    doc.y += h + 6;
  };
  const pngSize = (png: Buffer) => ({ w: png.readUInt32BE(16) / 2, h: png.readUInt32BE(20) / 2 });
  const heading = (text: string, size = 13) => {
    ensureRoom(size * 3);
    writeMixed(doc, text, { x: left, width, fontSize: size, bold: true, paragraphGap: 4 });
  };

  writeMixed(doc, data.classTitle, { x: left, width, fontSize: 16, bold: true, align: 'center', paragraphGap: 2 });
  writeMixed(doc, t.title, { x: left, width, fontSize: 14, bold: true, align: 'center', paragraphGap: 8 });
  writeMixed(doc, `${t.period}：${data.startsOn} — ${data.endsOn}    ${t.generated}：${localDateTime(now.toISOString(), data.timeZone)}`, {
    x: left,
    width,
    fontSize: 9.5,
    align: 'center',
    color: '#444444',
    paragraphGap: 4,
  });
  writeMixed(doc, t.anonymousNote, { x: left, width, fontSize: 9.5, align: 'center', color: '#444444', paragraphGap: 10 });

  heading(t.summary);
  drawTable(doc, {
    columns: [
      { key: 'title', header: t.questionnaire, width: 170 },
      { key: 'date', header: t.date, width: 62, align: 'center' },
      { key: 'lecturer', header: t.lecturer, width: 70 },
      { key: 'responses', header: t.responses, width: 40, align: 'right' },
      { key: 'expected', header: t.expected, width: 40, align: 'right' },
      { key: 'rate', header: t.rate, width: 52, align: 'right' },
      { key: 'average', header: t.average, width: 48, align: 'right' },
    ],
    rows: summaryRows(data, lang),
    fontSize: 8.5,
    zebraFill: '#f5f7fa',
  });
  const overview = await overviewChart(data, lang);
  if (overview) {
    const s = pngSize(overview);
    image(overview, s.w, s.h);
  }

  for (const r of data.results) {
    const q = r.questionnaire;
    doc.addPage();
    heading(q.session ? q.title : `${t.classQuestionnaire}：${q.title}`);
    const meta = [
      q.session ? `${t.date}：${localDateTime(q.session.startsAt, data.timeZone)}` : null,
      q.session?.lecturers.length ? `${t.lecturer}：${q.session.lecturers.map((l) => l.name).join('、')}` : null,
      `${t.responses}：${q.answered} / ${q.expected}（${pct(q.responseRate)}）`,
      `${t.average}：${score(q.average)}`,
    ].filter(Boolean);
    writeMixed(doc, meta.join('    '), { x: left, width, fontSize: 9.5, color: '#333333', paragraphGap: 6 });
    if (r.responses === 0) {
      writeMixed(doc, t.noResponses, { x: left, width, fontSize: 10, paragraphGap: 6 });
      continue;
    }
    const chart = await questionnaireChart(r);
    if (chart) {
      const s = pngSize(chart);
      image(chart, s.w, s.h);
    }
    const ratings = ratingQuestions(r);
    if (ratings.length) {
      drawTable(doc, {
        columns: [
          { key: 'question', header: t.question, width: 230 },
          { key: 'answered', header: t.answered, width: 50, align: 'right' },
          { key: 'average', header: t.average, width: 50, align: 'right' },
          { key: 'distribution', header: t.distribution, width: 150, align: 'center' },
        ],
        rows: ratings.map((x) => ({ question: x.text, answered: x.answered, average: score(x.average), distribution: distributionText(x) })),
        fontSize: 8.5,
      });
    }
    for (const c of r.questions.filter((x) => x.kind === 'single' || x.kind === 'multiple')) {
      ensureRoom(60);
      writeMixed(doc, c.text, { x: left, width, fontSize: 10, bold: true, paragraphGap: 3 });
      drawTable(doc, {
        columns: [
          { key: 'choice', header: t.choice, width: 300 },
          { key: 'count', header: t.count, width: 60, align: 'right' },
        ],
        rows: c.options.map((o) => ({ choice: o.text, count: o.count })),
        fontSize: 8.5,
      });
    }
    if (r.byGroup && (r.byGroup.groups.length || r.byGroup.hiddenGroups)) {
      ensureRoom(40);
      const parts = r.byGroup.groups.map((g) => `${g.name} ${score(g.average)}（${g.responses}）`);
      if (r.byGroup.hiddenGroups) parts.push(fill(t.hiddenGroups, { n: r.byGroup.hiddenGroups, min: r.byGroup.minGroupSize }));
      writeMixed(doc, `${t.byGroup}：${parts.join('；')}`, { x: left, width, fontSize: 9.5, paragraphGap: 6 });
    }
    for (const c of r.questions.filter((x) => x.kind === 'text')) {
      ensureRoom(40);
      writeMixed(doc, `${c.text}（${c.comments.length}）`, { x: left, width, fontSize: 10, bold: true, paragraphGap: 3 });
      if (!c.comments.length) writeMixed(doc, t.noComments, { x: left + 10, width: width - 10, fontSize: 9.5, paragraphGap: 4 });
      for (const m of c.comments)
        writeMixed(doc, `• ${m.text}${m.by ? `（${m.by}）` : ''}`, { x: left + 10, width: width - 10, fontSize: 9.5, lineGap: 1, paragraphGap: 3 });
      doc.y += 4;
    }
  }
  return pdf.toBuffer();
}

export async function buildReportXlsx(data: ReportData, lang: Lang): Promise<Buffer> {
  const t = L[lang];
  const titleOf = (r: QuestionnaireResults) => (r.questionnaire.session ? r.questionnaire.title : t.classQuestionnaire);
  const base = await writeXlsx([
    {
      name: t.sheetSummary,
      title: `${data.classTitle} ${t.title}`,
      columns: [
        { header: t.questionnaire, key: 'title' },
        { header: t.date, key: 'date' },
        { header: t.lecturer, key: 'lecturer' },
        { header: t.responses, key: 'responses' },
        { header: t.expected, key: 'expected' },
        { header: t.rate, key: 'rateValue' },
        { header: t.average, key: 'averageValue' },
        { header: t.status, key: 'state' },
      ],
      rows: summaryRows(data, lang).map((row, i) => ({
        ...row,
        rateValue: data.results[i].questionnaire.responseRate,
        averageValue: data.results[i].questionnaire.average,
      })),
    },
    {
      name: t.sheetQuestions,
      columns: [
        { header: t.questionnaire, key: 'questionnaire' },
        { header: t.question, key: 'question' },
        { header: t.kind, key: 'kind' },
        { header: t.answered, key: 'answered' },
        { header: t.average, key: 'average' },
        ...[1, 2, 3, 4, 5].map((v) => ({ header: `${v}`, key: `r${v}` })),
      ],
      rows: data.results.flatMap((r) =>
        r.questions
          .filter((q) => q.kind === 'rating')
          .map((q) => ({
            questionnaire: titleOf(r),
            question: q.text,
            kind: t.kinds[q.kind],
            answered: q.answered,
            average: q.average,
            ...Object.fromEntries(q.distribution.map((d) => [`r${d.value}`, d.count])),
          })),
      ),
    },
    {
      name: t.sheetChoices,
      columns: [
        { header: t.questionnaire, key: 'questionnaire' },
        { header: t.question, key: 'question' },
        { header: t.choice, key: 'choice' },
        { header: t.count, key: 'count' },
      ],
      rows: data.results.flatMap((r) =>
        r.questions
          .filter((q) => q.kind === 'single' || q.kind === 'multiple')
          .flatMap((q) => q.options.map((o) => ({ questionnaire: titleOf(r), question: q.text, choice: o.text, count: o.count }))),
      ),
    },
    {
      name: t.sheetComments,
      columns: [
        { header: t.questionnaire, key: 'questionnaire' },
        { header: t.question, key: 'question' },
        { header: t.comments, key: 'text', width: 80 },
      ],
      rows: data.results.flatMap((r) =>
        r.questions
          .filter((q) => q.kind === 'text')
          .flatMap((q) => q.comments.map((c) => ({ questionnaire: titleOf(r), question: q.text, text: c.by ? `${c.text}（${c.by}）` : c.text }))),
      ),
    },
    {
      name: t.sheetGroups,
      columns: [
        { header: t.questionnaire, key: 'questionnaire' },
        { header: t.group, key: 'group' },
        { header: t.responses, key: 'responses' },
        { header: t.average, key: 'average' },
      ],
      rows: data.results.flatMap((r) =>
        (r.byGroup?.groups ?? []).map((g) => ({ questionnaire: titleOf(r), group: g.name, responses: g.responses, average: g.average })),
      ),
    },
  ]);

  // The library writes data sheets; the charts go on a sheet of their own as pictures.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(base as unknown as ArrayBuffer);
  const sheet = workbook.addWorksheet(t.sheetCharts);
  let row = 0;
  const place = (png: Buffer, caption: string) => {
    sheet.getCell(row + 1, 1).value = caption;
    sheet.getCell(row + 1, 1).font = { bold: true };
    const id = workbook.addImage({ base64: png.toString('base64'), extension: 'png' });
    const w = png.readUInt32BE(16) / 2;
    const h = png.readUInt32BE(20) / 2;
    sheet.addImage(id, { tl: { col: 0, row: row + 1 }, ext: { width: w, height: h } });
    row += 2 + Math.ceil(h / 20);
  };
  const overview = await overviewChart(data, lang);
  if (overview) place(overview, t.overviewChart);
  for (const r of data.results) {
    const chart = await questionnaireChart(r);
    if (chart) place(chart, `${titleOf(r)} — ${t.distribution}`);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
