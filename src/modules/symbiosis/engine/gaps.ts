/**
 * Chain gaps and chain-completion (补链招商, seed 004 mechanism 1): by-product streams with no or
 * too small an outlet within the park or a distance, and the firms a park office could attract
 * to close them. For each pathway of the knowledge base (the by-products module's `Pathway`
 * shape, as its advisor uses it), the streams it accepts are grouped around the largest gap
 * within `radiusKm`; each group is one attraction: the kind of firm (the pathway's utiliser),
 * its size (tonnes a year of input), the value it would create and the disposal it would avoid,
 * with the same formulas as the advisor (`evaluatePathway`) except that capex per tonne is taken
 * at the group's scale. The list is ranked by net value a year.
 */
import {
  type Bilingual,
  CAPITAL_RECOVERY_FACTOR,
  capexPerTonneAtScale,
  checkConditions,
  type ByproductStream,
  type ClassScore,
  evaluatePathway,
  type Pathway,
  type UtiliserTypeId,
} from '../../byproducts/engine';

export interface GapStream {
  id: string;
  firm: string;
  park: string | null;
  /** Site of the stream; null = only grouped with streams of the same park. */
  location: { lat: number; lon: number } | null;
  stream: ByproductStream;
  /** The stream's composition classes (`classifyStream(stream).classes`). */
  classes: ClassScore[];
  /** Tonnes a year already placed with an outlet inside the park or within the distance. */
  outletTonnes: number;
}

export interface GapOptions {
  /** Streams within this straight-line distance of a group's largest gap share one firm (default 30 km). */
  radiusKm?: number;
  /** Gaps at or below this many tonnes a year are ignored (default 0). */
  minGapTonnes?: number;
}

export const DEFAULT_GAP_RADIUS_KM = 30;

export interface Gap {
  stream: string;
  firm: string;
  park: string | null;
  tonnesPerYear: number;
  outletTonnes: number;
  /** tonnesPerYear − outletTonnes. */
  gapTonnes: number;
  status: 'no-outlet' | 'insufficient';
  /** Pathways that accept the stream (their minimum scale is judged on a whole group). */
  pathways: string[];
}

export interface AttractionStream {
  stream: string;
  firm: string;
  tonnes: number;
}

export interface Attraction {
  rank: number;
  pathway: string;
  name: Bilingual;
  /** The kind of firm to attract. */
  utiliser: UtiliserTypeId;
  process: Pathway['process'];
  product: Bilingual;
  /** Its size: wet tonnes a year of input from the gaps of the group. */
  capacityTonnesPerYear: number;
  /** The pathway's economic minimum (`minTonnesPerYear`); `viable` = capacity reaches it. */
  minTonnesPerYear: number | null;
  viable: boolean;
  park: string | null;
  /** Site of the group's largest gap (where the firm would sit), when known. */
  centre: { lat: number; lon: number } | null;
  streams: AttractionStream[];
  productTonnesPerYear: number;
  productValuePerYear: number;
  processingCostPerYear: number;
  /** The value created: product value − processing (opex + annualised capex) + handling avoided. */
  netValuePerYear: number;
  /** Tonnes no longer going to today's handling (input less the residue the process leaves). */
  disposalAvoidedTonnes: number;
  disposalCostAvoidedPerYear: number;
  co2eAvoidedPerYear: number;
}

export interface GapsResult {
  gaps: Gap[];
  attractions: Attraction[];
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance (haversine), km. */
function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Per-stream feasibility, except the minimum scale: a group of streams may reach it together. */
function accepts(gap: GapStream, pathway: Pathway): boolean {
  return checkConditions(gap.stream, gap.classes, pathway).failures.every((f) => f.condition === 'minTonnesPerYear');
}

function near(anchor: GapStream, other: GapStream, radiusKm: number): boolean {
  if (anchor.location !== null && other.location !== null) return distanceKm(anchor.location, other.location) <= radiusKm;
  return anchor.park !== null && anchor.park === other.park;
}

function attraction(pathway: Pathway, group: { gap: GapStream; tonnes: number }[]): Omit<Attraction, 'rank'> {
  const capacity = group.reduce((s, g) => s + g.tonnes, 0);
  let product = 0;
  let productValue = 0;
  let processing = 0;
  let handlingAvoided = 0;
  let disposalAvoided = 0;
  let co2 = 0;
  for (const { gap, tonnes } of group) {
    // The advisor's evaluation of the gap's tonnes alone, then capex re-priced at the group's scale.
    const e = evaluatePathway({ ...gap.stream, tonnesPerYear: tonnes }, pathway);
    product += e.productTonnesPerYear;
    productValue += e.productValuePerYear;
    processing += e.processingCostPerYear - tonnes * capexPerTonneAtScale(pathway, tonnes) * CAPITAL_RECOVERY_FACTOR;
    handlingAvoided += e.handlingAvoidedPerYear;
    disposalAvoided += tonnes - e.residueTonnesPerYear;
    co2 += e.co2eAvoidedPerYear;
  }
  processing += capacity * capexPerTonneAtScale(pathway, capacity) * CAPITAL_RECOVERY_FACTOR;
  const minimum = pathway.conditions.minTonnesPerYear ?? null;
  const anchor = group[0]!.gap;
  return {
    pathway: pathway.id,
    name: pathway.name,
    utiliser: pathway.utiliser,
    process: pathway.process,
    product: pathway.product,
    capacityTonnesPerYear: capacity,
    minTonnesPerYear: minimum,
    viable: minimum === null || capacity >= minimum,
    park: anchor.park,
    centre: anchor.location,
    streams: group.map(({ gap, tonnes }) => ({ stream: gap.id, firm: gap.firm, tonnes })),
    productTonnesPerYear: product,
    productValuePerYear: productValue,
    processingCostPerYear: processing,
    netValuePerYear: productValue - processing + handlingAvoided,
    disposalAvoidedTonnes: disposalAvoided,
    disposalCostAvoidedPerYear: handlingAvoided,
    co2eAvoidedPerYear: co2,
  };
}

/**
 * Gaps, largest first, and the attraction list: viable groups before those below their
 * pathway's minimum scale, then by net value a year. A stream may appear under several
 * pathways (they are alternatives), but once per pathway.
 */
export function chainGaps(streams: readonly GapStream[], pathways: readonly Pathway[], options: GapOptions = {}): GapsResult {
  const radiusKm = options.radiusKm ?? DEFAULT_GAP_RADIUS_KM;
  const minGap = options.minGapTonnes ?? 0;
  const open = streams
    .map((gap) => ({ gap, tonnes: gap.stream.tonnesPerYear - Math.max(0, gap.outletTonnes) }))
    .filter((g) => g.tonnes > minGap)
    .sort((a, b) => b.tonnes - a.tonnes || (a.gap.id < b.gap.id ? -1 : 1));

  const accepted = new Map<string, string[]>(open.map((g) => [g.gap.id, []]));
  const found: Omit<Attraction, 'rank'>[] = [];
  for (const pathway of pathways) {
    const candidates = open.filter((g) => accepts(g.gap, pathway));
    for (const g of candidates) accepted.get(g.gap.id)!.push(pathway.id);
    const grouped = new Set<string>();
    for (const anchor of candidates) {
      if (grouped.has(anchor.gap.id)) continue;
      const group = candidates.filter((g) => !grouped.has(g.gap.id) && (g === anchor || near(anchor.gap, g.gap, radiusKm)));
      for (const g of group) grouped.add(g.gap.id);
      found.push(attraction(pathway, group));
    }
  }
  found.sort((a, b) => Number(b.viable) - Number(a.viable) || b.netValuePerYear - a.netValuePerYear || (a.pathway < b.pathway ? -1 : 1));

  const gaps: Gap[] = open.map(({ gap, tonnes }) => ({
    stream: gap.id,
    firm: gap.firm,
    park: gap.park,
    tonnesPerYear: gap.stream.tonnesPerYear,
    outletTonnes: Math.max(0, gap.outletTonnes),
    gapTonnes: tonnes,
    status: gap.outletTonnes > 0 ? 'insufficient' : 'no-outlet',
    pathways: accepted.get(gap.id)!,
  }));
  return { gaps, attractions: found.map((a, k) => ({ ...a, rank: k + 1 })) };
}
