import type { Answers, Question } from '../../../contracts/evaluations';
import type { Lang } from '../i18n';
import { questionText, type Words } from './words';

// The follow-up's questions on the phone (the evaluations' Question shape): native radio buttons
// and check boxes in large rows, each question a fieldset named by its legend.
export function QuestionFields({
  questions,
  answers,
  onChange,
  lang,
  w,
}: {
  questions: Question[];
  answers: Answers;
  onChange: (a: Answers) => void;
  lang: Lang;
  w: Words;
}) {
  const set = (id: string, v: Answers[string]) => onChange({ ...answers, [id]: v });
  return (
    <>
      {questions.map((q, n) => {
        const value = answers[q.id];
        const legend = (
          <legend>
            {n + 1}. {questionText(lang, q.id, q.text)} {q.required && <span className="t-muted t-small">（{w('required')}）</span>}
          </legend>
        );
        if (q.kind === 'text')
          return (
            <label key={q.id} className="t-block fu-question">
              {legend}
              <textarea rows={3} value={typeof value === 'string' ? value : ''} onChange={(e) => set(q.id, e.target.value)} />
            </label>
          );
        const choices = q.kind === 'rating' ? q.labels.map((label, i) => ({ id: String(i + 1), text: `${i + 1} · ${label}` })) : q.options;
        const many = q.kind === 'multiple';
        const chosen = new Set(Array.isArray(value) ? value : value === undefined ? [] : [String(value)]);
        return (
          <fieldset key={q.id} className="t-choices fu-question">
            {legend}
            {choices.map((c) => (
              <label key={c.id} className="t-choice">
                <input
                  type={many ? 'checkbox' : 'radio'}
                  name={`fu-${q.id}`}
                  checked={chosen.has(c.id)}
                  onChange={() => {
                    if (q.kind === 'rating') return set(q.id, Number(c.id));
                    if (!many) return set(q.id, c.id);
                    const next = new Set(chosen);
                    if (next.has(c.id)) next.delete(c.id);
                    else next.add(c.id);
                    set(
                      q.id,
                      q.options.map((o) => o.id).filter((id) => next.has(id)),
                    );
                  }}
                />
                {c.text}
              </label>
            ))}
          </fieldset>
        );
      })}
    </>
  );
}
