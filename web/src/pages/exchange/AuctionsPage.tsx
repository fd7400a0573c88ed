import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Form, InputNumber, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { FormModal } from '../../components/FormModal';
import { UserText } from '../../components/UserText';
import { useSession } from '../../session/session';
import { exApi, t1 } from './api';
import { type AuctionInput, type AuctionSummary, auctionApi } from './auctionApi';

interface CreateValues {
  listingId: string;
  kind: AuctionInput['kind'];
  reservePrice: number;
  minIncrement?: number;
  endsAt: Dayjs;
  antiSnipingMinutes?: number;
  deposit?: number;
}

const price = (v: number | null) => (v === null ? '—' : `¥${v.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}`);

/** Auctions of by-product lots: open ones first; a seller puts one of its open listings up. */
export default function AuctionsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<CreateValues>();
  const auctions = useQuery({ queryKey: ['exchange', 'auctions', status], queryFn: () => auctionApi.list(status), refetchInterval: status === 'open' ? 10_000 : false });
  const mayList = me?.capabilities.tradeExchange === true;
  const listings = useQuery({ queryKey: ['exchange', 'listings', 'mine-open'], queryFn: () => exApi.listings({ status: 'open' }), enabled: mayList && creating });
  const mine = (listings.data?.items ?? []).filter((l) => l.mine && l.grade !== null);
  const kind = Form.useWatch('kind', form);

  const columns: ColumnsType<AuctionSummary> = [
    {
      title: t('exchangeAuction.lot'),
      key: 'lot',
      render: (_, a) => (
        <Link to={`/exchange/auction?id=${a.id}`}>
          {t(`exchange.class.${a.category}`)} · {t('exchange.grade.label', { grade: a.grade })} · {t1(a.tonnes)} t
        </Link>
      ),
    },
    { title: t('exchangeAuction.kindCol'), key: 'k', responsive: ['md'], render: (_, a) => t(`exchangeAuction.kind.${a.kind}`) },
    { title: t('exchangeAuction.seller'), key: 's', responsive: ['sm'], render: (_, a) => <UserText>{a.seller.name}</UserText> },
    {
      title: status === 'open' ? t('exchangeAuction.highBid') : t('exchangeAuction.price'),
      key: 'h',
      align: 'right',
      render: (_, a) => (status === 'open' ? (a.kind === 'ascending' ? price(a.highBid) : t('exchangeAuction.sealedCount', { n: a.bidCount })) : a.result?.winner ? price(a.result.price) : t('exchangeAuction.unsoldShort')),
    },
    {
      title: status === 'open' ? t('exchangeAuction.endsAt') : t('exchangeAuction.endedAt'),
      key: 'e',
      render: (_, a) => (
        <Space size={4} wrap>
          {new Date(a.result?.closedAt ?? a.currentEndAt).toLocaleString()}
          {a.phase !== 'closed' && a.phase !== 'open' && <Tag>{t(`exchangeAuction.phase.${a.phase}`)}</Tag>}
          {a.you.leading && <Tag color="green">{t('exchangeAuction.youLead')}</Tag>}
        </Space>
      ),
    },
  ];

  const create = async (v: CreateValues) => {
    const created = await auctionApi.create({
      listingId: v.listingId,
      kind: v.kind,
      reservePrice: v.reservePrice,
      minIncrement: v.minIncrement ?? 0,
      endsAt: v.endsAt.toISOString(),
      antiSnipingSeconds: Math.round((v.antiSnipingMinutes ?? 0) * 60),
      deposit: v.deposit ?? 0,
    });
    setCreating(false);
    form.resetFields();
    await queryClient.invalidateQueries({ queryKey: ['exchange', 'auctions'] });
    void navigate(`/exchange/auction?id=${created.id}`);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('exchangeAuction.listTitle')}
        </Typography.Title>
        {mayList && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="auction-create">
            {t('exchangeAuction.create')}
          </Button>
        )}
      </Space>
      <Segmented<'open' | 'closed'>
        value={status}
        onChange={setStatus}
        options={[
          { value: 'open', label: t('exchangeAuction.open') },
          { value: 'closed', label: t('exchangeAuction.closed') },
        ]}
      />
      <Table<AuctionSummary> rowKey="id" size="small" loading={auctions.isLoading} columns={columns} dataSource={auctions.data?.auctions ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: t('exchangeAuction.none') }} data-testid="auction-list" />

      <FormModal<CreateValues>
        title={t('exchangeAuction.create')}
        open={creating}
        form={form}
        initialValues={{ kind: 'ascending', antiSnipingMinutes: 5, endsAt: dayjs().add(3, 'day').startOf('hour') }}
        onCancel={() => setCreating(false)}
        onSubmit={create}
        testId="auction-form"
      >
        <Form.Item name="listingId" label={t('exchangeAuction.listing')} rules={[{ required: true, message: t('exchangeAuction.listingRequired') }]} extra={listings.isSuccess && mine.length === 0 ? t('exchangeAuction.noListings') : undefined}>
          <Select
            loading={listings.isLoading}
            options={mine.map((l) => ({
              value: l.id,
              label: (
                <>
                  <UserText>{l.code}</UserText> · <UserText>{l.title}</UserText> · {t('exchange.grade.label', { grade: l.grade })} · {t1(l.tonnes)} t
                </>
              ),
            }))}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('exchangeAuction.kindCol')} rules={[{ required: true }]}>
          <Select options={(['ascending', 'sealed-first-price', 'sealed-second-price'] as const).map((k) => ({ value: k, label: t(`exchangeAuction.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="reservePrice" label={t('exchangeAuction.reservePrice')} rules={[{ required: true, message: t('exchangeAuction.amountRequired') }]}>
          <InputNumber min={0} precision={2} addonAfter={t('exchangeAuction.perTonne')} style={{ width: '100%' }} />
        </Form.Item>
        {kind === 'ascending' && (
          <Form.Item name="minIncrement" label={t('exchangeAuction.minIncrement')} rules={[{ required: true, message: t('exchangeAuction.amountRequired') }]}>
            <InputNumber min={0.01} precision={2} addonAfter={t('exchangeAuction.perTonne')} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="endsAt" label={t('exchangeAuction.endsAt')} rules={[{ required: true }]}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="antiSnipingMinutes" label={t('exchangeAuction.antiSniping')} extra={t('exchangeAuction.antiSnipingHint')}>
          <InputNumber min={0} max={1440} addonAfter={t('exchangeAuction.minutes')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="deposit" label={t('exchangeAuction.deposit')}>
          <InputNumber min={0} precision={2} addonAfter="¥" style={{ width: '100%' }} />
        </Form.Item>
      </FormModal>
    </Space>
  );
}
