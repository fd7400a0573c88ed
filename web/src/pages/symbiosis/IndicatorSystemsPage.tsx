import { useQuery } from '@tanstack/react-query';
import { EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../components/UserText';
import { param, useUrlState } from '../../components/useUrlState';
import { useSession } from '../../session/session';
import { type IndicatorDefinition, type IndicatorSystem, symApi } from './api';
import { IndicatorSystemEditor } from './IndicatorSystemEditor';

const schema = { system: param.optional() };

const thresholdText = (d: IndicatorDefinition) => (d.threshold === null ? '—' : `${d.direction === 'higher' ? '≥' : '≤'} ${d.threshold}`);

/** The verified mark of an indicator: recalled ones are flagged until checked against the published text. */
export function VerifiedTag({ verified }: { verified: boolean }) {
  const { t } = useTranslation();
  return verified ? (
    <Tag color="green">{t('symbiosis.admin.verified')}</Tag>
  ) : (
    <Tooltip title={t('symbiosis.eval.unverifiedHint')}>
      <Tag color="orange">{t('symbiosis.eval.unverified')}</Tag>
    </Tooltip>
  );
}

/**
 * Indicator systems as data (issue 14): HJ 274 for parks, the NDRC indicators for regions and
 * herbloop's own, each a versioned edition with its source; recalled indicators or thresholds are
 * marked unverified. Everyone who sees the symbiosis pages reads them; human platform admins
 * publish a new version (the server's `editIndicatorSystems` policy decides, the button follows it).
 */
export default function IndicatorSystemsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { me } = useSession();
  const mayEdit = me?.capabilities.editIndicatorSystems === true;
  const [url, setUrl] = useUrlState(schema);
  const systems = useQuery({ queryKey: ['symbiosis', 'systems'], queryFn: () => symApi.systems() });
  const system = systems.data?.items.find((s) => s.code === url.system) ?? systems.data?.items[0];
  const versions = useQuery({ queryKey: ['symbiosis', 'systems', system?.code, 'versions'], queryFn: () => symApi.systemVersions(system!.code), enabled: system !== undefined });
  const [editing, setEditing] = useState<IndicatorSystem | null>(null);
  const name = (x: { nameZh: string; nameEn: string }) => (en ? x.nameEn : x.nameZh);

  if (systems.isError) return <Alert type="error" showIcon message={t('symbiosis.loadFailed')} />;
  const unverified = system?.indicators.filter((d) => !d.verified).length ?? 0;

  const columns: ColumnsType<IndicatorDefinition> = [
    { key: 'name', title: t('symbiosis.eval.indicator'), render: (_, d) => <UserText>{name(d)}</UserText> },
    { key: 'category', title: t('symbiosis.admin.category'), render: (_, d) => t(`symbiosis.admin.categories.${d.category}`, { defaultValue: t('symbiosis.admin.otherCategory') }) },
    { key: 'unit', title: t('symbiosis.eval.unit'), render: (_, d) => <UserText>{d.unit}</UserText> },
    { key: 'threshold', title: t('symbiosis.eval.threshold'), align: 'right', render: (_, d) => thresholdText(d) },
    {
      key: 'computedFrom',
      title: t('symbiosis.admin.valueFrom'),
      render: (_, d) => (d.computedFrom === null ? <Tag>{t('symbiosis.admin.enteredByOffice')}</Tag> : <Tag color="blue">{t(`symbiosis.admin.figure.${d.computedFrom}`)}</Tag>),
    },
    { key: 'verified', title: t('symbiosis.admin.checked'), render: (_, d) => <VerifiedTag verified={d.verified} /> },
  ];
  const versionColumns: ColumnsType<IndicatorSystem> = [
    { key: 'version', title: t('symbiosis.admin.version'), render: (_, v) => t('symbiosis.admin.versionN', { n: v.version }) },
    { key: 'edition', title: t('symbiosis.admin.edition'), render: (_, v) => <UserText>{v.edition}</UserText> },
    { key: 'createdAt', title: t('symbiosis.admin.published'), render: (_, v) => new Date(v.createdAt).toLocaleDateString(en ? 'en' : 'zh-CN') },
    { key: 'count', title: t('symbiosis.admin.indicatorCount'), align: 'right', render: (_, v) => v.indicators.length },
    { key: 'unverified', title: t('symbiosis.eval.unverified'), align: 'right', render: (_, v) => v.indicators.filter((d) => !d.verified).length },
    { key: 'note', title: t('symbiosis.admin.note'), render: (_, v) => <UserText>{v.note}</UserText> },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {t('symbiosis.admin.systemsTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('symbiosis.admin.systemsLead')}
        </Typography.Paragraph>
      </div>
      <Space wrap>
        <Select
          aria-label={t('symbiosis.eval.system')}
          style={{ width: 280, maxWidth: '100%' }}
          value={system?.code}
          loading={systems.isLoading}
          onChange={(code: string) => setUrl({ system: code })}
          options={(systems.data?.items ?? []).map((s) => ({ value: s.code, label: name(s) }))}
          data-testid="indicator-system-select"
        />
        {mayEdit && system && (
          <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(system)} data-testid="indicator-system-edit">
            {t('symbiosis.admin.newVersion')}
          </Button>
        )}
      </Space>
      {system && (
        <Card size="small" title={<UserText>{name(system)}</UserText>} extra={<Tag>{t('symbiosis.admin.versionN', { n: system.version })}</Tag>} data-testid="indicator-system">
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('symbiosis.admin.scope')}>{t(`symbiosis.admin.scopes.${system.scope}`)}</Descriptions.Item>
            <Descriptions.Item label={t('symbiosis.admin.edition')}>
              <span data-testid="indicator-system-edition">
                <UserText>{system.edition}</UserText>
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('symbiosis.admin.published')}>{new Date(system.createdAt).toLocaleDateString(en ? 'en' : 'zh-CN')}</Descriptions.Item>
            {system.note && (
              <Descriptions.Item label={t('symbiosis.admin.note')}>
                <UserText>{system.note}</UserText>
              </Descriptions.Item>
            )}
          </Descriptions>
          {unverified > 0 && <Alert style={{ marginBottom: 12 }} type="warning" showIcon message={t('symbiosis.admin.unverifiedCount', { count: unverified, total: system.indicators.length })} data-testid="indicator-system-unverified" />}
          <Table<IndicatorDefinition> size="small" rowKey="code" columns={columns} dataSource={system.indicators} pagination={false} scroll={{ x: 'max-content' }} data-testid="indicator-system-indicators" />
        </Card>
      )}
      {system && (
        <Card size="small" title={t('symbiosis.admin.versions')} data-testid="indicator-system-versions">
          <Table<IndicatorSystem> size="small" rowKey="version" columns={versionColumns} dataSource={versions.data?.items ?? []} loading={versions.isLoading} pagination={false} scroll={{ x: 'max-content' }} />
        </Card>
      )}
      {editing && <IndicatorSystemEditor system={editing} onClose={() => setEditing(null)} />}
    </Space>
  );
}
