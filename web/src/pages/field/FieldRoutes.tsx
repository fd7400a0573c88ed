import { CloudOutlined, DisconnectOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Space, Tag, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate, useSearchParams } from 'react-router-dom';
import { call } from '../../api/call';
import { ApiError } from '../../api/client';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useSession } from '../../session/session';
import { listManifests } from '../../../../src/modules/manifests/manifests.contract';
import { redeemDriverCode } from '../../../../src/modules/manifests/manifests.field.contract';
import FieldManifestPage from './FieldManifestPage';
import { RegisterPhone, useOnline } from './parts';
import { prepareOffline } from './offline';
import { generateDeviceKey, publicKeyBase64 } from './statement';
import { fieldStore } from './store';
import { syncQueue } from './sync';

/** The phone frame of the field pages: no side menu, the connection state always in sight. */
function FieldFrame({ children, ready }: { children: ReactNode; ready: boolean }) {
  const { t } = useTranslation();
  const online = useOnline();
  return (
    <div style={{ minHeight: '100vh', background: '#f6fbf7' }}>
      <header style={{ background: '#fff', display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, lineHeight: '40px', padding: '4px 12px', borderBottom: '1px solid #e8f3ec' }}>
        <Link to="/field">
          <Typography.Title level={4} style={{ margin: 0, color: '#2f7d4f' }}>
            {t('manifests.onSite.title')}
          </Typography.Title>
        </Link>
        <div style={{ flex: 1 }} />
        <Tag data-testid="field-connection" color={online ? 'green' : 'orange'} icon={online ? <CloudOutlined /> : <DisconnectOutlined />}>
          {online ? t('manifests.onSite.online') : t('manifests.onSite.offline')}
        </Tag>
        {ready && <Tag data-testid="field-offline-ready">{t('manifests.onSite.offlineReady')}</Tag>}
        <LanguageSwitch compact />
      </header>
      <main style={{ padding: 12, maxWidth: 720, margin: '0 auto' }}>{children}</main>
    </div>
  );
}

function FieldHome() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const navigate = useNavigate();
  // A driver's code issued on the manifest page comes as a QR code of /field?code=…
  const [search] = useSearchParams();
  const { me } = useSession();
  const userId = me?.user?.id ?? null;
  const [hasKey, setHasKey] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (userId) void fieldStore.key(`person:${userId}`).then((k) => setHasKey(k !== undefined));
  }, [userId]);
  const manifests = useQuery({ queryKey: ['field', 'manifests'], queryFn: () => call(listManifests, { query: { limit: 100 } }), enabled: userId !== null });
  const open = (manifests.data?.items ?? []).filter((m) => m.status === 'sealed' || m.status === 'in-transit' || m.status === 'delivered');

  const redeem = async ({ code }: { code: string }) => {
    setBusy(true);
    try {
      const keys = await generateDeviceKey();
      const r = await call(redeemDriverCode, { body: { code, publicKey: await publicKeyBase64(keys.publicKey), label: navigator.userAgent.slice(0, 100) } });
      await fieldStore.putKey({ slot: `code:${r.manifestId}`, id: r.device.id, privateKey: keys.privateKey, grant: r.grant, userId: null, manifestId: r.manifestId, plate: r.plate, driverName: r.driverName });
      void navigate(`/field/m/${r.manifestId}`);
    } catch (error) {
      const code = error instanceof ApiError ? ((error.problem.errors?.[0] as { code?: string } | undefined)?.code ?? error.code) : 'generic';
      const key = `manifests.onSite.msg.${code.replace(/^manifests\./, '')}`;
      void message.error(i18n.exists(key) ? t(key) : t('manifests.onSite.msg.redeemFailed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {me && (
        <Card title={t('manifests.onSite.mine')} size="small">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('manifests.onSite.signingAs', { name: me.user?.displayName ?? '', organisation: en ? me.actingAs.organisationNameEn : me.actingAs.organisationNameZh })}</Typography.Text>
            {hasKey === false && userId && <RegisterPhone userId={userId} onDone={() => setHasKey(true)} />}
            {hasKey && <Tag color="green" data-testid="field-registered">{t('manifests.onSite.registered')}</Tag>}
            <List
              size="small"
              loading={manifests.isPending}
              dataSource={open}
              locale={{ emptyText: t('manifests.onSite.noManifests') }}
              renderItem={(m) => (
                <List.Item>
                  <Link to={`/field/m/${m.id}`} data-testid="field-manifest-link">
                    {m.number}
                  </Link>
                  <span>{t(`manifests.onSite.status.${m.status}`)}</span>
                </List.Item>
              )}
            />
          </Space>
        </Card>
      )}
      <Card title={t('manifests.onSite.codeTitle')} size="small">
        <Typography.Paragraph type="secondary">{t('manifests.onSite.codeHint')}</Typography.Paragraph>
        <Form layout="vertical" initialValues={{ code: search.get('code') ?? '' }} onFinish={(v: { code: string }) => void redeem(v)}>
          <Form.Item name="code" label={t('manifests.onSite.code')} rules={[{ required: true, message: t('manifests.onSite.code') }]}>
            <Input autoComplete="one-time-code" inputMode="text" data-testid="field-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="field-code-submit">
            {t('manifests.onSite.codeSubmit')}
          </Button>
        </Form>
      </Card>
      {!me && (
        <Typography.Text type="secondary">
          {t('manifests.onSite.haveAccount')} <Link to="/login" state={{ from: '/field' }}>{t('manifests.onSite.login')}</Link>
        </Typography.Text>
      )}
    </Space>
  );
}

/** The field signing pages (/field, issue 13): public, so a driver with a code needs no account. */
export default function FieldRoutes() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    void prepareOffline().then(setReady);
    const sync = () => void syncQueue().catch(() => undefined);
    window.addEventListener('online', sync);
    if (navigator.onLine) sync();
    return () => window.removeEventListener('online', sync);
  }, []);
  return (
    <FieldFrame ready={ready}>
      <Routes>
        <Route index element={<FieldHome />} />
        <Route path="m/:id" element={<FieldManifestPage />} />
      </Routes>
    </FieldFrame>
  );
}
