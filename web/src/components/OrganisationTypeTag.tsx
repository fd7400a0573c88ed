import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrganisationType } from '../api/types';

/** One colour per organisation type, so lists can be scanned by kind of actor. */
const colours: Record<OrganisationType, string> = {
  manufacturer: 'green',
  utilizer: 'cyan',
  transporter: 'blue',
  'service-provider': 'geekblue',
  'park-admin': 'purple',
  regulator: 'red',
  'supply-monitor': 'orange',
  'statistics-office': 'gold',
  'platform-admin': 'default',
};

export function OrganisationTypeTag({ type }: { type: OrganisationType }) {
  const { t } = useTranslation();
  return <Tag color={colours[type]}>{t(`orgType.${type}`)}</Tag>;
}
