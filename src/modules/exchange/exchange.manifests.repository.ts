import { sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';

/**
 * The exchange's side of the manifests (issue 13): a contract's delivery travels under a manifest,
 * whose id the delivery row keeps (`manifest_id`, set in the manifest's transaction; a reroute's
 * new manifest replaces it). No policy here: the manifests module has checked the generator.
 */

/**
 * Sets the delivery's manifest. The delivery must be one of the contract's (when a contract is
 * named) and be delivered from the manifest's generator; false when no such delivery exists.
 */
export async function linkDeliveryManifest(trx: Trx, link: { deliveryId: string; contractId: string | null; generatorId: string; manifestId: string }): Promise<boolean> {
  let q = trx.updateTable('exchange_contract_deliveries').set({ manifest_id: link.manifestId }).where('id', '=', link.deliveryId).where('from_organisation_id', '=', link.generatorId);
  if (link.contractId) q = q.where('contract_id', '=', link.contractId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets many deliveries' manifests in one statement (the demo's manifest history). */
export async function linkDeliveryManifests(trx: Trx, links: readonly { deliveryId: string; manifestId: string }[]): Promise<void> {
  if (links.length === 0) return;
  await sql`
    update exchange_contract_deliveries d set manifest_id = v.manifest_id
    from unnest(${links.map((l) => l.deliveryId)}::uuid[], ${links.map((l) => l.manifestId)}::uuid[]) as v(delivery_id, manifest_id)
    where d.id = v.delivery_id`.execute(trx);
}

/** A delivery as a manifest needs it: who sends what to whom, from which sites, planned and delivered. */
export interface DeliveryForManifest {
  deliveryId: string;
  contractId: string;
  contractKind: 'bilateral' | 'service';
  deliveryTerms: 'ex-works' | 'delivered';
  fromOrganisationId: string;
  fromSiteId: string | null;
  toOrganisationId: string;
  toSiteId: string | null;
  class: string | null;
  grade: string | null;
  status: 'planned' | 'delivered' | 'cancelled';
  plannedOn: string;
  plannedTonnes: number;
  deliveredOn: string | null;
  deliveredTonnes: number | null;
  manifestId: string | null;
}

/** Every delivery of active or completed contracts planned in [from, to], in date order (the demo's manifest history). */
export async function deliveriesForManifests(db: Executor, window: { from: string; to: string }): Promise<DeliveryForManifest[]> {
  const rows = await db
    .selectFrom('exchange_contract_deliveries as d')
    .innerJoin('exchange_contracts as c', 'c.id', 'd.contract_id')
    .leftJoin('exchange_contract_parties as p', (j) => j.onRef('p.contract_id', '=', 'c.id').onRef('p.organisation_id', '=', 'd.from_organisation_id'))
    .leftJoin('exchange_contract_parties as b', (j) => j.onRef('b.contract_id', '=', 'c.id').onRef('b.organisation_id', '=', 'c.buyer_organisation_id'))
    .where('c.status', '!=', 'cancelled')
    .where('d.planned_on', '>=', window.from)
    .where('d.planned_on', '<=', window.to)
    .select([
      'd.id',
      'd.contract_id',
      'c.kind',
      'c.delivery_terms',
      'd.from_organisation_id',
      'p.site_id as from_site_id',
      'c.buyer_organisation_id',
      'b.site_id as to_site_id',
      'c.class',
      'c.grade',
      'd.status',
      'd.planned_on',
      'd.planned_tonnes',
      'd.delivered_on',
      'd.delivered_tonnes',
      'd.manifest_id',
    ])
    .orderBy('d.planned_on')
    .orderBy('d.contract_id')
    .orderBy('d.seq')
    .execute();
  return rows.map((r) => ({
    deliveryId: r.id,
    contractId: r.contract_id,
    contractKind: r.kind,
    deliveryTerms: r.delivery_terms,
    fromOrganisationId: r.from_organisation_id,
    fromSiteId: r.from_site_id,
    toOrganisationId: r.buyer_organisation_id,
    toSiteId: r.to_site_id,
    class: r.class,
    grade: r.grade,
    status: r.status,
    plannedOn: r.planned_on,
    plannedTonnes: Number(r.planned_tonnes),
    deliveredOn: r.delivered_on,
    deliveredTonnes: r.delivered_tonnes === null ? null : Number(r.delivered_tonnes),
    manifestId: r.manifest_id,
  }));
}
