import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Answers, MyQuestionnaire, MyQuestionnaireDetail, Question } from '../../../contracts';
import { intlLocale, type Lang, useT } from '../i18n';
import { evaluationsBo } from '../i18n-bo';
import './evaluations.css';

// The trainee's evaluation pages, phone first and light: React and fetch only (no Ant Design, no
// zod at run time). Mount <TraineeEvaluations path navigate /> for any path under /t/evaluations:
//   /t/evaluations            the list: to answer, answered (editable until closing), coming, closed
//   /t/evaluations/:id        one questionnaire
//   /t/evaluations/q/:token   the same, opened from the QR code on a lecture's last slide
// The trainee's device session (cookie) is required; the CSRF token comes from GET /api/v1/me.

const WORDS: Record<'zh-CN' | 'en', Record<keyof typeof evaluationsBo, string>> & { bo: Record<keyof typeof evaluationsBo, string> } = {
  'zh-CN': {
    title: '课程评估',
    toAnswer: '待填写',
    answered: '已填写',
    coming: '即将开放',
    closed: '已结束',
    none: '目前没有需要填写的评估问卷。',
    closesAt: '{at} 截止',
    opensAt: '{at} 开放',
    editableUntil: '可修改至 {at}',
    missed: '未填写',
    back: '返回评估列表',
    anonymous: '本问卷匿名填写，结果中不会显示您的姓名。',
    named: '本问卷为实名填写。',
    required: '必答',
    submit: '提交评价',
    update: '保存修改',
    submitting: '正在提交……',
    fix: '有 {n} 道题需要修改，请看标红的题目',
    thanks: '已提交，感谢您的评价！',
    updated: '已保存修改，感谢您的评价！',
    editAgain: '修改答卷',
    editUntil: '截止前（{at}）可以修改。',
    notOpen: '问卷将于 {at} 开放，请届时再来填写。',
    isClosed: '问卷已于 {at} 截止。',
    youAnswered: '您已提交本问卷。',
    signIn: '请先用班主任发给您的邀请二维码登录，然后再扫描问卷二维码。',
    failed: '提交没有成功，请检查网络后重试',
    loadFailed: '加载失败',
    retry: '重试',
    chars: '{n}/{max} 字',
    many: '可多选',
  },
  en: {
    title: 'Evaluation',
    toAnswer: 'To answer',
    answered: 'Answered',
    coming: 'Coming',
    closed: 'Closed',
    none: 'Nothing to answer at the moment.',
    closesAt: 'closes {at}',
    opensAt: 'opens {at}',
    editableUntil: 'editable until {at}',
    missed: 'not answered',
    back: 'Back to the list',
    anonymous: 'Anonymous: the results never show your name.',
    named: 'This questionnaire is not anonymous.',
    required: 'required',
    submit: 'Submit',
    update: 'Save changes',
    submitting: 'Sending…',
    fix: '{n} questions need your attention (marked in red)',
    thanks: 'Thank you, your answers are in.',
    updated: 'Thank you, your changes are saved.',
    editAgain: 'Change my answers',
    editUntil: 'You can change them until {at}.',
    notOpen: 'This questionnaire opens at {at}.',
    isClosed: 'This questionnaire closed at {at}.',
    youAnswered: 'You have answered this questionnaire.',
    signIn: 'Sign in first with the invitation QR code from your class teacher, then scan the questionnaire again.',
    failed: 'Could not send; check the network and try again',
    loadFailed: 'Could not load',
    retry: 'Retry',
    chars: '{n}/{max}',
    many: 'choose any',
  },
  bo: evaluationsBo,
};
type Word = keyof (typeof WORDS)['zh-CN'];
type T = (w: Word, p?: Record<string, string | number>) => string;
const makeT =
  (lang: Lang): T =>
  (w, p = {}) =>
    WORDS[lang][w].replace(/\{(\w+)\}/g, (_, k: string) => String(p[k] ?? ''));

const TEXT_MAX = 2000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { title?: string; code?: string; errors?: Array<{ field: string; message: string }> } | null,
  ) {
    super(body?.title ?? `HTTP ${status}`);
  }
}

let me: Promise<{ csrfToken: string; locale: string }> | null = null;
const loadMe = () => {
  me ??= request<{ csrfToken: string; locale: string }>('GET', '/api/v1/me').catch((e) => {
    me = null;
    throw e;
  });
  return me;
};

async function request<R>(method: 'GET' | 'PUT', path: string, body?: unknown, lang?: Lang): Promise<R> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (lang) headers['Accept-Language'] = lang;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['x-csrf-token'] = (await loadMe()).csrfToken;
  }
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const data = (res.headers.get('content-type') ?? '').includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) throw new HttpError(res.status, data);
  return data as R;
}

// The language the trainee chose on the 我的 tab, as every trainee page.
const useLang = (): Lang => useT().lang;

const when = (iso: string, timeZone: string, lang: Lang) =>
  new Intl.DateTimeFormat(intlLocale(lang), {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

function Problem({ error, t, onRetry }: { error: unknown; t: T; onRetry?: () => void }) {
  const status = error instanceof HttpError ? error.status : 0;
  const text = status === 401 ? t('signIn') : error instanceof HttpError && error.body?.title ? error.body.title : t('loadFailed');
  return (
    <div className="tev-notice tev-notice-error" role="alert">
      <p>{text}</p>
      {onRetry && status !== 401 && status !== 403 && status !== 404 && (
        <button type="button" className="tev-button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

function Shell({ title, children, onBack, t }: { title: string; children: ReactNode; onBack?: () => void; t: T }) {
  return (
    <main className="tev">
      <header className="tev-header">
        {onBack && (
          <button type="button" className="tev-back" onClick={onBack} aria-label={t('back')}>
            ‹
          </button>
        )}
        <h1>{title}</h1>
      </header>
      {children}
    </main>
  );
}

export function EvaluationList({ navigate }: { navigate: (to: string) => void }) {
  const lang = useLang();
  const t = useMemo(() => makeT(lang), [lang]);
  const [items, setItems] = useState<MyQuestionnaire[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    setError(null);
    request<MyQuestionnaire[]>('GET', '/api/v1/me/evaluations', undefined, lang).then(setItems, setError);
  }, [lang]);
  useEffect(load, [load]);

  const groups: Array<{ key: Word; items: MyQuestionnaire[] }> = items
    ? [
        { key: 'toAnswer', items: items.filter((q) => q.state === 'open' && !q.answered) },
        { key: 'answered', items: items.filter((q) => q.answered) },
        { key: 'coming', items: items.filter((q) => q.state === 'scheduled').slice(0, 5) },
        { key: 'closed', items: items.filter((q) => q.state === 'closed' && !q.answered) },
      ]
    : [];
  return (
    <Shell title={t('title')} t={t}>
      {error ? <Problem error={error} t={t} onRetry={load} /> : null}
      {!items && !error && <div className="tev-loading" aria-busy="true" />}
      {items && items.length === 0 && <p className="tev-empty">{t('none')}</p>}
      {groups
        .filter((g) => g.items.length)
        .map((g) => (
          <section key={g.key} className="tev-group">
            <h2>
              {t(g.key)} <span className="tev-count">{g.items.length}</span>
            </h2>
            <ul className="tev-list">
              {g.items.map((q) => {
                const clickable = q.state === 'open' || q.answered;
                const note =
                  q.state === 'scheduled'
                    ? t('opensAt', { at: when(q.opensAt, q.timeZone, lang) })
                    : q.editable
                      ? t('editableUntil', { at: when(q.closesAt, q.timeZone, lang) })
                      : q.state === 'open'
                        ? t('closesAt', { at: when(q.closesAt, q.timeZone, lang) })
                        : q.answered
                          ? t('youAnswered')
                          : t('missed');
                return (
                  <li key={q.id}>
                    <button
                      type="button"
                      className="tev-item"
                      disabled={!clickable}
                      onClick={() => navigate(`/t/evaluations/${q.id}`)}
                      data-questionnaire={q.id}
                    >
                      <span className="tev-item-title">{q.title}</span>
                      <span className="tev-item-meta">
                        {q.session ? `${when(q.session.startsAt, q.timeZone, lang)} ${q.session.lecturerNames.join('、')}` : q.classTitle}
                      </span>
                      <span className={`tev-item-note ${q.state === 'open' && !q.answered ? 'is-due' : ''}`}>{note}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
    </Shell>
  );
}

// Native radio buttons and check boxes (screen readers and keyboards know them), drawn as large
// touch targets; the question's fieldset and legend name the group.
function RatingInput({ q, value, onChange, invalid }: { q: Question; value: unknown; onChange: (v: number) => void; invalid: boolean }) {
  return (
    <div className="tev-rating">
      {q.labels.map((label, i) => {
        const v = i + 1;
        const on = value === v;
        return (
          <label key={v} className={`tev-rate ${on ? 'is-on' : ''}`} data-value={v}>
            <input type="radio" className="tev-sr" name={`tev-${q.id}`} value={v} checked={on} onChange={() => onChange(v)} aria-invalid={invalid} />
            <span className="tev-rate-n">{v}</span>
            <span className="tev-rate-label">{label}</span>
          </label>
        );
      })}
    </div>
  );
}

function ChoiceInput({ q, value, onChange, t }: { q: Question; value: unknown; onChange: (v: string | string[]) => void; t: T }) {
  const many = q.kind === 'multiple';
  const chosen = new Set(many ? ((value as string[] | undefined) ?? []) : value ? [value as string] : []);
  return (
    <div className="tev-choices">
      {many && <span className="tev-hint">{t('many')}</span>}
      {q.options.map((o) => {
        const on = chosen.has(o.id);
        const toggle = () => {
          if (!many) return onChange(o.id);
          const next = new Set(chosen);
          if (on) next.delete(o.id);
          else next.add(o.id);
          onChange(q.options.map((x) => x.id).filter((id) => next.has(id)));
        };
        return (
          <label key={o.id} className={`tev-choice ${on ? 'is-on' : ''}`}>
            <input type={many ? 'checkbox' : 'radio'} className="tev-sr" name={`tev-${q.id}`} value={o.id} checked={on} onChange={toggle} />
            <span className={`tev-mark ${many ? 'is-box' : 'is-dot'}`} aria-hidden="true" />
            {o.text}
          </label>
        );
      })}
    </div>
  );
}

export function EvaluationForm({ id, token, navigate }: { id?: number; token?: string; navigate: (to: string) => void }) {
  const lang = useLang();
  const t = useMemo(() => makeT(lang), [lang]);
  const [detail, setDetail] = useState<MyQuestionnaireDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<'thanks' | 'updated' | null>(null);
  const top = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    setError(null);
    const path = token ? `/api/v1/me/evaluations/links/${encodeURIComponent(token)}` : `/api/v1/me/evaluations/${id}`;
    request<MyQuestionnaireDetail>('GET', path, undefined, lang).then((d) => {
      setDetail(d);
      setAnswers(d.answers ?? {});
    }, setError);
  }, [id, token, lang]);
  useEffect(load, [load]);

  const set = (qid: string, v: Answers[string]) => {
    setAnswers((a) => ({ ...a, [qid]: v }));
    setErrors((e) => {
      const { [qid]: _, ...rest } = e;
      if (Object.keys(rest).length === 0) setNotice(null);
      return rest;
    });
  };

  const submit = async () => {
    if (!detail) return;
    setBusy(true);
    setNotice(null);
    try {
      const body: Answers = {};
      for (const q of detail.questions) {
        const v = answers[q.id];
        if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) continue;
        body[q.id] = v;
      }
      const r = await request<{ updated: boolean }>('PUT', `/api/v1/me/evaluations/${detail.id}/response`, { answers: body }, lang);
      setErrors({});
      setDone(r.updated ? 'updated' : 'thanks');
      setDetail({ ...detail, answered: true, editable: detail.state === 'open', answers: body });
      top.current?.scrollIntoView({ behavior: 'smooth' });
    } catch (e) {
      const fields = e instanceof HttpError ? (e.body?.errors ?? []) : [];
      const mine = Object.fromEntries(fields.filter((f) => f.field.startsWith('answers.')).map((f) => [f.field.slice('answers.'.length), f.message]));
      setErrors(mine);
      const count = Object.keys(mine).length;
      setNotice(count ? t('fix', { n: count }) : e instanceof HttpError && e.body?.title ? e.body.title : t('failed'));
      const first = detail.questions.find((q) => mine[q.id]);
      if (first) document.getElementById(`tev-q-${first.id}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    } finally {
      setBusy(false);
    }
  };

  const back = () => navigate('/t/evaluations');
  if (error) {
    return (
      <Shell title={t('title')} onBack={back} t={t}>
        <Problem error={error} t={t} onRetry={load} />
      </Shell>
    );
  }
  if (!detail) {
    return (
      <Shell title={t('title')} onBack={back} t={t}>
        <div className="tev-loading" aria-busy="true" />
      </Shell>
    );
  }
  const at = (iso: string) => when(iso, detail.timeZone, lang);
  const open = detail.state === 'open';
  return (
    <Shell title={detail.title} onBack={back} t={t}>
      <div ref={top} />
      <p className="tev-meta">{detail.session ? `${at(detail.session.startsAt)} ${detail.session.lecturerNames.join('、')}` : detail.classTitle}</p>
      {done ? (
        <div className="tev-notice tev-notice-ok" role="status">
          <p>
            <strong>{t(done)}</strong>
          </p>
          {detail.editable && <p>{t('editUntil', { at: at(detail.closesAt) })}</p>}
          <div className="tev-actions">
            {detail.editable && (
              <button type="button" className="tev-button" onClick={() => setDone(null)}>
                {t('editAgain')}
              </button>
            )}
            <button type="button" className="tev-button is-primary" onClick={back}>
              {t('back')}
            </button>
          </div>
        </div>
      ) : (
        <>
          {detail.state === 'scheduled' && <div className="tev-notice">{t('notOpen', { at: at(detail.opensAt) })}</div>}
          {detail.state === 'closed' && (
            <div className="tev-notice">
              {t('isClosed', { at: at(detail.closesAt) })} {detail.answered ? t('youAnswered') : ''}
            </div>
          )}
          {open && (
            <p className="tev-anon">
              {detail.anonymous ? t('anonymous') : t('named')}{' '}
              {detail.answered ? t('editUntil', { at: at(detail.closesAt) }) : t('closesAt', { at: at(detail.closesAt) })}
            </p>
          )}
          {open && (
            <form
              className="tev-form"
              onSubmit={(e) => {
                e.preventDefault();
                submit();
              }}
              noValidate
            >
              {detail.questions.map((q, i) => {
                const err = errors[q.id];
                const value = answers[q.id];
                return (
                  <fieldset key={q.id} id={`tev-q-${q.id}`} className={`tev-question ${err ? 'has-error' : ''}`} data-question={q.id}>
                    <legend>
                      <span className="tev-qn">{i + 1}.</span> {q.text}
                      {q.required && (
                        <span className="tev-required" title={t('required')}>
                          *
                        </span>
                      )}
                    </legend>
                    {q.kind === 'rating' && <RatingInput q={q} value={value} onChange={(v) => set(q.id, v)} invalid={!!err} />}
                    {(q.kind === 'single' || q.kind === 'multiple') && <ChoiceInput q={q} value={value} onChange={(v) => set(q.id, v)} t={t} />}
                    {q.kind === 'text' && (
                      <>
                        <textarea
                          className="tev-text"
                          rows={3}
                          maxLength={TEXT_MAX}
                          value={typeof value === 'string' ? value : ''}
                          onChange={(e) => set(q.id, e.target.value)}
                          aria-label={q.text}
                        />
                        <span className="tev-hint">{t('chars', { n: typeof value === 'string' ? value.length : 0, max: TEXT_MAX })}</span>
                      </>
                    )}
                    {err && (
                      <p className="tev-error" role="alert">
                        {err}
                      </p>
                    )}
                  </fieldset>
                );
              })}
              {notice && (
                <div className="tev-notice tev-notice-error" role="alert">
                  {notice}
                </div>
              )}
              <div className="tev-submit">
                <button type="submit" className="tev-button is-primary is-wide" disabled={busy}>
                  {busy ? t('submitting') : detail.answered ? t('update') : t('submit')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </Shell>
  );
}

/** Everything under /t/evaluations, given the current path and a way to move. */
export function TraineeEvaluations({ path, navigate }: { path: string; navigate: (to: string) => void }) {
  const byToken = /^\/t\/evaluations\/q\/([A-Za-z0-9_-]+)\/?$/.exec(path);
  if (byToken) return <EvaluationForm key={byToken[1]} token={byToken[1]} navigate={navigate} />;
  const byId = /^\/t\/evaluations\/(\d+)\/?$/.exec(path);
  if (byId) return <EvaluationForm key={byId[1]} id={Number(byId[1])} navigate={navigate} />;
  return <EvaluationList navigate={navigate} />;
}
