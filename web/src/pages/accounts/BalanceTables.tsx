import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type FlowKind, type FlowRow, newKey, type ProcessRow, type QuantityFields, type QuantityMode, type RelationRow } from './balanceModel';

const OUTSIDE = '__outside__';
const modes: QuantityMode[] = ['measured', 'fixed', 'unknown'];

function useModeOptions() {
  const { t } = useTranslation();
  return modes.map((m) => ({ value: m, label: t(`accounts.balance.mode.${m}`) }));
}

/**
 * A cell of a read-only model (a regulator reading a firm's model) is text, not a greyed-out
 * disabled input: readable, wrapping instead of cut off. Editors get the control.
 */
function ro(readOnly: boolean, text: ReactNode, control: () => ReactNode): ReactNode {
  if (!readOnly) return control();
  return (
    <Typography.Text style={{ whiteSpace: 'normal', wordBreak: 'break-word' }} data-readonly="true">
      {text === null || text === undefined || text === '' ? '—' : text}
    </Typography.Text>
  );
}

const numText = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toLocaleString(undefined, { maximumFractionDigits: 6 }));

/** value / sd / sd % cells shared by flows, stocks and transfer coefficients; `get` picks the quantity of a row (null: none). */
function quantityColumns<T extends { key: string }>(
  readOnly: boolean,
  get: (row: T) => QuantityFields | null,
  change: (key: string, patch: Partial<QuantityFields>) => void,
  t: (k: string) => string,
  modeOptions: { value: string; label: string }[],
  /** Unit of the values (kg or t; none for transfer coefficients), shown in the titles. */
  unit?: string,
): ColumnsType<T> {
  const withUnit = (title: string) => (unit ? `${title} (${unit})` : title);
  const cell = (render: (q: QuantityFields, key: string) => ReactNode) => (_: unknown, r: T) => {
    const q = get(r);
    return q ? render(q, r.key) : '—';
  };
  return [
    {
      title: t('accounts.balance.kind'),
      key: 'mode',
      width: 126,
      render: cell((q, key) => ro(readOnly, modeOptions.find((o) => o.value === q.mode)?.label, () => <Select size="small" value={q.mode} options={modeOptions} style={{ width: 112 }} onChange={(m: QuantityMode) => change(key, { mode: m })} />)),
    },
    {
      title: withUnit(t('accounts.balance.value')),
      key: 'value',
      width: 120,
      render: cell((q, key) => ro(readOnly, q.mode === 'unknown' ? '—' : numText(q.value), () => <InputNumber size="small" disabled={q.mode === 'unknown'} value={q.mode === 'unknown' ? null : q.value} style={{ width: 108 }} onChange={(value) => change(key, { value })} />)),
    },
    {
      title: withUnit(t('accounts.balance.sd')),
      key: 'sd',
      width: 100,
      render: cell((q, key) => ro(readOnly, q.mode === 'measured' ? numText(q.sd) : '—', () => <InputNumber size="small" min={0} disabled={q.mode !== 'measured'} value={q.mode === 'measured' ? q.sd : null} style={{ width: 88 }} onChange={(sd) => change(key, { sd, sdPct: null })} />)),
    },
    {
      title: t('accounts.balance.sdPct'),
      key: 'sdPct',
      width: 100,
      render: cell((q, key) => ro(readOnly, q.mode === 'measured' ? numText(q.sdPct) : '—', () => <InputNumber size="small" min={0} disabled={q.mode !== 'measured'} value={q.mode === 'measured' ? q.sdPct : null} style={{ width: 88 }} onChange={(sdPct) => change(key, { sdPct, sd: null })} />)),
    },
  ];
}

export function ProcessTable({ rows, readOnly, unit, onChange, onRename }: { rows: ProcessRow[]; readOnly: boolean; unit: string; onChange: (rows: ProcessRow[]) => void; onRename: (from: string, to: string) => void }) {
  const { t } = useTranslation();
  const modeOptions = useModeOptions();
  const patch = (key: string, p: Partial<ProcessRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...p } : r)));
  const stockChange = (key: string, q: Partial<QuantityFields>) => onChange(rows.map((r) => (r.key === key ? { ...r, stock: { ...(r.stock ?? { mode: 'unknown' }), ...q } } : r)));
  const columns: ColumnsType<ProcessRow> = [
    { title: 'ID', dataIndex: 'id', width: 150, render: (id: string, r) => ro(readOnly, id, () => <Input size="small" value={id} onChange={(e) => { onRename(id, e.target.value); patch(r.key, { id: e.target.value }); }} />) },
    { title: t('accounts.balance.name'), dataIndex: 'name', render: (name: string, r) => ro(readOnly, name, () => <Input size="small" value={name} onChange={(e) => patch(r.key, { name: e.target.value })} />) },
    {
      title: t('accounts.balance.stock'),
      key: 'hasStock',
      width: 120,
      render: (_, r) =>
        ro(readOnly, r.stock ? t('accounts.balance.withStock') : t('accounts.balance.noStock'), () => (
          <Select
            size="small"
            value={r.stock ? 'yes' : 'no'}
            style={{ width: 104 }}
            options={[{ value: 'no', label: t('accounts.balance.noStock') }, { value: 'yes', label: t('accounts.balance.withStock') }]}
            onChange={(v) => patch(r.key, { stock: v === 'yes' ? { mode: 'unknown' } : null })}
          />
        )),
    },
    ...quantityColumns<ProcessRow>(readOnly, (r) => r.stock, stockChange, t, modeOptions, unit),
    ...(readOnly ? [] : [{ key: 'del', width: 48, render: (_: unknown, r: ProcessRow) => <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => onChange(rows.filter((x) => x.key !== r.key))} aria-label={t('common.delete')} /> }]),
  ];
  return (
    <>
      <Table<ProcessRow> rowKey="key" size="small" pagination={false} columns={columns} dataSource={rows} scroll={{ x: 900 }} data-testid="process-table" />
      {!readOnly && (
        <Button icon={<PlusOutlined />} size="small" style={{ marginTop: 8 }} onClick={() => onChange([...rows, { key: newKey(), id: `p${rows.length + 1}`, name: '', stock: null, rest: {} }])}>
          {t('accounts.balance.addProcess')}
        </Button>
      )}
    </>
  );
}

export function FlowTable({ rows, processes, readOnly, unit, onChange, highlight }: { rows: FlowRow[]; processes: ProcessRow[]; readOnly: boolean; unit: string; onChange: (rows: FlowRow[]) => void; highlight: Set<string> }) {
  const { t } = useTranslation();
  const modeOptions = useModeOptions();
  const patch = (key: string, p: Partial<FlowRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...p } : r)));
  const ends = [{ value: OUTSIDE, label: t('accounts.balance.outside') }, ...processes.map((p) => ({ value: p.id, label: p.name ? `${p.name} (${p.id})` : p.id }))];
  const end = (field: 'from' | 'to') => (v: string | null, r: FlowRow) =>
    ro(readOnly, ends.find((e) => e.value === (v ?? OUTSIDE))?.label ?? v, () => (
      <Select size="small" value={v ?? OUTSIDE} options={ends} style={{ width: 150 }} popupMatchSelectWidth={false} onChange={(x: string) => patch(r.key, { [field]: x === OUTSIDE ? null : x })} />
    ));
  const columns: ColumnsType<FlowRow> = [
    {
      title: 'ID',
      dataIndex: 'id',
      width: 120,
      render: (id: string, r) =>
        ro(readOnly, highlight.has(id) ? <Typography.Text type="danger">{id}</Typography.Text> : id, () => (
          <Input size="small" value={id} status={highlight.has(id) ? 'error' : undefined} onChange={(e) => patch(r.key, { id: e.target.value })} />
        )),
    },
    { title: t('accounts.balance.name'), dataIndex: 'name', width: 200, render: (name: string, r) => ro(readOnly, name, () => <Input size="small" value={name} onChange={(e) => patch(r.key, { name: e.target.value })} />) },
    { title: t('accounts.balance.from'), dataIndex: 'from', width: 160, render: end('from') },
    { title: t('accounts.balance.to'), dataIndex: 'to', width: 160, render: end('to') },
    {
      title: t('accounts.balance.flowKind'),
      key: 'flowKind',
      width: 120,
      render: (_, r) =>
        ro(readOnly, t(`accounts.balance.flowKinds.${r.rest.kind ?? 'none'}`), () => (
        <Select<FlowKind | 'none'>
          size="small"
          value={r.rest.kind ?? 'none'}
          style={{ width: 110 }}
          popupMatchSelectWidth={false}
          options={(['none', 'product', 'byproduct', 'loss'] as const).map((k) => ({ value: k, label: t(`accounts.balance.flowKinds.${k}`) }))}
          onChange={(k) => {
            const { kind: _old, ...rest } = r.rest;
            patch(r.key, { rest: k === 'none' ? rest : { ...rest, kind: k } });
          }}
          data-testid={`flow-kind-${r.id}`}
        />
        )),
    },
    ...quantityColumns<FlowRow>(readOnly, (r) => r, (key, q) => patch(key, q), t, modeOptions, unit),
    ...(readOnly ? [] : [{ key: 'del', width: 48, render: (_: unknown, r: FlowRow) => <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => onChange(rows.filter((x) => x.key !== r.key))} aria-label={t('common.delete')} /> }]),
  ];
  return (
    <>
      <Table<FlowRow> rowKey="key" size="small" pagination={false} columns={columns} dataSource={rows} scroll={{ x: 1220 }} data-testid="flow-table" />
      {!readOnly && (
        <Button icon={<PlusOutlined />} size="small" style={{ marginTop: 8 }} onClick={() => onChange([...rows, { key: newKey(), id: `f${rows.length + 1}`, name: '', from: null, to: null, mode: 'unknown', rest: {} }])}>
          {t('accounts.balance.addFlow')}
        </Button>
      )}
    </>
  );
}

export function RelationTable({ rows, flows, readOnly, onChange }: { rows: RelationRow[]; flows: FlowRow[]; readOnly: boolean; onChange: (rows: RelationRow[]) => void }) {
  const { t } = useTranslation();
  const modeOptions = useModeOptions();
  const patch = (key: string, p: Partial<RelationRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...p } : r)));
  const flowOptions = flows.map((f) => ({ value: f.id, label: f.name ? `${f.id} · ${f.name}` : f.id }));
  const quantity = quantityColumns<RelationRow>(readOnly, (r) => (r.kind === 'transfer' ? r : null), (key, q) => patch(key, q), t, modeOptions);
  const factorColumn: ColumnsType<RelationRow>[number] = {
    title: t('accounts.balance.factor'),
    key: 'factor',
    width: 110,
    render: (_, r) => (r.kind === 'equal' ? <InputNumber size="small" disabled={readOnly} placeholder="1" value={r.factor} style={{ width: 90 }} onChange={(factor) => patch(r.key, { factor })} /> : '—'),
  };
  const columns: ColumnsType<RelationRow> = [
    { title: 'ID', dataIndex: 'id', width: 120, render: (id: string, r) => <Input size="small" disabled={readOnly} value={id} onChange={(e) => patch(r.key, { id: e.target.value })} /> },
    {
      title: t('accounts.balance.relationKind'),
      dataIndex: 'kind',
      width: 130,
      render: (kind: RelationRow['kind'], r) => (
        <Select size="small" disabled={readOnly} value={kind} style={{ width: 118 }} options={[{ value: 'transfer', label: t('accounts.balance.transfer') }, { value: 'equal', label: t('accounts.balance.equal') }]} onChange={(k: RelationRow['kind']) => patch(r.key, { kind: k })} />
      ),
    },
    {
      title: t('accounts.balance.relationFlows'),
      key: 'flows',
      width: 360,
      render: (_, r) =>
        r.kind === 'transfer' ? (
          <Space size={4} wrap>
            <Select size="small" disabled={readOnly} value={r.flow} options={flowOptions} style={{ width: 120 }} popupMatchSelectWidth={false} onChange={(flow: string) => patch(r.key, { flow })} />
            = TC × Σ
            <Select size="small" mode="multiple" disabled={readOnly} value={r.of} options={flowOptions} style={{ minWidth: 140 }} popupMatchSelectWidth={false} onChange={(of: string[]) => patch(r.key, { of })} />
          </Space>
        ) : (
          <Space size={4}>
            <Select size="small" disabled={readOnly} value={r.a} options={flowOptions} style={{ width: 130 }} popupMatchSelectWidth={false} onChange={(a: string) => patch(r.key, { a })} />
            = {t('accounts.balance.factor')} ×
            <Select size="small" disabled={readOnly} value={r.b} options={flowOptions} style={{ width: 130 }} popupMatchSelectWidth={false} onChange={(b: string) => patch(r.key, { b })} />
          </Space>
        ),
    },
    ...quantity,
    factorColumn,
    { key: 'del', width: 48, render: (_, r) => <Button size="small" type="text" danger disabled={readOnly} icon={<DeleteOutlined />} onClick={() => onChange(rows.filter((x) => x.key !== r.key))} aria-label={t('common.delete')} /> },
  ];
  return (
    <>
      <Table<RelationRow> rowKey="key" size="small" pagination={false} columns={columns} dataSource={rows} scroll={{ x: 1000 }} locale={{ emptyText: t('accounts.balance.noRelations') }} data-testid="relation-table" />
      {!readOnly && (
        <Button icon={<PlusOutlined />} size="small" style={{ marginTop: 8 }} onClick={() => onChange([...rows, { key: newKey(), id: `r${rows.length + 1}`, kind: 'transfer', of: [], mode: 'fixed', value: null }])}>
          {t('accounts.balance.addRelation')}
        </Button>
      )}
      <div style={{ marginTop: 8 }}>
        <Tag>{t('accounts.balance.relationHelp')}</Tag>
      </div>
    </>
  );
}
