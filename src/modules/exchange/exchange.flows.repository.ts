import { sql } from 'kysely';
import type { Executor } from '../../db/database';

/**
 * Contracted by-product flows between firms for the symbiosis module (issue 14): per contract,
 * delivering firm and stream, the tonnes planned and the tonnes delivered in a date window.
 * Bilateral and service contracts alike: a delivery goes from its `from_organisation_id` to the
 * contract's buyer (the utiliser, or the service provider that collects). No policy here: the
 * caller (the symbiosis service) decides who may see a park's flows before asking.
 */
export interface ContractFlow {
  contractId: string;
  kind: 'bilateral' | 'service';
  fromOrganisationId: string;
  toOrganisationId: string;
  streamId: string | null;
  class: string | null;
  pricePerTonne: number | null;
  pricePayer: 'buyer' | 'seller';
  plannedTonnes: number;
  deliveredTonnes: number;
}

export async function contractFlows(db: Executor, filter: { organisationIds: readonly string[]; from: string; to: string }): Promise<ContractFlow[]> {
  if (filter.organisationIds.length === 0) return [];
  const ids = [...filter.organisationIds];
  const rows = await db
    .selectFrom('exchange_contract_deliveries as d')
    .innerJoin('exchange_contracts as c', 'c.id', 'd.contract_id')
    .leftJoin('exchange_contract_parties as p', (j) => j.onRef('p.contract_id', '=', 'c.id').onRef('p.organisation_id', '=', 'd.from_organisation_id'))
    .leftJoin('exchange_listings as l', 'l.id', 'c.listing_id')
    .where('c.status', '!=', 'cancelled')
    .where((eb) => eb.or([eb('d.from_organisation_id', 'in', ids), eb('c.buyer_organisation_id', 'in', ids)]))
    .where((eb) =>
      eb.or([eb.and([eb('d.planned_on', '>=', filter.from), eb('d.planned_on', '<=', filter.to)]), eb.and([eb('d.delivered_on', '>=', filter.from), eb('d.delivered_on', '<=', filter.to)])]),
    )
    .groupBy(['c.id', 'c.kind', 'd.from_organisation_id', 'c.buyer_organisation_id', 'p.stream_id', 'l.stream_id', 'c.class', 'c.price_per_tonne', 'c.price_payer'])
    .select([
      'c.id as contract_id',
      'c.kind',
      'd.from_organisation_id',
      'c.buyer_organisation_id',
      sql<string | null>`coalesce(p.stream_id, l.stream_id)`.as('stream_id'),
      'c.class',
      'c.price_per_tonne',
      'c.price_payer',
      sql<string>`coalesce(sum(d.planned_tonnes) filter (where d.status <> 'cancelled' and d.planned_on between ${filter.from} and ${filter.to}), 0)`.as('planned'),
      sql<string>`coalesce(sum(d.delivered_tonnes) filter (where d.status = 'delivered' and d.delivered_on between ${filter.from} and ${filter.to}), 0)`.as('delivered'),
    ])
    .execute();
  return rows.map((r) => ({
    contractId: r.contract_id,
    kind: r.kind,
    fromOrganisationId: r.from_organisation_id,
    toOrganisationId: r.buyer_organisation_id,
    streamId: r.stream_id,
    class: r.class,
    pricePerTonne: r.price_per_tonne === null ? null : Number(r.price_per_tonne),
    pricePayer: r.price_payer,
    plannedTonnes: Number(r.planned),
    deliveredTonnes: Number(r.delivered),
  }));
}
