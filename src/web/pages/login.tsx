import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { LoginBody } from '../../contracts';
import { ApiError, setCsrfToken } from '../api/client';
import { endpoints } from '../api/endpoints';
import { keys, useMe } from '../api/queries';
import { Loading } from '../components/loading';
import { LocaleSwitch } from '../components/locale-switch';
import { useT } from '../i18n';
import { fieldsIn, useProblem } from '../lib/problems';
import { useContractCheck, useZodRule } from '../lib/validation';

type Values = { username: string; password: string };

export default function LoginPage() {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { data: me, isPending } = useMe();
  const problem = useProblem();
  const check = useContractCheck();
  const rule = useZodRule();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const next = params.get('next');
  const target = next?.startsWith('/') && !next.startsWith('//') ? next : '/';
  if (isPending) return <Loading />;
  if (me) return <Navigate to={target} replace />;

  const submit = async (values: Values) => {
    setRefusal(null);
    const body = check(LoginBody, values, form);
    if (!body.ok) return;
    setBusy(true);
    try {
      const user = await endpoints.login(body.data);
      setCsrfToken(user.csrfToken);
      qc.setQueryData(keys.me, user);
      navigate(target, { replace: true });
    } catch (e) {
      // Wrong password and lock-outs are said above the form, where the eye already is.
      if (e instanceof ApiError && (e.status === 401 || e.status === 429 || e.status === 403) && !e.problem.errors?.length) setRefusal(e.problem.title);
      else problem(e, form, fieldsIn('username', 'password'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-locale">
        <LocaleSwitch />
      </div>
      <Card className="login-card">
        <div className="login-brand">
          <span className="app-brand-mark">C</span>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              Cohort
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.tagline')}</Typography.Text>
          </div>
        </div>
        {refusal && <Alert type="error" showIcon title={refusal} className="login-alert" role="alert" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item name="username" label={t('login.username')} rules={[rule(LoginBody.shape.username)]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[rule(LoginBody.shape.password)]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
