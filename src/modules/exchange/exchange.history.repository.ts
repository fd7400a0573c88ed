import { type Insertable, sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type {
  ExchangeContractDeliveryTable,
  ExchangeContractTable,
  ExchangeDemandTable,
  ExchangeListingTable,
  ExchangeMatchRunTable,
  ExchangeProposalTable,
} from './exchange.tables';

/**
 * SQL of a market history written in bulk (the demo loader): what it reads once before it
 * replays the market in memory, and one multi-row insert per table (in chunks that stay far
 * below PostgreSQL's 65 535 parameters per statement) to write the result.
 */

/** Every organisation with its first site (by name, as a demand picks it): where it trades from. */
export async function marketPlaces(db: Executor) {
  return db
    .selectFrom('organisations as o')
    .innerJoin('sites as si', 'si.organisation_id', 'o.id')
    .select(['o.id', 'o.code', 'o.park_id', 'si.id as site_id', 'si.name as site_name', 'si.latitude', 'si.longitude'])
    .orderBy('o.code')
    .orderBy('si.name')
    .execute();
}
export type MarketPlace = Awaited<ReturnType<typeof marketPlaces>>[number];

/** The last numbers handed out per kind and year (codes continue from them). */
export async function counters(db: Executor) {
  return db.selectFrom('exchange_counters').selectAll().execute();
}

export interface HistoryRows {
  demands: Insertable<ExchangeDemandTable>[];
  listings: Insertable<ExchangeListingTable>[];
  runs: Insertable<ExchangeMatchRunTable>[];
  proposals: Insertable<ExchangeProposalTable>[];
  contracts: Insertable<ExchangeContractTable>[];
  deliveries: Insertable<ExchangeContractDeliveryTable>[];
  counters: { kind: 'listing' | 'demand' | 'contract'; year: number; last_number: number }[];
}

const CHUNK = 500;

async function chunked<R>(rows: readonly R[], write: (chunk: R[]) => Promise<unknown>): Promise<void> {
  for (let k = 0; k < rows.length; k += CHUNK) await write(rows.slice(k, k + CHUNK));
}

/** Writes a history, parents before children (foreign keys), and raises the code counters. */
export async function insertHistory(trx: Trx, rows: HistoryRows): Promise<void> {
  await chunked(rows.demands, (c) => trx.insertInto('exchange_demands').values(c).execute());
  await chunked(rows.listings, (c) => trx.insertInto('exchange_listings').values(c).execute());
  await chunked(rows.runs, (c) => trx.insertInto('exchange_match_runs').values(c).execute());
  await chunked(rows.proposals, (c) => trx.insertInto('exchange_proposals').values(c).execute());
  await chunked(rows.contracts, (c) => trx.insertInto('exchange_contracts').values(c).execute());
  await chunked(rows.deliveries, (c) => trx.insertInto('exchange_contract_deliveries').values(c).execute());
  if (rows.counters.length > 0) {
    await trx
      .insertInto('exchange_counters')
      .values(rows.counters)
      .onConflict((c) => c.columns(['kind', 'year']).doUpdateSet({ last_number: sql`greatest(exchange_counters.last_number, excluded.last_number)` }))
      .execute();
  }
}

/**
 * Receipts of many planned deliveries in one statement (the demo loader's past deliveries), and
 * the contracts left with nothing planned completed in a second.
 */
export async function receiveInBulk(trx: Trx, receipts: readonly { id: string; tonnes: number; on: string }[], at: Date): Promise<void> {
  if (receipts.length === 0) return;
  await sql`
    update exchange_contract_deliveries x
       set status = 'delivered', delivered_tonnes = r.tonnes, delivered_on = r.on, recorded_at = ${at}
      from jsonb_to_recordset(${JSON.stringify(receipts)}::jsonb) as r(id uuid, tonnes numeric, "on" date)
     where x.id = r.id and x.status = 'planned'`.execute(trx);
  await sql`
    update exchange_contracts c set status = 'completed', updated_at = ${at}
     where c.status = 'active'
       and c.id in (select x.contract_id from exchange_contract_deliveries x where x.id in (select (e->>'id')::uuid from jsonb_array_elements(${JSON.stringify(receipts)}::jsonb) e))
       and not exists (select 1 from exchange_contract_deliveries x where x.contract_id = c.id and x.status = 'planned')`.execute(trx);
}

/** Planned deliveries of a contract up to a date (the demo loader receives them in bulk). */
export async function plannedDeliveriesUpTo(db: Executor, contractId: string, until: string) {
  return db.selectFrom('exchange_contract_deliveries').select(['id', 'planned_on', 'planned_tonnes']).where('contract_id', '=', contractId).where('status', '=', 'planned').where('planned_on', '<=', until).orderBy('seq').execute();
}
