import { Typography } from 'antd';
import type { ClassDetailT } from '../../api/endpoints';
import type { ClassPowers } from '../class/powers';
import { setupApi, setupKeys } from '../class-setup/api';
import { useAuditT } from './messages';
import { AuditTrail } from './trail';
import './audit.css';

/** The class workspace's audit tab (organizer and class teacher: audit.read), times in the class's zone. */
export default function ClassAuditTab({ cls }: { cls: ClassDetailT; powers: ClassPowers }) {
  const at = useAuditT();
  return (
    <div>
      <Typography.Paragraph type="secondary">{at('audit.intro')}</Typography.Paragraph>
      <AuditTrail queryKey={setupKeys.classAudit(cls.id)} load={(q) => setupApi.classAudit(cls.id, q)} timeZone={cls.timeZone} />
    </div>
  );
}
