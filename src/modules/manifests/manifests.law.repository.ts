/** All SQL of the law manifests follow: duties, transfer approvals and their notices, carriers' permits, purging. */
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { WasteList } from './engine/duties';
import type {
  CarrierPermitRow,
  ManifestCarrierPermitTable,
  ManifestDutyRow,
  ManifestDutyTable,
  ManifestTransferApprovalTable,
  ManifestTransferNoticeTable,
  TransferApprovalRow,
  TransferNoticeRow,
  TransferStatus,
} from './manifests.law.tables';

export function listDuties(db: Executor): Promise<ManifestDutyRow[]> {
  return db.selectFrom('manifest_duties').selectAll().orderBy('waste_list').orderBy('category').orderBy('in_force_from').execute();
}

export function findDuty(db: Executor, id: string): Promise<ManifestDutyRow | undefined> {
  return db.selectFrom('manifest_duties').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findEdition(db: Executor, wasteList: WasteList, category: string, inForceFrom: string): Promise<ManifestDutyRow | undefined> {
  return db.selectFrom('manifest_duties').selectAll().where('waste_list', '=', wasteList).where('category', '=', category).where('in_force_from', '=', inForceFrom).executeTakeFirst();
}

export function insertDuty(trx: Trx, values: Insertable<ManifestDutyTable>): Promise<ManifestDutyRow> {
  return trx.insertInto('manifest_duties').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateDuty(trx: Trx, id: string, set: Updateable<ManifestDutyTable>): Promise<ManifestDutyRow> {
  return trx.updateTable('manifest_duties').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** A manifest's lines with the code list each code belongs to. */
export function lineClasses(db: Executor, manifestId: string): Promise<{ line_no: number; category: string; list: WasteList }[]> {
  return db
    .selectFrom('manifest_lines as l')
    .innerJoin('manifest_waste_codes as c', 'c.code', 'l.waste_code')
    .select(['l.line_no', 'l.category', 'c.list'])
    .where('l.manifest_id', '=', manifestId)
    .orderBy('l.line_no')
    .execute();
}

export function insertApproval(trx: Trx, values: Insertable<ManifestTransferApprovalTable>): Promise<TransferApprovalRow> {
  return trx.insertInto('manifest_transfer_approvals').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findApproval(db: Executor, id: string): Promise<TransferApprovalRow | undefined> {
  return db.selectFrom('manifest_transfer_approvals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Decisions and manifests under one approval are taken one at a time (the remaining quantity stays exact). */
export function lockApproval(trx: Trx, id: string): Promise<TransferApprovalRow | undefined> {
  return trx.selectFrom('manifest_transfer_approvals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateApproval(trx: Trx, id: string, set: Updateable<ManifestTransferApprovalTable>): Promise<TransferApprovalRow> {
  return trx.updateTable('manifest_transfer_approvals').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export interface ApprovalFilter {
  /** null: every approval (platform admins, the system). */
  organisationId: string | null;
  /** Two-digit province prefixes of a regulator: approvals whose route touches one of them. */
  provincePrefix: string | null;
  status?: TransferStatus | undefined;
}

export function listApprovals(db: Executor, f: ApprovalFilter): Promise<TransferApprovalRow[]> {
  let q = db.selectFrom('manifest_transfer_approvals as a').selectAll('a');
  if (f.provincePrefix !== null) {
    const p = `${f.provincePrefix}0000`;
    q = q.where((eb) => eb.or([eb('a.origin_province', '=', p), eb('a.destination_province', '=', p), sql<boolean>`${p} = any(a.transit_provinces)`]));
  } else if (f.organisationId !== null) {
    const o = f.organisationId;
    q = q.where((eb) => eb.or([eb('a.generator_id', '=', o), eb('a.receiver_id', '=', o)]));
  }
  if (f.status) q = q.where('a.status', '=', f.status);
  return q.orderBy('a.applied_at', 'desc').limit(500).execute();
}

/** Tonnes of the approved codes that manifests under the approvals carry (cancelled ones free theirs again), per approval. */
export async function usedTonnes(db: Executor, approvalIds: readonly string[]): Promise<Map<string, number>> {
  if (approvalIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('manifests as m')
    .innerJoin('manifest_transfer_approvals as a', 'a.id', 'm.transfer_approval_id')
    .innerJoin('manifest_lines as l', (j) => j.onRef('l.manifest_id', '=', 'm.id').on(sql<boolean>`l.waste_code = any(a.waste_codes)`))
    .select(['m.transfer_approval_id as id', sql<string>`sum(case when l.unit = 'kg' then l.quantity / 1000 else l.quantity end)`.as('tonnes')])
    .where('m.transfer_approval_id', 'in', [...approvalIds])
    .where('m.status', '!=', 'cancelled')
    .groupBy('m.transfer_approval_id')
    .execute();
  return new Map(rows.map((r) => [r.id!, Number(r.tonnes)]));
}

export async function insertNotices(trx: Trx, rows: Insertable<ManifestTransferNoticeTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('manifest_transfer_notices').values(rows).onConflict((oc) => oc.columns(['approval_id', 'organisation_id']).doNothing()).execute();
}

export function noticesOf(db: Executor, approvalIds: readonly string[]): Promise<TransferNoticeRow[]> {
  if (approvalIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifest_transfer_notices').selectAll().where('approval_id', 'in', [...approvalIds]).orderBy('at').orderBy('role').execute();
}

/** Regulators whose region lies in one of the provinces (their ecology departments and the bureaus under them). */
export function regulatorsIn(db: Executor, provinces: readonly string[]): Promise<{ id: string; region_code: string }[]> {
  if (provinces.length === 0) return Promise.resolve([]);
  const prefixes = [...new Set(provinces.map((p) => p.slice(0, 2)))];
  return db.selectFrom('organisations').select(['id', 'region_code']).where('type', '=', 'regulator').where(sql<string>`substr(region_code, 1, 2)`, 'in', prefixes).orderBy('region_code').execute();
}

export function insertPermit(trx: Trx, values: Insertable<ManifestCarrierPermitTable>): Promise<CarrierPermitRow> {
  return trx.insertInto('manifest_carrier_permits').values(values).returningAll().executeTakeFirstOrThrow();
}

export function listPermits(db: Executor, organisationId: string): Promise<CarrierPermitRow[]> {
  return db.selectFrom('manifest_carrier_permits').selectAll().where('organisation_id', '=', organisationId).orderBy('kind').orderBy('valid_until', 'desc').execute();
}

export function permitsValidOn(db: Executor, organisationId: string, day: string): Promise<CarrierPermitRow[]> {
  return db.selectFrom('manifest_carrier_permits').selectAll().where('organisation_id', '=', organisationId).where('valid_from', '<=', day).where('valid_until', '>=', day).execute();
}

/**
 * Removes a manifest and every row that hangs on it. Checkpoint heads stay: the global chain
 * keeps what was published, and the purge's audit record names the head it held.
 */
export async function purgeManifest(trx: Trx, id: string): Promise<void> {
  await trx.updateTable('manifests').set({ rerouted_from: null }).where('rerouted_from', '=', id).execute();
  await trx.updateTable('manifests').set({ rerouted_to: null }).where('rerouted_to', '=', id).execute();
  await trx.updateTable('exchange_contract_deliveries').set({ manifest_id: null }).where('manifest_id', '=', id).execute();
  await trx.deleteFrom('manifest_field_events').where('manifest_id', '=', id).execute();
  await trx.deleteFrom('manifest_device_keys').where('manifest_id', '=', id).execute();
  await trx.deleteFrom('manifest_driver_codes').where('manifest_id', '=', id).execute();
  await trx.deleteFrom('manifest_queue_notes').where('item_id', 'in', (eb) => eb.selectFrom('manifest_queue_items').select('id').where('manifest_id', '=', id)).execute();
  await trx.deleteFrom('manifest_queue_items').where('manifest_id', '=', id).execute();
  await trx.deleteFrom('manifest_overdue').where('manifest_id', '=', id).execute();
  await trx.deleteFrom('manifest_revision_decisions').where('revision_id', 'in', (eb) => eb.selectFrom('manifest_revisions').select('id').where('manifest_id', '=', id)).execute();
  await trx.deleteFrom('manifest_revisions').where('manifest_id', '=', id).execute();
  await trx.deleteFrom('manifest_versions').where('manifest_id', '=', id).execute();
  await trx.deleteFrom('manifest_events').where('manifest_id', '=', id).execute();
  await trx.deleteFrom('manifest_lines').where('manifest_id', '=', id).execute();
  await trx.deleteFrom('manifest_transporters').where('manifest_id', '=', id).execute();
  await trx.deleteFrom('manifests').where('id', '=', id).execute();
}

export function regionNames(db: Executor, codes: readonly string[]): Promise<{ code: string; name_zh: string; name_en: string }[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('regions').select(['code', 'name_zh', 'name_en']).where('code', 'in', [...new Set(codes)]).execute();
}
