import { ApartmentOutlined, BankOutlined, EnvironmentOutlined, HomeOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dashboardApi } from '../../api/endpoints';
import { useSession } from '../../session/session';
import { InvitationsNotice } from './InvitationsNotice';
import { OrganisationsByTypeChart } from './OrganisationsByTypeChart';

interface Figure {
  key: string;
  label: string;
  value: number | undefined;
  icon: ReactNode;
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const summary = useQuery({ queryKey: ['dashboard', 'summary'], queryFn: dashboardApi.summary });
  const data = summary.data;

  const figures: Figure[] = [
    { key: 'organisations', label: t('dashboard.organisations'), value: data?.organisations, icon: <BankOutlined /> },
    { key: 'sites', label: t('dashboard.sites'), value: data?.sites, icon: <EnvironmentOutlined /> },
    { key: 'users', label: t('dashboard.users'), value: data?.users, icon: <UserOutlined /> },
    { key: 'parks', label: t('dashboard.parks'), value: data?.parks, icon: <ApartmentOutlined /> },
    { key: 'my-sites', label: t('dashboard.mySites'), value: data?.myOrganisation.sites, icon: <HomeOutlined /> },
    { key: 'my-members', label: t('dashboard.myMembers'), value: data?.myOrganisation.members, icon: <TeamOutlined /> },
  ];

  return (
    <>
      <Typography.Title level={3}>{t('dashboard.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('dashboard.welcome', { name: me?.user?.displayName ?? '' })}</Typography.Paragraph>
      <InvitationsNotice />
      {summary.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col key={f.key} xs={12} md={8} xl={4}>
            <Card data-testid={`stat-${f.key}`} loading={summary.isPending}>
              <Statistic title={f.label} value={f.value ?? '–'} prefix={f.icon} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('dashboard.byType')} style={{ marginTop: 16 }} loading={summary.isPending}>
        {data && <OrganisationsByTypeChart counts={data.organisationsByType} />}
      </Card>
    </>
  );
}
