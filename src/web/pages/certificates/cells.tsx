import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import type { Eligibility, EligibilityRow } from '../../../contracts';
import { files } from './api';
import { useCertT } from './messages';
import { ReviewFlag } from './review';

// The pieces of a trainee's row on the certificates tab, shared by the table (laptop) and the
// cards (phone): name, hours, completion, reasons, certificate (with its 需复核 flag), actions.

const pct = (x: number) => Math.round(x * 1000) / 10;

export type RowHandlers = {
  onException: (r: EligibilityRow) => void;
  onClearException: (r: EligibilityRow) => void;
  onIssueAgain: (r: EligibilityRow) => void;
  onCertificate: (kind: 'revoke' | 'reissue' | 'keep', r: EligibilityRow) => void;
};

/** The row's pieces; `data` may still be loading when the hook runs (the pieces are drawn later). */
export function useRowParts(classId: number, data: Eligibility | undefined, powers: { canManage: boolean; canIssue: boolean }, h: RowHandlers) {
  const t = useCertT();
  const { canManage, canIssue } = powers;
  return {
    name: (r: EligibilityRow) => (
      <span className="person-name">
        {r.name}
        {r.nameBo && (
          <span lang="bo" className="name-bo">
            {r.nameBo}
          </span>
        )}
      </span>
    ),
    hours: (r: EligibilityRow) => (
      <span>
        {r.attendedHours}/{r.totalHours}
        {r.attendanceShare !== null && <Typography.Text type="secondary"> ({pct(r.attendanceShare)}%)</Typography.Text>}
      </span>
    ),
    result: (r: EligibilityRow) => (
      <Space orientation="vertical" size={2}>
        {r.enrolmentStatus === 'withdrawn' ? (
          <Tag>{t('result.withdrawn')}</Tag>
        ) : (
          <Tag color={r.eligible ? 'green' : 'red'}>{r.eligible ? t('result.eligible') : t('result.not_eligible')}</Tag>
        )}
        {r.exception && (
          <Tooltip title={t('exception.by', { who: r.exception.decidedBy ?? '', at: r.exception.decidedAt.slice(0, 10) })}>
            <Tag color="gold">{r.exception.decision === 'eligible' ? t('exception.tag_eligible') : t('exception.tag_not_eligible')}</Tag>
          </Tooltip>
        )}
      </Space>
    ),
    reasons: (r: EligibilityRow) =>
      r.reasons.length ? (
        <ul className="reason-list">
          {r.reasons.map((x) => (
            <li key={x.code}>{x.message}</li>
          ))}
        </ul>
      ) : null,
    certificate: (r: EligibilityRow) =>
      r.certificate ? (
        <Space orientation="vertical" size={2}>
          <span>
            <Typography.Text code>{r.certificate.serial}</Typography.Text>{' '}
            <Tag color={r.certificate.status === 'valid' ? 'green' : 'default'}>{t(`cert.${r.certificate.status}`)}</Tag>
          </span>
          <Typography.Text type="secondary">{t('cert.hours', { hours: r.certificate.hours, classHours: r.certificate.classHours })}</Typography.Text>
          {r.certificate.review && <ReviewFlag review={r.certificate.review} timeZone={data?.timeZone ?? 'Asia/Shanghai'} />}
          <Space size={8}>
            <a href={files.pdf(classId, r.certificate.id)}>{t('cert.pdf')}</a>
            <a href={files.credential(classId, r.certificate.id)}>{t('cert.credential')}</a>
          </Space>
        </Space>
      ) : (
        t('cert.none')
      ),
    actions: (r: EligibilityRow) => (
      <Space wrap size={4}>
        {canManage && r.enrolmentStatus !== 'withdrawn' && (
          <Button size="small" onClick={() => h.onException(r)}>
            {t('exception.set')}
          </Button>
        )}
        {canManage && r.exception && (
          <Button size="small" onClick={() => h.onClearException(r)}>
            {t('exception.clear')}
          </Button>
        )}
        {canIssue && data?.canIssue && r.certificate?.status === 'revoked' && r.eligible && (
          <Button size="small" onClick={() => h.onIssueAgain(r)}>
            {t('cert.issue_again')}
          </Button>
        )}
        {canIssue && r.certificate?.review && (
          <Button size="small" type="primary" ghost onClick={() => h.onCertificate('keep', r)}>
            {t('review.keep')}
          </Button>
        )}
        {canIssue && r.certificate?.status === 'valid' && (
          <>
            <Button size="small" danger onClick={() => h.onCertificate('revoke', r)}>
              {t('cert.revoke')}
            </Button>
            <Button size="small" onClick={() => h.onCertificate('reissue', r)}>
              {t('cert.reissue')}
            </Button>
          </>
        )}
      </Space>
    ),
  };
}
