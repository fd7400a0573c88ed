import { ClockCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, InputNumber, Result, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useApiErrorHandler } from '../../api/errors';
import { UserText } from '../../components/UserText';
import { type Auction, auctionApi, countdownText, remainingMs } from './auctionApi';
import { t1 } from './api';

type Bid = Auction['bids'][number];

/** While bids are taken the ladder is polled this often; the countdown ticks every second in between. */
const POLL_MS = 2000;

const price = (v: number | null) => (v === null ? '—' : `¥${v.toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`);

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

const phaseColor: Record<Auction['phase'], string> = { scheduled: 'default', open: 'green', ended: 'orange', closed: 'blue' };

export function BidderName({ bidder }: { bidder: Bid['bidder'] }) {
  const { t } = useTranslation();
  return (
    <span>
      {bidder.name === null ? t('exchangeAuction.bidder', { n: bidder.number }) : <UserText>{bidder.name}</UserText>}
      {bidder.you && (
        <Tag color="green" style={{ marginInlineStart: 6 }}>
          {t('exchangeAuction.you')}
        </Tag>
      )}
    </span>
  );
}

/** One auction: terms, the live bid ladder, the countdown on the server's clock, bidding, the result. */
export default function AuctionPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const id = params.get('id') ?? '';
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<{ amount: number }>();
  const auction = useQuery({
    queryKey: ['exchange', 'auction', id],
    queryFn: async () => ({ view: await auctionApi.get(id), receivedAt: Date.now() }),
    enabled: id !== '',
    refetchInterval: (q) => (q.state.data && q.state.data.view.phase !== 'closed' ? POLL_MS : false),
  });
  const a = auction.data?.view;
  const live = a !== undefined && a.phase !== 'closed';
  const now = useNow(live);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['exchange', 'auction', id] });
  const bid = useMutation({
    mutationFn: (amount: number) => auctionApi.bid(id, amount),
    onSuccess: (receipt) => {
      void message.success(receipt.extended ? t('exchangeAuction.bidTakenExtended') : t('exchangeAuction.bidTaken'));
      form.resetFields();
      void refresh();
    },
    onError: (e) => {
      onError(e, form);
      void refresh();
    },
  });
  const close = useMutation({
    mutationFn: () => auctionApi.close(id),
    onSuccess: () => void refresh(),
    onError: (e) => onError(e),
  });
  const minimumBid = a?.minimumBid;
  useEffect(() => {
    // Keep the suggested amount at the current minimum unless the bidder typed one above it.
    const typed = form.getFieldValue('amount') as number | undefined;
    if (minimumBid !== undefined && (typed === undefined || typed === null || typed < minimumBid)) form.setFieldsValue({ amount: minimumBid });
  }, [minimumBid, form]);

  if (id === '') return <Result status="404" title="404" subTitle={t('errors.pageNotFound')} />;
  if (auction.isError) return <Alert type="error" showIcon message={t('exchangeAuction.loadFailed')} />;
  if (!a || !auction.data) return <Card loading />;

  const sealed = a.kind !== 'ascending';
  const target = a.phase === 'scheduled' ? a.startsAt : a.currentEndAt;
  const left = remainingMs(target, a.serverTime, auction.data.receivedAt, now);
  const submit = ({ amount }: { amount: number }) => {
    modal.confirm({
      title: t('exchangeAuction.confirmTitle'),
      content: sealed ? t('exchangeAuction.confirmSealed', { amount: price(amount) }) : t('exchangeAuction.confirmAscending', { amount: price(amount) }),
      okText: t('exchangeAuction.placeBid'),
      cancelText: t('common.cancel'),
      onOk: () => bid.mutateAsync(amount).catch(() => undefined),
    });
  };

  const columns: ColumnsType<Bid> = [
    { title: t('exchangeAuction.seq'), dataIndex: 'seq', width: 56 },
    { title: t('exchangeAuction.bidderCol'), key: 'b', render: (_, b) => <BidderName bidder={b.bidder} /> },
    { title: t('exchangeAuction.amount'), key: 'a', align: 'right', render: (_, b) => (b.amount === null ? <Typography.Text type="secondary">{t('exchangeAuction.sealedAmount')}</Typography.Text> : price(b.amount)) },
    { title: t('exchangeAuction.placedAt'), key: 'p', responsive: ['sm'], render: (_, b) => new Date(b.placedAt).toLocaleString() },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="auction-page">
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('exchangeAuction.title', { category: t(`exchange.class.${a.category}`), grade: a.grade, tonnes: t1(a.tonnes) })}
        </Typography.Title>
        <Tag>{t(`exchangeAuction.kind.${a.kind}`)}</Tag>
        <Tag color={phaseColor[a.phase]} data-testid="auction-phase">
          {t(`exchangeAuction.phase.${a.phase}`)}
        </Tag>
        {a.extended && (
          <Tag color="gold" icon={<ClockCircleOutlined />} data-testid="auction-extended">
            {t('exchangeAuction.extended')}
          </Tag>
        )}
      </Space>
      <Typography.Text type="secondary">
        {t('exchangeAuction.seller')}: <UserText>{a.seller.name}</UserText>
      </Typography.Text>

      <Row gutter={[12, 12]}>
        <Col xs={24} sm={12} md={6}>
          <Card size="small">
            {a.phase === 'open' || a.phase === 'scheduled' ? (
              <Statistic title={a.phase === 'scheduled' ? t('exchangeAuction.opensIn') : t('exchangeAuction.endsIn')} value={countdownText(left, t('exchangeAuction.dayUnit'))} valueStyle={{ fontVariantNumeric: 'tabular-nums', color: left < 60_000 ? '#cf1322' : undefined }} data-testid="auction-countdown" />
            ) : (
              <Statistic title={t('exchangeAuction.endedAt')} value={new Date(a.result?.closedAt ?? a.currentEndAt).toLocaleString()} valueStyle={{ fontSize: 16 }} />
            )}
          </Card>
        </Col>
        <Col xs={12} sm={12} md={6}>
          <Card size="small">
            {sealed && a.phase !== 'closed' ? (
              <Statistic title={t('exchangeAuction.bidsSealed')} value={a.bidCount} data-testid="auction-high-bid" />
            ) : (
              <Statistic title={t('exchangeAuction.highBid')} value={price(a.highBid)} data-testid="auction-high-bid" />
            )}
          </Card>
        </Col>
        <Col xs={12} sm={12} md={6}>
          <Card size="small">
            {a.result ? <Statistic title={t('exchangeAuction.price')} value={price(a.result.price)} /> : <Statistic title={t('exchangeAuction.minimumBid')} value={price(a.minimumBid)} />}
          </Card>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Card size="small">
            <Statistic title={t('exchangeAuction.bidders')} value={a.bidders} suffix={`· ${t('exchangeAuction.bidCount', { n: a.bidCount })}`} />
          </Card>
        </Col>
      </Row>

      {a.result && (
        <Alert
          type={a.result.winner ? 'success' : 'info'}
          showIcon
          data-testid="auction-result"
          message={a.result.winner ? t('exchangeAuction.sold', { price: price(a.result.price) }) : t('exchangeAuction.unsold')}
          description={
            a.result.winner && (
              <Space direction="vertical" size={2}>
                <span>
                  {t('exchangeAuction.winner')}: <BidderName bidder={a.result.winner} />
                </span>
                {a.result.winningBid !== a.result.price && <span>{t('exchangeAuction.winningBid', { bid: price(a.result.winningBid) })}</span>}
                {a.result.contractId && <Link to={`/exchange/contract?id=${a.result.contractId}`}>{t('exchangeAuction.toContract')}</Link>}
              </Space>
            )
          }
        />
      )}
      {a.phase === 'ended' && (
        <Alert
          type="warning"
          showIcon
          message={t('exchangeAuction.closing')}
          action={
            a.you.seller && (
              <Button size="small" loading={close.isPending} onClick={() => close.mutate()}>
                {t('exchangeAuction.closeNow')}
              </Button>
            )
          }
        />
      )}

      {/* The leader of an ascending auction waits to be outbid (the API refuses raising one's own high bid). */}
      {a.phase === 'open' && a.you.mayBid && !(a.you.leading && !sealed) && (
        <Card size="small" title={t('exchangeAuction.yourBid')}>
          <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 8 }}>
            <Form.Item name="amount" rules={[{ required: true, message: t('exchangeAuction.amountRequired') }]} style={{ minWidth: 200 }}>
              <InputNumber min={0} step={a.minIncrement || 1} precision={2} addonAfter={t('exchangeAuction.perTonne')} style={{ width: '100%' }} data-testid="bid-amount" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={bid.isPending} data-testid="bid-submit">
                {t('exchangeAuction.placeBid')}
              </Button>
            </Form.Item>
          </Form>
          <Typography.Text type="secondary">{sealed ? t('exchangeAuction.sealedHint') : t('exchangeAuction.ascendingHint', { min: price(a.minimumBid) })}</Typography.Text>
        </Card>
      )}
      {a.phase === 'open' && (!a.you.mayBid || (a.you.leading && !sealed)) && !a.you.seller && (
        <Alert type="info" showIcon message={a.you.leading ? t('exchangeAuction.leading') : a.you.hasBid && sealed ? t('exchangeAuction.sealedDone') : t('exchangeAuction.mayNotBid')} />
      )}

      <Card size="small" title={t('exchangeAuction.ladder')}>
        <Table<Bid> size="small" rowKey="seq" columns={columns} dataSource={[...a.bids].sort((x, y) => y.seq - x.seq)} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: t('exchangeAuction.noBids') }} data-testid="bid-ladder" />
      </Card>

      <Card size="small" title={t('exchangeAuction.terms')}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('exchangeAuction.reservePrice')}>{price(a.reservePrice)}</Descriptions.Item>
          {!sealed && <Descriptions.Item label={t('exchangeAuction.minIncrement')}>{price(a.minIncrement)}</Descriptions.Item>}
          <Descriptions.Item label={t('exchangeAuction.antiSniping')}>{a.antiSnipingSeconds > 0 ? t('exchangeAuction.antiSnipingValue', { minutes: t1(a.antiSnipingSeconds / 60) }) : t('exchangeAuction.none')}</Descriptions.Item>
          <Descriptions.Item label={t('exchangeAuction.deposit')}>{a.deposit > 0 ? price(a.deposit) : t('exchangeAuction.none')}</Descriptions.Item>
          <Descriptions.Item label={t('exchangeAuction.startsAt')}>{new Date(a.startsAt).toLocaleString()}</Descriptions.Item>
          <Descriptions.Item label={t('exchangeAuction.endsAt')}>{new Date(a.currentEndAt).toLocaleString()}</Descriptions.Item>
        </Descriptions>
      </Card>
    </Space>
  );
}
