import {
  type FollowupFigures,
  type FollowupReport,
  type FollowupState,
  type Question,
  type QuestionResult,
  SUPERVISOR_QUESTIONS,
  TRAINEE_QUESTIONS,
} from '../../../contracts';
import { writeXlsx, type XlsxSheet, type XlsxValue } from '../../documents/xlsx';
import { questionResults } from '../evaluations/questions';
import { addMonthsTo, type FollowupCore, type FollowupDeps } from './core';
import type { Respondent } from './store';

type ClassInfo = { id: number; title: string; startsOn: string; endsOn: string; traineeCount: number };

const rate = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 1000 : null);

/** Sums per-class figures (a year, a programme) and computes the rates of the sum. */
function figuresOf(rows: Array<Omit<FollowupFigures, 'traineeRate' | 'supervisorRate' | 'completionRate'> & { surveyed: number }>): FollowupFigures {
  const sum = (k: keyof (typeof rows)[number]) => rows.reduce((s, r) => s + (r[k] as number), 0);
  const f = {
    enrolled: sum('enrolled'),
    withPlan: sum('withPlan'),
    items: sum('items'),
    done: sum('done'),
    partly: sum('partly'),
    notYet: sum('notYet'),
    unreported: sum('unreported'),
    traineeResponses: sum('traineeResponses'),
    supervisorsNamed: sum('supervisorsNamed'),
    supervisorResponses: sum('supervisorResponses'),
  };
  return {
    ...f,
    // A rate is over the classes whose follow-up has opened: a class still waiting asks no one yet.
    traineeRate: rate(f.traineeResponses, sum('surveyed')),
    supervisorRate: rate(
      f.supervisorResponses,
      rows.reduce((s, r) => s + (r.surveyed ? r.supervisorsNamed : 0), 0),
    ),
    completionRate: rate(f.done, f.done + f.partly + f.notYet),
  };
}

// The follow-up report for the sponsor (#19): response rates, plan completion and the answers,
// per class and over the classes of a programme and its years, counted in the database.
export function makeFollowupReport(deps: FollowupDeps, core: FollowupCore) {
  const { store } = deps;
  const db = deps.database.db;

  async function results(classIds: number[], respondent: Respondent, questions: Question[], names: Map<number, string>): Promise<QuestionResult[]> {
    const [ratings, options, answered, comments] = await Promise.all([
      store.ratingCounts(db, classIds, respondent),
      store.optionCounts(db, classIds, respondent),
      store.answeredCounts(db, classIds, respondent),
      store.comments(db, classIds, respondent),
    ]);
    const by = (enrolmentId: number) => {
      const name = names.get(enrolmentId) ?? '';
      return respondent === 'trainee' ? name : `${name}的上级`;
    };
    return questionResults(questions, {
      ratings,
      options,
      answered,
      comments: comments.map((c) => ({ question_id: c.question_id, text: c.text ?? '', by: by(c.enrolment_id) })),
    });
  }

  async function build(scope: FollowupReport['scope'], classes: ClassInfo[]): Promise<FollowupReport> {
    const ids = classes.map((c) => c.id);
    if (!ids.length) return { scope, classes: [], years: [], total: figuresOf([]), trainee: [], supervisor: [] };
    const [items, planners, responses, supervisors, surveys, settings] = await Promise.all([
      store.itemCounts(db, ids),
      store.planners(db, ids),
      store.responseCounts(db, ids),
      store.supervisorCounts(db, ids),
      store.surveysOf(db, ids),
      Promise.all(ids.map((id) => store.settings(db, id))),
    ]);
    const now = core.clock();
    const perClass = classes.map((c, n) => {
      const survey = surveys.find((s) => s.class_id === c.id);
      const state: FollowupState = !survey ? 'scheduled' : now < Date.parse(survey.closes_at) ? 'open' : 'closed';
      const count = (p: string | null) => items.find((i) => i.classId === c.id && i.progress === p)?.count ?? 0;
      const answered = (who: Respondent) => responses.find((r) => r.classId === c.id && r.respondent === who)?.count ?? 0;
      const done = count('done');
      const partly = count('partly');
      const notYet = count('not_yet');
      const unreported = count(null);
      const raw = {
        enrolled: c.traineeCount,
        withPlan: planners.find((p) => p.classId === c.id)?.count ?? 0,
        items: done + partly + notYet + unreported,
        done,
        partly,
        notYet,
        unreported,
        traineeResponses: answered('trainee'),
        supervisorsNamed: supervisors.find((s) => s.classId === c.id)?.count ?? 0,
        supervisorResponses: answered('supervisor'),
        surveyed: survey ? c.traineeCount : 0,
      };
      return {
        raw,
        row: {
          ...figuresOf([raw]),
          classId: c.id,
          title: c.title,
          year: Number(c.startsOn.slice(0, 4)),
          dueOn: survey?.due_on ?? addMonthsTo(c.endsOn, settings[n]?.months ?? 3),
          state,
        },
      };
    });
    const years = [...new Set(perClass.map((p) => p.row.year))].sort();
    const names = new Map<number, string>();
    for (const c of classes) for (const p of await deps.roster.rosterIn(db, c.id)) names.set(p.id, p.name);
    return {
      scope,
      classes: perClass.map((p) => p.row),
      years: years.map((year) => ({ year, ...figuresOf(perClass.filter((p) => p.row.year === year).map((p) => p.raw)) })),
      total: figuresOf(perClass.map((p) => p.raw)),
      trainee: await results(ids, 'trainee', TRAINEE_QUESTIONS, names),
      supervisor: await results(ids, 'supervisor', SUPERVISOR_QUESTIONS, names),
    };
  }

  const toInfo = (c: ClassInfo): ClassInfo => ({ id: c.id, title: c.title, startsOn: c.startsOn, endsOn: c.endsOn, traineeCount: c.traineeCount });

  return {
    async classReport(classId: number) {
      const cls = await deps.classes.requireClass(db, classId);
      const p = await deps.classes.getProgramme(null, cls.programme_id);
      return build({ kind: 'class', id: classId, name: cls.title }, p.classes.filter((c) => c.id === classId).map(toInfo));
    },
    async programmeReport(programmeId: number) {
      const p = await deps.classes.getProgramme(null, programmeId);
      const classes = [...p.classes].sort((a, b) => a.startsOn.localeCompare(b.startsOn)).map(toInfo);
      return build({ kind: 'programme', id: programmeId, name: p.name }, classes);
    },
    xlsx: reportXlsx,
  };
}

/** The report as a workbook: figures per class and per year, then every question's results. */
export async function reportXlsx(r: FollowupReport): Promise<Buffer> {
  const figureColumns = [
    { header: '在册学员', key: 'enrolled' },
    { header: '制订行动计划', key: 'withPlan' },
    { header: '计划事项', key: 'items' },
    { header: '已完成', key: 'done' },
    { header: '部分完成', key: 'partly' },
    { header: '尚未完成', key: 'notYet' },
    { header: '未反馈', key: 'unreported' },
    { header: '完成率', key: 'completionRate', numFmt: '0.0%' },
    { header: '学员答卷', key: 'traineeResponses' },
    { header: '学员回收率', key: 'traineeRate', numFmt: '0.0%' },
    { header: '已登记上级', key: 'supervisorsNamed' },
    { header: '上级答卷', key: 'supervisorResponses' },
    { header: '上级回收率', key: 'supervisorRate', numFmt: '0.0%' },
  ];
  const STATE = { scheduled: '未到期', open: '进行中', closed: '已结束' } as const;
  const figures = (f: FollowupFigures) => ({ ...f });
  const answers = (who: string, results: QuestionResult[]) =>
    results.flatMap((q): Array<Record<string, XlsxValue>> => {
      const head = { who, question: q.text, answered: q.answered };
      if (q.kind === 'rating')
        return [
          { ...head, answer: `平均 ${q.average ?? '—'}`, count: q.answered },
          ...q.distribution.map((d) => ({ ...head, answer: `${d.value} ${d.label}`, count: d.count })),
        ];
      if (q.kind === 'text') return q.comments.map((c) => ({ ...head, answer: `${c.text}（${c.by ?? ''}）`, count: null }));
      return q.options.map((o) => ({ ...head, answer: o.text, count: o.count }));
    });
  const sheets: XlsxSheet[] = [
    {
      name: '按培训班',
      title: `${r.scope.name} · 训后跟踪评估（行动计划与回访）`,
      columns: [
        { header: '培训班', key: 'title', maxWidth: 40 },
        { header: '年度', key: 'year' },
        { header: '回访日期', key: 'dueOn' },
        { header: '状态', key: 'state' },
        ...figureColumns,
      ],
      rows: [
        ...r.classes.map((c) => ({ ...figures(c), title: c.title, year: c.year, dueOn: c.dueOn, state: STATE[c.state] })),
        { ...figures(r.total), title: '合计' },
      ],
    },
    {
      name: '按年度',
      columns: [{ header: '年度', key: 'year' }, ...figureColumns],
      rows: r.years.map((y) => ({ ...figures(y), year: y.year })),
    },
    {
      name: '问卷结果',
      columns: [
        { header: '答卷人', key: 'who' },
        { header: '问题', key: 'question', maxWidth: 40 },
        { header: '作答人数', key: 'answered' },
        { header: '选项 / 回答', key: 'answer', maxWidth: 60, wrap: true },
        { header: '人数', key: 'count' },
      ],
      rows: [...answers('学员', r.trainee), ...answers('上级', r.supervisor)],
    },
  ];
  return writeXlsx(sheets);
}
