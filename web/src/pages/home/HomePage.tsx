import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Typography } from 'antd';
import { Trans, useTranslation } from 'react-i18next';
import { homeApi } from '../../api/endpoints';
import { languageOf } from '../../components/UserText';
import { useLocalName } from '../../i18n/labels';
import { useSession } from '../../session/session';
import { SectionCard } from './HomeSections';
import { InvitationsNotice } from './InvitationsNotice';

/**
 * The home page (issue 11): what needs the viewer today. The server chooses the sections for the
 * organisation's type (GET /api/v1/home); each is a card of figures linking to its list.
 */
export default function HomePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const localName = useLocalName();
  const home = useQuery({ queryKey: ['home'], queryFn: homeApi.get });
  const view = home.data;
  const person = me?.user?.displayName ?? '';
  return (
    <div data-testid="home-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('home.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" data-testid="home-context">
        {view ? (
          <Trans i18nKey="home.context" values={{ name: person, organisation: localName(view.organisation), region: localName(view.region), date: view.today }} components={{ person: <span lang={languageOf(person)} /> }} />
        ) : (
          <Trans i18nKey="home.welcome" values={{ name: person }} components={{ person: <span lang={languageOf(person)} /> }} />
        )}
      </Typography.Paragraph>
      <InvitationsNotice />
      {home.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} style={{ marginBottom: 16 }} />}
      {home.isPending && <Card loading />}
      <Row gutter={[16, 16]}>
        {view?.sections.map((section) => (
          <Col key={section.kind} xs={24} lg={12} xxl={8}>
            <SectionCard section={section} />
          </Col>
        ))}
      </Row>
    </div>
  );
}
