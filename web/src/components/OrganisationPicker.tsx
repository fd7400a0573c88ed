import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { limits } from '../../../src/shared/limits';
import { organisationsApi } from '../api/endpoints';
import { useLocalName } from '../i18n/labels';
import { UserText } from './UserText';

interface Props {
  /** Optional so a Form.Item can inject both. */
  value?: string;
  onChange?: (organisationId: string | undefined) => void;
  allowClear?: boolean;
  placeholder?: string;
  testId?: string;
}

/** Any organisation of the directory, searchable by name or code (for platform admins). */
export function OrganisationPicker({ value, onChange, allowClear, placeholder, testId }: Props) {
  const { t } = useTranslation();
  const localName = useLocalName();
  // One page of the maximum size covers the directory for now; a search-as-you-type picker is
  // the next step once deployments hold more organisations than that.
  const list = useQuery({ queryKey: ['organisations', 'picker'], queryFn: () => organisationsApi.list({ limit: limits.pageSize.max }) });
  return (
    <Select<string>
      showSearch={{ optionFilterProp: 'search' }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('org.pick')}
      loading={list.isPending}
      value={value}
      onChange={(id) => onChange?.(id ?? undefined)}
      options={list.data?.items.map((o) => ({ value: o.id, label: <UserText>{`${localName(o)} · ${o.code}`}</UserText>, search: `${o.nameZh} ${o.nameEn} ${o.code}` }))}
      style={{ minWidth: 320 }}
      data-testid={testId}
    />
  );
}
