import { useEffect, useState } from 'react';
import type { Appraisal } from '../../../contracts/appraisals';
import { countWords, REFLECTION_ATTACHMENT_TYPES, type Reflection } from '../../../contracts/reflections';
import { RichTextBody, useRichText } from '../../components/rich-text-body';
import { call, csrfToken, TraineeApiError } from '../api';
import { useLoad, useTrainee } from '../data';
import { type Lang, useT } from '../i18n';
import { Failed } from '../pages/today';
import './after-class.css';

// /t/reflection: after the class, on the phone — the 心得体会 (rich text with a length guide, a
// photo or a file, the draft kept on the phone as it is typed and on the server when saved; the
// class teacher's comment when a revision is asked) and the self-appraisal of the 结业鉴定.

const T = {
  title: { 'zh-CN': '心得体会', en: 'Reflection' },
  intro: { 'zh-CN': '结合本次培训的学习内容与本单位工作，谈谈收获和体会。', en: 'What you learnt in this class and how it bears on your work.' },
  words: { 'zh-CN': '已写 {n} 字', en: '{n} characters/words' },
  min: { 'zh-CN': '要求不少于 {n} 字', en: 'at least {n}' },
  enough: { 'zh-CN': '字数已达到要求', en: 'Long enough' },
  consent: {
    'zh-CN': '同意在班级简报中摘录本文（署名）',
    en: 'I agree to excerpts of this being quoted, with my name, in the class bulletin',
  },
  attach: { 'zh-CN': '附上一张照片或一个文件（PDF、Word）', en: 'Attach a photo or a file (PDF, Word)' },
  attached: { 'zh-CN': '附件：', en: 'Attached: ' },
  save: { 'zh-CN': '保存草稿', en: 'Save draft' },
  submit: { 'zh-CN': '提交', en: 'Submit' },
  saved: { 'zh-CN': '草稿已保存', en: 'Draft saved' },
  localRestored: { 'zh-CN': '已恢复本机上未保存的草稿', en: 'Restored the unsaved draft kept on this phone' },
  status_draft: { 'zh-CN': '草稿（尚未提交）', en: 'Draft (not submitted)' },
  status_submitted: { 'zh-CN': '已提交，等待班主任审阅', en: 'Submitted; awaiting review' },
  status_revision: { 'zh-CN': '班主任请您修改后重新提交', en: 'The class teacher asks for a revision' },
  status_accepted: { 'zh-CN': '已通过审阅', en: 'Accepted' },
  comment: { 'zh-CN': '班主任意见：', en: 'Comment: ' },
  selfTitle: { 'zh-CN': '结业鉴定 · 自我鉴定', en: 'Appraisal · self-appraisal' },
  selfHint: {
    'zh-CN': '简要总结培训期间的学习、纪律和收获；班主任签署后不能再修改。',
    en: 'Sum up your study, discipline and gains; it cannot be changed once the class teacher signs the form off.',
  },
  selfSave: { 'zh-CN': '保存自我鉴定', en: 'Save self-appraisal' },
  selfSaved: { 'zh-CN': '自我鉴定已保存', en: 'Self-appraisal saved' },
  signedOff: { 'zh-CN': '结业鉴定已由班主任签署', en: 'The appraisal has been signed off' },
  hours: { 'zh-CN': '学时（按考勤记录）：实修 {a} / 应修 {t}', en: 'Hours (from the record): {a} of {t}' },
} as const;
type Key = keyof typeof T;
const say = (lang: Lang, k: Key, p: Record<string, string | number> = {}) =>
  (T[k][lang === 'en' ? 'en' : 'zh-CN'] as string).replace(/\{(\w+)\}/g, (_, n) => String(p[n] ?? ''));

const plainOf = (html: string) => {
  const div = document.createElement('div');
  // A space at each paragraph and line end, so words on two lines are not counted as one.
  div.innerHTML = html.replace(/<\/(p|li)>|<br\s*\/?>/gi, ' $&');
  return div.textContent ?? '';
};

export default function AfterClassPage() {
  const { lang } = useT();
  const { enrolment } = useTrainee();
  const id = enrolment!.enrolmentId;
  const base = `/api/v1/me/enrolments/${id}`;
  const loaded = useLoad(() => call<Reflection>('GET', `${base}/reflection`), [id]);
  if (loaded.error) return <Failed message={loaded.error.message} retry={loaded.reload} />;
  if (!loaded.data) return <p className="t-muted">…</p>;
  return (
    <>
      <ReflectionCard key={loaded.data.updatedAt ?? 'new'} lang={lang} base={base} initial={loaded.data} />
      <SelfAppraisal lang={lang} base={base} />
    </>
  );
}

function ReflectionCard({ lang, base, initial }: { lang: Lang; base: string; initial: Reflection }) {
  const localKey = `cohort.reflection.${initial.enrolmentId}`;
  const [r, setR] = useState(initial);
  const [html, setHtml] = useState(() => {
    const local = localStorage.getItem(localKey);
    return local ?? initial.bodyHtml;
  });
  const [consent, setConsent] = useState(initial.consentQuote);
  const [note, setNote] = useState<string | null>(() => {
    const local = localStorage.getItem(localKey);
    return local !== null && local !== initial.bodyHtml ? say(lang, 'localRestored') : null;
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editable = r.status === null || r.status === 'draft' || r.status === 'revision';
  const onChange = (v: string) => {
    setHtml(v);
    localStorage.setItem(localKey, v);
  };
  const { ref, run } = useRichText(html, onChange);
  const words = countWords(plainOf(html));
  useEffect(() => {
    if (!editable) localStorage.removeItem(localKey);
  }, [editable, localKey]);

  const send = async (submit: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const next = await call<Reflection>(submit ? 'POST' : 'PUT', submit ? `${base}/reflection/submit` : `${base}/reflection`, {
        bodyHtml: html,
        consentQuote: consent,
      });
      localStorage.removeItem(localKey);
      setR(next);
      setHtml(next.bodyHtml);
      setNote(submit ? null : say(lang, 'saved'));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const upload = async (file: File) => {
    setError(null);
    const form = new FormData();
    form.append('file', file);
    const res = await fetch(`${base}/reflection/attachment`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrfToken() ?? '', 'Accept-Language': lang, Accept: 'application/json' },
    }).catch(() => null);
    const data = res ? await res.json().catch(() => null) : null;
    if (!res?.ok) {
      const p = (data ?? {}) as { title?: string; errors?: Array<{ message: string }> };
      setError(p.errors?.map((x) => x.message).join('；') ?? p.title ?? new TraineeApiError(0, 'client.network', '').message);
      return;
    }
    setR(data as Reflection);
  };

  return (
    <section>
      <h1 className="t-title">{say(lang, 'title')}</h1>
      <p className="t-muted t-small">{say(lang, 'intro')}</p>
      <p className={`t-card${r.status === 'revision' ? ' t-warn' : ''}`} data-testid="reflection-status">
        <strong>{say(lang, `status_${r.status ?? 'draft'}` as Key)}</strong>
        {r.reviewComment && r.status === 'revision' && (
          <span className="t-block">
            {say(lang, 'comment')}
            {r.reviewComment}
          </span>
        )}
      </p>
      {editable ? (
        <div className="t-card">
          <div className="t-rte-tools">
            <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => run('bold')} aria-label="bold">
              <strong>B</strong>
            </button>
            <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => run('italic')} aria-label="italic">
              <em>I</em>
            </button>
            <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => run('insertUnorderedList')} aria-label="list">
              •
            </button>
            <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => run('insertOrderedList')} aria-label="numbered list">
              1.
            </button>
          </div>
          <RichTextBody bodyRef={ref} onChange={onChange} label={say(lang, 'title')} className="t-rte" />
          <div className="t-count" data-testid="word-count">
            <span className={words >= r.minWords ? 't-ok' : ''}>{say(lang, 'words', { n: words })}</span>
            <span className="t-muted">{words >= r.minWords ? say(lang, 'enough') : say(lang, 'min', { n: r.minWords })}</span>
          </div>
          <div className="t-meter" aria-hidden="true">
            <span style={{ width: `${Math.min(100, r.minWords ? (words / r.minWords) * 100 : 100)}%` }} />
          </div>
          <label className="t-block" style={{ margin: '12px 0' }}>
            <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} /> {say(lang, 'consent')}
          </label>
          <label className="t-block t-small">
            {say(lang, 'attach')}
            <input
              type="file"
              accept={REFLECTION_ATTACHMENT_TYPES.join(',')}
              onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])}
              style={{ display: 'block', marginTop: 6 }}
            />
          </label>
          {r.attachment && (
            <p className="t-small">
              {say(lang, 'attached')}
              <a className="t-link" href={`${base}/reflection/attachment`}>
                {r.attachment.name}
              </a>
            </p>
          )}
          {error && <p className="t-warn">{error}</p>}
          {note && <p className="t-ok t-small">{note}</p>}
          <div className="t-actions">
            <button type="button" className="t-button t-button-quiet" disabled={busy} onClick={() => send(false)}>
              {say(lang, 'save')}
            </button>
            <button type="button" className="t-button" disabled={busy} onClick={() => send(true)}>
              {say(lang, 'submit')}
            </button>
          </div>
        </div>
      ) : (
        // The server's sanitised HTML (the bulletin whitelist): safe to show as it is.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server
        <div className="t-card t-rendered" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
      )}
    </section>
  );
}

function SelfAppraisal({ lang, base }: { lang: Lang; base: string }) {
  const loaded = useLoad(() => call<Appraisal>('GET', `${base}/appraisal`), [base]);
  const [text, setText] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  if (!loaded.data) return null;
  const a = loaded.data;
  const value = text ?? a.selfText ?? '';
  const save = async () => {
    try {
      await call<Appraisal>('PUT', `${base}/appraisal`, { selfText: value });
      setMsg({ ok: true, text: say(lang, 'selfSaved') });
      loaded.reload();
    } catch (e) {
      setMsg({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <section className="t-card t-form">
      <h2 className="t-subtitle">{say(lang, 'selfTitle')}</h2>
      <p className="t-small t-muted">{say(lang, 'hours', { a: a.hours.attendedHours, t: a.hours.totalHours })}</p>
      {a.signedOffAt ? (
        <>
          <p className="t-ok">{say(lang, 'signedOff')}</p>
          <p style={{ whiteSpace: 'pre-wrap' }}>{a.selfText}</p>
        </>
      ) : (
        <>
          <p className="t-small t-muted">{say(lang, 'selfHint')}</p>
          <textarea rows={6} value={value} onChange={(e) => setText(e.target.value)} aria-label={say(lang, 'selfTitle')} />
          {msg && <p className={msg.ok ? 't-ok t-small' : 't-warn'}>{msg.text}</p>}
          <button type="button" className="t-button t-button-small" onClick={save} style={{ marginTop: 8 }}>
            {say(lang, 'selfSave')}
          </button>
        </>
      )}
    </section>
  );
}
