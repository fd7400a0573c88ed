import { PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useApiErrorHandler } from '../../api/errors';
import { UserText } from '../../components/UserText';
import { useSession } from '../../session/session';
import { type Demand, exApi, type Listing, t1, yuan } from './api';
import { useGrantors } from './ActingFor';
import { CLASSES, DemandForm, type DemandFormValues, demandBody, emptyDemand } from './DemandForm';
import { emptyListing, ListingForm, type ListingFormValues, listingBody } from './ListingForm';
import { MarketMap } from './MarketMap';
import { CreditGradeTag } from './CreditGradeTag';

/** The market: open listings (供) and demands (需) with filters, on a coordinate map and in lists. */
export default function MarketPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const listings = useQuery({ queryKey: ['exchange', 'listings'], queryFn: () => exApi.listings() });
  const demands = useQuery({ queryKey: ['exchange', 'demands'], queryFn: () => exApi.demands() });
  const [cls, setCls] = useState<string | undefined>();
  const [grade, setGrade] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [listingForm] = Form.useForm<ListingFormValues>();
  const [demandForm] = Form.useForm<DemandFormValues>();
  const [open, setOpen] = useState<'listing' | 'demand' | null>(null);
  const type = me?.actingAs.organisationType;
  const canTrade = !!me?.capabilities.tradeExchange;
  // Under a delegation (the park administration for its firms) the viewer lists and posts demands for others.
  const delegate = (useGrantors().data?.items.length ?? 0) > 0;
  const orgName = (o: { nameZh: string; nameEn: string } | null) => (o ? (en ? o.nameEn : o.nameZh) : t('exchange.market.anonymous'));

  const shownListings = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (listings.data?.items ?? []).filter((l) => (!cls || l.class === cls) && (!grade || l.grade === grade) && (!q || l.title.toLowerCase().includes(q) || l.code.toLowerCase().includes(q)));
  }, [listings.data, cls, grade, search]);
  const shownDemands = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (demands.data?.items ?? []).filter((d) => (!cls || d.accepts.includes(cls as Demand['accepts'][number])) && (!q || d.title.toLowerCase().includes(q) || d.code.toLowerCase().includes(q)));
  }, [demands.data, cls, search]);

  const done = (text: string) => {
    void queryClient.invalidateQueries({ queryKey: ['exchange'] });
    void message.success(text);
    setOpen(null);
  };
  const createListing = useMutation({ mutationFn: (v: ListingFormValues) => exApi.createListing(listingBody(v)), onSuccess: (l) => done(t('exchange.listing.created', { code: l.code })), onError: (e) => onError(e, listingForm) });
  const createDemand = useMutation({ mutationFn: (v: DemandFormValues) => exApi.createDemand(demandBody(v)), onSuccess: (d) => done(t('exchange.demand.created', { code: d.code })), onError: (e) => onError(e, demandForm) });
  const match = useMutation({
    mutationFn: () => exApi.match(),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: ['exchange'] });
      void message.success(t('exchange.market.matched', { proposals: r.proposals, value: yuan(r.objective) }));
    },
    onError: (e) => onError(e),
  });

  const listingColumns: ColumnsType<Listing> = [
    {
      title: t('exchange.market.what'),
      key: 'title',
      render: (_, l) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>
            <UserText>{l.title}</UserText>
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <UserText>{l.code}</UserText> · {t(`exchange.class.${l.class}`)}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('exchange.market.grade'), dataIndex: 'grade', render: (g: string | null) => (g ? <Tag>{t('exchange.grade.label', { grade: g })}</Tag> : '—') },
    { title: t('exchange.market.quantity'), key: 'q', align: 'right', render: (_, l) => `${t1(l.tonnes)} t${l.quantityKind === 'monthly' ? t('exchange.market.perMonth') : ''}` },
    { title: t('exchange.market.reserve'), key: 'r', align: 'right', render: (_, l) => (l.reservePrice === null ? t('exchange.market.negotiable') : `${yuan(l.reservePrice)}/t`) },
    { title: t('exchange.market.window'), key: 'w', responsive: ['md'], render: (_, l) => `${l.windowStart} ~ ${l.windowEnd}` },
    { title: t('exchange.market.firm'), key: 'f', responsive: ['sm'], render: (_, l) => (
        <>
          {`${orgName(l.organisation)} · ${en ? l.place.regionEn : l.place.regionZh}`}
          <CreditGradeTag organisation={l.organisation} />
        </>
      ) },
  ];
  const demandColumns: ColumnsType<Demand> = [
    {
      title: t('exchange.market.what'),
      key: 'title',
      render: (_, d) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>
            <UserText>{d.title}</UserText>
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <UserText>{d.code}</UserText> · {d.accepts.map((c) => t(`exchange.class.${c}`)).join('、')}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('exchange.market.minGrade'), dataIndex: 'minGrade', render: (g: string) => t('exchange.grade.label', { grade: g }) },
    { title: t('exchange.market.prices'), key: 'p', render: (_, d) => (['A', 'B', 'C'] as const).filter((g) => d.prices[g] !== null).map((g) => `${t('exchange.grade.label', { grade: g })} ${yuan(d.prices[g])}`).join(' / ') },
    { title: t('exchange.market.capacity'), key: 'c', align: 'right', render: (_, d) => `${t1(d.capacityPerMonth)} t${t('exchange.market.perMonth')}` },
    { title: t('exchange.market.reach'), key: 'k', responsive: ['md'], render: (_, d) => `${t1(d.maxDistanceKm, 0)} km` },
    { title: t('exchange.market.firm'), key: 'f', responsive: ['sm'], render: (_, d) => (
        <>
          {orgName(d.organisation)}
          <CreditGradeTag organisation={d.organisation} />
        </>
      ) },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('exchange.nav.market')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('exchange.market.intro')}
      </Typography.Paragraph>
      {(listings.error || demands.error) && <Alert type="error" showIcon message={t('errors.generic')} />}
      <Space wrap>
        <Input.Search allowClear placeholder={t('exchange.market.search')} onChange={(e) => setSearch(e.target.value)} style={{ width: 220 }} />
        <Select allowClear placeholder={t('exchange.market.class')} style={{ width: 180 }} value={cls} onChange={setCls} options={CLASSES.map((c) => ({ value: c, label: t(`exchange.class.${c}`) }))} />
        <Select allowClear placeholder={t('exchange.market.grade')} style={{ width: 100 }} value={grade} onChange={setGrade} options={['A', 'B', 'C'].map((g) => ({ value: g, label: t('exchange.grade.label', { grade: g }) }))} />
        {((canTrade && type === 'manufacturer') || delegate) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="new-listing"
            onClick={() => {
              listingForm.resetFields();
              listingForm.setFieldsValue(emptyListing);
              setOpen('listing');
            }}
          >
            {t('exchange.listing.new')}
          </Button>
        )}
        {((canTrade && type !== 'manufacturer') || delegate) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="new-demand"
            onClick={() => {
              demandForm.resetFields();
              demandForm.setFieldsValue(emptyDemand);
              setOpen('demand');
            }}
          >
            {t('exchange.demand.new')}
          </Button>
        )}
        {me?.capabilities.matchExchange && (
          <Button icon={<ThunderboltOutlined />} loading={match.isPending} onClick={() => match.mutate()} data-testid="run-match">
            {t('exchange.market.match')}
          </Button>
        )}
        <Button onClick={() => void navigate('/exchange/proposals')}>{t('exchange.nav.proposals')}</Button>
      </Space>
      <MarketMap listings={shownListings} demands={shownDemands} />
      <Tabs
        items={[
          {
            key: 'listings',
            label: `${t('exchange.market.listings')} (${shownListings.length})`,
            children: <Table<Listing> data-testid="listing-table" rowKey="id" size="small" loading={listings.isLoading} columns={listingColumns} dataSource={shownListings} pagination={{ pageSize: 20, hideOnSinglePage: true }} />,
          },
          {
            key: 'demands',
            label: `${t('exchange.market.demands')} (${shownDemands.length})`,
            children: <Table<Demand> data-testid="demand-table" rowKey="id" size="small" loading={demands.isLoading} columns={demandColumns} dataSource={shownDemands} pagination={{ pageSize: 20, hideOnSinglePage: true }} />,
          },
        ]}
      />
      <Modal open={open === 'listing'} width={760} title={t('exchange.listing.new')} okText={t('exchange.form.save')} confirmLoading={createListing.isPending} onCancel={() => setOpen(null)} onOk={() => void listingForm.validateFields().then((v) => createListing.mutate(v))} okButtonProps={{ 'data-testid': 'save-listing' }} destroyOnHidden>
        <ListingForm form={listingForm} />
      </Modal>
      <Modal open={open === 'demand'} width={760} title={t('exchange.demand.new')} okText={t('exchange.form.save')} confirmLoading={createDemand.isPending} onCancel={() => setOpen(null)} onOk={() => void demandForm.validateFields().then((v) => createDemand.mutate(v))} okButtonProps={{ 'data-testid': 'save-demand' }} destroyOnHidden>
        <DemandForm form={demandForm} />
      </Modal>
    </Space>
  );
}
