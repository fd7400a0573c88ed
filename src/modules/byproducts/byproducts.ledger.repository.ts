import type { Executor } from '../../db/database';
import type { RecordRow } from './byproducts.repository';
import { listStreams, type StreamWithOwner } from './byproducts.repository';

/**
 * A firm's streams and their stored monthly records up to a month, for its statutory ledgers
 * (ledgers module): records before the ledger's period give the opening storage. Stored months
 * only (a ledger states what was recorded, never the estimate of a missing month). No policy
 * here: the ledgers module decides who may read a firm's ledger before asking.
 */
export interface LedgerStreamFacts {
  streams: StreamWithOwner[];
  records: RecordRow[];
}

export async function ledgerStreamFacts(db: Executor, organisationId: string, throughPeriod: string): Promise<LedgerStreamFacts> {
  const { rows: streams } = await listStreams(db, { organisationId });
  if (streams.length === 0) return { streams, records: [] };
  const records = await db
    .selectFrom('byproduct_records')
    .selectAll()
    .where('stream_id', 'in', streams.map((s) => s.id))
    .where('period', '<=', throughPeriod)
    .orderBy('stream_id')
    .orderBy('period')
    .execute();
  return { streams, records };
}
