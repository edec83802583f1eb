import { PlusOutlined } from '@ant-design/icons';
import { Button, Segmented, Space, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useMe } from '../../api/queries';
import { useAcT } from './messages';

/** The heading of an admin screen: its title, the switch between the screens, and its one "new" button. */
export function AdminHeading({ title, create, onCreate, disabled }: { title: string; create: string; onCreate: () => void; disabled?: boolean }) {
  return (
    <div className="toolbar admin-heading">
      <Space wrap size={[16, 8]}>
        <Typography.Title level={3} className="page-title">
          {title}
        </Typography.Title>
        <AdminNav />
      </Space>
      <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} disabled={disabled}>
        {create}
      </Button>
    </div>
  );
}

/** The admin area's two screens; an organizer has only the accounts, so sees no switch. */
export function AdminNav() {
  const t = useAcT();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  if (!me?.isAdmin) return null;
  return (
    <Segmented
      className="admin-nav"
      value={pathname.startsWith('/admin/institutions') ? 'institutions' : 'accounts'}
      onChange={(v) => navigate(`/admin/${v}`)}
      options={[
        { label: t('ac.nav.accounts'), value: 'accounts' },
        { label: t('ac.nav.institutions'), value: 'institutions' },
      ]}
    />
  );
}
