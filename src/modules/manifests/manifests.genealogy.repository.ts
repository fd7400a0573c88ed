/** SQL of transfer-station genealogy and of imported EPCIS events (manifests.genealogy.service.ts, manifests.epcis.service.ts). */
import type { Insertable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { GenealogyLineRow, GenealogyOperationRow, ManifestGenealogyLineTable, ManifestGenealogyOperationTable, ManifestImportedEventTable } from './manifests.genealogy.tables';

export async function insertOperation(trx: Trx, op: Insertable<ManifestGenealogyOperationTable>, lines: Insertable<ManifestGenealogyLineTable>[]): Promise<void> {
  await trx.insertInto('manifest_genealogy_operations').values(op).execute();
  if (lines.length > 0) await trx.insertInto('manifest_genealogy_lines').values(lines).execute();
}

/** Of these manifests, those already taken into an operation as inputs. */
export async function consumedInputs(db: Executor, manifestIds: readonly string[]): Promise<Set<string>> {
  if (manifestIds.length === 0) return new Set();
  const rows = await db.selectFrom('manifest_genealogy_lines').select('manifest_id').distinct().where('side', '=', 'input').where('manifest_id', 'in', [...manifestIds]).execute();
  return new Set(rows.map((r) => r.manifest_id));
}

/** An operation already recorded under this id, or under the partner's eventID for this operator. */
export function findOperation(db: Executor, q: { id: string | null; operatorId: string; sourceEventId: string | null }): Promise<GenealogyOperationRow | undefined> {
  return db
    .selectFrom('manifest_genealogy_operations')
    .selectAll()
    .where((eb) => {
      const ors = [];
      if (q.id) ors.push(eb('id', '=', q.id));
      if (q.sourceEventId) ors.push(eb.and([eb('operator_id', '=', q.operatorId), eb('source_event_id', '=', q.sourceEventId)]));
      return ors.length > 0 ? eb.or(ors) : eb.val(false);
    })
    .executeTakeFirst();
}

export interface OperationWithLines {
  operation: GenealogyOperationRow;
  lines: (GenealogyLineRow & { number: string })[];
}

/** Operations touching any of these manifests, with all their lines and the loads' numbers. */
export async function operationsOf(db: Executor, manifestIds: readonly string[]): Promise<OperationWithLines[]> {
  if (manifestIds.length === 0) return [];
  const ops = await db
    .selectFrom('manifest_genealogy_operations as o')
    .selectAll('o')
    .where((eb) => eb.exists(eb.selectFrom('manifest_genealogy_lines as l').select('l.operation_id').whereRef('l.operation_id', '=', 'o.id').where('l.manifest_id', 'in', [...manifestIds])))
    .orderBy('o.at')
    .orderBy('o.id')
    .execute();
  if (ops.length === 0) return [];
  const lines = await db
    .selectFrom('manifest_genealogy_lines as l')
    .innerJoin('manifests as m', 'm.id', 'l.manifest_id')
    .selectAll('l')
    .select('m.number')
    .where(
      'l.operation_id',
      'in',
      ops.map((o) => o.id),
    )
    .orderBy('l.operation_id')
    .orderBy('l.side')
    .orderBy('m.number')
    .orderBy('l.line_no')
    .execute();
  return ops.map((operation) => ({ operation, lines: lines.filter((l) => l.operation_id === operation.id) }));
}

export function findManifestsByNumber(db: Executor, numbers: readonly string[]) {
  if (numbers.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifests').select(['id', 'number']).where('number', 'in', [...new Set(numbers)]).execute();
}

/** Organisations by unified social credit code (or by id, for one without a code). */
export async function organisationsByKey(db: Executor, keys: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return new Map();
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const ids = unique.filter((k) => uuid.test(k));
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'credit_code'])
    .where((eb) => eb.or([eb('credit_code', 'in', unique), ...(ids.length > 0 ? [eb('id', 'in', ids)] : [])]))
    .execute();
  const out = new Map<string, string>();
  for (const r of rows) {
    if (r.credit_code) out.set(r.credit_code, r.id);
    out.set(r.id, r.id);
  }
  return out;
}

/** The key an organisation goes by in EPCIS identifiers: its credit code, else its id. */
export async function partyKeys(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'credit_code']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.credit_code ?? r.id]));
}

export async function existingSites(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const unique = [...new Set(ids)].filter((k) => uuid.test(k));
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('sites').select(['id', 'organisation_id']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.organisation_id]));
}

/** Whether this event (our id, or the partner's eventID for the signer) is already on the manifest's trail. */
export async function eventAlreadyImported(db: Executor, q: { manifestId: string; eventId: string | null; partnerId: string; sourceEventId: string | null }): Promise<boolean> {
  if (q.eventId) {
    const own = await db.selectFrom('manifest_events').select('id').where('manifest_id', '=', q.manifestId).where('id', '=', q.eventId).executeTakeFirst();
    if (own) return true;
  }
  if (q.sourceEventId) {
    const seen = await db.selectFrom('manifest_imported_events').select('event_id').where('partner_id', '=', q.partnerId).where('source_event_id', '=', q.sourceEventId).executeTakeFirst();
    if (seen) return true;
  }
  return false;
}

export async function insertImportedEvent(trx: Trx, row: Insertable<ManifestImportedEventTable>): Promise<void> {
  await trx.insertInto('manifest_imported_events').values(row).execute();
}
