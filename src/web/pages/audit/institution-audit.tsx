import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Select, Space, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useT } from '../../i18n';
import { setupApi, setupKeys } from '../class-setup/api';
import { useAuditT } from './messages';
import { AuditTrail } from './trail';
import './audit.css';

/** The institution's whole audit trail, for the administrator (/institutions/:institutionId/audit). */
export default function InstitutionAuditPage() {
  const t = useT();
  const at = useAuditT();
  const navigate = useNavigate();
  const institutionId = Number(useParams().institutionId);
  const institutions = useQuery({ queryKey: setupKeys.institutions, queryFn: setupApi.institutions });
  if (institutions.isPending) return <Loading />;
  if (institutions.error) return <ErrorState error={institutions.error} onRetry={() => institutions.refetch()} />;
  const current = institutions.data.find((i) => i.id === institutionId);
  return (
    <div className="page">
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: at('audit.title') }]} />
      <div className="toolbar">
        <Typography.Title level={3} className="page-title" style={{ margin: 0 }}>
          {at('audit.institution_title', { name: current?.name ?? '' })}
        </Typography.Title>
        {institutions.data.length > 1 && (
          <Space>
            <Select
              aria-label={at('audit.institution')}
              value={institutionId}
              onChange={(id) => navigate(`/institutions/${id}/audit`)}
              options={institutions.data.map((i) => ({ value: i.id, label: i.name }))}
              style={{ minWidth: 220 }}
            />
          </Space>
        )}
      </div>
      <Typography.Paragraph type="secondary">{at('audit.institution_intro')}</Typography.Paragraph>
      <AuditTrail
        key={institutionId}
        queryKey={setupKeys.institutionAudit(institutionId)}
        load={(q) => setupApi.institutionAudit(institutionId, q)}
        timeZone="Asia/Shanghai"
        showClass
      />
    </div>
  );
}
