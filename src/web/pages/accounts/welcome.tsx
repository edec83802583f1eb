import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Result, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { setCsrfToken } from '../../api/client';
import { keys } from '../../api/queries';
import { Loading } from '../../components/loading';
import { fieldsIn, useProblem } from '../../lib/problems';
import { accountApi } from './api';
import { CardPage } from './card-page';
import { when } from './format';
import { useAcT } from './messages';
import { NewPasswordFields } from './password-fields';
import './accounts.css';

// The page an invitation link opens (/welcome#<token>): the token is in the fragment, which the
// browser never sends to the server, so it appears in no request log; it goes in a request body.
export default function WelcomePage() {
  const t = useAcT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const problem = useProblem();
  const [form] = Form.useForm<{ newPassword: string; newPasswordRepeat: string }>();
  const [token] = useState(() => window.location.hash.replace(/^#/, ''));
  const [busy, setBusy] = useState(false);
  const info = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => accountApi.invitation(token),
    enabled: token.length > 0,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

  if (token && info.isPending) return <Loading />;
  if (!token || info.error || !info.data)
    return (
      <CardPage>
        <Result
          status="warning"
          title={t('ac.welcome.invalid')}
          subTitle={info.error instanceof Error ? info.error.message : undefined}
          extra={
            <Button type="primary" onClick={() => navigate('/login')}>
              {t('ac.welcome.to_login')}
            </Button>
          }
        />
      </CardPage>
    );

  const submit = async (values: { newPassword: string; newPasswordRepeat: string }) => {
    setBusy(true);
    try {
      const me = await accountApi.acceptInvitation({ token, ...values });
      setCsrfToken(me.csrfToken);
      qc.clear();
      qc.setQueryData(keys.me, me);
      window.history.replaceState(null, '', '/welcome');
      navigate('/', { replace: true });
    } catch (e) {
      problem(e, form, fieldsIn('newPassword', 'newPasswordRepeat'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <CardPage title={t('ac.welcome.title')}>
      <Typography.Paragraph>
        {t('ac.welcome.intro', { name: info.data.displayName, username: info.data.username, time: when(info.data.expiresAt) })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <NewPasswordFields account={{ username: info.data.username, displayName: info.data.displayName }} autoFocus />
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('ac.welcome.submit')}
        </Button>
      </Form>
    </CardPage>
  );
}
