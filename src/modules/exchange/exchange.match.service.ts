import { sql } from 'kysely';
import type { Trx } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { chinaDate } from './engine/listing';
import type { TransportTerms } from './engine/match';
import { planAllocation, withRoom } from './exchange.allocation';
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

async function allocate(trx: Trx, ctx: ServiceContext, scope: Scope, kind: 'match' | 'reoptimise', transport: TransportTerms, now: Date): Promise<MatchRunView> {
  await sql`select pg_advisory_xact_lock(${MATCH_LOCK})`.execute(trx);
  const started = performance.now();
  const today = chinaDate(now);
  const repoScope = { parkId: scope.parkId, regionPrefix: scope.regionCode ? regionPrefix(scope.regionCode) : null };
  const { listings, demands } = withRoom({ listings: await deals.openListings(trx, repoScope, today), demands: await deals.openDemands(trx, repoScope, today) });
  const declined = await deals.declinedPairs(
    trx,
    listings.map((l) => l.id),
  );
  const pending = await deals.pendingProposalsBetween(
    trx,
    listings.map((l) => l.id),
    demands.map((d) => d.id),
  );
  const plan = planAllocation({ listings, demands }, declined, pending, transport, now);
  const { result, superseded } = plan;
  await deals.supersede(trx, superseded);
  const actor = actorOf(ctx.viewer);
  const run = await deals.insertRun(trx, {
    kind,
    park_id: scope.parkId,
    region_code: scope.regionCode,
    transport: JSON.stringify(transport),
    objective: result.objective,
    listings: plan.listings.length,
    demands: plan.demands.length,
    eligible_pairs: result.stats.eligiblePairs,
    proposals: result.proposals.length,
    duration_ms: Math.round(performance.now() - started),
    created_by: actor?.userId ?? null,
    organisation_id: actor?.organisationId ?? null,
    created_at: now,
  });
  for (const u of plan.kept) await deals.updateProposal(trx, u.id, { ...u.values, run_id: run.id });
  const inserted = await deals.insertProposals(
    trx,
    plan.fresh.map((f) => ({ ...f, run_id: run.id })),
  );
  await events.proposalsMade(trx, ctx, inserted);
  return presentRun(run, superseded.length);
}
