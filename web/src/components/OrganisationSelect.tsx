import { SwapOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useApiErrorHandler } from '../api/errors';
import type { Me } from '../api/types';
import { useLocalName } from '../i18n/labels';
import { useSessionActions } from '../session/session';

/** The picker of OrganisationSwitcher for users of several organisations, loaded after the first paint. */
export default function OrganisationSelect({ me }: { me: Me }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const { switchOrganisation } = useSessionActions();
  const handleError = useApiErrorHandler();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const { actingAs, memberships } = me;

  const change = async (organisationId: string) => {
    setBusy(true);
    try {
      await switchOrganisation(organisationId);
      // The page just shown may not exist for the new organisation's type or role.
      void navigate('/');
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Select
      aria-label={t('header.switchOrg')}
      prefix={<SwapOutlined />}
      loading={busy}
      value={actingAs.organisationId}
      onChange={(id: string) => void change(id)}
      options={memberships.map((m) => ({ value: m.organisationId, label: localName({ nameZh: m.organisationNameZh, nameEn: m.organisationNameEn }) }))}
      style={{ minWidth: 240 }}
      popupMatchSelectWidth={false}
    />
  );
}
