import { PlusOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Grid, List, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { param, useUrlState } from '../../components/useUrlState';
import { UserText } from '../../components/UserText';
import { useSession } from '../../session/session';
import { LedgersCard } from './LedgersCard';
import { manifestRoles, manifestsApi, type ManifestSummary, manifestStatuses, qty, STATUS_COLOR } from './api';

const schema = {
  status: param.optionalOneOf(manifestStatuses),
  role: param.optionalOneOf(manifestRoles),
  from: param.optional(),
  to: param.optional(),
  code: param.optional(),
  discrepancy: param.optionalOneOf(['yes', 'no'] as const),
};

const isDay = (v: string | undefined) => (v !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(v) && dayjs(v).isValid() ? v : undefined);

/** The viewer's role on a manifest, as its own organisation (regulators and admins: none). */
function rolesOf(m: ManifestSummary, organisationId: string): (typeof manifestRoles)[number][] {
  const roles: (typeof manifestRoles)[number][] = [];
  if (m.generator.id === organisationId) roles.push('generator');
  if (m.transporters.some((t) => t.id === organisationId)) roles.push('transporter');
  if (m.receiver.id === organisationId) roles.push('receiver');
  return roles;
}

/**
 * The manifests the viewer's organisation is a party to (regulators: their region's; platform
 * admins: all), filtered in the URL; a table on desktops, cards on phones.
 */
export default function ManifestsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { me } = useSession();
  const phone = Grid.useBreakpoint().md === false;
  const [filters, setFilters] = useUrlState(schema);
  const from = isDay(filters.from);
  const to = isDay(filters.to);
  const party = me?.actingAs.organisationType !== 'regulator' && me?.actingAs.organisationType !== 'platform-admin';
  const query = {
    limit: 200,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.role && party ? { role: filters.role } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(filters.code ? { wasteCode: filters.code } : {}),
    ...(filters.discrepancy ? { discrepancy: filters.discrepancy === 'yes' ? ('true' as const) : ('false' as const) } : {}),
  };
  const list = useQuery({ queryKey: ['manifests', 'list', query], queryFn: () => manifestsApi.list(query) });
  const codes = useQuery({ queryKey: ['manifests', 'codes'], queryFn: () => manifestsApi.codes(), staleTime: 300_000 });
  const name = (o: { nameZh: string; nameEn: string }) => <UserText>{en ? o.nameEn : o.nameZh}</UserText>;
  const own = me?.actingAs.organisationId ?? '';
  const status = (m: ManifestSummary) => <Tag color={STATUS_COLOR[m.status]}>{t(`manifests.status.${m.status}`)}</Tag>;
  const flagged = (m: ManifestSummary) =>
    m.discrepancies > 0 ? (
      <Tag color="red" icon={<ExclamationCircleOutlined />} data-testid="list-discrepancy">
        {t('manifests.list.discrepancies', { count: m.discrepancies })}
      </Tag>
    ) : null;
  const link = (m: ManifestSummary) => (
    <Link to={`/manifests/${m.id}`} data-testid="manifest-link">
      <UserText>{m.number}</UserText>
    </Link>
  );
  const columns: ColumnsType<ManifestSummary> = [
    { title: t('manifests.field.number'), key: 'n', render: (_, m) => link(m) },
    { title: t('manifests.field.status'), key: 's', render: (_, m) => status(m) },
    ...(party ? [{ title: t('manifests.list.myRole'), key: 'r', render: (_: unknown, m: ManifestSummary) => rolesOf(m, own).map((r) => <Tag key={r}>{t(`manifests.role.${r}`)}</Tag>) }] : []),
    { title: t('manifests.role.generator'), key: 'g', render: (_, m) => name(m.generator) },
    { title: t('manifests.role.transporter'), key: 't', responsive: ['lg'], render: (_, m) => m.transporters.map((x, i) => <div key={`${x.id}-${i}`}>{i + 1}. {name(x)}</div>) },
    { title: t('manifests.role.receiver'), key: 'v', render: (_, m) => name(m.receiver) },
    { title: t('manifests.field.tonnes'), key: 'q', align: 'right', render: (_, m) => `${qty(m.tonnes)} t` },
    { title: t('manifests.field.discrepancy'), key: 'd', render: (_, m) => flagged(m) },
    { title: t('manifests.field.created'), key: 'c', responsive: ['md'], render: (_, m) => dayjs(m.createdAt).format('YYYY-MM-DD HH:mm') },
  ];
  const items = list.data?.items ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('manifests.nav.list')}
        </Typography.Title>
        {me?.capabilities.createManifests && (
          <Link to="/manifests/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="manifest-new">
              {t('manifests.create.open')}
            </Button>
          </Link>
        )}
      </Space>
      <Space wrap data-testid="manifest-filters">
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('manifests.field.status')}
          value={filters.status}
          onChange={(v) => setFilters({ status: v })}
          options={manifestStatuses.map((s) => ({ value: s, label: t(`manifests.status.${s}`) }))}
          data-testid="filter-status"
        />
        {party && (
          <Select
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('manifests.list.myRole')}
            value={filters.role}
            onChange={(v) => setFilters({ role: v })}
            options={manifestRoles.map((r) => ({ value: r, label: t(`manifests.role.${r}`) }))}
            data-testid="filter-role"
          />
        )}
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
          onChange={(range) => setFilters({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
          placeholder={[t('manifests.list.from'), t('manifests.list.to')]}
          style={{ maxWidth: '100%' }}
        />
        <Select
          allowClear
          showSearch
          style={{ minWidth: 160 }}
          placeholder={t('manifests.field.wasteCode')}
          value={filters.code}
          onChange={(v) => setFilters({ code: v })}
          optionFilterProp="label"
          options={(codes.data?.items ?? []).filter((c) => c.active).map((c) => ({ value: c.code, label: `${c.code} ${en ? c.nameEn : c.nameZh}` }))}
          data-testid="filter-code"
        />
        <Select
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('manifests.field.discrepancy')}
          value={filters.discrepancy}
          onChange={(v) => setFilters({ discrepancy: v })}
          options={[
            { value: 'yes', label: t('manifests.list.withDiscrepancy') },
            { value: 'no', label: t('manifests.list.withoutDiscrepancy') },
          ]}
          data-testid="filter-discrepancy"
        />
      </Space>
      <LedgersCard />
      {list.error && <Alert type="error" showIcon message={t('errors.generic')} />}
      {phone ? (
        <List
          data-testid="manifest-cards"
          loading={list.isLoading}
          dataSource={items}
          locale={{ emptyText: <Empty description={t('manifests.list.empty')} /> }}
          renderItem={(m) => (
            <List.Item style={{ padding: '4px 0' }}>
              <Card size="small" style={{ width: '100%' }} title={link(m)} extra={status(m)}>
                <div>
                  {name(m.generator)} → {name(m.receiver)}
                </div>
                <Space wrap size={4} style={{ marginTop: 4 }}>
                  <span>{qty(m.tonnes)} t</span>
                  <span>· {dayjs(m.createdAt).format('YYYY-MM-DD')}</span>
                  {party && rolesOf(m, own).map((r) => <Tag key={r}>{t(`manifests.role.${r}`)}</Tag>)}
                  {flagged(m)}
                </Space>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <Table<ManifestSummary>
          data-testid="manifest-table"
          rowKey="id"
          size="small"
          loading={list.isLoading}
          columns={columns}
          dataSource={items}
          locale={{ emptyText: <Empty description={t('manifests.list.empty')} /> }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
        />
      )}
    </Space>
  );
}
