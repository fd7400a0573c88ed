import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Space, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { organisationsApi } from '../../api/endpoints';
import { OrganisationPicker } from '../../components/OrganisationPicker';
import { useLocalName } from '../../i18n/labels';
import { useSession } from '../../session/session';
import { MembersPanel } from './MembersPanel';
import { ProfilePanel } from './ProfilePanel';
import { SitesPanel } from './SitesPanel';
import { TokensPanel } from './TokensPanel';
import { UserText } from '../../components/UserText';

const tabs = ['profile', 'sites', 'members', 'tokens'] as const;
type Tab = (typeof tabs)[number];

export default function OrgAdminPage() {
  const { t } = useTranslation();
  const localName = useLocalName();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  if (!me) return null;

  const isPlatformAdmin = me.actingAs.organisationType === 'platform-admin';
  // Platform admins administer any organisation (?org=…); everyone else only the one they act for.
  const organisationId = (isPlatformAdmin && params.get('org')) || me.actingAs.organisationId;
  const tab: Tab = tabs.find((k) => k === params.get('tab')) ?? 'profile';
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <OrgAdminContent
      organisationId={organisationId}
      tab={tab}
      onTab={(key) => setParam('tab', key)}
      header={
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('nav.orgAdmin')}
          </Typography.Title>
          {isPlatformAdmin && <OrganisationPicker value={organisationId} onChange={(id) => setParam('org', id)} testId="org-admin-picker" />}
        </Space>
      }
      canCreateTokens={organisationId === me.actingAs.organisationId && me.capabilities.manageTokens}
      localName={localName}
    />
  );
}

interface ContentProps {
  organisationId: string;
  tab: Tab;
  onTab: (tab: Tab) => void;
  header: ReactNode;
  canCreateTokens: boolean;
  localName: (named: { nameZh: string; nameEn: string }) => string;
}

function OrgAdminContent({ organisationId, tab, onTab, header, canCreateTokens, localName }: ContentProps) {
  const { t } = useTranslation();
  const organisation = useQuery({ queryKey: ['organisations', organisationId], queryFn: () => organisationsApi.get(organisationId) });
  const org = organisation.data;

  return (
    <>
      {header}
      {organisation.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} style={{ margin: '16px 0' }} />}
      <Card style={{ marginTop: 16 }} loading={organisation.isPending} title={org ? <><UserText>{localName(org)}</UserText> · <UserText lang="zxx">{org.code}</UserText></> : ' '}>
        {org && (
          <Tabs
            activeKey={tab}
            onChange={(key) => onTab(tabs.find((k) => k === key) ?? 'profile')}
            items={[
              { key: 'profile', label: t('org.profile'), children: <ProfilePanel organisation={org} /> },
              { key: 'sites', label: t('site.title'), children: <SitesPanel organisationId={org.id} /> },
              { key: 'members', label: t('member.title'), children: <MembersPanel organisationId={org.id} /> },
              { key: 'tokens', label: t('token.title'), children: <TokensPanel organisationId={org.id} canCreate={canCreateTokens} /> },
            ]}
          />
        )}
      </Card>
    </>
  );
}
