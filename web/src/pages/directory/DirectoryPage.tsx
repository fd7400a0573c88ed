import { useQuery } from '@tanstack/react-query';
import { Card, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { organisationTypes } from '../../../../src/shared/limits';
import { type OrganisationFilter, organisationsApi } from '../../api/endpoints';
import { useRegionName } from '../../api/regions';
import type { Organisation, OrganisationType } from '../../api/types';
import { OrganisationTypeTag } from '../../components/OrganisationTypeTag';
import { param, useUrlState } from '../../components/useUrlState';
import { useLocalName } from '../../i18n/labels';
import { UserText } from '../../components/UserText';

const PAGE_SIZE = 20;
const urlSchema = { type: param.optionalOneOf(organisationTypes), q: param.text(), page: param.int(1, { min: 1 }) };

export default function DirectoryPage() {
  const { t } = useTranslation();
  const localName = useLocalName();
  const regionName = useRegionName();
  const [{ type, q, page }, setUrl] = useUrlState(urlSchema);

  const filter: OrganisationFilter = { type, q: q || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const list = useQuery({ queryKey: ['organisations', 'directory', filter], queryFn: () => organisationsApi.list(filter), placeholderData: (previous) => previous });

  const columns: ColumnsType<Organisation> = [
    { title: t('org.code'), dataIndex: 'code', width: 170, render: (code: string) => <UserText lang="zxx">{code}</UserText> },
    { title: t('org.name'), key: 'name', render: (_, o) => <UserText>{localName(o)}</UserText> },
    { title: t('org.type'), dataIndex: 'type', width: 170, render: (value: OrganisationType) => <OrganisationTypeTag type={value} /> },
    { title: t('org.region'), dataIndex: 'regionCode', width: 190, render: (code: string) => regionName(code) },
    { title: t('org.contactPhone'), dataIndex: 'contactPhone', width: 150, render: (phone?: string | null) => phone ?? '—' },
  ];

  return (
    <>
      <Typography.Title level={3}>{t('directory.title')}</Typography.Title>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select<OrganisationType>
            allowClear
            placeholder={t('directory.allTypes')}
            style={{ width: 220 }}
            value={type}
            onChange={(value) => setUrl({ type: value, page: 1 })}
            options={organisationTypes.map((value) => ({ value, label: t(`orgType.${value}`) }))}
            data-testid="directory-type"
          />
          <Input.Search
            allowClear
            placeholder={t('directory.search')}
            style={{ width: 280 }}
            // Keyed by the URL's text, so back and forward show the search of that view.
            key={q}
            defaultValue={q}
            onSearch={(value) => setUrl({ q: value.trim(), page: 1 })}
            data-testid="directory-search"
          />
          <Typography.Text type="secondary">{t('directory.total', { count: list.data?.total ?? 0 })}</Typography.Text>
        </Space>
        <Table<Organisation>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: (p) => setUrl({ page: p }), showSizeChanger: false }}
        />
      </Card>
    </>
  );
}
