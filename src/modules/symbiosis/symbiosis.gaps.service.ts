import type { Executor } from '../../db/database';
import type { TableFormat } from '../../platform/import/index';
import { permit } from '../../platform/policy-rules';
import { writeTable } from '../../platform/table-writer';
import type { ServiceContext } from '../../platform/viewer';
import { classify, currentPathways, toEngineStream } from '../byproducts';
import { UTILISER_TYPES } from '../byproducts/engine';
import { chainGaps, DEFAULT_GAP_RADIUS_KM, type GapStream } from './engine';
import { currentYear, parkView } from './symbiosis.map.service';
import { buildParkNetwork, orgNode, resolvePark } from './symbiosis.network.service';
import { symbiosisPolicy } from './symbiosis.policy';
import type { GapsView } from './symbiosis.schema';

/**
 * Chain gaps and the attraction list (补链招商) of a park for a year: each declared stream of a
 * firm of the park with the tonnes its contracts place with an outlet that year; the engine
 * groups what is left within `DEFAULT_GAP_RADIUS_KM` per pathway of the current knowledge base
 * and ranks the firms to attract. The list is exported for the investment-promotion team.
 */
export async function parkGaps(db: Executor, ctx: ServiceContext, parkText: string, year: number = currentYear()): Promise<GapsView> {
  const park = await resolvePark(db, parkText);
  permit(ctx.viewer, symbiosisPolicy.analysePark(ctx.viewer, park), 'Gaps name firms and their tonnes: for the park administration, regulators of the region and platform admins.');
  const [network, pathways] = await Promise.all([buildParkNetwork(db, park, year), currentPathways(db)]);
  const nodes = new Map(network.nodes.map((n) => [n.id, n]));
  const placed = new Map<string, number>();
  for (const f of network.flows) {
    if (f.kind === 'material' && f.basis === 'planned' && f.source === 'contract' && f.streamId) placed.set(f.streamId, (placed.get(f.streamId) ?? 0) + f.quantity);
  }
  const rows = network.streams.filter((s) => nodes.get(orgNode(s.organisation_id))?.inside === true);
  const input: GapStream[] = rows.map((row) => {
    const stream = toEngineStream(row);
    const node = nodes.get(orgNode(row.organisation_id))!;
    return {
      id: row.id,
      firm: row.organisation_id,
      park: park.parkId,
      location: node.lat !== null && node.lon !== null ? { lat: node.lat, lon: node.lon } : null,
      stream,
      classes: classify(stream).classes,
      outletTonnes: placed.get(row.id) ?? 0,
    };
  });
  const result = chainGaps(input, pathways, { radiusKm: DEFAULT_GAP_RADIUS_KM });
  const byStream = new Map(rows.map((r) => [r.id, r]));
  const firm = (orgId: string) => {
    const n = nodes.get(orgNode(orgId));
    return { id: orgId, code: n?.code ?? '', nameZh: n?.nameZh ?? '', nameEn: n?.nameEn ?? '' };
  };
  const utiliser = new Map(UTILISER_TYPES.map((u) => [u.id, { zh: u.zh, en: u.en }]));
  return {
    park: parkView(park),
    year,
    radiusKm: DEFAULT_GAP_RADIUS_KM,
    gaps: result.gaps.map((g) => {
      const row = byStream.get(g.stream)!;
      return { stream: { id: row.id, code: row.code, name: row.name }, firm: firm(g.firm), tonnesPerYear: g.tonnesPerYear, outletTonnes: g.outletTonnes, gapTonnes: g.gapTonnes, status: g.status, currentHandling: row.current_handling, pathways: g.pathways };
    }),
    attractions: result.attractions.map((a) => ({
      rank: a.rank,
      pathway: a.pathway,
      name: a.name,
      utiliser: a.utiliser,
      utiliserName: utiliser.get(a.utiliser) ?? { zh: a.utiliser, en: a.utiliser },
      product: a.product,
      capacityTonnesPerYear: a.capacityTonnesPerYear,
      minTonnesPerYear: a.minTonnesPerYear,
      viable: a.viable,
      centre: a.centre,
      withinKm: DEFAULT_GAP_RADIUS_KM,
      streams: a.streams.map((s) => ({ streamCode: byStream.get(s.stream)?.code ?? s.stream, firm: firm(s.firm), tonnes: s.tonnes })),
      productValuePerYear: a.productValuePerYear,
      netValuePerYear: a.netValuePerYear,
      disposalAvoidedTonnes: a.disposalAvoidedTonnes,
      disposalCostAvoidedPerYear: a.disposalCostAvoidedPerYear,
      co2eAvoidedPerYear: a.co2eAvoidedPerYear,
    })),
  };
}

/** The attraction list as a file: one row per firm to attract, Chinese and English headers. */
export async function exportGaps(db: Executor, ctx: ServiceContext, parkText: string, year: number | undefined, format: TableFormat): Promise<Buffer> {
  const view = await parkGaps(db, ctx, parkText, year);
  const round = (x: number) => Math.round(x * 10) / 10;
  const rows = view.attractions.map((a) => ({
    rank: a.rank,
    utiliser: `${a.utiliserName.zh} / ${a.utiliserName.en}`,
    pathway: `${a.name.zh} / ${a.name.en}`,
    product: `${a.product.zh} / ${a.product.en}`,
    capacity: round(a.capacityTonnesPerYear),
    minimum: a.minTonnesPerYear,
    viable: a.viable ? '是 yes' : '否 no',
    within: a.withinKm,
    value: Math.round(a.netValuePerYear),
    disposalAvoided: round(a.disposalAvoidedTonnes),
    disposalCostAvoided: Math.round(a.disposalCostAvoidedPerYear),
    co2e: round(a.co2eAvoidedPerYear),
    streams: a.streams.map((s) => `${s.firm.code} ${s.streamCode} ${round(s.tonnes)} t`).join('; '),
  }));
  return writeTable(
    [
      { key: 'rank', header: '排名 rank' },
      { key: 'utiliser', header: '招引企业类型 kind of firm' },
      { key: 'pathway', header: '利用途径 pathway' },
      { key: 'product', header: '产品 product' },
      { key: 'capacity', header: '规模 t/年 size t/yr' },
      { key: 'minimum', header: '经济规模下限 t/年 minimum t/yr' },
      { key: 'viable', header: '达到规模 viable' },
      { key: 'within', header: '半径 km within km' },
      { key: 'value', header: '年净价值 元 net value 元/yr' },
      { key: 'disposalAvoided', header: '避免处置 t/年 disposal avoided t/yr' },
      { key: 'disposalCostAvoided', header: '节省处置费 元/年 disposal cost avoided 元/yr' },
      { key: 'co2e', header: '减排 tCO2e/年 CO2e avoided t/yr' },
      { key: 'streams', header: '来源副产物 streams' },
    ],
    rows,
    format,
  );
}
