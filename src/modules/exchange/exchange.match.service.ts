import { sql } from 'kysely';
import type { Trx } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import type { CompositionClassId } from '../byproducts/engine';
import { chinaDate, windowsOverlap } from './engine/listing';
import { alternativeWithout, evenSplitPrice, type Grade, type Market, matchMarket, pairKey, type TransportTerms } from './engine/match';
import * as deals from './exchange.deals.repository';
import type { MatchBody, MatchRunView } from './exchange.deals.schema';
import * as events from './exchange.events';
import { parkIdOf } from './exchange.listings.service';
import { exchangePolicy } from './exchange.policy';
import { presentRun } from './exchange.presenter';

/**
 * Matching the stored market by delivered value. The open listings and demands of a scope (all,
 * a park, a region) become the engine's market for one month: a monthly listing offers its
 * tonnes per month, a one-off lot its tonnes once; a demand takes its capacity per month. What
 * accepted proposals already hold is taken off both sides first, so they stay fixed, and
 * declined pairs are never proposed again. The optimal allocation becomes proposals, each with
 * its explanation (value per tonne and in total, distance, transport cost, and the allocation
 * without the pair). A pending proposal that the new allocation repeats (same pair, same
 * tonnes) keeps its decisions; the others it replaces are superseded.
 */

/**
 * Road transport when the caller states none: bulk solids about 0.5 元/t·km (short-haul truck
 * rates for biomass in Anhui), liquids in tankers 0.8, hazardous loads with licensed carriers
 * 1.6; the road distance is 1.3 × the great-circle distance.
 */
export const DEFAULT_TRANSPORT: TransportTerms = { costPerTonneKm: { bulk: 0.5, liquid: 0.8, hazardous: 1.6 }, roadFactor: 1.3 };

/** One matching at a time in the cluster: two runs over the same listings would both propose them. */
const MATCH_LOCK = 0x45_58_43_48; // "EXCH"

export interface Scope {
  parkId: string | null;
  regionCode: string | null;
}

export async function runMatch(trx: Trx, ctx: ServiceContext, body: MatchBody, now = new Date()): Promise<MatchRunView> {
  const actor = actorOf(ctx.viewer);
  let parkId = body.park ? await parkIdOf(trx, body.park) : null;
  // A park administration matches its own park when it names none.
  if (parkId === null && actor?.organisationType === 'park-admin') parkId = actor.parkId;
  permit(ctx.viewer, exchangePolicy.match(ctx.viewer, parkId), 'Platform administrators match the market; a park administration matches its own park.');
  const run = await allocate(trx, ctx, { parkId, regionCode: body.region ?? null }, 'match', body.transport ?? DEFAULT_TRANSPORT, now);
  await recordAudit(trx, ctx, { action: 'exchange_match.run', entityType: 'exchange_match_runs', entityId: run.id, organisationId: actor?.organisationId ?? null, after: { ...run } });
  return run;
}

/** After a decline: the scope of the declined proposal's run is allocated again (accepted proposals fixed). */
export async function reoptimise(trx: Trx, ctx: ServiceContext, scope: Scope, transport: TransportTerms, now = new Date()): Promise<MatchRunView> {
  return allocate(trx, ctx, scope, 'reoptimise', transport, now);
}

const GRADE_RANK: Record<Grade, number> = { A: 3, B: 2, C: 1 };

/** Eligibility the engine does not know: the demand's herbs, parts and residue kinds, windows, park-only offers. */
function otherwiseEligible(l: deals.OpenListing, d: deals.OpenDemand): boolean {
  if (d.herbs.length > 0 && (l.herb === null || !d.herbs.includes(l.herb))) return false;
  if (d.parts.length > 0 && (l.part === null || !d.parts.includes(l.part))) return false;
  if (d.residues.length > 0 && (l.residue === null || !d.residues.includes(l.residue))) return false;
  if (!windowsOverlap(l.window_start, l.window_end, d.window_start, d.window_end)) return false;
  if (l.visibility === 'park' && (l.park_id === null || l.park_id !== d.park_id)) return false;
  // A firm does not trade with itself through the market.
  return l.organisation_id !== d.organisation_id;
}

async function allocate(trx: Trx, ctx: ServiceContext, scope: Scope, kind: 'match' | 'reoptimise', transport: TransportTerms, now: Date): Promise<MatchRunView> {
  await sql`select pg_advisory_xact_lock(${MATCH_LOCK})`.execute(trx);
  const started = performance.now();
  const today = chinaDate(now);
  const repoScope = { parkId: scope.parkId, regionPrefix: scope.regionCode ? regionPrefix(scope.regionCode) : null };
  const listings = (await deals.openListings(trx, repoScope, today)).filter((l) => Number(l.tonnes) - Number(l.committed) > 0);
  const demands = (await deals.openDemands(trx, repoScope, today)).filter((d) => Number(d.capacity_per_month) - Number(d.committed) > 0);

  const exclude = new Set<string>();
  const listingById = new Map(listings.map((l) => [l.id, l]));
  const demandById = new Map(demands.map((d) => [d.id, d]));
  for (const p of await deals.declinedPairs(
    trx,
    listings.map((l) => l.id),
  )) {
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

  const pending = await deals.pendingProposalsBetween(
    trx,
    listings.map((l) => l.id),
    demands.map((d) => d.id),
  );
  const pendingByPair = new Map(pending.map((p) => [pairKey(p.listing_id, p.demand_id), p]));
  const kept = new Set<string>();
  const fresh: Parameters<typeof deals.insertProposals>[1] = [];
  const updates: { id: string; values: Parameters<typeof deals.updateProposal>[2] }[] = [];
  for (const p of result.proposals) {
    const l = byListing.get(p.listing)!;
    const d = byDemand.get(p.demand)!;
    const grade = l.grade!;
    const priceOffered = demandPrices.get(d.code)![grade]!;
    const reserve = l.reserve_price === null ? null : Number(l.reserve_price);
    const alternative = alternativeWithout(market, result.objective, p.listing, p.demand, { exclude });
    const values = {
      tonnes: p.tonnes,
      grade,
      price_offered: priceOffered,
      reserve_price: reserve,
      distance_km: p.distanceKm,
      transport_cost_per_tonne: p.distanceKm * transport.costPerTonneKm[l.load_type],
      value_per_tonne: p.valuePerTonne,
      suggested_price: evenSplitPrice(reserve, p.valuePerTonne),
      alternative: JSON.stringify(alternative),
    };
    const existing = pendingByPair.get(pairKey(l.id, d.id));
    if (existing && Math.abs(Number(existing.tonnes) - p.tonnes) <= 1e-9 * Math.max(1, p.tonnes)) {
      kept.add(existing.id);
      updates.push({ id: existing.id, values });
    } else {
      fresh.push({ ...values, run_id: '', listing_id: l.id, demand_id: d.id, seller_organisation_id: l.organisation_id, buyer_organisation_id: d.organisation_id, created_at: now, updated_at: now });
    }
  }
  const superseded = pending.filter((p) => !kept.has(p.id)).map((p) => p.id);
  await deals.supersede(trx, superseded);
  const actor = actorOf(ctx.viewer);
  const run = await deals.insertRun(trx, {
    kind,
    park_id: scope.parkId,
    region_code: scope.regionCode,
    transport: JSON.stringify(transport),
    objective: result.objective,
    listings: listings.length,
    demands: demands.length,
    eligible_pairs: result.stats.eligiblePairs,
    proposals: result.proposals.length,
    duration_ms: Math.round(performance.now() - started),
    created_by: actor?.userId ?? null,
    organisation_id: actor?.organisationId ?? null,
    created_at: now,
  });
  for (const u of updates) await deals.updateProposal(trx, u.id, { ...u.values, run_id: run.id });
  const inserted = await deals.insertProposals(
    trx,
    fresh.map((f) => ({ ...f, run_id: run.id })),
  );
  await events.proposalsMade(trx, ctx, inserted);
  return presentRun(run, superseded.length);
}
