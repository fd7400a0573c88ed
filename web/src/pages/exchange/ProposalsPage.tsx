import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Fragment } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useApiErrorHandler } from '../../api/errors';
import { UserText } from '../../components/UserText';
import { exApi, type Proposal, t1, yuan } from './api';
import { CreditGradeTag } from './CreditGradeTag';

type Partner = Proposal['alternative']['listingPartners'][number];

/** The partners of the market without this proposal: their titles are the firms' own words. */
function Partners({ partners }: { partners: readonly Partner[] }) {
  const { t } = useTranslation();
  return partners.map((x, i) => (
    <Fragment key={x.code}>
      {i > 0 && t('exchange.proposal.partnerSeparator')}
      <UserText>{x.title ?? x.code}</UserText> {t1(x.tonnes)} t
    </Fragment>
  ));
}

const STATUS_COLOR: Record<Proposal['status'], string> = { pending: 'gold', accepted: 'blue', contracted: 'green', declined: 'red', superseded: 'default' };

/** One proposal with its explanation: value, distance, transport, and the market without it. */
function ProposalCard({ p }: { p: Proposal }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const name = (o: { nameZh: string; nameEn: string } | null) => (o ? (en ? o.nameEn : o.nameZh) : t('exchange.market.anonymous'));
  const decide = useMutation({
    mutationFn: (d: 'accept' | 'decline') => (d === 'accept' ? exApi.accept(p.id) : exApi.decline(p.id)),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: ['exchange'] });
      if (r.contractId) {
        void message.success(t('exchange.proposal.contracted'));
        // The deal is made: its contract and delivery schedule are what the firm needs next.
        void navigate(`/exchange/contract?id=${r.contractId}`);
      }
      else if (r.reoptimised) void message.info(t('exchange.proposal.reoptimised', { proposals: r.reoptimised.proposals }));
      else void message.success(t('exchange.proposal.recorded'));
    },
    onError: (e) => onError(e),
  });
  const mySide = p.myRoles[0];
  const myDecision = mySide === 'seller' ? p.sellerDecision : mySide === 'buyer' ? p.buyerDecision : null;
  const per = p.per === 'month' ? t('exchange.market.perMonth') : '';
  const alt = p.alternative;
  return (
    <Card
      size="small"
      data-testid="proposal-card"
      title={
        <Space wrap>
          <Tag color={STATUS_COLOR[p.status]}>{t(`exchange.proposal.status.${p.status}`)}</Tag>
          <span>
            <UserText>{p.listing.title}</UserText> → <UserText>{p.demand.title}</UserText>
          </span>
        </Space>
      }
      extra={p.contractId ? <Link to={`/exchange/contract?id=${p.contractId}`}>{t('exchange.proposal.openContract')}</Link> : null}
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label={t('exchange.proposal.seller')}>
          {name(p.seller)}
          <CreditGradeTag organisation={p.seller} />
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.proposal.buyer')}>
          {name(p.buyer)}
          <CreditGradeTag organisation={p.buyer} />
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.proposal.tonnes')}>
          {t1(p.tonnes)} t{per} · {t('exchange.grade.label', { grade: p.grade })}
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.proposal.valuePerTonne')}>
          <span data-testid="proposal-value">{yuan(p.valuePerTonne)}/t</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.proposal.valueTotal')}>
          {yuan(p.valueTotal)}
          {per}
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.proposal.suggested')}>{yuan(p.suggestedPrice)}/t</Descriptions.Item>
        <Descriptions.Item label={t('exchange.proposal.distance')}>
          {t1(p.distanceKm)} km{p.distanceRounded ? ` (${t('exchange.proposal.rounded')})` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.proposal.transport')}>{yuan(p.transportCostPerTonne)}/t</Descriptions.Item>
        <Descriptions.Item label={t('exchange.proposal.prices')}>
          {t('exchange.proposal.priceLine', { offered: yuan(p.priceOffered), reserve: p.reservePrice === null ? t('exchange.market.negotiable') : yuan(p.reservePrice) })}
        </Descriptions.Item>
      </Descriptions>
      <Alert
        type="info"
        showIcon
        data-testid="proposal-alternative"
        message={t('exchange.proposal.without', { lost: yuan(alt.valueLost) })}
        description={
          <Space orientation="vertical" size={0}>
            <span>{alt.listingPartners.length ? <Trans i18nKey="exchange.proposal.listingGoes" components={{ to: <Partners partners={alt.listingPartners} /> }} /> : t('exchange.proposal.listingUnsold')}</span>
            <span>{alt.demandPartners.length ? <Trans i18nKey="exchange.proposal.demandGets" components={{ from: <Partners partners={alt.demandPartners} /> }} /> : t('exchange.proposal.demandUnfilled')}</span>
          </Space>
        }
      />
      <Space style={{ marginTop: 12 }} wrap>
        <Typography.Text type="secondary">
          {t('exchange.proposal.decisions', { seller: t(`exchange.proposal.decision.${p.sellerDecision ?? 'open'}`), buyer: t(`exchange.proposal.decision.${p.buyerDecision ?? 'open'}`) })}
        </Typography.Text>
        {p.status === 'pending' && mySide && myDecision === null && (
          <>
            <Button type="primary" icon={<CheckOutlined />} loading={decide.isPending} onClick={() => decide.mutate('accept')} data-testid="accept-proposal">
              {t('exchange.proposal.accept')}
            </Button>
            <Button danger icon={<CloseOutlined />} loading={decide.isPending} onClick={() => decide.mutate('decline')} data-testid="decline-proposal">
              {t('exchange.proposal.decline')}
            </Button>
          </>
        )}
      </Space>
    </Card>
  );
}

export default function ProposalsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const proposals = useQuery({ queryKey: ['exchange', 'proposals', status], queryFn: () => exApi.proposals(status) });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('exchange.nav.proposals')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('exchange.proposal.intro')}
      </Typography.Paragraph>
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as 'open' | 'all')}
        options={[
          { value: 'open', label: t('exchange.proposal.open') },
          { value: 'all', label: t('exchange.proposal.all') },
        ]}
      />
      {proposals.error && <Alert type="error" showIcon message={t('errors.generic')} />}
      {proposals.data && proposals.data.items.length === 0 && <Empty description={t('exchange.proposal.none')} />}
      {proposals.data?.items.map((p) => <ProposalCard key={p.id} p={p} />)}
    </Space>
  );
}
