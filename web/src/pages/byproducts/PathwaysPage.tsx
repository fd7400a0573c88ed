import { useQuery } from '@tanstack/react-query';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bi, bpApi, herbName, labelOf, MODE_COLORS, num, type Pathway } from './api';
import { useSession } from '../../session/session';
import { PathwayEditor } from './PathwayEditor';
import { PathwayVersions } from './PathwayVersions';
import { useTaxonomy } from './useTaxonomy';
import { param, useUrlState, useUrlText } from '../../components/useUrlState';
import { Citation } from '../../components/Citation';

const range = (r: { min: number; max: number } | number | undefined) => (r === undefined ? '—' : typeof r === 'number' ? num(r, 0) : `${num(r.min, 0)} – ${num(r.max, 0)}`);

const urlSchema = { mode: param.optional(), process: param.optional(), utiliser: param.optional(), q: param.text() };

export default function PathwaysPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const tx = useTaxonomy().data;
  const kb = useQuery({ queryKey: ['byproducts', 'pathways'], queryFn: () => bpApi.pathways() });
  const [{ mode, process, utiliser, q: search }, setUrl] = useUrlState(urlSchema);
  const [searchText, setSearchText] = useUrlText(search, (q) => setUrl({ q }, { replace: true }));
  const { me } = useSession();
  // The knowledge base is edited by platform administrators (byproductsPolicy.editPathways).
  const isEditor = me?.actingAs.organisationType === 'platform-admin';
  const [editing, setEditing] = useState<Pathway | 'new' | null>(null);
  const opts = (entries: { id: string; zh: string; en: string }[] | undefined) => (entries ?? []).map((e) => ({ value: e.id, label: en ? e.en : e.zh }));

  const conditionValue = (key: string, value: unknown): string => {
    const lists: Record<string, { id: string; zh: string; en: string }[] | undefined> = {
      classes: tx?.classes,
      parts: tx?.parts,
      residues: tx?.residues,
      states: tx?.states,
      stages: tx?.stages,
      noContamination: tx?.contamination,
    };
    if (Array.isArray(value)) {
      if (key === 'minAssays') {
        return (value as { assay: string; min: number }[])
          .map((a) => {
            const unit = a.assay === 'cod' ? 'mg/L' : ['crudeFibre', 'crudeProtein', 'crudeFat', 'polysaccharides', 'ash'].includes(a.assay) ? '%' : 'mg/g';
            return `${t(`byproducts.assay.${a.assay}`, { defaultValue: a.assay })} ≥ ${a.min} ${unit}`;
          })
          .join('，');
      }
      if (key === 'herbs') return value.map((h) => herbName(String(h), en) ?? String(h)).join(en ? ', ' : '、');
      return value.map((x) => labelOf(lists[key], String(x), en)).join('、');
    }
    if (key === 'maxMoisture') return `≤ ${String(value)} %`;
    if (key === 'minTonnesPerYear') return `≥ ${String(value)} t/a`;
    if (typeof value === 'object' && value !== null) return Object.entries(value).map(([a, b]) => `${t(`byproducts.assay.${a}`, { defaultValue: a })} ≥ ${String(b)}`).join('，');
    return String(value);
  };

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (kb.data?.items ?? []).filter(
      (p) => (!mode || p.mode === mode) && (!process || p.process === process) && (!utiliser || p.utiliser === utiliser) && (!q || p.name.zh.includes(q) || p.name.en.toLowerCase().includes(q) || p.id.includes(q)),
    );
  }, [kb.data, mode, process, utiliser, search]);

  const columns: ColumnsType<Pathway> = [
    { title: t('byproducts.advisor.pathway'), key: 'name', render: (_, p) => <span data-pathway={p.id}>{bi(p.name, en)}</span>, sorter: (a, b) => a.name.zh.localeCompare(b.name.zh, 'zh-CN') },
    { title: t('byproducts.advisor.mode'), dataIndex: 'mode', render: (m: string) => <Tag color={MODE_COLORS[m]}>{labelOf(tx?.modes, m, en)}</Tag> },
    { title: t('byproducts.pathways.process'), dataIndex: 'process', render: (v: string) => labelOf(tx?.processes, v, en) },
    { title: t('byproducts.advisor.product'), dataIndex: 'product', render: (v: { zh: string; en: string }) => bi(v, en), width: 260 },
    { title: t('byproducts.pathways.utiliser'), dataIndex: 'utiliser', render: (v: string) => labelOf(tx?.utilisers, v, en) },
    { title: t('byproducts.pathways.trl'), dataIndex: 'trl', align: 'right', sorter: (a, b) => a.trl - b.trl },
    { title: t('byproducts.pathways.value'), key: 'value', align: 'right', render: (_, p) => range(p.productValuePerTonne) },
    { title: t('byproducts.pathways.source'), key: 'source', render: (_, p) => <Tag>{t(`byproducts.sourceKind.${p.source.kind}`, { defaultValue: p.source.kind })}</Tag> },
    ...(isEditor
      ? [{ title: '', key: 'edit', render: (_: unknown, p: Pathway) => <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} aria-label={t('byproducts.editor.editShort')} data-testid={`edit-${p.id}`} /> }]
      : []),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('byproducts.nav.pathways')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {kb.data ? t('byproducts.pathways.intro', { version: kb.data.version, updated: kb.data.updated, count: kb.data.items.length }) : ''}
      </Typography.Paragraph>
      {kb.error && <Alert type="error" showIcon message={String(kb.error.message)} />}
      <Space wrap>
        <Input.Search allowClear placeholder={t('byproducts.pathways.search')} value={searchText} onChange={(e) => setSearchText(e.target.value)} style={{ width: 220 }} />
        <Select allowClear placeholder={t('byproducts.advisor.mode')} style={{ width: 180 }} value={mode} onChange={(v) => setUrl({ mode: v })} options={opts(tx?.modes)} data-testid="filter-mode" />
        <Select allowClear placeholder={t('byproducts.pathways.process')} style={{ width: 200 }} value={process} onChange={(v) => setUrl({ process: v })} options={opts(tx?.processes)} />
        <Select allowClear placeholder={t('byproducts.pathways.utiliser')} style={{ width: 200 }} value={utiliser} onChange={(v) => setUrl({ utiliser: v })} options={opts(tx?.utilisers)} />
        <Typography.Text type="secondary">{t('byproducts.pathways.count', { count: rows.length })}</Typography.Text>
        {isEditor && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-pathway">
            {t('byproducts.editor.add')}
          </Button>
        )}
      </Space>
      <Table<Pathway>
        data-testid="pathway-table"
        rowKey="id"
        size="small"
        loading={kb.isLoading}
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 25, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (p) => (
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
              <Descriptions.Item label={t('byproducts.pathways.description')} span="filled">
                {bi(p.description, en) || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('byproducts.pathways.yield')}>
                {p.yield.value} t/t ({p.yield.basis}){p.yield.note ? ` · ${p.yield.note}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('byproducts.pathways.emissions')}>{p.emissionsAvoided.value} t CO2e/t</Descriptions.Item>
              <Descriptions.Item label={t('byproducts.pathways.capex')}>{range(p.capexPerTonne)}</Descriptions.Item>
              <Descriptions.Item label={t('byproducts.pathways.opex')}>{range(p.opexPerTonne)}</Descriptions.Item>
              <Descriptions.Item label={t('byproducts.pathways.conditions')} span="filled">
                <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="pathway-conditions">
                  {Object.entries(p.conditions).map(([k, v]) => (
                    <li key={k}>
                      {t(`byproducts.condition.${k}`, { defaultValue: k })}: {conditionValue(k, v)}
                    </li>
                  ))}
                </ul>
              </Descriptions.Item>
              {(p.figures ?? []).map((f, i) => (
                <Descriptions.Item key={i} label={bi(f.label, en)} span="filled">
                  {f.value}
                </Descriptions.Item>
              ))}
              <Descriptions.Item label={t('byproducts.pathways.source')} span="filled">
                {t(`byproducts.sourceKind.${p.source.kind}`, { defaultValue: p.source.kind })} · <Citation source={p.source.ref} />
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
      />
      <PathwayVersions />
      <PathwayEditor pathway={editing} open={editing !== null} onClose={() => setEditing(null)} taxonomy={tx} />
    </Space>
  );
}
