import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { param, useUrlState, useUrlText } from '../../components/useUrlState';
import { type FormulaSummary, supplyApi } from './api';
import { LevelRuleNote, LevelTag, parseLevel, pct, yuan } from './levels';
import { Sparkline } from './Sparkline';
import { UserText } from '../../components/UserText';

const severityRank: Record<string, number> = { blue: 1, yellow: 2, orange: 3, red: 4 };
const rank = (level: string) => severityRank[parseLevel(level).severity ?? ''] ?? 0;
const urlSchema = { q: param.text(), level: param.oneOf(['all', 'signal'] as const, 'all') };

export default function ProductListPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const formulas = useQuery({ queryKey: ['supply', 'formulas'], queryFn: supplyApi.formulas });
  const [{ q: search, level: levelFilter }, setUrl] = useUrlState(urlSchema);
  const [searchText, setSearchText] = useUrlText(search, (q) => setUrl({ q }, { replace: true }));

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (formulas.data?.items ?? [])
      .filter((f) => !q || f.nameZh.includes(q) || f.nameEn.toLowerCase().includes(q) || f.code.toLowerCase().includes(q))
      .filter((f) => levelFilter === 'all' || f.level !== 'normal');
  }, [formulas.data, search, levelFilter]);
  const counts = useMemo(() => {
    const c: Record<string, number> = { blue: 0, yellow: 0, orange: 0, red: 0 };
    for (const f of formulas.data?.items ?? []) {
      const s = parseLevel(f.level).severity;
      if (s) c[s] = (c[s] ?? 0) + 1;
    }
    return c;
  }, [formulas.data]);

  const columns: ColumnsType<FormulaSummary> = [
    {
      title: t('supply.products.name'),
      key: 'name',
      render: (_, f) => (
        <Space direction="vertical" size={0}>
          <Link to={`/supply/product?formula=${encodeURIComponent(f.code)}`}><UserText>{en ? f.nameEn || f.nameZh : f.nameZh}</UserText></Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <UserText lang="zxx">{f.code}</UserText> · <UserText>{en ? f.nameZh : f.nameEn}</UserText>
          </Typography.Text>
        </Space>
      ),
      sorter: (a, b) => a.nameZh.localeCompare(b.nameZh, 'zh-CN'),
    },
    { title: t('supply.products.dosageForm'), dataIndex: 'dosageForm', render: (v: string) => t(`supply.dosageForm.${v}`, { defaultValue: v }) },
    { title: t('supply.products.cost'), dataIndex: 'cost', align: 'right', render: (v: number | null) => yuan(v) },
    { title: t('supply.products.priceCap'), dataIndex: 'priceCap', align: 'right', render: (v: number | null) => yuan(v) },
    {
      title: t('supply.products.ratio'),
      dataIndex: 'ratio',
      align: 'right',
      render: (v: number | null) => <strong>{pct(v)}</strong>,
      sorter: (a, b) => (a.ratio ?? 0) - (b.ratio ?? 0),
    },
    { title: t('supply.products.band'), dataIndex: 'band', render: (b: [number, number]) => `${pct(b[0], 0)} – ${pct(b[1], 0)}` },
    {
      title: t('supply.products.level'),
      dataIndex: 'level',
      render: (v: string, f) => (
        <>
          <LevelTag level={v} />
          <LevelRuleNote rule={f.levelRule} ratio={f.ratio} level={v} />
        </>
      ),
      sorter: (a, b) => rank(a.level) - rank(b.level),
      defaultSortOrder: 'descend',
    },
    { title: t('supply.products.trend'), key: 'trend', render: (_, f) => <Sparkline values={f.trend} band={f.band} level={f.level} /> },
    {
      title: t('supply.products.flags'),
      key: 'flags',
      render: (_, f) => (
        <Space size={2}>
          {f.essential && <Tag>{t('supply.products.essential')}</Tag>}
          {f.generated && <Tag color="default">{t('supply.products.generated')}</Tag>}
          {f.ownerOrganisationId && <Tag color="purple">{t('supply.products.own')}</Tag>}
        </Space>
      ),
    },
  ];

  const asOf = formulas.data?.items.find((f) => f.date)?.date;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('supply.nav.products')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('supply.products.intro', { date: asOf ?? '—' })}
      </Typography.Paragraph>
      {formulas.error && <Alert type="error" showIcon message={String(formulas.error.message)} />}
      <Card size="small">
        <Space wrap>
          <Input.Search allowClear placeholder={t('supply.products.search')} value={searchText} onChange={(e) => setSearchText(e.target.value)} style={{ width: 240 }} />
          <Select
            value={levelFilter}
            onChange={(v) => setUrl({ level: v })}
            style={{ width: 180 }}
            options={[
              { value: 'all', label: t('supply.products.all') },
              { value: 'signal', label: t('supply.products.signalsOnly') },
            ]}
          />
          {(['red', 'orange', 'yellow', 'blue'] as const).map((s) => (
            <Tag key={s} color={{ blue: 'blue', yellow: 'gold', orange: 'orange', red: 'red' }[s]} data-testid={`count-${s}`}>
              {t(`supply.severity.${s}`)}: {counts[s]}
            </Tag>
          ))}
        </Space>
      </Card>
      <Table<FormulaSummary>
        data-testid="formula-table"
        rowKey="code"
        size="small"
        loading={formulas.isLoading}
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
    </Space>
  );
}
