import { useEffect, useState } from 'react';
import { type MyCertificate, MyCertificate as MyCertificateSchema } from '../../contracts';
import type { Lang } from './i18n';
import { certificatesBo } from './i18n-bo';
import { loadKept, Stale } from './offline/kept';

// The trainee's own certificates (结业证书) on their phone: each with its status, a PDF to keep or
// print, the signed digital credential (.jwt) to hand to an employer, and the public verification
// page. Light on purpose: plain React and fetch, no Ant Design (the trainee pages must not load the
// admin bundle). The trainee pages import it as <TraineeCertificates lang="zh-CN" />.

const T = {
  title: { 'zh-CN': '我的结业证书', en: 'My certificates' },
  none: {
    'zh-CN': '还没有结业证书。培训班结业后，符合结业条件的学员会在这里看到证书。',
    en: 'No certificates yet. They appear here once a class has completed and you have met its completion rule.',
  },
  loading: { 'zh-CN': '加载中…', en: 'Loading…' },
  failed: { 'zh-CN': '加载失败，请稍后重试', en: 'Could not load; try again later' },
  serial: { 'zh-CN': '证书编号', en: 'Number' },
  hours: { 'zh-CN': '学时', en: 'hours' },
  issued: { 'zh-CN': '颁发日期', en: 'Issued' },
  pdf: { 'zh-CN': '下载 PDF', en: 'Download PDF' },
  credential: { 'zh-CN': '电子证书（.jwt）', en: 'Digital credential (.jwt)' },
  verify: { 'zh-CN': '验证页面', en: 'Verification page' },
  valid: { 'zh-CN': '有效', en: 'Valid' },
  revoked: { 'zh-CN': '已撤销', en: 'Revoked' },
  replaced: { 'zh-CN': '已换发', en: 'Replaced' },
} as const;

const card = { background: '#fff', borderRadius: 10, padding: 16, margin: '12px 0', boxShadow: '0 1px 3px rgba(0,0,0,.08)' } as const;
const button = {
  display: 'inline-block',
  padding: '8px 12px',
  borderRadius: 6,
  border: '1px solid #1d5fa7',
  color: '#1d5fa7',
  textDecoration: 'none',
  fontSize: 14,
  marginRight: 8,
  marginTop: 8,
} as const;

export function TraineeCertificates({ lang = 'zh-CN' }: { lang?: Lang }) {
  const t = (k: keyof typeof T) => (lang === 'bo' ? certificatesBo[k] : T[k][lang]);
  const colon = lang === 'zh-CN' ? '：' : ': ';
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'failed' } | { kind: 'ready'; items: MyCertificate[]; savedAt: number | null }>({
    kind: 'loading',
  });

  useEffect(() => {
    let cancelled = false;
    // Kept on the phone: with no network, the last list stands in (offline/kept.ts).
    loadKept('certificates', async () => {
      const res = await fetch('/api/v1/me/certificates', { credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': lang } });
      if (!res.ok) throw new Error(String(res.status));
      return MyCertificateSchema.array().parse(await res.json());
    })
      .then(({ data, savedAt }) => !cancelled && setState({ kind: 'ready', items: data, savedAt }))
      .catch(() => !cancelled && setState({ kind: 'failed' }));
    return () => {
      cancelled = true;
    };
  }, [lang]);

  return (
    <section aria-labelledby="my-certificates">
      <h2 id="my-certificates" style={{ fontSize: 18, margin: '16px 0 4px' }}>
        {t('title')}
      </h2>
      {state.kind === 'ready' && <Stale at={state.savedAt} />}
      {state.kind === 'loading' && <p>{t('loading')}</p>}
      {state.kind === 'failed' && <p role="alert">{t('failed')}</p>}
      {state.kind === 'ready' && state.items.length === 0 && <p style={{ color: '#666' }}>{t('none')}</p>}
      {state.kind === 'ready' &&
        state.items.map((c) => (
          <article key={c.id} style={{ ...card, borderTop: `5px solid ${c.status === 'valid' ? '#2e7d32' : '#c62828'}` }} data-testid="my-certificate">
            <div style={{ fontWeight: 700, fontSize: 16 }}>{c.classTitle}</div>
            <div style={{ color: c.status === 'valid' ? '#2e7d32' : '#c62828', fontWeight: 600, margin: '4px 0' }}>{t(c.status)}</div>
            <div style={{ fontSize: 14, color: '#444' }}>
              {t('serial')}
              {colon}
              {c.serial}
              <br />
              {c.startsOn} – {c.endsOn} · {c.hours} {t('hours')}
              <br />
              {t('issued')}
              {colon}
              {c.issuedOn} · {c.issuerName}
            </div>
            {c.status === 'valid' && (
              <div>
                <a style={button} href={`/api/v1/me/certificates/${c.id}/pdf`}>
                  {t('pdf')}
                </a>
                <a style={button} href={`/api/v1/me/certificates/${c.id}/credential`}>
                  {t('credential')}
                </a>
              </div>
            )}
            <a style={{ ...button, border: 0, paddingLeft: 0 }} href={c.verifyUrl}>
              {t('verify')}
            </a>
          </article>
        ))}
    </section>
  );
}
