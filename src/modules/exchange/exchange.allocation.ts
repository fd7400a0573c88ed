import type { Insertable } from 'kysely';
import type { CompositionClassId } from '../byproducts/engine';
import { windowsOverlap } from './engine/listing';
import { alternativeWithout, evenSplitPrice, type Grade, type Market, matchMarket, type MatchResult, pairKey, type TransportTerms } from './engine/match';
import type { OpenDemand, OpenListing } from './exchange.deals.repository';
import type { ExchangeProposalTable } from './exchange.tables';

/**
 * One allocation of the stored market, as a pure plan: the open listings and demands (with what
 * accepted proposals already commit) become the engine's market, the optimum becomes proposals
 * with their explanations, pending proposals that it repeats are kept and the others superseded.
 * The match service applies the plan to the database; the demo loader's market history applies
 * the same plan to the rows it holds in memory before writing them in bulk, so both follow one rule.
 */

const GRADE_RANK: Record<Grade, number> = { A: 3, B: 2, C: 1 };

/** Eligibility the engine does not know: the demand's herbs, parts and residue kinds, windows, park-only offers. */
function otherwiseEligible(l: OpenListing, d: OpenDemand): boolean {
  if (d.herbs.length > 0 && (l.herb === null || !d.herbs.includes(l.herb))) return false;
  if (d.parts.length > 0 && (l.part === null || !d.parts.includes(l.part))) return false;
  if (d.residues.length > 0 && (l.residue === null || !d.residues.includes(l.residue))) return false;
  if (!windowsOverlap(l.window_start, l.window_end, d.window_start, d.window_end)) return false;
  if (l.visibility === 'park' && (l.park_id === null || l.park_id !== d.park_id)) return false;
  // A firm does not trade with itself through the market.
  return l.organisation_id !== d.organisation_id;
}

/** The pending proposal fields the plan compares with (pair and tonnes). */
export interface PendingProposal {
  id: string;
  listing_id: string;
  demand_id: string;
  tonnes: string;
}

export type ProposalValues = Pick<
  Insertable<ExchangeProposalTable>,
  'tonnes' | 'grade' | 'price_offered' | 'reserve_price' | 'distance_km' | 'transport_cost_per_tonne' | 'value_per_tonne' | 'suggested_price' | 'alternative'
>;
/** A new proposal, all but the run it will belong to. */
export type FreshProposal = Omit<Insertable<ExchangeProposalTable>, 'run_id'> & ProposalValues;

export interface AllocationPlan {
  result: MatchResult;
  /** The listings and demands that took part (with something left to offer or take). */
  listings: OpenListing[];
  demands: OpenDemand[];
  /** Pending proposals the new allocation repeats: kept (their decisions too), values refreshed. */
  kept: { id: string; values: ProposalValues }[];
  fresh: FreshProposal[];
  /** Pending proposals the new allocation does not repeat. */
  superseded: string[];
}

/** The listings with tonnes left and the demands with capacity left: the ones an allocation may use. */
export function withRoom<L extends Pick<OpenListing, 'tonnes' | 'committed'>, D extends Pick<OpenDemand, 'capacity_per_month' | 'committed'>>(open: { listings: readonly L[]; demands: readonly D[] }): { listings: L[]; demands: D[] } {
  return { listings: open.listings.filter((l) => Number(l.tonnes) - Number(l.committed) > 0), demands: open.demands.filter((d) => Number(d.capacity_per_month) - Number(d.committed) > 0) };
}

export function planAllocation(
  open: { listings: readonly OpenListing[]; demands: readonly OpenDemand[] },
  declined: readonly { listing_id: string; demand_id: string }[],
  pending: readonly PendingProposal[],
  transport: TransportTerms,
  now: Date,
): AllocationPlan {
  const { listings, demands } = withRoom(open);
  const listingById = new Map(listings.map((l) => [l.id, l]));
  const demandById = new Map(demands.map((d) => [d.id, d]));
  const exclude = new Set<string>();
  for (const p of declined) {
    const l = listingById.get(p.listing_id);
    const d = demandById.get(p.demand_id);
    if (l && d) exclude.add(pairKey(l.code, d.code));
  }
  for (const l of listings) for (const d of demands) if (!otherwiseEligible(l, d)) exclude.add(pairKey(l.code, d.code));

  const market: Market = {
    transport,
    listings: listings.map((l) => ({
      id: l.code,
      tonnes: Number(l.tonnes) - Number(l.committed),
      lat: Number(l.latitude),
      lon: Number(l.longitude),
      class: l.class as CompositionClassId,
      grade: l.grade!,
      reservePrice: l.reserve_price === null ? null : Number(l.reserve_price),
      loadType: l.load_type,
    })),
    demands: demands.map((d) => ({
      id: d.code,
      capacity: Number(d.capacity_per_month) - Number(d.committed),
      lat: Number(d.latitude),
      lon: Number(d.longitude),
      accepts: d.accepts as CompositionClassId[],
      minGrade: d.min_grade,
      prices: Object.fromEntries(
        (['A', 'B', 'C'] as const).flatMap((g) => {
          const v = g === 'A' ? d.price_a : g === 'B' ? d.price_b : d.price_c;
          return v === null || GRADE_RANK[g] < GRADE_RANK[d.min_grade] ? [] : [[g, Number(v)]];
        }),
      ),
      maxDistanceKm: Number(d.max_distance_km),
    })),
  };
  const result = matchMarket(market, { exclude });
  const byListing = new Map(listings.map((l) => [l.code, l]));
  const byDemand = new Map(demands.map((d) => [d.code, d]));
  const demandPrices = new Map(market.demands.map((d) => [d.id, d.prices]));

  const pendingByPair = new Map(pending.map((p) => [pairKey(p.listing_id, p.demand_id), p]));
  const keptIds = new Set<string>();
  const kept: AllocationPlan['kept'] = [];
  const fresh: FreshProposal[] = [];
  for (const p of result.proposals) {
    const l = byListing.get(p.listing)!;
    const d = byDemand.get(p.demand)!;
    const grade = l.grade!;
    const reserve = l.reserve_price === null ? null : Number(l.reserve_price);
    const values: ProposalValues = {
      tonnes: p.tonnes,
      grade,
      price_offered: demandPrices.get(d.code)![grade]!,
      reserve_price: reserve,
      distance_km: p.distanceKm,
      transport_cost_per_tonne: p.distanceKm * transport.costPerTonneKm[l.load_type],
      value_per_tonne: p.valuePerTonne,
      suggested_price: evenSplitPrice(reserve, p.valuePerTonne),
      alternative: JSON.stringify(alternativeWithout(market, result.objective, p.listing, p.demand, { exclude })),
    };
    const existing = pendingByPair.get(pairKey(l.id, d.id));
    if (existing && Math.abs(Number(existing.tonnes) - p.tonnes) <= 1e-9 * Math.max(1, p.tonnes)) {
      keptIds.add(existing.id);
      kept.push({ id: existing.id, values });
    } else {
      fresh.push({ ...values, listing_id: l.id, demand_id: d.id, seller_organisation_id: l.organisation_id, buyer_organisation_id: d.organisation_id, created_at: now, updated_at: now });
    }
  }
  return { result, listings, demands, kept, fresh, superseded: pending.filter((p) => !keptIds.has(p.id)).map((p) => p.id) };
}
