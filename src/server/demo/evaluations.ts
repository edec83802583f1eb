import type { Answers, Question } from '../../contracts';
import type { Services } from '../app';
import type { Executor } from '../db/connection';

// Plausible answers of the 2020 class to its questionnaires, so the results pages show something
// real. Drawn from a fixed-seed generator keyed by session and trainee, so every load produces the
// same figures on either database; trainees who answered already are skipped, so loading twice
// adds nothing. Also ties the lecturer 张春羽 to her account, so she sees her own session's results.

const COMMENTS: Record<string, string[]> = {
  lecture: [
    '内容针对性强，对西藏科技管理工作很有启发。',
    '希望增加案例分析和互动环节。',
    '老师讲得深入浅出，收获很大。',
    '建议提供课件，便于回去后继续学习。',
    '时间稍紧，部分内容没有展开。',
    '结合西藏实际的内容可以再多一些。',
  ],
  site_visit: [
    '现场教学形式很好，直观生动。',
    '希望交流时间再长一些。',
    '对我区科普场馆和平台建设很有借鉴意义。',
    '建议提前发放参观资料。',
    '路途时间较长，可以优化行程。',
  ],
  discussion: ['研讨题目切合实际，大家发言踊跃。', '催化师引导得很好，讨论有深度。', '希望研讨成果能形成报告反馈给各单位。', '时间略短，讨论不够充分。'],
  best: ['上海科技馆现场教学', '科技成果转化与技术转移专题', '结构化研讨', '国家技术转移东部中心现场教学', '知识产权保护与运用'],
  class: [
    '希望今后多组织此类培训。',
    '建议延长现场教学时间。',
    '食宿安排周到，感谢学院和班主任老师。',
    '建议增加与上海同行的交流座谈。',
    '课程安排较满，可适当留出自学时间。',
  ],
};

/** A small deterministic generator (mulberry32) seeded from a string. */
function generator(seed: string) {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A score around `mean`, mostly 4s and 5s as real training evaluations are. */
function score(rand: () => number, mean: number) {
  const x = mean + (rand() + rand() + rand() - 1.5) * 1.1;
  return Math.max(2, Math.min(5, Math.round(x)));
}

function answersFor(questions: Question[], rand: () => number, mean: number, comments: string[], commentShare: number): Answers {
  const out: Answers = {};
  for (const q of questions) {
    if (q.kind === 'rating') out[q.id] = score(rand, mean + (q.topic === 'logistics' ? -0.2 : 0));
    else if (q.kind === 'single') {
      // Most find a lecture's level about right (the middle choice) and would recommend the class (the first).
      const usual = q.id === 'difficulty' ? Math.floor(q.options.length / 2) : 0;
      out[q.id] = q.options[rand() < 0.75 ? usual : Math.floor(rand() * q.options.length)].id;
    } else if (q.kind === 'multiple') {
      const picked = q.options.filter(() => rand() < 0.45).map((o) => o.id);
      out[q.id] = picked.length ? picked : [q.options[0].id];
    } else if (q.kind === 'text' && rand() < commentShare) out[q.id] = comments[Math.floor(rand() * comments.length)];
  }
  return out;
}

export async function loadEvaluationDemo(services: Services, trx: Executor, classId: number, lecturerUserId: number) {
  const { evaluations, timetable, roster } = services;
  const cls = await services.classes.requireClass(trx, classId);
  const zhang = await timetable.findLecturerByName(cls.institution_id, '张春羽', trx);
  if (zhang) await timetable.linkLecturerUser(trx, null, zhang.id, lecturerUserId);

  const questionnaires = await evaluations.questionnairesIn(trx, classId);
  const trainees = (await roster.rosterIn(trx, classId)).filter((e) => e.status === 'enrolled');
  const entries: Parameters<typeof evaluations.answerAsAt>[2] = [];
  for (const q of questionnaires) {
    if (!q.enabled) continue;
    const kind = q.session?.kind ?? 'class';
    const base = generator(`session:${q.title}`);
    // Each session has its own level; the site visits and 张春羽's teaching are remembered fondly.
    const mean = kind === 'class' ? 4.5 : kind === 'site_visit' ? 4.55 + base() * 0.3 : 4.0 + base() * 0.7;
    const groups = new Set(q.session?.groups.map((g) => g.id) ?? []);
    for (const e of trainees) {
      if (groups.size && (e.group_id === null || !groups.has(e.group_id))) continue;
      const rand = generator(`${q.title}|${e.name}|${e.id - trainees[0].id}`);
      if (rand() < (kind === 'class' ? 0.03 : 0.1)) continue; // a few never answer
      const comments = kind === 'class' ? COMMENTS.class : (COMMENTS[kind] ?? COMMENTS.lecture);
      const answers = answersFor(q.questions, rand, mean, comments, kind === 'class' ? 0.6 : 0.3);
      if (q.questions.some((x) => x.id === 'best' && x.kind === 'text') && rand() < 0.7)
        answers.best = COMMENTS.best[Math.floor(rand() * COMMENTS.best.length)];
      const at = new Date(Date.parse(q.opensAt) + (10 + Math.floor(rand() * 600)) * 60_000);
      entries.push({ enrolmentId: e.id, questionnaireId: q.id, answers, at: at.toISOString() < q.closesAt ? at : new Date(q.opensAt) });
    }
  }
  return evaluations.answerAsAt(trx, classId, entries);
}
