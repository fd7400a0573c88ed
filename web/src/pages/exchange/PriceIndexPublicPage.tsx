import { Layout, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useSession } from '../../session/session';
import PriceIndexPage from './PriceIndexPage';

/** The price index outside the app's frame: anyone may read it, no login. */
export default function PriceIndexPublicPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f6fbf7' }}>
      <Layout.Header style={{ background: '#fff', display: 'flex', alignItems: 'center', gap: 12, borderBottom: '1px solid #e8f3ec', paddingInline: 16 }}>
        <Typography.Title level={4} style={{ margin: 0, color: '#2f7d4f' }}>
          herbloop
        </Typography.Title>
        <div style={{ flex: 1 }} />
        <LanguageSwitch />
        {me ? <Link to="/">{t('exchangeAuction.index.toApp')}</Link> : <Link to="/login">{t('exchangeAuction.index.login')}</Link>}
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 1100, width: '100%', margin: '0 auto' }}>
        <PriceIndexPage />
      </Layout.Content>
    </Layout>
  );
}
