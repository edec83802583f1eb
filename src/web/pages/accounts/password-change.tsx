import { Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useMe } from '../../api/queries';
import { Loading } from '../../components/loading';
import { CardPage } from './card-page';
import { useAcT } from './messages';
import { ChangePasswordForm } from './own-account';

/**
 * The screen a one-time password leads to: nothing else opens until the password is changed (the
 * server refuses every other route meanwhile).
 */
export default function PasswordChangePage() {
  const t = useAcT();
  const { data: me, isPending } = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const target = next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/account/password') ? next : '/';
  if (isPending) return <Loading />;
  if (!me) return <Navigate to="/login" replace />;
  if (!me.mustChangePassword) return <Navigate to={target} replace />;
  return (
    <CardPage title={t('ac.force.title')}>
      <Typography.Paragraph>{t('ac.force.intro', { name: me.displayName })}</Typography.Paragraph>
      <ChangePasswordForm autoFocus submitLabel={t('ac.me.change')} onChanged={() => navigate(target, { replace: true })} />
    </CardPage>
  );
}
