import type { Executor } from '../../db/database';
import { regionCovers, regionPrefix } from '../../platform/actor';
import { type Breakdown, type HierarchyNode, protectTable, type SuppressionReason } from '../../platform/disclosure';
import type { ServiceContext } from '../../platform/viewer';
import { listParks, listRegions } from '../organisations';
import { byproductsPolicy } from './byproducts.policy';
import * as repo from './byproducts.repository';
import type { StreamWithOwner } from './byproducts.repository';
import { circularityFigures, type CircularityFigures, generationBreakdown, type StreamPeriodRecord } from './engine';

/**
 * Disclosure control of the public park and region figures (src/platform/disclosure): which
 * parts of a park's or region's figures a viewer who is not entitled to every firm in it may see.
 * The decision is taken over every park and region of the provinces involved at once, so that
 * no difference of published figures (region − its parks, region − its districts) leaves fewer
 * than three firms or one dominated by two.
 */

/** The parts of a scope's figures that are suppressed independently. */
export const disclosureParts = ['figures', 'series', 'modes', 'routes', 'seriesDetail', 'byStage', 'byClass'] as const;
export type DisclosurePart = (typeof disclosureParts)[number];
export type DisclosureDecision = Record<DisclosurePart, SuppressionReason | null>;

/** Measures of a firm's contribution, checked by the dominance rule each. */
function measures(f: CircularityFigures): number[] {
  return [f.generatedT, f.utilisedT, f.disposedT, f.valueCreatedYuan, f.disposalCostYuan];
}

const regionNode = (code: string) => `region:${code}`;
const parkNode = (id: string) => `park:${id}`;

interface Layout {
  nodes: HierarchyNode[];
  /** Per firm: the nodes holding it. */
  nodesOf: Map<string, string[]>;
  /** Parks whose firms straddle districts (the cells would not nest): suppressed outright. */
  straddling: Set<string>;
}

/** The parks and regions as a hierarchy of nested cells, from the firms that have streams. */
async function layout(db: Executor, streams: readonly StreamWithOwner[]): Promise<Layout> {
  const regions = await listRegions(db);
  const parks = await listParks(db);
  const firms = new Map<string, { region: string; park: string | null }>();
  for (const s of streams) firms.set(s.organisation_id, { region: s.region_code, park: s.park_id });
  const covering = (region: string) => regions.filter((r) => regionCovers(r.code, region)).sort((a, b) => regionPrefix(b.code).length - regionPrefix(a.code).length);
  const nodes: HierarchyNode[] = regions.map((r) => ({ id: regionNode(r.code), parent: covering(r.code).filter((o) => o.code !== r.code).map((o) => regionNode(o.code))[0] ?? null }));
  const straddling = new Set<string>();
  for (const p of parks) {
    const members = [...firms.values()].filter((f) => f.park === p.id).map((f) => f.region);
    if (members.length === 0) continue;
    // The deepest listed region holding every firm of the park; a deeper region holding only some breaks the nesting.
    const holders = regions.filter((r) => members.every((m) => regionCovers(r.code, m))).sort((a, b) => regionPrefix(b.code).length - regionPrefix(a.code).length);
    const parent = holders[0]?.code ?? null;
    const partial = regions.some((r) => (parent === null || (regionCovers(parent, r.code) && r.code !== parent)) && members.some((m) => regionCovers(r.code, m)) && !members.every((m) => regionCovers(r.code, m)));
    if (partial) straddling.add(parkNode(p.id));
    nodes.push({ id: parkNode(p.id), parent: partial || parent === null ? null : regionNode(parent) });
  }
  const nodesOf = new Map<string, string[]>();
  for (const [id, f] of firms) {
    nodesOf.set(id, [...regions.filter((r) => regionCovers(r.code, f.region)).map((r) => regionNode(r.code)), ...(f.park !== null ? [parkNode(f.park)] : [])]);
  }
  return { nodes, nodesOf, straddling };
}

type Cells = Map<string, Map<string, number[]>>;

/** Adds a firm's values to every node holding it. */
function addTo(cells: Cells, nodesOf: Map<string, string[]>, firm: string, values: number[]): void {
  for (const node of nodesOf.get(firm) ?? []) {
    const cell = cells.get(node) ?? new Map<string, number[]>();
    cell.set(firm, values);
    cells.set(node, cell);
  }
}

/** A breakdown: part → node → contributions, one firm's parts at a time. */
function breakdown(nodesOf: Map<string, string[]>, firms: readonly string[], partsOf: (firm: string) => Record<string, number[]>): Breakdown {
  const out = new Map<string, Cells>();
  for (const firm of firms) {
    for (const [part, values] of Object.entries(partsOf(firm))) {
      const cells: Cells = out.get(part) ?? new Map<string, Map<string, number[]>>();
      addTo(cells, nodesOf, firm, values);
      out.set(part, cells);
    }
  }
  return out;
}

const months = (year: string) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

/**
 * What the viewer may see of the park's or region's figures for the period. Viewers entitled to
 * every firm of the scope (the policy lets them read each firm's streams: regulators of the
 * region, the park's administration, platform admins, the system) see it exactly.
 * `recordsOf` gives the records of streams for a year (reported and estimated).
 */
export async function disclosureDecision(
  db: Executor,
  ctx: ServiceContext,
  target: { level: 'park' | 'region'; key: string; streams: readonly StreamWithOwner[] },
  period: string,
  recordsOf: (streams: StreamWithOwner[], year: string) => Promise<StreamPeriodRecord[]>,
): Promise<{ exact: boolean; suppressed: DisclosureDecision }> {
  const none = Object.fromEntries(disclosureParts.map((p) => [p, null])) as DisclosureDecision;
  const entitled = target.streams.every((s) => byproductsPolicy.read(ctx.viewer, { organisationId: s.organisation_id, regionCode: s.region_code, parkId: s.park_id }));
  if (entitled) return { exact: true, suppressed: none };

  // Every stream of the provinces the scope touches: the cells a reader could combine with it.
  const provinces = new Set(target.streams.map((s) => s.region_code.slice(0, 2)));
  if (target.level === 'region') provinces.add(target.key.slice(0, 2));
  const streams = (await Promise.all([...provinces].map(async (p) => (await repo.listStreams(db, { regionPrefix: p })).rows))).flat();
  const { nodes, nodesOf, straddling } = await layout(db, streams);
  const year = period.slice(0, 4);
  const records = await recordsOf(streams, year);
  const byFirm = new Map<string, StreamPeriodRecord[]>();
  for (const r of records) byFirm.set(r.firmId, [...(byFirm.get(r.firmId) ?? []), r]);
  const firms = [...byFirm.keys()];
  const figuresOf = new Map<string, CircularityFigures>();
  const fig = (firm: string, p: string) => {
    const key = `${firm}|${p}`;
    let f = figuresOf.get(key);
    if (f === undefined) {
      f = circularityFigures(byFirm.get(firm)!, 'firm', firm, p);
      figuresOf.set(key, f);
    }
    return f;
  };
  const totals = (p: string): Cells => {
    const cells: Cells = new Map();
    for (const firm of firms) addTo(cells, nodesOf, firm, measures(fig(firm, p)));
    return cells;
  };
  const details = (p: string, prefix = '') => ({
    modes: (firm: string) => Object.fromEntries(Object.entries(fig(firm, p).utilisedByModeT).map(([m, v]) => [`${prefix}${m}`, [v]])),
    routes: (firm: string) => Object.fromEntries(Object.entries(fig(firm, p).disposalMix).map(([r, v]) => [`${prefix}${r}`, [v.tonnes]])),
  });
  const generation = (p: string, by: 'stage' | 'class') => (firm: string) =>
    Object.fromEntries(Object.entries(generationBreakdown(byFirm.get(firm)!, 'firm', firm, p, by)).map(([k, v]) => [k, [v]]));
  const forced = new Map<string, SuppressionReason>([...straddling].map((id) => [id, 'complementary']));
  const node = target.level === 'park' ? parkNode(target.key) : regionNode(target.key);

  // The year, with its months (and their detail) as breakdowns. A month is published where its
  // year's series is, its detail where the year's monthly detail is: the months add up to the year.
  const perMonth = (partsOf: (p: string) => (firm: string) => Record<string, number[]>) => (firm: string) =>
    Object.assign({}, ...months(year).map((m) => Object.fromEntries(Object.entries(partsOf(m)(firm)).map(([k, v]) => [`${m}|${k}`, v])))) as Record<string, number[]>;
  const table = protectTable({
    nodes,
    total: totals(year),
    forcedTotal: forced,
    breakdowns: new Map<string, Breakdown>([
      ['series', breakdown(nodesOf, firms, (f) => Object.fromEntries(months(year).map((m) => [m, measures(fig(f, m))])))],
      ['seriesDetail', breakdown(nodesOf, firms, perMonth((m) => (f) => ({ ...details(m).modes(f), ...details(m, 'r:').routes(f) })))],
      ['seriesStage', breakdown(nodesOf, firms, perMonth((m) => generation(m, 'stage')))],
      ['seriesClass', breakdown(nodesOf, firms, perMonth((m) => generation(m, 'class')))],
      ['modes', breakdown(nodesOf, firms, details(year).modes)],
      ['routes', breakdown(nodesOf, firms, details(year).routes)],
      ['byStage', breakdown(nodesOf, firms, generation(year, 'stage'))],
      ['byClass', breakdown(nodesOf, firms, generation(year, 'class'))],
    ]),
  });
  const b = (name: string) => table.breakdowns.get(name)!.get(node) ?? null;
  const suppressed: DisclosureDecision =
    period.length === 4
      ? { figures: table.total.get(node) ?? null, series: b('series'), seriesDetail: b('seriesDetail'), modes: b('modes'), routes: b('routes'), byStage: b('byStage'), byClass: b('byClass') }
      : { figures: b('series'), series: null, seriesDetail: null, modes: b('seriesDetail'), routes: b('seriesDetail'), byStage: b('seriesStage'), byClass: b('seriesClass') };
  return { exact: false, suppressed };
}
