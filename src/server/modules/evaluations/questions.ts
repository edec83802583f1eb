import {
  type Answers,
  DEFAULT_RATING_LABELS,
  type Question,
  type QuestionInput,
  type QuestionResult,
  RATING_MAX,
  RATING_MIN,
  TEXT_ANSWER_MAX,
} from '../../../contracts';
import type { FieldError } from '../../lib/errors';

// Pure rules of questionnaires: normalising a template's questions, checking a trainee's answers,
// and turning answer counts into results. No database here, so the arithmetic is unit-testable.

/** Gives every question and choice a stable id (kept when the editor sent one) and fills defaults. */
export function normaliseQuestions(input: Array<QuestionInput & { required?: boolean }>): Question[] {
  const taken = new Set(input.map((q) => q.id).filter((x): x is string => !!x));
  let n = 0;
  const nextId = () => {
    let id: string;
    do id = `q${++n}`;
    while (taken.has(id));
    taken.add(id);
    return id;
  };
  return input.map((q) => {
    const choice = q.kind === 'single' || q.kind === 'multiple';
    const optionTaken = new Set((q.options ?? []).map((o) => o.id).filter((x): x is string => !!x));
    let m = 0;
    const options = choice
      ? (q.options ?? []).map((o) => {
          let id = o.id;
          if (!id) {
            do id = `o${++m}`;
            while (optionTaken.has(id));
            optionTaken.add(id);
          }
          return { id, text: o.text.trim() };
        })
      : [];
    return {
      id: q.id ?? nextId(),
      kind: q.kind,
      text: q.text.trim(),
      required: q.required ?? true,
      topic: q.kind === 'rating' ? (q.topic ?? null) : null,
      labels: q.kind === 'rating' ? (q.labels?.map((l) => l.trim()) ?? [...DEFAULT_RATING_LABELS]) : [],
      options,
    };
  });
}

export type AnswerRow = { question_id: string; rating: number | null; option_id: string | null; text: string | null };

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * Checks answers against the questions. Every problem names its question (number and text), so
 * the phone can show it beside the question; rows come back only when there is no problem.
 */
export function checkAnswers(questions: Question[], answers: Answers): { rows: AnswerRow[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const rows: AnswerRow[] = [];
  const known = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) errors.push({ field: `answers.${id}`, code: 'evaluation.unknown_question', params: { id } });
  }
  questions.forEach((q, index) => {
    const field = `answers.${q.id}`;
    const params = { number: index + 1, question: q.text };
    const value = answers[q.id];
    if (isEmpty(value)) {
      if (q.required) errors.push({ field, code: 'evaluation.answer_required', params });
      return;
    }
    switch (q.kind) {
      case 'rating':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < RATING_MIN || value > RATING_MAX) {
          errors.push({ field, code: 'evaluation.rating_range', params: { ...params, min: RATING_MIN, max: RATING_MAX } });
        } else rows.push({ question_id: q.id, rating: value, option_id: null, text: null });
        return;
      case 'single':
        if (typeof value !== 'string') errors.push({ field, code: 'evaluation.answer_type', params });
        else if (!q.options.some((o) => o.id === value)) errors.push({ field, code: 'evaluation.unknown_option', params });
        else rows.push({ question_id: q.id, rating: null, option_id: value, text: null });
        return;
      case 'multiple': {
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
          errors.push({ field, code: 'evaluation.answer_type', params });
          return;
        }
        const chosen = value as string[];
        if (new Set(chosen).size !== chosen.length) errors.push({ field, code: 'evaluation.duplicate_choice', params });
        else if (chosen.some((c) => !q.options.some((o) => o.id === c))) errors.push({ field, code: 'evaluation.unknown_option', params });
        else for (const c of chosen) rows.push({ question_id: q.id, rating: null, option_id: c, text: null });
        return;
      }
      case 'text': {
        if (typeof value !== 'string') {
          errors.push({ field, code: 'evaluation.answer_type', params });
          return;
        }
        const text = value.trim();
        if ([...text].length > TEXT_ANSWER_MAX) errors.push({ field, code: 'evaluation.text_too_long', params: { ...params, max: TEXT_ANSWER_MAX } });
        else rows.push({ question_id: q.id, rating: null, option_id: null, text });
        return;
      }
    }
  });
  return errors.length ? { rows: [], errors } : { rows, errors };
}

/** Stored answer rows back to the shape the phone sends (for editing). */
export function answersFromRows(questions: Question[], rows: AnswerRow[]): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const mine = rows.filter((r) => r.question_id === q.id);
    if (!mine.length) continue;
    if (q.kind === 'rating' && mine[0].rating !== null) out[q.id] = mine[0].rating;
    else if (q.kind === 'single' && mine[0].option_id) out[q.id] = mine[0].option_id;
    else if (q.kind === 'multiple') out[q.id] = mine.map((r) => r.option_id).filter((x): x is string => !!x);
    else if (q.kind === 'text' && mine[0].text !== null) out[q.id] = mine[0].text;
  }
  return out;
}

/** Two decimals: what people read, and what the hand-computed tests compare. */
export const round2 = (x: number) => Math.round(x * 100) / 100;
export const meanOf = (sum: number, count: number) => (count > 0 ? round2(sum / count) : null);

export type RatingCount = { question_id: string; rating: number; count: number };
export type OptionCount = { question_id: string; option_id: string; count: number };
export type AnsweredCount = { question_id: string; count: number };
export type Comment = { question_id: string; text: string; by: string | null };

/** Results per question from grouped counts. */
export function questionResults(
  questions: Question[],
  data: { ratings: RatingCount[]; options: OptionCount[]; answered: AnsweredCount[]; comments: Comment[] },
): QuestionResult[] {
  return questions.map((q) => {
    const answered = data.answered.find((a) => a.question_id === q.id)?.count ?? 0;
    const base = { id: q.id, kind: q.kind, text: q.text, topic: q.topic, required: q.required, answered };
    if (q.kind === 'rating') {
      const counts = data.ratings.filter((r) => r.question_id === q.id);
      const distribution = q.labels.map((label, i) => ({ value: i + RATING_MIN, label, count: counts.find((c) => c.rating === i + RATING_MIN)?.count ?? 0 }));
      const n = distribution.reduce((s, d) => s + d.count, 0);
      const sum = distribution.reduce((s, d) => s + d.count * d.value, 0);
      return { ...base, average: meanOf(sum, n), distribution, options: [], comments: [] };
    }
    if (q.kind === 'text') {
      return {
        ...base,
        average: null,
        distribution: [],
        options: [],
        comments: data.comments.filter((c) => c.question_id === q.id).map((c) => ({ text: c.text, by: c.by })),
      };
    }
    const options = q.options.map((o) => ({
      id: o.id,
      text: o.text,
      count: data.options.find((c) => c.question_id === q.id && c.option_id === o.id)?.count ?? 0,
    }));
    return { ...base, average: null, distribution: [], options, comments: [] };
  });
}

/** Mean of the rating answers to the given questions: { sum, count } so that means can be pooled. */
export function ratingTotals(questions: Question[], ratings: RatingCount[], pick: (q: Question) => boolean = () => true) {
  const ids = new Set(questions.filter((q) => q.kind === 'rating' && pick(q)).map((q) => q.id));
  let sum = 0;
  let count = 0;
  for (const r of ratings) {
    if (!ids.has(r.question_id)) continue;
    sum += r.rating * r.count;
    count += r.count;
  }
  return { sum, count };
}

/** The lecturer's score on one questionnaire: questions about the lecturer, or every rating question when none is. */
export function lecturerTotals(questions: Question[], ratings: RatingCount[]) {
  const aboutLecturer = questions.some((q) => q.kind === 'rating' && q.topic === 'lecturer');
  return ratingTotals(questions, ratings, (q) => !aboutLecturer || q.topic === 'lecturer');
}
