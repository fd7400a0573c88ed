import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { ownerOf, recordColumns } from './byproducts.mapping';
import { byproductsPolicy } from './byproducts.policy';
import { presentRecord } from './byproducts.presenter';
import * as repo from './byproducts.repository';
import type { RecordBody } from './byproducts.schema';
import { getStream } from './byproducts.streams.service';
import { accountedPlausible } from './engine';

/** Monthly records of a stream: what was generated, utilised by mode, disposed by route. */

export async function listStreamRecords(db: Executor, ctx: ServiceContext, idOrCode: string): Promise<repo.RecordRow[]> {
  const row = await getStream(db, ctx, idOrCode);
  return repo.listRecords(db, row.id);
}

/** Reports (or corrects) one month of a stream. */
export async function putRecord(trx: Trx, ctx: ServiceContext, idOrCode: string, period: string, body: RecordBody) {
  const stream = await repo.findStream(trx, idOrCode);
  if (!stream) throw errors.notFound('Stream', idOrCode);
  permit(ctx.viewer, byproductsPolicy.write(ctx.viewer, ownerOf(stream)), 'Only the firm (or its park administration) reports its by-product records.');
  const accounted = Object.values(body.utilised).reduce((a, b) => a + (b ?? 0), 0) + Object.values(body.disposed).reduce((a, b) => a + (b ?? 0), 0);
  if (!accountedPlausible(accounted, body.generatedT)) {
    throw errors.validation('Utilised and disposed tonnes exceed what was generated.', [{ field: 'generatedT', message: `utilised + disposed = ${accounted} t is far above ${body.generatedT} t generated` }]);
  }
  const before = await repo.findRecord(trx, stream.id, period);
  await repo.upsertRecords(trx, [recordColumns(stream.id, period, body)]);
  const after = (await repo.findRecord(trx, stream.id, period))!;
  await recordAudit(trx, ctx, { action: 'byproduct_record.put', entityType: 'byproduct_records', entityId: `${stream.id}:${period}`, organisationId: stream.organisation_id, before: before ?? null, after });
  return presentRecord(after);
}

/** Writes of the demo loader: many months at once, no audit per row (the loader audits the batch). */
export const storeRecords = repo.upsertRecords;
