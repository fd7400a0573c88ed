/**
 * Matching by delivered value (issue: by-product exchange). For every eligible pair of a listing
 * (供) and a demand (需) the value per tonne is what the demand offers for the lot's grade, less
 * the seller's reserve price, less the road transport:
 *
 *   value = price[grade] − reserve − distance × cost per t·km (of the listing's load type)
 *
 * A pair is eligible when the demand accepts the listing's composition class, the grade is at
 * least the demand's minimum and priced by it, the road distance is within the demand's maximum
 * and the value is positive. The allocation maximises Σ tonnes × value under supplies and
 * capacities exactly (transport-simplex.ts). Candidate pairs come from a spatial index (kdbush),
 * so a national market never looks at every listing for every demand.
 */
import KDBush from 'kdbush';
import type { CompositionClassId } from '../../byproducts/engine';
import { EARTH_RADIUS_KM, roadDistanceKm } from './geo';

const KM_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_KM;
import { solveTransport } from './transport-simplex';

export const GRADES = ['A', 'B', 'C'] as const;
export type Grade = (typeof GRADES)[number];
export const LOAD_TYPES = ['bulk', 'liquid', 'hazardous'] as const;
export type LoadType = (typeof LOAD_TYPES)[number];

/** A > B > C: the rank of a grade, higher is better. */
const gradeRank = (g: Grade): number => GRADES.length - GRADES.indexOf(g);

export interface MarketListing {
  id: string;
  tonnes: number;
  lat: number;
  lon: number;
  class: CompositionClassId;
  grade: Grade;
  /** 元 per tonne; null ("negotiable") counts as 0. */
  reservePrice: number | null;
  loadType: LoadType;
}

export interface MarketDemand {
  id: string;
  capacity: number;
  lat: number;
  lon: number;
  accepts: readonly CompositionClassId[];
  minGrade: Grade;
  /** 元 per tonne offered by grade; a grade that is missing is not bought. */
  prices: Partial<Record<Grade, number>>;
  maxDistanceKm: number;
}

export interface TransportTerms {
  /** 元 per tonne·km by load type. */
  costPerTonneKm: Record<LoadType, number>;
  /** Road distance ÷ great-circle distance. */
  roadFactor: number;
}

export interface Market {
  transport: TransportTerms;
  listings: readonly MarketListing[];
  demands: readonly MarketDemand[];
}

/** The eligible pairs, as indexes into the market's listings and demands. */
export interface CandidatePairs {
  listing: Int32Array;
  demand: Int32Array;
  valuePerTonne: Float64Array;
  distanceKm: Float64Array;
}

/**
 * The eligible pairs of a market. Per demand the spatial index returns the listings inside the
 * latitude/longitude box that holds every point within its reach (the maximum road distance as a
 * great-circle distance); the exact road distance then decides.
 */
export function candidatePairs(market: Market, exclude?: ReadonlySet<string>): CandidatePairs {
  const { listings, demands, transport } = market;
  const listingIndex: number[] = [];
  const demandIndex: number[] = [];
  const values: number[] = [];
  const distances: number[] = [];
  if (listings.length === 0 || demands.length === 0) return pack(listingIndex, demandIndex, values, distances);

  const index = new KDBush(listings.length);
  for (const l of listings) index.add(l.lon, l.lat);
  index.finish();

  demands.forEach((d, j) => {
    const accepted = new Set<string>(d.accepts);
    const minRank = gradeRank(d.minGrade);
    const reachDeg = (d.maxDistanceKm / transport.roadFactor / KM_PER_DEGREE) * (1 + 1e-9);
    const maxLat = Math.min(90, d.lat + reachDeg);
    const minLat = Math.max(-90, d.lat - reachDeg);
    // Meridians converge: the box is widest in longitude at the latitude farthest from the equator.
    const cosLat = Math.cos((Math.max(Math.abs(minLat), Math.abs(maxLat)) * Math.PI) / 180);
    const lonReach = cosLat < 1e-6 ? 180 : Math.min(180, reachDeg / cosLat);
    const near = index.range(d.lon - lonReach, minLat, d.lon + lonReach, maxLat);
    for (const i of near) {
      const l = listings[i]!;
      if (!accepted.has(l.class) || gradeRank(l.grade) < minRank || d.prices[l.grade] === undefined) continue;
      const distanceKm = roadDistanceKm(l.lat, l.lon, d.lat, d.lon, transport.roadFactor);
      if (distanceKm > d.maxDistanceKm) continue;
      if (exclude?.has(pairKey(l.id, d.id))) continue;
      const value = d.prices[l.grade]! - (l.reservePrice ?? 0) - distanceKm * transport.costPerTonneKm[l.loadType];
      if (!(value > 0)) continue;
      listingIndex.push(i);
      demandIndex.push(j);
      values.push(value);
      distances.push(distanceKm);
    }
  });
  return pack(listingIndex, demandIndex, values, distances);
}

function pack(listing: number[], demand: number[], valuePerTonne: number[], distanceKm: number[]): CandidatePairs {
  return { listing: Int32Array.from(listing), demand: Int32Array.from(demand), valuePerTonne: Float64Array.from(valuePerTonne), distanceKm: Float64Array.from(distanceKm) };
}

export const pairKey = (listingId: string, demandId: string): string => `${listingId}\u0000${demandId}`;

export interface Proposal {
  listing: string;
  demand: string;
  tonnes: number;
  valuePerTonne: number;
  distanceKm: number;
}

export interface MatchResult {
  objective: number;
  /** Sorted by listing id, then demand id. */
  proposals: Proposal[];
  /** Remainders above zero only. */
  unmatched: { listings: Record<string, number>; demands: Record<string, number> };
  /** How the result was reached (not part of the CLI's output). */
  stats: { eligiblePairs: number; pivots: number };
}

export interface MatchOptions {
  /** Pairs declined by one side (`pairKey`): never proposed again. */
  exclude?: ReadonlySet<string>;
}

/**
 * The optimal allocation of a market. Listings with nothing to offer and demands with no
 * capacity take no part (they would only add empty rows).
 */
export function matchMarket(market: Market, options: MatchOptions = {}): MatchResult {
  const listings = market.listings.filter((l) => l.tonnes > 0);
  const demands = market.demands.filter((d) => d.capacity > 0);
  const active: Market = { transport: market.transport, listings, demands };
  const pairs = candidatePairs(active, options.exclude);
  const solution = solveTransport({
    supply: listings.map((l) => l.tonnes),
    capacity: demands.map((d) => d.capacity),
    from: pairs.listing,
    to: pairs.demand,
    value: pairs.valuePerTonne,
  });

  // Flows are sums and differences of the inputs; what is left of a rounding error is no trade.
  const scale = Math.max(1, ...listings.map((l) => l.tonnes), ...demands.map((d) => d.capacity));
  const negligible = scale * 1e-12;
  const sold = new Float64Array(listings.length);
  const bought = new Float64Array(demands.length);
  const proposals: Proposal[] = [];
  let objective = 0;
  for (let a = 0; a < solution.tonnes.length; a++) {
    const tonnes = solution.tonnes[a]!;
    if (tonnes <= negligible) continue;
    const i = pairs.listing[a]!;
    const j = pairs.demand[a]!;
    sold[i] = sold[i]! + tonnes;
    bought[j] = bought[j]! + tonnes;
    objective += tonnes * pairs.valuePerTonne[a]!;
    proposals.push({ listing: listings[i]!.id, demand: demands[j]!.id, tonnes, valuePerTonne: pairs.valuePerTonne[a]!, distanceKm: pairs.distanceKm[a]! });
  }
  proposals.sort((x, y) => compareIds(x.listing, y.listing) || compareIds(x.demand, y.demand));

  const unmatched: MatchResult['unmatched'] = { listings: {}, demands: {} };
  listings.forEach((l, i) => {
    const rest = l.tonnes - sold[i]!;
    if (rest > negligible) unmatched.listings[l.id] = rest;
  });
  demands.forEach((d, j) => {
    const rest = d.capacity - bought[j]!;
    if (rest > negligible) unmatched.demands[d.id] = rest;
  });
  return { objective, proposals, unmatched, stats: { eligiblePairs: pairs.listing.length, pivots: solution.pivots } };
}

/** Plain code-unit order, the same in every language a reader of the output might sort with. */
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The price per tonne (ex works) that gives each side half of a pair's value. */
export function evenSplitPrice(reservePrice: number | null, valuePerTonne: number): number {
  return (reservePrice ?? 0) + valuePerTonne / 2;
}

export interface Alternative {
  /** The total value of the allocation re-optimised without the pair. */
  objective: number;
  /** How much total value the market loses without the pair (≥ 0 up to rounding). */
  valueLost: number;
  /** Where the listing's tonnes go instead, and where the demand's come from. */
  listingPartners: { demand: string; tonnes: number }[];
  demandPartners: { listing: string; tonnes: number }[];
}

/**
 * What a proposal is worth to the market: the allocation re-optimised without this pair (and
 * without the pairs already excluded), each side's partners there, and the value that loses.
 */
export function alternativeWithout(market: Market, optimum: number, listingId: string, demandId: string, options: MatchOptions = {}): Alternative {
  const exclude = new Set(options.exclude);
  exclude.add(pairKey(listingId, demandId));
  const without = matchMarket(market, { exclude });
  return {
    objective: without.objective,
    valueLost: optimum - without.objective,
    listingPartners: without.proposals.filter((p) => p.listing === listingId).map((p) => ({ demand: p.demand, tonnes: p.tonnes })),
    demandPartners: without.proposals.filter((p) => p.demand === demandId).map((p) => ({ listing: p.listing, tonnes: p.tonnes })),
  };
}
