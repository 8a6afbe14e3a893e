import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Segmented, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, errorMessage } from '../../api';
import { type Language, useI18n } from '../../i18n';
import { homeFor } from '../../lib/navigation';
import { keys } from '../../lib/queries';
import { session, useSession } from '../../lib/session';
import type { LoginResponse } from '../../lib/types';

interface Credentials {
  email: string;
  password: string;
  remember: boolean;
}

/** Sign-in: POST /api/auth/login → bearer token; the user comes with it (GET /api/auth/me later). */
export function LoginPage() {
  const { t, language, setLanguage } = useI18n();
  const { token, notice } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const from = (location.state as { from?: string } | null)?.from;

  const login = useMutation({
    mutationFn: (values: Credentials) =>
      api<LoginResponse>('/api/auth/login', {
        method: 'POST',
        body: { email: values.email.trim(), password: values.password },
      }),
    onSuccess: (result, values) => {
      queryClient.setQueryData(keys.me, result.user);
      session.signIn(result.accessToken, values.remember);
      navigate(from && from !== '/login' ? from : homeFor(result.user.role), { replace: true });
    },
  });

  if (token && !login.isPending) return <Navigate to={from ?? '/'} replace />;

  return (
    <div
      style={{
        minHeight: '100%',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: 'linear-gradient(180deg, #f0f5ff 0%, #f5f5f5 60%)',
      }}
    >
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <Segmented<Language>
          size="small"
          aria-label={t('lang.label')}
          value={language}
          onChange={setLanguage}
          options={[
            { value: 'zh-CN', label: t('lang.zh') },
            { value: 'en', label: t('lang.en') },
          ]}
        />
      </div>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.intro')}</Typography.Paragraph>
        {notice === 'expired' && !login.isError && (
          <Alert type="warning" showIcon title={t('auth.expired')} style={{ marginBottom: 16 }} />
        )}
        {login.isError && (
          <Alert type="error" showIcon title={errorMessage(login.error)} style={{ marginBottom: 16 }} />
        )}
        <Form<Credentials>
          layout="vertical"
          requiredMark={false}
          initialValues={{ email: '', password: '', remember: false }}
          onFinish={(values) => login.mutate(values)}
          disabled={login.isPending}
        >
          <Form.Item
            name="email"
            label={t('auth.email')}
            rules={[
              { required: true, message: t('auth.emailRequired') },
              { type: 'email', message: t('auth.emailInvalid') },
            ]}
          >
            <Input prefix={<MailOutlined />} autoComplete="username" inputMode="email" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="remember" valuePropName="checked">
            <Checkbox>{t('auth.remember')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t('auth.signIn')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

export { LoginPage as Component };
