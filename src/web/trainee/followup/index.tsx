import { useState } from 'react';
import type { Answers } from '../../../contracts/evaluations';
import type { MyActionPlan, PlanItem, PlanProgress } from '../../../contracts/followup';
import { call } from '../api';
import { useLoad, useTrainee } from '../data';
import { fmt, type Lang, useT } from '../i18n';
import { Failed } from '../pages/today';
import { QuestionFields } from './questions';
import { type Words, wordsFor } from './words';
import './followup.css';

// /t/plan: the trainee's 行动计划 (what they will apply at work, by when, how to tell), their
// supervisor, and — once the follow-up has been sent — each item marked done / partly / not yet
// with the questions on applying what was learnt.

export default function ActionPlanPage() {
  const { lang } = useT();
  const w = wordsFor(lang);
  const { enrolment } = useTrainee();
  const base = `/api/v1/me/enrolments/${enrolment!.enrolmentId}`;
  const loaded = useLoad(() => call<MyActionPlan>('GET', `${base}/action-plan`), [base]);
  const [plan, setPlan] = useState<MyActionPlan | null>(null);
  if (loaded.error) return <Failed message={loaded.error.message} retry={loaded.reload} />;
  const p = plan ?? loaded.data;
  if (!p) return <p className="t-muted">…</p>;
  const tz = enrolment!.timeZone;
  const s = p.schedule;
  return (
    <section>
      <h1 className="t-title">{w('title')}</h1>
      <p className={`t-card${s.state === 'open' ? ' t-warn' : ''}`} data-testid="followup-state">
        {s.state === 'scheduled' && w('scheduled', { date: s.dueOn })}
        {s.state === 'open' && w('open', { date: fmt(s.closesAt!, tz, lang, 'date') })}
        {s.state === 'closed' && w('closed')}
      </p>
      {s.state === 'scheduled' && <p className="t-muted t-small">{w('intro')}</p>}
      {s.state === 'open' ? (
        <FollowupForm key={p.answeredAt ?? 'new'} plan={p} base={base} w={w} lang={lang} tz={tz} onSaved={setPlan} />
      ) : (
        <Items plan={p} base={base} w={w} onSaved={setPlan} />
      )}
      <SupervisorCard plan={p} base={base} w={w} onSaved={setPlan} />
    </section>
  );
}

function ItemLine({ item, w }: { item: PlanItem; w: Words }) {
  return (
    <>
      <span className="t-block">{item.text}</span>
      <span className="t-muted t-small">
        {item.dueOn && w('due', { date: item.dueOn })} {item.measure && w('by', { measure: item.measure })}
      </span>
      {item.staffComment && <span className="t-block t-small t-ok">{w('comment', { text: item.staffComment })}</span>}
    </>
  );
}

function Items({ plan, base, w, onSaved }: { plan: MyActionPlan; base: string; w: Words; onSaved: (p: MyActionPlan) => void }) {
  const [editing, setEditing] = useState<number | 'new' | null>(plan.items.length ? null : 'new');
  const [error, setError] = useState<string | null>(null);
  const send = async (method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => {
    setError(null);
    try {
      onSaved(await call<MyActionPlan>(method, path, body));
      setEditing(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="t-card">
      {!plan.items.length && editing !== 'new' && <p className="t-muted">{w('none')}</p>}
      <ol className="fu-items">
        {plan.items.map((i) =>
          editing === i.id ? (
            <li key={i.id}>
              <ItemForm w={w} initial={i} onCancel={() => setEditing(null)} onSave={(b) => send('PUT', `${base}/action-plan/items/${i.id}`, b)} />
            </li>
          ) : (
            <li key={i.id}>
              <ItemLine item={i} w={w} />
              {plan.editable && (
                <span className="fu-item-actions">
                  <button type="button" className="t-link" onClick={() => setEditing(i.id)}>
                    {w('edit')}
                  </button>
                  <button type="button" className="t-link" onClick={() => send('DELETE', `${base}/action-plan/items/${i.id}`)}>
                    {w('remove')}
                  </button>
                </span>
              )}
            </li>
          ),
        )}
      </ol>
      {!plan.editable && <p className="t-muted t-small">{w('frozen')}</p>}
      {plan.editable &&
        (editing === 'new' ? (
          <ItemForm w={w} onCancel={plan.items.length ? () => setEditing(null) : undefined} onSave={(b) => send('POST', `${base}/action-plan/items`, b)} />
        ) : (
          <button type="button" className="t-button t-button-small" onClick={() => setEditing('new')}>
            {w('add')}
          </button>
        ))}
      {error && <p className="t-warn">{error}</p>}
    </div>
  );
}

function ItemForm({ w, initial, onSave, onCancel }: { w: Words; initial?: PlanItem; onSave: (b: unknown) => void; onCancel?: () => void }) {
  const [text, setText] = useState(initial?.text ?? '');
  const [dueOn, setDueOn] = useState(initial?.dueOn ?? '');
  const [measure, setMeasure] = useState(initial?.measure ?? '');
  return (
    <div className="t-form fu-item-form">
      <label className="t-block">
        {w('item')}
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <label className="t-block">
        {w('dueOn')}
        <input type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
      </label>
      <label className="t-block">
        {w('measure')}
        <input value={measure} onChange={(e) => setMeasure(e.target.value)} />
      </label>
      <div className="t-actions">
        <button type="button" className="t-button t-button-small" onClick={() => onSave({ text, dueOn: dueOn || null, measure })}>
          {w('save')}
        </button>
        {onCancel && (
          <button type="button" className="t-button t-button-small t-button-quiet" onClick={onCancel}>
            {w('cancel')}
          </button>
        )}
      </div>
    </div>
  );
}

const PROGRESS: PlanProgress[] = ['done', 'partly', 'not_yet'];

function FollowupForm({
  plan,
  base,
  w,
  lang,
  tz,
  onSaved,
}: {
  plan: MyActionPlan;
  base: string;
  w: Words;
  lang: Lang;
  tz: string;
  onSaved: (p: MyActionPlan) => void;
}) {
  const [progress, setProgress] = useState<Record<string, PlanProgress>>(() =>
    Object.fromEntries(plan.items.filter((i) => i.progress).map((i) => [String(i.id), i.progress!])),
  );
  const [answers, setAnswers] = useState<Answers>(plan.answers ?? {});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await call<MyActionPlan>('PUT', `${base}/followup`, { progress, answers }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="t-card t-form">
      <h2 className="t-subtitle">{w('followup')}</h2>
      {plan.answeredAt && <p className="t-ok t-small">{w('answered', { at: fmt(plan.answeredAt, tz, lang, 'datetime') })}</p>}
      {plan.items.length > 0 && (
        <ol className="fu-items">
          {plan.items.map((i) => (
            <li key={i.id}>
              <ItemLine item={i} w={w} />
              <fieldset className="t-segmented fu-progress" aria-label={`${w('progress')}：${i.text}`}>
                {PROGRESS.map((v) => (
                  <button
                    key={v}
                    type="button"
                    className={progress[String(i.id)] === v ? 'active' : ''}
                    aria-pressed={progress[String(i.id)] === v}
                    onClick={() => setProgress({ ...progress, [String(i.id)]: v })}
                  >
                    {w(v)}
                  </button>
                ))}
              </fieldset>
            </li>
          ))}
        </ol>
      )}
      <QuestionFields questions={plan.questions} answers={answers} onChange={setAnswers} lang={lang} w={w} />
      {error && <p className="t-warn">{error}</p>}
      <button type="button" className="t-button" disabled={busy} onClick={submit}>
        {plan.answeredAt ? w('update') : w('submit')}
      </button>
    </div>
  );
}

function SupervisorCard({ plan, base, w, onSaved }: { plan: MyActionPlan; base: string; w: Words; onSaved: (p: MyActionPlan) => void }) {
  const [name, setName] = useState(plan.supervisor?.name ?? '');
  const [contact, setContact] = useState(plan.supervisor?.contact ?? '');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  if (plan.schedule.state === 'closed') return null;
  const save = async () => {
    try {
      onSaved(await call<MyActionPlan>('PUT', `${base}/action-plan/supervisor`, { name, contact }));
      setMsg({ ok: true, text: w('savedSupervisor') });
    } catch (e) {
      setMsg({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <section className="t-card t-form">
      <h2 className="t-subtitle">{w('supervisor')}</h2>
      <label className="t-block">
        {w('supervisorName')}
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="t-block">
        {w('supervisorContact')}
        <input value={contact} onChange={(e) => setContact(e.target.value)} />
      </label>
      {msg && <p className={msg.ok ? 't-ok t-small' : 't-warn'}>{msg.text}</p>}
      <button type="button" className="t-button t-button-small" onClick={save} style={{ marginTop: 8 }}>
        {w('saveSupervisor')}
      </button>
    </section>
  );
}
