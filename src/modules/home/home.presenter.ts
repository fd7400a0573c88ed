/** Module figures → home sections (pure): what each card shows. */
import type { FindingCounts } from '../accounts';
import type { FiguresResult, ParkReporting, RegionStreamOffer } from '../byproducts';
import type { CaseCounts } from '../warnings';
import type { RegionRow } from '../organisations';
import type { ProductsStanding } from './home.products';
import type { HomeSection } from './home.schema';

type Section<K extends HomeSection['kind']> = Extract<HomeSection, { kind: K }>;

/** Products listed on a card: enough to act on, the rest is one click away on the list. */
const PRODUCTS_SHOWN = 5;

export const placeOf = (r: Pick<RegionRow, 'code' | 'name_zh' | 'name_en'>) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en });

export function warningCasesSection(c: CaseCounts): Section<'warningCases'> {
  return { kind: 'warningCases', open: c.open, escalating: c.escalating, byLevel: c.byLevel };
}

/**
 * `nearest`: the products still inside their band, the closest to an edge first (those outside
 * are warning cases already). `own`/`reference`: the firm's products, the least margin first.
 */
export function productsSection(standing: ProductsStanding, scope: Section<'products'>['scope']): Section<'products'> {
  const outside = standing.products.filter((p) => p.margin !== null && p.margin < 0);
  const candidates = scope === 'nearest' ? standing.products.filter((p) => p.margin !== null && p.margin >= 0) : standing.products;
  const byMargin = [...candidates].sort((a, b) => (a.margin ?? Infinity) - (b.margin ?? Infinity) || a.code.localeCompare(b.code));
  return {
    kind: 'products',
    scope,
    asOf: standing.asOf,
    total: standing.products.length,
    outsideBand: outside.length,
    items: byMargin.slice(0, PRODUCTS_SHOWN).map((p) => ({ code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, ratio: p.ratio, band: p.band, level: p.level, margin: p.margin })),
  };
}

const flows = (f: NonNullable<FiguresResult['figures']>) => ({ generatedT: f.generatedT, utilisedT: f.utilisedT, utilisationRate: f.utilisationRate });

export function streamsSection(period: string, all: { code: string; name: string; figures: FiguresResult }[]): Section<'streams'> {
  // A firm is always entitled to its own figures; a stream withheld anyway is left out, never counted as zero.
  const streams = all.flatMap((x) => (x.figures.figures === null ? [] : [{ ...x, figures: { ...x.figures, figures: x.figures.figures } }]));
  const generatedT = streams.reduce((s, x) => s + x.figures.figures.generatedT, 0);
  const utilisedT = streams.reduce((s, x) => s + x.figures.figures.utilisedT, 0);
  return {
    kind: 'streams',
    period,
    firm: { generatedT, utilisedT, utilisationRate: generatedT > 0 ? utilisedT / generatedT : null },
    items: streams.map((s) => ({ code: s.code, name: s.name, ...flows(s.figures.figures) })),
  };
}

/** No card when disclosure control withholds the figures from this viewer: no card rather than a wrong one. */
export function circularitySection(scope: 'park' | 'region', named: { name_zh: string; name_en: string }, r: FiguresResult): Section<'circularity'>[] {
  const f = r.figures;
  if (f === null) return [];
  return [{
    kind: 'circularity',
    scope,
    id: r.id,
    nameZh: named.name_zh,
    nameEn: named.name_en,
    period: r.period,
    streams: r.streams,
    ...flows(f),
    valueCreatedYuan: f.valueCreatedYuan,
    co2eAvoidedT: f.co2eAvoidedT,
  }];
}

export function unreportedFirmsSection(r: ParkReporting): Section<'unreportedFirms'> {
  return { kind: 'unreportedFirms', period: r.period, firmsWithStreams: r.firmsWithStreams, firms: r.missing.map((m) => ({ code: m.code, name: m.name, streams: m.streams, reported: m.reported })) };
}

export function findingsSection(region: RegionRow | null, c: FindingCounts): Section<'findings'> {
  return { kind: 'findings', region: region ? placeOf(region) : null, open: c.open, accepted: c.accepted, resolved: c.resolved };
}

export function streamOfferSection(region: RegionRow, o: RegionStreamOffer): Section<'streamOffer'> {
  return { kind: 'streamOffer', region: placeOf(region), streams: o.streams, firms: o.firms, byState: o.byState };
}
