import { useState } from 'react';
import type { Answers } from '../../../contracts/evaluations';
import type { SupervisorSurvey } from '../../../contracts/followup';
import { call } from '../api';
import { useLoad } from '../data';
import { LANGS, useT } from '../i18n';
import { Failed } from '../pages/today';
import { QuestionFields } from './questions';
import { wordsFor } from './words';
import './followup.css';

// /t/s/<token>: the supervisor's follow-up, opened from the link the class teacher sent. No
// account: the signed link names one trainee, and works while the follow-up is open.
export default function SupervisorPage({ token }: { token: string }) {
  const { lang, setLang } = useT();
  const w = wordsFor(lang);
  const path = `/api/v1/followup/supervisor/${encodeURIComponent(token)}`;
  const loaded = useLoad(() => call<SupervisorSurvey>('GET', path), [path]);
  const [answers, setAnswers] = useState<Answers | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const s = loaded.data;
  const submit = async () => {
    setError(null);
    try {
      const r = await call<{ answeredAt: string }>('PUT', path, { answers: answers ?? s?.answers ?? {} });
      setSent(r.answeredAt);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <main className="fu-public">
      <h1 className="t-title">{w('svTitle')}</h1>
      <fieldset className="t-langs" aria-label="language">
        {LANGS.map((l) => (
          <button key={l.lang} type="button" lang={l.lang} aria-pressed={l.lang === lang} onClick={() => setLang(l.lang)}>
            {l.name}
          </button>
        ))}
      </fieldset>
      {loaded.error && <Failed message={loaded.error.message} retry={loaded.reload} />}
      {s && (
        <>
          <p>{w('svIntro', { trainee: s.traineeName, cls: s.classTitle, dates: s.classDates })}</p>
          <p className="t-muted t-small">{w('svClosing', { date: s.closesAt.slice(0, 10) })}</p>
          {s.items.length > 0 && (
            <section className="t-card">
              <h2 className="t-subtitle">{w('svPlan')}</h2>
              <ol className="fu-items">
                {s.items.map((i) => (
                  <li key={i.id}>
                    {i.text}
                    {i.dueOn && <span className="t-muted t-small"> · {w('due', { date: i.dueOn })}</span>}
                  </li>
                ))}
              </ol>
            </section>
          )}
          <section className="t-card t-form">
            <QuestionFields questions={s.questions} answers={answers ?? s.answers ?? {}} onChange={setAnswers} lang={lang} w={w} />
            {error && <p className="t-warn">{error}</p>}
            {(sent || (s.answeredAt && !answers)) && <p className="t-ok">{w('svThanks')}</p>}
            <button type="button" className="t-button" onClick={submit}>
              {w('svSubmit')}
            </button>
          </section>
        </>
      )}
    </main>
  );
}
