import { Tag, Tooltip, Typography } from 'antd';
import type { CertificateReview } from '../../../contracts';
import { type CertKey, useCertT } from './messages';

// 需复核: what a changed record contradicts on a valid certificate, in words, and its tag.

type T = ReturnType<typeof useCertT>;

/** The changes as lines: "实修学时 55 → 50", "结业认定 可结业 → 不可结业". */
export function reviewLines(review: CertificateReview, t: T): string[] {
  const yesNo = (b: boolean) => t(b ? 'result.eligible' : 'result.not_eligible');
  return review.changes.map((c) =>
    c.field === 'eligible'
      ? t('review.eligible', { before: yesNo(c.before), after: yesNo(c.after) })
      : t(`review.${c.field}` as CertKey, { before: c.before, after: c.after }),
  );
}

export function ReviewFlag({ review, timeZone }: { review: CertificateReview; timeZone: string }) {
  const t = useCertT();
  const lines = reviewLines(review, t);
  return (
    <div className="review-flag" data-testid="review-flag">
      <Tag color="orange">{t('review.tag')}</Tag>
      <ul className="review-changes">
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      {review.kept && (
        <Tooltip title={review.kept.reason}>
          <Typography.Text type="secondary" className="review-kept">
            {t('review.kept', {
              at: new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(new Date(review.kept.at)),
              who: review.kept.by ?? '',
              reason: review.kept.reason,
            })}
          </Typography.Text>
        </Tooltip>
      )}
    </div>
  );
}
