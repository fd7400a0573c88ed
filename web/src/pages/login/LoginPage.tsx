import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { limits } from '../../../../src/shared/limits';
import { ApiError } from '../../api/client';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useSession, useSessionActions } from '../../session/session';

interface LoginForm {
  username: string;
  password: string;
}

function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && from !== '/login' ? from : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { login } = useSessionActions();
  const navigate = useNavigate();
  const location = useLocation();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me) return <Navigate to={returnPath(location.state)} replace />;

  const submit = async (values: LoginForm) => {
    setBusy(true);
    setFailure(null);
    try {
      await login(values.username, values.password);
      void navigate(returnPath(location.state), { replace: true });
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'generic';
      setFailure(t(`errors.${code}`, { defaultValue: error instanceof ApiError ? error.message : t('errors.generic') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: 'linear-gradient(135deg, #e8f5e9 0%, #f6fbf7 60%, #fff 100%)' }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 0, color: '#2f7d4f' }}>
          herbloop
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.tagline')}</Typography.Paragraph>
        <Form<LoginForm> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('validation.required') }, { max: limits.username.max }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('validation.required') }, { max: limits.password.max }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {failure && <Alert data-testid="login-error" type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Alert style={{ marginTop: 16 }} type="info" title={<Trans i18nKey="login.demoHint" values={{ password: 'herbloop-demo', admin: 'admin', firm: 'huatuo' }} components={{ code: <Typography.Text code lang="zxx" /> }} />} />
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
          <Link to="/public/bulletins" data-testid="public-bulletins-link">{t('bulletins.public.fromLogin')}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
