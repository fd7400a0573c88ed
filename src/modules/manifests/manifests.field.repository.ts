/** SQL of the field signing tables (manifests.field.tables.ts): device keys, drivers' codes, events from phones. */
import type { Insertable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { ManifestDeviceKeyRow, ManifestDeviceKeyTable, ManifestDriverCodeRow, ManifestDriverCodeTable, ManifestFieldEventRow, ManifestFieldEventTable } from './manifests.field.tables';

export function insertDeviceKey(trx: Trx, values: Insertable<ManifestDeviceKeyTable>): Promise<ManifestDeviceKeyRow> {
  return trx.insertInto('manifest_device_keys').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findDeviceKey(db: Executor, id: string): Promise<ManifestDeviceKeyRow | undefined> {
  return db.selectFrom('manifest_device_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export function deviceKeysByIds(db: Executor, ids: readonly string[]): Promise<ManifestDeviceKeyRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifest_device_keys').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

export function deviceKeysOfUser(db: Executor, userId: string): Promise<ManifestDeviceKeyRow[]> {
  return db.selectFrom('manifest_device_keys').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export async function revokeDeviceKey(trx: Trx, id: string, at: Date): Promise<void> {
  await trx.updateTable('manifest_device_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export function insertDriverCode(trx: Trx, values: Insertable<ManifestDriverCodeTable>): Promise<ManifestDriverCodeRow> {
  return trx.insertInto('manifest_driver_codes').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The code with this hash, locked: two phones redeeming the same code at once get one device key between them. */
export function lockDriverCodeByHash(trx: Trx, codeHash: string): Promise<ManifestDriverCodeRow | undefined> {
  return trx.selectFrom('manifest_driver_codes').selectAll().where('code_hash', '=', codeHash).forUpdate().executeTakeFirst();
}

export function findDriverCode(db: Executor, id: string): Promise<ManifestDriverCodeRow | undefined> {
  return db.selectFrom('manifest_driver_codes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markCodeUsed(trx: Trx, id: string, at: Date, grantHash: string): Promise<void> {
  await trx.updateTable('manifest_driver_codes').set({ used_at: at, grant_hash: grantHash }).where('id', '=', id).execute();
}

export function findFieldEvent(db: Executor, clientEventId: string): Promise<ManifestFieldEventRow | undefined> {
  return db.selectFrom('manifest_field_events').selectAll().where('client_event_id', '=', clientEventId).executeTakeFirst();
}

export async function insertFieldEvent(trx: Trx, values: Insertable<ManifestFieldEventTable>): Promise<void> {
  await trx.insertInto('manifest_field_events').values(values).execute();
}

/** The events of a manifest after `seq` (what moved on while a phone was offline). */
export function eventsAfter(db: Executor, manifestId: string, seq: number) {
  return db
    .selectFrom('manifest_events as e')
    .innerJoin('organisations as o', 'o.id', 'e.signer_organisation_id')
    .select(['e.id', 'e.seq', 'e.kind', 'e.at', 'o.name_zh', 'o.name_en'])
    .where('e.manifest_id', '=', manifestId)
    .where('e.seq', '>', seq)
    .orderBy('e.seq')
    .execute();
}

/** The code driver's device key whose grant secret has this hash. */
export function deviceKeyOfGrant(db: Executor, grantHash: string): Promise<ManifestDeviceKeyRow | undefined> {
  return db
    .selectFrom('manifest_driver_codes as c')
    .innerJoin('manifest_device_keys as k', 'k.driver_code_id', 'c.id')
    .selectAll('k')
    .where('c.grant_hash', '=', grantHash)
    .executeTakeFirst();
}
