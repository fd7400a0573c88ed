import { useQuery } from '@tanstack/react-query';
import { Alert, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { UserText } from '../../components/UserText';
import { type ContractSummary, exApi, t1, yuan } from './api';

export default function ContractsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const contracts = useQuery({ queryKey: ['exchange', 'contracts'], queryFn: () => exApi.contracts() });
  const name = (o: { nameZh: string; nameEn: string }) => (en ? o.nameEn : o.nameZh);
  const columns: ColumnsType<ContractSummary> = [
    { title: t('exchange.contract.number'), key: 'n', render: (_, c) => <Link to={`/exchange/contract?id=${c.id}`}>
          <UserText>{c.number}</UserText>
        </Link> },
    { title: t('exchange.contract.kind'), key: 'k', render: (_, c) => <Tag>{t(`exchange.contract.kinds.${c.kind}`)}</Tag> },
    { title: t('exchange.contract.parties'), key: 'p', render: (_, c) => (c.seller ? `${name(c.seller)} → ${name(c.buyer)}` : `${c.parties.map((p) => name(p.organisation)).join('、')} → ${name(c.buyer)}`) },
    { title: t('exchange.contract.tonnes'), key: 't', align: 'right', render: (_, c) => `${t1(c.tonnes)} t` },
    { title: t('exchange.contract.price'), key: 'pr', align: 'right', responsive: ['sm'], render: (_, c) => (c.pricePerTonne === null ? t('exchange.contract.schedule') : `${yuan(c.pricePerTonne)}/t`) },
    { title: t('exchange.contract.window'), key: 'w', responsive: ['md'], render: (_, c) => `${c.startsOn} ~ ${c.endsOn}` },
    { title: t('exchange.contract.delivered'), key: 'd', responsive: ['sm'], render: (_, c) => `${t1(c.totals.deliveredTonnes)} t (${c.totals.delivered}/${c.totals.deliveries})` },
    { title: t('exchange.contract.status'), key: 's', render: (_, c) => <Tag color={c.status === 'active' ? 'blue' : c.status === 'completed' ? 'green' : 'default'}>{t(`exchange.contract.statuses.${c.status}`)}</Tag> },
  ];
  const loops = contracts.data?.loops;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('exchange.nav.contracts')}
      </Typography.Title>
      {contracts.error && <Alert type="error" showIcon message={t('errors.generic')} />}
      {loops && loops.contracts > 0 && <Alert type="success" showIcon message={t('exchange.contract.loops', { contracts: loops.contracts, parties: loops.parties, tonnes: t1(loops.deliveredTonnes) })} />}
      <Table<ContractSummary> data-testid="contract-table" rowKey="id" size="small" loading={contracts.isLoading} columns={columns} dataSource={contracts.data?.items ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} />
    </Space>
  );
}
