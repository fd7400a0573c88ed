import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { aliasKinds, herbCategories } from '../../../../src/shared/supply';
import { useApiErrorHandler } from '../../api/errors';
import { FormModal } from '../../components/FormModal';
import { type AliasBody, type Herb, type HerbBody, type Market, type MarketBody, supplyApi } from './api';
import { param, useUrlState } from '../../components/useUrlState';
import { UserText } from '../../components/UserText';

/**
 * Catalogue administration (supply monitors, platform admins): herbs with their resource facts,
 * aliases with conversion factors, specifications, markets. Every change is audited server-side;
 * duplicates come back as conflicts on the field concerned.
 */
const urlSchema = { tab: param.oneOf(['herbs', 'markets'] as const, 'herbs'), q: param.text(), category: param.optionalOneOf(herbCategories), mq: param.text() };

export default function CatalogPage() {
  const { t } = useTranslation();
  const [{ tab }, setUrl] = useUrlState(urlSchema);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('supply.catalog.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setUrl({ tab: key === 'markets' ? 'markets' : 'herbs' })}
        items={[
          { key: 'herbs', label: t('supply.catalog.herbs'), children: <HerbsTab /> },
          { key: 'markets', label: t('supply.catalog.markets'), children: <MarketsTab /> },
        ]}
      />
    </Space>
  );
}

type HerbForm = Omit<HerbBody, 'producingAreas'> & { producingAreas?: string[] };

function HerbsTab() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [{ q, category }, setUrl] = useUrlState(urlSchema);
  const herbs = useQuery({ queryKey: ['supply', 'catalog', 'herbs', q, category ?? ''], queryFn: () => supplyApi.searchHerbs({ ...(q ? { q } : {}), ...(category ? { category } : {}) }) });
  const [editing, setEditing] = useState<Herb | 'new' | null>(null);
  const [form] = Form.useForm<HerbForm>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['supply'] });
  const categoryOptions = herbCategories.map((c) => ({ value: c, label: t(`supply.category.${c}`) }));

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search data-testid="herb-search" allowClear placeholder={t('supply.catalog.searchHerbs')} style={{ width: 280 }} key={q} defaultValue={q} onSearch={(v) => setUrl({ q: v })} />
        <Select allowClear placeholder={t('supply.herb.category')} style={{ width: 160 }} value={category} onChange={(v) => setUrl({ category: v })} options={categoryOptions} />
        <Button type="primary" data-testid="herb-add" onClick={() => setEditing('new')}>
          {t('supply.catalog.addHerb')}
        </Button>
      </Space>
      <Table<Herb>
        data-testid="catalog-herbs"
        size="small"
        rowKey="code"
        loading={herbs.isLoading}
        dataSource={herbs.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        expandable={{ expandedRowRender: (h) => <HerbDetails herb={h} onChanged={refresh} /> }}
        columns={[
          { title: t('supply.catalog.code'), dataIndex: 'code', render: (v: string) => <UserText lang="zxx">{v}</UserText> },
          { title: t('supply.catalog.nameZh'), dataIndex: 'nameZh', render: (v: string) => <UserText lang="zh-CN">{v}</UserText> },
          { title: t('supply.catalog.pinyin'), dataIndex: 'pinyin', render: (v: string) => <UserText lang="zh-Latn-pinyin">{v}</UserText> },
          { title: t('supply.herb.latin'), dataIndex: 'latinName', render: (v: string | null) => <i>{v ? <UserText lang="la">{v}</UserText> : '—'}</i> },
          { title: t('supply.herb.category'), dataIndex: 'category', render: (v: string) => t(`supply.category.${v}`) },
          { title: t('supply.herb.cultivation'), dataIndex: 'cultivation', render: (v: string) => t(`supply.cultivation.${v}`) },
          { title: t('supply.herb.growthCycle'), dataIndex: 'growthCycleYears', align: 'right', render: (v: number | null) => v ?? '—' },
          { title: t('supply.herb.reserves'), dataIndex: 'reservesTonnes', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toLocaleString()) },
          { title: t('supply.herb.aliases'), key: 'aliases', render: (_, h) => (h.aliases.length > 0 ? <UserText lang="zh-CN">{h.aliases.map((a) => a.alias).join('、')}</UserText> : '—') },
          { title: t('common.actions'), key: 'actions', render: (_, h) => <Button type="link" size="small" onClick={() => setEditing(h)}>{t('common.edit')}</Button> },
        ]}
      />
      <FormModal<HerbForm>
        title={editing === 'new' ? t('supply.catalog.addHerb') : t('supply.catalog.editHerb')}
        open={editing !== null}
        form={form}
        testId="herb-form"
        initialValues={
          editing && editing !== 'new'
            ? { code: editing.code, nameZh: editing.nameZh, pinyin: editing.pinyin, latinName: editing.latinName ?? undefined, category: editing.category, cultivation: editing.cultivation, growthCycleYears: editing.growthCycleYears, reservesTonnes: editing.reservesTonnes, producingAreas: editing.producingAreas }
            : { cultivation: 'cultivated', category: 'root' }
        }
        onCancel={() => setEditing(null)}
        onSubmit={async (v) => {
          const body: HerbBody = { ...v, latinName: v.latinName || null, growthCycleYears: v.growthCycleYears ?? null, reservesTonnes: v.reservesTonnes ?? null, producingAreas: v.producingAreas ?? [] };
          if (editing === 'new') await supplyApi.createHerb(body);
          else if (editing) await supplyApi.updateHerb(editing.code, body);
          setEditing(null);
          await refresh();
        }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="code" label={t('supply.catalog.code')} rules={[{ required: true, message: t('validation.required') }, { pattern: /^[A-Za-z0-9][A-Za-z0-9-]*$/, message: t('supply.catalog.codeRule') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="nameZh" label={t('supply.catalog.nameZh')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="pinyin" label={t('supply.catalog.pinyin')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="latinName" label={t('supply.herb.latin')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="category" label={t('supply.herb.category')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select options={categoryOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="cultivation" label={t('supply.herb.cultivation')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select options={(['wild', 'cultivated', 'both'] as const).map((c) => ({ value: c, label: t(`supply.cultivation.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="growthCycleYears" label={t('supply.herb.growthCycle')}>
              <InputNumber min={0.1} max={100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="reservesTonnes" label={t('supply.catalog.reservesTonnes')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="producingAreas" label={t('supply.herb.areas')}>
          <Select mode="tags" tokenSeparators={['、', ',', '，']} open={false} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

/** Aliases and specs of one herb (the expanded table row). */
function HerbDetails({ herb, onChanged }: { herb: Herb; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const specs = useQuery({ queryKey: ['supply', 'catalog', 'specs', herb.code], queryFn: () => supplyApi.specs(herb.code) });
  const [aliasForm] = Form.useForm<AliasBody>();
  const [specForm] = Form.useForm<{ name: string }>();
  const [alias, setAlias] = useState<Herb['aliases'][number] | 'new' | null>(null);
  const [spec, setSpec] = useState<{ id: number; name: string } | 'new' | null>(null);
  const kindOptions = aliasKinds.map((k) => ({ value: k, label: t(`supply.catalog.kind.${k}`) }));

  return (
    <Row gutter={24}>
      <Col xs={24} lg={14}>
        <Space style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t('supply.herb.aliases')}</Typography.Text>
          <Button size="small" data-testid={`alias-add-${herb.code}`} onClick={() => setAlias('new')}>
            {t('supply.catalog.addAlias')}
          </Button>
        </Space>
        <Table
          size="small"
          rowKey="alias"
          pagination={false}
          dataSource={herb.aliases}
          locale={{ emptyText: '—' }}
          columns={[
            { title: t('supply.catalog.alias'), dataIndex: 'alias' },
            { title: t('supply.catalog.factor'), dataIndex: 'factor', align: 'right' },
            { title: t('supply.catalog.kindLabel'), dataIndex: 'kind', render: (v: string) => <Tag>{t(`supply.catalog.kind.${v}`)}</Tag> },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_, a) => (
                <Space>
                  <Button size="small" type="link" onClick={() => setAlias(a)}>
                    {t('common.edit')}
                  </Button>
                  <Popconfirm
                    title={t('supply.catalog.removeAlias', { alias: a.alias })}
                    onConfirm={() =>
                      void supplyApi
                        .deleteAlias(a.alias)
                        .then(onChanged)
                        .catch((error: unknown) => handleError(error))
                    }
                  >
                    <Button size="small" type="link" danger>
                      {t('common.remove')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
          {t('supply.catalog.factorHint')}
        </Typography.Paragraph>
      </Col>
      <Col xs={24} lg={10}>
        <Space style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t('supply.herb.specs')}</Typography.Text>
          <Button size="small" onClick={() => setSpec('new')}>
            {t('supply.catalog.addSpec')}
          </Button>
        </Space>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          loading={specs.isLoading}
          dataSource={specs.data?.items ?? []}
          columns={[
            { title: t('supply.herb.spec'), dataIndex: 'name' },
            { title: t('common.actions'), key: 'a', render: (_, s) => <Button size="small" type="link" onClick={() => setSpec(s)}>{t('supply.catalog.rename')}</Button> },
          ]}
        />
      </Col>
      <FormModal<AliasBody>
        title={alias === 'new' ? t('supply.catalog.addAliasTo', { herb: herb.nameZh }) : t('supply.catalog.editAlias')}
        open={alias !== null}
        form={aliasForm}
        testId="alias-form"
        initialValues={alias && alias !== 'new' ? { alias: alias.alias, factor: alias.factor, kind: alias.kind } : { factor: 1, kind: 'processed' }}
        onCancel={() => setAlias(null)}
        onSubmit={async (v) => {
          if (alias === 'new') await supplyApi.addAlias(herb.code, v);
          else if (alias) await supplyApi.updateAlias(alias.alias, { factor: v.factor, kind: v.kind });
          setAlias(null);
          await onChanged();
        }}
      >
        <Form.Item name="alias" label={t('supply.catalog.alias')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input disabled={alias !== 'new'} placeholder="酒萸肉" />
        </Form.Item>
        <Form.Item name="factor" label={t('supply.catalog.factor')} extra={t('supply.catalog.factorHint')} rules={[{ required: true, message: t('validation.required') }]}>
          <InputNumber min={0.001} max={100} step={0.01} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="kind" label={t('supply.catalog.kindLabel')}>
          <Select options={kindOptions} />
        </Form.Item>
      </FormModal>
      <FormModal<{ name: string }>
        title={spec === 'new' ? t('supply.catalog.addSpec') : t('supply.catalog.rename')}
        open={spec !== null}
        form={specForm}
        testId="spec-form"
        initialValues={spec && spec !== 'new' ? { name: spec.name } : {}}
        onCancel={() => setSpec(null)}
        onSubmit={async (v) => {
          if (spec === 'new') await supplyApi.addSpec(herb.code, v.name);
          else if (spec) await supplyApi.renameSpec(spec.id, v.name);
          setSpec(null);
          void message.success(t('common.saved'));
          await queryClient.invalidateQueries({ queryKey: ['supply', 'catalog', 'specs', herb.code] });
          await onChanged();
        }}
      >
        <Form.Item name="name" label={t('supply.herb.spec')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input placeholder="60头" />
        </Form.Item>
      </FormModal>
    </Row>
  );
}

function MarketsTab() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [{ mq: q }, setUrl] = useUrlState(urlSchema);
  const markets = useQuery({ queryKey: ['supply', 'catalog', 'markets', q], queryFn: () => supplyApi.searchMarkets(q || undefined) });
  const [editing, setEditing] = useState<Market | 'new' | null>(null);
  const [form] = Form.useForm<MarketBody>();
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('supply.catalog.searchMarkets')} style={{ width: 280 }} key={q} defaultValue={q} onSearch={(v) => setUrl({ mq: v })} />
        <Button type="primary" data-testid="market-add" onClick={() => setEditing('new')}>
          {t('supply.catalog.addMarket')}
        </Button>
      </Space>
      <Table<Market>
        data-testid="catalog-markets"
        size="small"
        rowKey="code"
        pagination={false}
        loading={markets.isLoading}
        dataSource={markets.data?.items ?? []}
        columns={[
          { title: t('supply.catalog.code'), dataIndex: 'code' },
          { title: t('supply.catalog.nameZh'), dataIndex: 'nameZh' },
          { title: t('supply.catalog.nameEn'), dataIndex: 'nameEn' },
          { title: t('supply.catalog.region'), dataIndex: 'regionCode' },
          { title: t('common.actions'), key: 'a', render: (_, m) => <Button type="link" size="small" onClick={() => setEditing(m)}>{t('common.edit')}</Button> },
        ]}
      />
      <FormModal<MarketBody>
        title={editing === 'new' ? t('supply.catalog.addMarket') : t('supply.catalog.editMarket')}
        open={editing !== null}
        form={form}
        testId="market-form"
        initialValues={editing && editing !== 'new' ? editing : {}}
        onCancel={() => setEditing(null)}
        onSubmit={async (v) => {
          if (editing === 'new') await supplyApi.createMarket(v);
          else if (editing) await supplyApi.updateMarket(editing.code, v);
          setEditing(null);
          await queryClient.invalidateQueries({ queryKey: ['supply'] });
        }}
      >
        <Form.Item name="code" label={t('supply.catalog.code')} rules={[{ required: true, message: t('validation.required') }, { pattern: /^[A-Za-z0-9][A-Za-z0-9-]*$/, message: t('supply.catalog.codeRule') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameZh" label={t('supply.catalog.nameZh')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('supply.catalog.nameEn')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="regionCode" label={t('supply.catalog.region')} rules={[{ required: true, message: t('validation.required') }, { pattern: /^\d{6}$/, message: t('supply.catalog.regionRule') }]}>
          <Input placeholder="341600" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
