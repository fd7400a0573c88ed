import { FilePdfOutlined, WifiOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Grid, Layout, List, Result, Space, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useSession } from '../../session/session';
import { bulletinsApi, publicPaths } from './api';
import { BulletinDocument, BulletinLevelTag, BulletinStatusTag } from './BulletinDocument';
import { UserText } from '../../components/UserText';

/**
 * The public frame: no login needed; links to the feeds, and to the login or the app. On a phone
 * the header wraps onto a second line (its height follows its content) rather than running under
 * the page, and the strap line gives way to the links.
 */
function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const phone = Grid.useBreakpoint().md === false;
  return (
    <Layout style={{ minHeight: '100vh', background: '#f6fbf7' }}>
      <Layout.Header
        data-testid="public-header"
        style={{
          background: '#fff',
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          columnGap: phone ? 12 : 16,
          height: 'auto',
          minHeight: 64,
          lineHeight: phone ? '40px' : '64px',
          padding: phone ? '4px 12px' : '0 24px',
          borderBottom: '1px solid #e8f3ec',
        }}
      >
        <Link to="/public/bulletins">
          <Typography.Title level={4} style={{ margin: 0, color: '#2f7d4f' }}>
            herbloop
          </Typography.Title>
        </Link>
        {!phone && <Typography.Text type="secondary">{t('bulletins.public.header')}</Typography.Text>}
        <div style={{ flex: 1 }} />
        <a href={publicPaths.atom} data-testid="atom-link">
          <WifiOutlined /> Atom
        </a>
        <a href={publicPaths.rss}>RSS</a>
        <LanguageSwitch compact={phone} />
        {me ? <Link to="/">{t('bulletins.public.toApp')}</Link> : <Link to="/login">{t('bulletins.public.login')}</Link>}
      </Layout.Header>
      <Layout.Content style={{ padding: phone ? 12 : 24, maxWidth: 1000, width: '100%', margin: '0 auto' }}>{children}</Layout.Content>
    </Layout>
  );
}

function PublicList() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const list = useQuery({ queryKey: ['public-bulletins'], queryFn: bulletinsApi.publicList });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ marginBottom: 0 }}>
        {t('bulletins.public.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('bulletins.public.intro')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={list.error instanceof ApiError ? list.error.message : t('errors.generic')} />}
      <Card>
        <List
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('bulletins.public.empty') }}
          data-testid="public-bulletin-list"
          renderItem={(b) => (
            <List.Item
              actions={[
                <a key="pdf" href={publicPaths.pdf(b.number ?? b.id)}>
                  <FilePdfOutlined /> PDF
                </a>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Typography.Text type="secondary">{b.number}</Typography.Text>
                    <Link to={publicPaths.page(b.number ?? b.id)}>
                      <UserText>{b.title}</UserText>
                    </Link>
                    <BulletinLevelTag level={b.level} />
                    {b.status === 'withdrawn' && <BulletinStatusTag status={b.status} />}
                  </Space>
                }
                description={
                  <>
                    <UserText>{b.products.map((p) => (en ? p.nameEn || p.nameZh : p.nameZh)).join(en ? ', ' : '、')}</UserText> · <UserText>{b.publisher ?? ''}</UserText> ·{' '}
                    {b.publishedAt ? new Date(b.publishedAt).toLocaleDateString(en ? 'en' : 'zh-CN') : ''}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}

function PublicBulletin() {
  const { t } = useTranslation();
  const { ref = '' } = useParams();
  const b = useQuery({ queryKey: ['public-bulletins', ref], queryFn: () => bulletinsApi.publicGet(ref) });
  if (b.isPending) return <Spin />;
  if (b.error) return <Result status="404" title="404" subTitle={t('bulletins.public.notFound')} extra={<Link to="/public/bulletins">{t('bulletins.public.back')}</Link>} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        <Link to="/public/bulletins">← {t('bulletins.public.back')}</Link>
        <Button type="primary" icon={<FilePdfOutlined />} href={publicPaths.pdf(b.data.number ?? b.data.id)} data-testid="pdf-link">
          {t('bulletins.public.pdf')}
        </Button>
      </Space>
      <Card>
        <BulletinDocument bulletin={b.data} />
      </Card>
    </Space>
  );
}

/** `/public/bulletins` and `/public/bulletins/:ref` (id or number), outside the login guard. */
export default function PublicBulletinRoutes() {
  return (
    <PublicFrame>
      <Routes>
        <Route index element={<PublicList />} />
        <Route path=":ref" element={<PublicBulletin />} />
      </Routes>
    </PublicFrame>
  );
}
