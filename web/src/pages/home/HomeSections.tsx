import { Card, Col, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { HomeSection } from '../../api/types';
import { useLocalName } from '../../i18n/labels';
import { isVisibleTo, navEntries } from '../../nav';
import { useSession } from '../../session/session';
import { UserText } from '../../components/UserText';

type Section<K extends HomeSection['kind']> = Extract<HomeSection, { kind: K }>;

const levelColor: Record<string, string> = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue', 'pre-warning': 'purple' };

function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return {
    num: (v: number, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v),
    pct: (v: number | null, digits = 1) => (v === null ? '—' : `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v * 100)}%`),
  };
}

/** A figure: shown formatted, its raw value kept in `data-value` so tests compare it with the API. */
function Figure({ id, label, value, shown, suffix }: { id: string; label: string; value: number | string | null; shown?: string; suffix?: string }) {
  return (
    <div data-testid={`fig-${id}`} data-value={value === null ? '' : String(value)}>
      <Statistic title={label} value={shown ?? (value === null ? '—' : String(value))} {...(suffix ? { suffix } : {})} />
    </div>
  );
}

/** A link to a list page, shown only when the viewer may open that page (the same rule as the menu). */
function ListLink({ to, children }: { to: string; children: ReactNode }) {
  const { me } = useSession();
  const path = to.split('?')[0];
  const entry = navEntries.find((e) => e.path === path);
  if (!me || !entry || !isVisibleTo(entry, me)) return null;
  return <Link to={to}>{children}</Link>;
}

function Figures({ children }: { children: ReactNode[] }) {
  return (
    <Row gutter={[12, 12]}>
      {children.map((child, i) => (
        <Col key={i} xs={12} sm={8}>
          {child}
        </Col>
      ))}
    </Row>
  );
}

function WarningCases({ s }: { s: Section<'warningCases'> }) {
  const { t } = useTranslation();
  return (
    <Card data-testid="home-section-warningCases" title={t('home.cases.title')} extra={<ListLink to="/warnings">{t('home.open.inbox')}</ListLink>}>
      <Figures>
        <Figure id="cases-open" label={t('home.cases.open')} value={s.open} />
        <Figure id="cases-escalating" label={t('home.cases.escalating')} value={s.escalating} />
      </Figures>
      <Space wrap style={{ marginTop: 12 }}>
        {s.byLevel.map((l) => (
          <Tag key={l.level} color={levelColor[l.level]} data-testid={`cases-level-${l.level}`} data-value={l.open}>
            {t(`home.level.${l.level}`)} {l.open}
            {l.escalating > 0 ? ` · ${t('home.cases.escalatingShort', { count: l.escalating })}` : ''}
          </Tag>
        ))}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        {t('home.cases.rule')}
      </Typography.Paragraph>
    </Card>
  );
}

function Products({ s }: { s: Section<'products'> }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const { num, pct } = useFormat();
  // Y/P is a share, so the distance to the band's edge is in percentage points.
  const points = (share: number) => num(share * 100, 1);
  const edge = (p: Section<'products'>['items'][number]) => {
    if (p.ratio === null || p.margin === null) return t('home.products.noPrice');
    const nearer = p.ratio - p.band[0] <= p.band[1] - p.ratio ? 'low' : 'high';
    return p.margin >= 0 ? t(`home.products.inside.${nearer}`, { points: points(p.margin) }) : t(`home.products.outside.${nearer}`, { points: points(-p.margin) });
  };
  return (
    <Card data-testid="home-section-products" title={t(`home.products.title.${s.scope}`)} extra={<ListLink to="/supply/products">{t('home.open.products')}</ListLink>}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('home.products.summary', { total: s.total, outside: s.outsideBand, date: s.asOf ?? '—' })}
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={s.items}
        locale={{ emptyText: t('home.products.none') }}
        renderItem={(p) => (
          <List.Item data-testid={`product-${p.code}`} data-value={p.ratio ?? ''}>
            <div style={{ minWidth: 0, width: '100%' }}>
              <Link to={`/supply/product?formula=${encodeURIComponent(p.code)}`}>{localName(p)}</Link>{' '}
              <Typography.Text strong>Y/P {pct(p.ratio)}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                {t('home.products.band', { low: pct(p.band[0], 0), high: pct(p.band[1], 0) })} · {edge(p)}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

function Streams({ s }: { s: Section<'streams'> }) {
  const { t } = useTranslation();
  const { num, pct } = useFormat();
  return (
    <Card data-testid="home-section-streams" title={t('home.streams.title', { period: s.period })} extra={<ListLink to="/byproducts/streams">{t('home.open.streams')}</ListLink>}>
      <Figures>
        <Figure id="streams-generated" label={t('home.flows.generated')} value={s.firm.generatedT} shown={num(s.firm.generatedT, 1)} suffix="t" />
        <Figure id="streams-utilised" label={t('home.flows.utilised')} value={s.firm.utilisedT} shown={num(s.firm.utilisedT, 1)} suffix="t" />
        <Figure id="streams-rate" label={t('home.flows.rate')} value={s.firm.utilisationRate} shown={pct(s.firm.utilisationRate)} />
      </Figures>
      <List
        size="small"
        style={{ marginTop: 8 }}
        dataSource={s.items}
        locale={{ emptyText: t('home.streams.none') }}
        renderItem={(x) => (
          <List.Item data-testid={`stream-${x.code}`} data-value={x.utilisationRate ?? ''}>
            <Link to={`/byproducts/stream?id=${encodeURIComponent(x.code)}`}><UserText>{x.name}</UserText></Link>
            <Typography.Text type="secondary">{t('home.streams.item', { generated: num(x.generatedT, 1), rate: pct(x.utilisationRate) })}</Typography.Text>
          </List.Item>
        )}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('home.streams.estimated')}
      </Typography.Text>
    </Card>
  );
}

function Circularity({ s }: { s: Section<'circularity'> }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const { num, pct } = useFormat();
  return (
    <Card data-testid="home-section-circularity" title={t('home.circularity.title', { name: localName(s), period: s.period })} extra={<ListLink to="/byproducts/circularity">{t('home.open.circularity')}</ListLink>}>
      <Figures>
        <Figure id="circ-streams" label={t('home.circularity.streams')} value={s.streams} />
        <Figure id="circ-generated" label={t('home.flows.generated')} value={s.generatedT} shown={num(s.generatedT)} suffix="t" />
        <Figure id="circ-utilised" label={t('home.flows.utilised')} value={s.utilisedT} shown={num(s.utilisedT)} suffix="t" />
        <Figure id="circ-rate" label={t('home.flows.rate')} value={s.utilisationRate} shown={pct(s.utilisationRate)} />
        <Figure id="circ-value" label={t('home.circularity.value')} value={s.valueCreatedYuan} shown={num(s.valueCreatedYuan / 10_000, 1)} />
        <Figure id="circ-co2e" label={t('home.circularity.co2e')} value={s.co2eAvoidedT} shown={num(s.co2eAvoidedT)} suffix="t" />
      </Figures>
    </Card>
  );
}

function UnreportedFirms({ s }: { s: Section<'unreportedFirms'> }) {
  const { t } = useTranslation();
  return (
    <Card data-testid="home-section-unreportedFirms" title={t('home.unreported.title', { period: s.period })} extra={<ListLink to="/byproducts/streams">{t('home.open.streams')}</ListLink>}>
      <Figures>
        <Figure id="unreported-firms" label={t('home.unreported.missing')} value={s.firms.length} />
        <Figure id="unreported-of" label={t('home.unreported.withStreams')} value={s.firmsWithStreams} />
      </Figures>
      <List
        size="small"
        style={{ marginTop: 8 }}
        dataSource={s.firms}
        locale={{ emptyText: t('home.unreported.none', { count: s.firmsWithStreams }) }}
        renderItem={(f) => (
          <List.Item>
            <span lang="zh-CN">{f.name}</span>
            <Typography.Text type="secondary">{t('home.unreported.item', { reported: f.reported, streams: f.streams })}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}

function RegionAccounts({ s }: { s: Section<'regionAccounts'> }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const { num, pct } = useFormat();
  return (
    <Card data-testid="home-section-regionAccounts" title={t('home.accounts.title', { region: localName(s.region) })} extra={<ListLink to="/accounts/region">{t('home.open.accounts')}</ListLink>}>
      {s.latest ? (
        <Figures>
          <Figure id="accounts-year" label={t('home.accounts.year')} value={s.latest.year} />
          <Figure id="accounts-productivity" label={t('home.accounts.productivity')} value={s.latest.productivityDmc} shown={num(s.latest.productivityDmc)} suffix={t('home.unit.yuanPerT')} />
          <Figure id="accounts-change" label={t('home.accounts.change')} value={s.latest.productivityChange} shown={pct(s.latest.productivityChange)} />
        </Figures>
      ) : (
        <Typography.Paragraph data-testid="accounts-none">
          {t('home.accounts.none', { region: localName(s.region), regions: s.regionsWithAccounts.map(localName).join(t('home.listSeparator')) })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

const boardStatuses = ['missing', 'draft', 'submitted', 'returned', 'accepted'] as const;

function ReportingBoard({ s }: { s: Section<'reportingBoard'> }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  return (
    <Card data-testid="home-section-reportingBoard" title={t('home.board.title', { region: localName(s.region), period: s.period })} extra={<ListLink to="/reporting">{t('home.open.reporting')}</ListLink>}>
      <Figures>
        {boardStatuses.map((status) => (
          <Figure key={status} id={`board-${status}`} label={t(`home.report.${status}`)} value={s.counts[status]} />
        ))}
        <Figure id="board-firms" label={t('home.board.firms')} value={s.firms} />
      </Figures>
    </Card>
  );
}

function Findings({ s }: { s: Section<'findings'> }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  return (
    <Card data-testid="home-section-findings" title={t('home.findings.title', { region: s.region ? localName(s.region) : t('home.findings.allRegions') })} extra={<ListLink to="/accounts/findings">{t('home.open.findings')}</ListLink>}>
      <Figures>
        <Figure id="findings-error" label={t('home.findings.error')} value={s.open.error} />
        <Figure id="findings-warning" label={t('home.findings.warning')} value={s.open.warning} />
        <Figure id="findings-info" label={t('home.findings.info')} value={s.open.info} />
        <Figure id="findings-accepted" label={t('home.findings.accepted')} value={s.accepted} />
        <Figure id="findings-resolved" label={t('home.findings.resolved')} value={s.resolved} />
      </Figures>
    </Card>
  );
}

function BalanceModels({ s }: { s: Section<'balanceModels'> }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  return (
    <Card data-testid="home-section-balanceModels" title={t('home.balance.title', { region: localName(s.region) })} extra={<ListLink to="/balance">{t('home.open.balance')}</ListLink>}>
      <Figures>
        <Figure id="balance-models" label={t('home.balance.models')} value={s.models} />
        <Figure id="balance-firms" label={t('home.balance.firms')} value={s.firms} />
      </Figures>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('home.balance.hint')}
      </Typography.Text>
    </Card>
  );
}

function OwnReport({ s }: { s: Section<'ownReport'> }) {
  const { t } = useTranslation();
  const waiting = s.status === 'missing' || s.status === 'draft' || s.status === 'returned';
  return (
    <Card data-testid="home-section-ownReport" title={t('home.ownReport.title', { period: s.period })} extra={<ListLink to="/reporting">{t('home.open.reporting')}</ListLink>}>
      <Space direction="vertical">
        <Tag color={waiting ? 'orange' : s.status === 'accepted' ? 'green' : 'blue'} data-testid="own-report-status" data-value={s.status}>
          {t(`home.report.${s.status}`)}
        </Tag>
        <Typography.Text>{waiting ? t('home.ownReport.waiting') : t('home.ownReport.done')}</Typography.Text>
      </Space>
    </Card>
  );
}

function StreamOffer({ s }: { s: Section<'streamOffer'> }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  return (
    <Card data-testid="home-section-streamOffer" title={t('home.offer.title', { region: localName(s.region) })} extra={<ListLink to="/byproducts/pathways">{t('home.open.pathways')}</ListLink>}>
      <Figures>
        <Figure id="offer-streams" label={t('home.offer.streams')} value={s.streams} />
        <Figure id="offer-firms" label={t('home.offer.firms')} value={s.firms} />
        {s.byState.map((x) => (
          <Figure key={x.state} id={`offer-state-${x.state}`} label={t(`home.state.${x.state}`, { defaultValue: x.state })} value={x.streams} />
        ))}
      </Figures>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        {t('home.offer.later')}
      </Typography.Paragraph>
    </Card>
  );
}

function Platform({ s }: { s: Section<'platform'> }) {
  const { t } = useTranslation();
  return (
    <Card data-testid="home-section-platform" title={t('home.platform.title')} extra={<ListLink to="/organisations">{t('home.open.directory')}</ListLink>}>
      <Figures>
        <Figure id="platform-organisations" label={t('home.platform.organisations')} value={s.organisations} />
        <Figure id="platform-users" label={t('home.platform.users')} value={s.users} />
        <Figure id="platform-sites" label={t('home.platform.sites')} value={s.sites} />
        <Figure id="platform-failed" label={t('home.platform.failedDeliveries')} value={s.deliveries.failed} />
        <Figure id="platform-pending" label={t('home.platform.pendingDeliveries')} value={s.deliveries.pending} />
        <Figure id="platform-audit" label={t('home.platform.audit')} value={s.audit.entries} />
      </Figures>
      <Space wrap style={{ marginTop: 12 }}>
        <ListLink to="/bulletins/subscribers">{t('home.open.webhooks')}</ListLink>
        <ListLink to="/audit">{t('home.open.audit')}</ListLink>
      </Space>
    </Card>
  );
}

/** One card per section kind. */
export function SectionCard({ section }: { section: HomeSection }) {
  switch (section.kind) {
    case 'warningCases':
      return <WarningCases s={section} />;
    case 'products':
      return <Products s={section} />;
    case 'streams':
      return <Streams s={section} />;
    case 'circularity':
      return <Circularity s={section} />;
    case 'unreportedFirms':
      return <UnreportedFirms s={section} />;
    case 'regionAccounts':
      return <RegionAccounts s={section} />;
    case 'reportingBoard':
      return <ReportingBoard s={section} />;
    case 'findings':
      return <Findings s={section} />;
    case 'balanceModels':
      return <BalanceModels s={section} />;
    case 'ownReport':
      return <OwnReport s={section} />;
    case 'streamOffer':
      return <StreamOffer s={section} />;
    case 'platform':
      return <Platform s={section} />;
  }
}
