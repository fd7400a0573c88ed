import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Select, Segmented, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { referenceApi } from '../../api/endpoints';
import { preloadCharts } from '../../components/Chart';
import { param, useUrlState } from '../../components/useUrlState';
import { useSession } from '../../session/session';
import { type ChainFigures, type MapNode, type ParkMap, symApi } from './api';
import { ChartPanel } from './ChartPanel';
import { EvaluationPanel } from './EvaluationPanel';
import { GapsPanel } from './GapsPanel';
import { StopPanel } from './StopPanel';
import { networkOption, sankeyLinks, sankeyOption } from './symbiosisCharts';
import { Formula } from '../../components/Formula';

const KINDS = ['material', 'energy', 'water'] as const;
const BASES = ['actual', 'planned'] as const;
const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
const YEARS = [thisYear, thisYear - 1, thisYear - 2, thisYear - 3];

const CHAINS = ['resource', 'value', 'ecological'] as const;
const MODES = ['low-value-conversion', 'reduce-efficiency', 'value-added', 'disposal'] as const;

const schema = {
  park: param.optional(),
  herb: param.optional(),
  cls: param.optional(),
  mode: param.optionalOneOf(MODES),
  chain: param.optionalOneOf(CHAINS),
  year: param.int(thisYear - 1, { min: 2000, max: 2100 }),
  kind: param.oneOf(KINDS, 'material'),
  basis: param.oneOf(BASES, 'actual'),
};

const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : v.toLocaleString('zh-CN', { maximumFractionDigits: digits }));

/**
 * The park symbiosis page (issue 14, 产业共生图): the park's network for a year as a Sankey and
 * on its sites' coordinates, its figures with their formulas, and the park's evaluation. What a
 * viewer sees is the server's decision (`access`): the park administration the whole network,
 * firms their own flows, other parks aggregates.
 */
export default function SymbiosisPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { me } = useSession();
  const [url, setUrl] = useUrlState(schema);
  const parks = useQuery({ queryKey: ['parks'], queryFn: () => referenceApi.parks() });
  const park = url.park ?? me?.actingAs.parkId ?? parks.data?.items[0]?.id;
  const filters = { herb: url.herb, class: url.cls, mode: url.mode, chain: url.chain };
  const map = useQuery({ queryKey: ['symbiosis', 'map', park, url.year, filters], queryFn: () => symApi.map(park!, url.year, filters), enabled: park !== undefined });
  preloadCharts();

  const data = map.data;
  const names = useMemo(() => ({ node: (n: MapNode) => (en ? n.nameEn : n.nameZh), outsideIn: t('symbiosis.outsideIn'), outsideOut: t('symbiosis.outsideOut') }), [en, t]);
  const flows = useMemo(() => (data ? data.flows.filter((f) => f.kind === url.kind && f.basis === url.basis) : []), [data, url.kind, url.basis]);
  const unit = t(`symbiosis.unit.${url.kind}`);
  const figures = data?.figures.find((f) => f.kind === url.kind && f.basis === url.basis);

  const sankey = useMemo(() => (data ? sankeyLinks(flows, data.nodes, names) : { links: [], dropped: [] }), [data, flows, names]);
  const sankeyChart = sankey.links.length ? sankeyOption(sankey.links, unit) : null;
  const network = useMemo(
    () => (data ? networkOption(data.nodes, flows, { ...names, cities: true, en, lon: t('symbiosis.lon'), lat: t('symbiosis.lat') }) : null),
    [data, flows, names, en, t],
  );
  const nodeRows = useMemo(() => {
    if (!data) return [];
    const per = new Map(data.perNode.filter((p) => p.kind === url.kind && p.basis === url.basis).map((p) => [p.id, p]));
    return data.nodes.map((n) => ({
      id: n.id,
      name: names.node(n),
      kind: t(`symbiosis.nodeKind.${n.kind}`),
      inside: n.inside ? t('symbiosis.inside') : t('symbiosis.partnerOutside'),
      lat: n.lat,
      lon: n.lon,
      in: per.get(n.id)?.in ?? null,
      out: per.get(n.id)?.out ?? null,
      degree: per.get(n.id)?.degree ?? null,
      largestPartnerShare: per.get(n.id)?.largestPartnerShare ?? null,
    }));
  }, [data, url.kind, url.basis, names, t]);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="symbiosis-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('symbiosis.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('symbiosis.lead')}
      </Typography.Paragraph>
      <Space wrap>
        <Select
          aria-label={t('symbiosis.park')}
          style={{ minWidth: 220, maxWidth: '100%' }}
          value={park}
          onChange={(v) => setUrl({ park: v })}
          options={(parks.data?.items ?? []).map((p) => ({ value: p.id, label: en ? p.nameEn : p.nameZh }))}
          data-testid="symbiosis-park"
        />
        <Select aria-label={t('symbiosis.year')} style={{ width: 100 }} value={url.year} onChange={(v) => setUrl({ year: v })} options={YEARS.map((y) => ({ value: y, label: String(y) }))} data-testid="symbiosis-year" />
        <Segmented value={url.kind} onChange={(v) => setUrl({ kind: v })} options={KINDS.map((k) => ({ value: k, label: t(`symbiosis.kind.${k}`) }))} data-testid="symbiosis-kind" />
        <Segmented value={url.basis} onChange={(v) => setUrl({ basis: v })} options={BASES.map((b) => ({ value: b, label: t(`symbiosis.basis.${b}`) }))} data-testid="symbiosis-basis" />
      </Space>
      {data && (
        <Space wrap data-testid="symbiosis-filters">
          <Select allowClear aria-label={t('symbiosis.filter.herb')} placeholder={t('symbiosis.filter.herb')} style={{ width: 140 }} value={url.herb} onChange={(v?: string) => setUrl({ herb: v })} options={data.filters.herbs.map((h) => ({ value: h, label: h }))} data-testid="symbiosis-filter-herb" />
          <Select allowClear aria-label={t('symbiosis.filter.class')} placeholder={t('symbiosis.filter.class')} style={{ width: 160 }} value={url.cls} onChange={(v?: string) => setUrl({ cls: v })} options={data.filters.classes.map((c) => ({ value: c, label: t(`exchange.class.${c}`, { defaultValue: t('symbiosis.class.other') }) }))} data-testid="symbiosis-filter-class" />
          <Select allowClear aria-label={t('symbiosis.filter.mode')} placeholder={t('symbiosis.filter.mode')} style={{ width: 160 }} value={url.mode} onChange={(v?: (typeof MODES)[number]) => setUrl({ mode: v })} options={data.filters.modes.map((m) => ({ value: m, label: t(`symbiosis.mode.${m}`) }))} data-testid="symbiosis-filter-mode" />
          <Select aria-label={t('symbiosis.filter.chain')} style={{ width: 160 }} value={url.chain ?? 'all'} onChange={(v: string) => setUrl({ chain: v === 'all' ? undefined : (v as (typeof CHAINS)[number]) })} options={[{ value: 'all', label: t('symbiosis.chain.all') }, ...CHAINS.map((c) => ({ value: c, label: t(`symbiosis.chain.${c}`) }))]} data-testid="symbiosis-chain" />
        </Space>
      )}
      {map.isError && <Alert type="error" showIcon message={t('symbiosis.loadFailed')} />}
      {data && data.access !== 'full' && <Alert type="info" showIcon message={t(`symbiosis.access.${data.access}`)} data-testid="symbiosis-access" />}
      {data && <FiguresCard map={data} figures={figures} unit={unit} />}
      {data && <ChainsCard chains={data.chains.find((c) => c.basis === url.basis)} />}
      {data && (
        <ChartPanel
          title={t('symbiosis.sankey')}
          option={sankeyChart}
          rows={sankey.links.concat(sankey.dropped)}
          rowKey={(l) => `${l.source}>${l.target}`}
          columns={[
            { key: 'source', title: t('symbiosis.from') },
            { key: 'target', title: t('symbiosis.to') },
            { key: 'value', title: `${t('symbiosis.quantity')} (${unit})`, align: 'right', render: (v) => fmt(v as number, 1) },
          ]}
          fileName={`symbiosis-sankey-${url.kind}-${url.basis}-${url.year}.csv`}
          testId="symbiosis-sankey"
          extra={sankey.dropped.length > 0 ? <Typography.Text type="secondary">{t('symbiosis.cyclesDropped', { count: sankey.dropped.length })}</Typography.Text> : null}
        />
      )}
      {data && (
        <ChartPanel
          title={t('symbiosis.network')}
          option={network}
          rows={nodeRows}
          rowKey={(r) => r.id}
          height={420}
          columns={[
            { key: 'name', title: t('symbiosis.node') },
            { key: 'kind', title: t('symbiosis.nodeType') },
            { key: 'inside', title: t('symbiosis.where') },
            { key: 'in', title: `${t('symbiosis.in')} (${unit})`, align: 'right', render: (v) => fmt(v as number | null, 1) },
            { key: 'out', title: `${t('symbiosis.out')} (${unit})`, align: 'right', render: (v) => fmt(v as number | null, 1) },
            { key: 'degree', title: t('symbiosis.degree'), align: 'right' },
            { key: 'largestPartnerShare', title: t('symbiosis.largestPartnerShare'), align: 'right', render: (v) => fmt(v as number | null, 3) },
            { key: 'lat', title: t('symbiosis.lat'), align: 'right' },
            { key: 'lon', title: t('symbiosis.lon'), align: 'right' },
          ]}
          fileName={`symbiosis-nodes-${url.kind}-${url.basis}-${url.year}.csv`}
          testId="symbiosis-network"
        />
      )}
      {park !== undefined && data?.access === 'full' && <GapsPanel park={park} year={url.year} />}
      {park !== undefined && data?.access === 'full' && <StopPanel park={park} year={url.year} />}
      {park !== undefined && <EvaluationPanel park={park} year={url.year} />}
    </Space>
  );
}

function FiguresCard({ map, figures, unit }: { map: ParkMap; figures: ParkMap['figures'][number] | undefined; unit: string }) {
  const { t } = useTranslation();
  if (!figures) {
    return (
      <Card size="small" title={t('symbiosis.figures')} data-testid="symbiosis-figures">
        <Typography.Text type="secondary">{t('symbiosis.noFlows', { year: map.year })}</Typography.Text>
      </Card>
    );
  }
  const items = [
    { key: 'nodes', label: t('symbiosis.fig.nodes'), value: fmt(figures.nodes), formula: t('symbiosis.formula.nodes') },
    { key: 'links', label: t('symbiosis.fig.links'), value: fmt(figures.links), formula: t('symbiosis.formula.links') },
    { key: 'connectance', label: t('symbiosis.fig.connectance'), value: fmt(figures.connectance, 3), notation: 'C = L / (n(n − 1))' },
    { key: 'linkDensity', label: t('symbiosis.fig.linkDensity'), value: fmt(figures.linkDensity, 3), notation: 'D = L / n' },
    { key: 'fci', label: t('symbiosis.fig.fci'), value: fmt(figures.finnCyclingIndex, 4), notation: 'FCI = Σ ((N_ii − 1) / N_ii) · T_i / Σ T_i, N = (I − P)⁻¹, P_ij = f_ij / T_i' },
    { key: 'cycles', label: t('symbiosis.fig.cycles'), value: `${fmt(figures.cycles.count)}${figures.cycles.truncated ? '+' : ''}`, formula: t('symbiosis.formula.cycles') },
    { key: 'tst', label: t('symbiosis.fig.tst'), value: `${fmt(figures.totalSystemThroughflow, 1)} ${unit}`, notation: 'TST = Σ T_i, T_i = max(Σ f_in, Σ f_out)' },
    { key: 'local', label: t('symbiosis.fig.local'), value: figures.localOutletShare === null ? '—' : `${fmt(figures.localOutletShare * 100, 1)} %`, formula: t('symbiosis.formula.local') },
  ];
  return (
    <Card size="small" title={t('symbiosis.figures')} data-testid="symbiosis-figures">
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} items={items.map((i) => ({ key: i.key, label: i.label, children: <span><Typography.Text strong data-testid={`fig-${i.key}`}>{i.value}</Typography.Text><br />{i.notation ? <Formula>{i.notation}</Formula> : <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.formula}</Typography.Text>}</span> }))} />
      {figures.disposalMix.length > 0 && (
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="symbiosis-disposal">
          {t('symbiosis.disposalMix')}: {figures.disposalMix.map((d) => `${t(`symbiosis.handling.${d.handling}`, { defaultValue: d.handling })} ${fmt(d.share * 100, 1)} %`).join('，')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** The three chains of the super-circular system (resource, value, ecological) with their figures. */
function ChainsCard({ chains }: { chains: ChainFigures | undefined }) {
  const { t } = useTranslation();
  if (!chains) return null;
  const pct = (v: number | null) => (v === null ? '—' : `${fmt(v * 100, 1)} %`);
  const items = [
    { key: 'reused', label: t('symbiosis.chainFig.reused'), value: `${fmt(chains.resource.reusedT, 1)} t`, hint: t('symbiosis.chainFig.localShare', { share: pct(chains.resource.localShare) }) },
    { key: 'energy', label: t('symbiosis.chainFig.energyWater'), value: `${fmt(chains.resource.energyMWh, 0)} MWh · ${fmt(chains.resource.waterM3, 0)} m³`, hint: t('symbiosis.chain.resource') },
    { key: 'value', label: t('symbiosis.chainFig.value'), value: `${fmt(chains.value.value, 0)} ${t('symbiosis.chainFig.yuan')}`, hint: t('symbiosis.chainFig.perTonne', { value: chains.value.valuePerTonne === null ? '—' : fmt(chains.value.valuePerTonne, 0) }) },
    { key: 'disposed', label: t('symbiosis.chainFig.disposed'), value: `${fmt(chains.ecological.disposedT, 1)} t`, hint: t('symbiosis.chainFig.harmless', { share: pct(chains.ecological.harmlessShare) }) },
    { key: 'diversion', label: t('symbiosis.chainFig.diversion'), value: pct(chains.ecological.diversionRate), hint: t('symbiosis.chainFig.diversionFormula') },
  ];
  return (
    <Card size="small" title={t('symbiosis.chainFig.title')} data-testid="symbiosis-chains">
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items.map((i) => ({ key: i.key, label: i.label, children: <span><Typography.Text strong data-testid={`chain-${i.key}`}>{i.value}</Typography.Text><br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.hint}</Typography.Text></span> }))} />
      {chains.value.byMode.length > 0 && (
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
          {t('symbiosis.chainFig.byMode')}: {chains.value.byMode.map((m) => `${t(`symbiosis.mode.${m.mode}`, { defaultValue: t('symbiosis.mode.unspecified') })} ${fmt(m.tonnes, 1)} t`).join('，')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
