import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TemplateBody } from '../../src/contracts';
import { shorten } from '../../src/server/modules/evaluations/charts';
import { BUILTIN_TEMPLATES } from '../../src/server/modules/evaluations/default-templates';
import {
  answersFromRows,
  checkAnswers,
  lecturerTotals,
  normaliseQuestions,
  questionResults,
  ratingTotals,
} from '../../src/server/modules/evaluations/questions';

const questions = normaliseQuestions([
  { id: 'q2', kind: 'rating', text: '内容', topic: 'content' },
  { kind: 'rating', text: '教师', topic: 'lecturer' },
  { kind: 'single', text: '难度', options: [{ text: '浅' }, { id: 'o1', text: '中' }, { text: '深' }] },
  { kind: 'multiple', text: '收获', required: false, options: [{ text: '甲' }, { text: '乙' }] },
  { kind: 'text', text: '建议', required: false },
]);

test('questions get stable ids that never collide with the ones given', () => {
  assert.deepEqual(
    questions.map((q) => q.id),
    ['q2', 'q1', 'q3', 'q4', 'q5'],
  );
  assert.deepEqual(
    questions[2].options.map((o) => [o.id, o.text]),
    [
      ['o2', '浅'],
      ['o1', '中'],
      ['o3', '深'],
    ],
  );
  assert.deepEqual(questions[0].labels, ['很不满意', '不满意', '一般', '满意', '非常满意']);
  assert.equal(questions[0].required, true, 'required unless said otherwise');
  assert.equal(questions[2].topic, null, 'only rating questions have a topic');
});

test('answers: good ones become rows, one per chosen option', () => {
  const { rows, errors } = checkAnswers(questions, { q2: 5, q1: 3, q3: 'o1', q4: ['o1', 'o2'], q5: '  很好  ' });
  assert.deepEqual(errors, []);
  assert.deepEqual(rows, [
    { question_id: 'q2', rating: 5, option_id: null, text: null },
    { question_id: 'q1', rating: 3, option_id: null, text: null },
    { question_id: 'q3', rating: null, option_id: 'o1', text: null },
    { question_id: 'q4', rating: null, option_id: 'o1', text: null },
    { question_id: 'q4', rating: null, option_id: 'o2', text: null },
    { question_id: 'q5', rating: null, option_id: null, text: '很好' },
  ]);
  assert.deepEqual(answersFromRows(questions, rows), { q2: 5, q1: 3, q3: 'o1', q4: ['o1', 'o2'], q5: '很好' });
});

test('answers: each problem names the question by number and text, and nothing is kept', () => {
  const { rows, errors } = checkAnswers(questions, { q2: 0, q1: '5', q3: ['o1'], q4: ['o1', 'o1'], q5: 7 });
  assert.deepEqual(rows, []);
  assert.deepEqual(
    errors.map((e) => [e.field, e.code, e.params?.number, e.params?.question]),
    [
      ['answers.q2', 'evaluation.rating_range', 1, '内容'],
      ['answers.q1', 'evaluation.rating_range', 2, '教师'],
      ['answers.q3', 'evaluation.answer_type', 3, '难度'],
      ['answers.q4', 'evaluation.duplicate_choice', 4, '收获'],
      ['answers.q5', 'evaluation.answer_type', 5, '建议'],
    ],
  );
  assert.deepEqual(checkAnswers(questions, { q2: 4, q1: 4, q3: 'o1', q4: [], q5: '' }).errors, [], 'optional questions may be left empty');
  assert.deepEqual(
    checkAnswers(questions, { q4: ['o9'] }).errors.map((e) => e.code),
    ['evaluation.answer_required', 'evaluation.answer_required', 'evaluation.answer_required', 'evaluation.unknown_option'],
  );
});

test('results from counts: averages, distributions and pooled scores by hand', () => {
  const ratings = [
    { question_id: 'q2', rating: 5, count: 3 },
    { question_id: 'q2', rating: 4, count: 2 },
    { question_id: 'q2', rating: 2, count: 1 },
    { question_id: 'q1', rating: 3, count: 4 },
  ];
  const r = questionResults(questions, {
    ratings,
    options: [{ question_id: 'q4', option_id: 'o2', count: 2 }],
    answered: [
      { question_id: 'q2', count: 6 },
      { question_id: 'q4', count: 2 },
    ],
    comments: [{ question_id: 'q5', text: '好', by: null }],
  });
  // (5·3 + 4·2 + 2·1) / 6 = 25 / 6
  assert.equal(r[0].average, 4.17);
  assert.deepEqual(
    r[0].distribution.map((d) => d.count),
    [0, 1, 0, 2, 3],
  );
  assert.equal(r[0].answered, 6);
  assert.deepEqual(
    r[3].options.map((o) => o.count),
    [0, 2],
  );
  assert.deepEqual(r[4].comments, [{ text: '好', by: null }]);
  assert.equal(r[1].average, 3);
  assert.deepEqual(ratingTotals(questions, ratings), { sum: 37, count: 10 });
  assert.deepEqual(lecturerTotals(questions, ratings), { sum: 12, count: 4 }, 'only the questions about the lecturer');
  const noLecturerTopic = questions.map((q) => ({ ...q, topic: null }));
  assert.deepEqual(lecturerTotals(noLecturerTopic, ratings), { sum: 37, count: 10 }, 'every rating question when none is about the lecturer');
});

test('the built-in templates pass the template contract', () => {
  for (const b of BUILTIN_TEMPLATES) {
    const parsed = TemplateBody.safeParse({ name: b.name, defaultFor: b.defaultFor, questions: b.questions });
    assert.ok(parsed.success, `${b.key}: ${JSON.stringify(parsed.error?.issues)}`);
    assert.equal(new Set(b.questions.map((q) => q.id)).size, b.questions.length);
  }
  const bad = TemplateBody.safeParse({
    name: 'x',
    questions: [
      { id: 'a', kind: 'text', text: 't' },
      { id: 'a', kind: 'text', text: 'u', options: [{ text: 'o' }] },
    ],
  });
  assert.ok(!bad.success);
  assert.deepEqual(
    bad.error.issues.map((i) => [i.path.join('.'), i.message]),
    [
      ['questions.1.options', 'evaluation.options_not_allowed'],
      ['questions.1.id', 'evaluation.duplicate_question'],
    ],
  );
});

test('chart labels keep both ends of a long title', () => {
  assert.equal(shorten('结构化研讨：科技创新如何服务西藏高质量发展（第一组）', 18), '结构化研讨：科技创新如…展（第一组）');
  assert.equal(shorten('短标题'), '短标题');
});
