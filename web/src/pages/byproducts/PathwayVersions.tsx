import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bi, bpApi, type KbVersion, type Pathway } from './api';
import { UserText } from '../../components/UserText';

export interface PathwayChange {
  key: string;
  pathway: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
  field: string;
  before: string;
  after: string;
}

/** Leaf values of a JSON value by dotted path (arrays of scalars kept whole, so a list reads as one value). */
function leaves(value: unknown, prefix = '', out: Map<string, string> = new Map()): Map<string, string> {
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) out.set(prefix, value.join(', '));
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${prefix}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  else out.set(prefix, String(value));
  return out;
}

/** What changed from one version of the knowledge base to another: pathways added, removed, and each changed field. */
export function diffKnowledgeBases(from: readonly Pathway[], to: readonly Pathway[], en: boolean): PathwayChange[] {
  const before = new Map(from.map((p) => [p.id, p]));
  const after = new Map(to.map((p) => [p.id, p]));
  const out: PathwayChange[] = [];
  for (const p of to) {
    const old = before.get(p.id);
    if (!old) {
      out.push({ key: `${p.id}+`, pathway: p.id, name: bi(p.name, en), change: 'added', field: '', before: '', after: '' });
      continue;
    }
    const a = leaves(old);
    const b = leaves(p);
    for (const field of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(field) !== b.get(field)) out.push({ key: `${p.id}:${field}`, pathway: p.id, name: bi(p.name, en), change: 'changed', field, before: a.get(field) ?? '—', after: b.get(field) ?? '—' });
    }
  }
  for (const p of from) if (!after.has(p.id)) out.push({ key: `${p.id}-`, pathway: p.id, name: bi(p.name, en), change: 'removed', field: '', before: '', after: '' });
  return out;
}

const CHANGE_COLOR = { added: 'green', removed: 'red', changed: 'blue' } as const;

/** The versions of the knowledge base (who, when, note) and the difference between two of them. */
export function PathwayVersions() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const versions = useQuery({ queryKey: ['byproducts', 'pathways', 'versions'], queryFn: () => bpApi.kbVersions() });
  const items = useMemo(() => versions.data?.items ?? [], [versions.data]);
  const [from, setFrom] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();
  // Default: the latest change (the version before the newest → the newest).
  useEffect(() => {
    if (items.length >= 2) {
      setTo(items[0]!.version);
      setFrom(items[1]!.version);
    }
  }, [items]);
  const a = useQuery({ queryKey: ['byproducts', 'pathways', 'at', from], queryFn: () => bpApi.pathways(from), enabled: !!from });
  const b = useQuery({ queryKey: ['byproducts', 'pathways', 'at', to], queryFn: () => bpApi.pathways(to), enabled: !!to });
  const changes = useMemo(() => (a.data && b.data ? diffKnowledgeBases(a.data.items, b.data.items, en) : []), [a.data, b.data, en]);
  // A version without an author is the one shipped with herbloop.
  const noteOf = (v: KbVersion) => v.note ?? (v.createdBy === null ? t('byproducts.versions.shipped') : null);
  const options = items.map((v) => ({ value: v.version, label: `${v.version}${noteOf(v) ? ` · ${noteOf(v)}` : ''}` }));

  return (
    <Card size="small" title={t('byproducts.versions.title')} data-testid="kb-versions">
      <Table<KbVersion>
        size="small"
        rowKey="revision"
        data-testid="versions-table"
        dataSource={items}
        loading={versions.isLoading}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        columns={[
          { title: t('byproducts.versions.version'), dataIndex: 'version' },
          { title: t('byproducts.versions.when'), dataIndex: 'createdAt', render: (v: string) => new Date(v).toLocaleString(en ? 'en-GB' : 'zh-CN') },
          { title: t('byproducts.versions.who'), dataIndex: 'createdBy', render: (v: string | null) => (v === null ? t('byproducts.versions.platform') : <UserText>{v}</UserText>) },
          { title: t('byproducts.versions.note'), key: 'note', render: (_, v) => (v.note ? <UserText>{v.note}</UserText> : (noteOf(v) ?? '—')) },
          { title: t('byproducts.versions.pathways'), dataIndex: 'pathways', align: 'right' },
        ]}
      />
      <Space wrap style={{ margin: '12px 0' }}>
        <Typography.Text>{t('byproducts.versions.compare')}</Typography.Text>
        <Select style={{ width: 240 }} value={from} onChange={setFrom} options={options} data-testid="diff-from" />
        <Typography.Text>→</Typography.Text>
        <Select style={{ width: 240 }} value={to} onChange={setTo} options={options} data-testid="diff-to" />
        <Typography.Text type="secondary">{t('byproducts.versions.changes', { count: changes.length })}</Typography.Text>
      </Space>
      {items.length < 2 ? (
        <Empty description={t('byproducts.versions.onlyOne')} />
      ) : (
        <Table<PathwayChange>
          size="small"
          rowKey="key"
          data-testid="diff-table"
          dataSource={changes}
          loading={a.isLoading || b.isLoading}
          pagination={{ pageSize: 15, hideOnSinglePage: true }}
          columns={[
            { title: t('byproducts.advisor.pathway'), key: 'p', render: (_, c) => <span title={c.pathway}>{c.name}</span> },
            { title: t('byproducts.versions.change'), dataIndex: 'change', render: (c: PathwayChange['change']) => <Tag color={CHANGE_COLOR[c]}>{t(`byproducts.versions.${c}`)}</Tag> },
            { title: t('byproducts.versions.field'), dataIndex: 'field', render: (v: string) => <code>{v}</code> },
            { title: t('byproducts.versions.before'), dataIndex: 'before', render: (v: string) => <Typography.Text delete={!!v} type="danger">{v}</Typography.Text> },
            { title: t('byproducts.versions.after'), dataIndex: 'after', render: (v: string) => <Typography.Text type="success">{v}</Typography.Text> },
          ]}
        />
      )}
    </Card>
  );
}
