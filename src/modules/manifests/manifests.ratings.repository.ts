import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { ManifestFact } from '../ratings/engine';

/** When a pickup and a receipt were due, for manifests that carry no planned times of their own. */
export interface ManifestDueRules {
  /** Hours after sealing by which the first transporter should have picked up. */
  pickupHours: number;
  /** Hours after pickup by which the receiver should have signed the receipt (the overdue rule). */
  receiptHours: number;
}

interface FactRow {
  id: string;
  generator_id: string;
  receiver_id: string;
  transporters: string[] | null;
  sealed_at: Date | null;
  picked_up_at: Date | null;
  delivered_at: Date | null;
  received_at: Date | null;
  all_weighed: boolean | null;
  weight_mismatch: boolean | null;
  some_refused: boolean | null;
  all_refused: boolean | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * What the credit rating needs of each manifest created since `since` (issue 13, ratings
 * `engine/record.ts`): parties, the first time of each custody step and the receipt's outcome,
 * aggregated in SQL per manifest (events and lines never leave the database). Cancelled
 * manifests count for nobody. No policy: the ratings service decides who sees what.
 */
export async function manifestFactsSince(db: Executor, since: string, due: ManifestDueRules): Promise<ManifestFact[]> {
  const { rows } = await sql<FactRow>`
    select m.id, m.generator_id, m.receiver_id,
      (select array_agg(t.organisation_id order by t.position) from manifest_transporters t where t.manifest_id = m.id) as transporters,
      e.sealed_at, e.picked_up_at, e.delivered_at, e.received_at,
      l.all_weighed, l.weight_mismatch, l.some_refused, l.all_refused
    from manifests m
    left join lateral (
      select min(at) filter (where kind = 'sealed') as sealed_at,
        min(at) filter (where kind = 'picked-up') as picked_up_at,
        min(at) filter (where kind = 'delivered') as delivered_at,
        min(at) filter (where kind = 'received') as received_at
      from manifest_events where manifest_id = m.id
    ) e on true
    left join lateral (
      select bool_and(picked_up is not null and received is not null) as all_weighed,
        bool_or('weight-mismatch' = any(discrepancies)) as weight_mismatch,
        bool_or(outcome in ('refused', 'partially-refused')) as some_refused,
        bool_and(outcome = 'refused') as all_refused
      from manifest_lines where manifest_id = m.id
    ) l on true
    where m.created_at >= ${since}::timestamptz and m.status <> 'cancelled'
  `.execute(db);
  return rows.map((r): ManifestFact => {
    const sealed = r.sealed_at ? new Date(r.sealed_at).getTime() : null;
    const picked = r.picked_up_at ? new Date(r.picked_up_at).getTime() : null;
    return {
      ref: r.id,
      generator: r.generator_id,
      transporters: r.transporters ?? [],
      receiver: r.receiver_id,
      pickedUpAt: iso(r.picked_up_at),
      // Not sealed yet: nothing was due (a far date keeps it out of the record).
      pickupDueBy: new Date(sealed === null ? 8.64e15 : sealed + due.pickupHours * 3_600_000).toISOString(),
      deliveredAt: iso(r.delivered_at),
      receivedAt: iso(r.received_at),
      receiptDueBy: picked === null ? null : new Date(picked + due.receiptHours * 3_600_000).toISOString(),
      weightWithin: r.received_at && r.all_weighed ? !r.weight_mismatch : null,
      refusal: r.all_refused ? 'whole' : r.some_refused ? 'partial' : 'none',
    };
  });
}
