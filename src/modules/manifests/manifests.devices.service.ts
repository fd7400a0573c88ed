/**
 * Phones' device keys (engine/device.ts): a person registers their phone's public key while
 * online, re-entering their password once; offline, the phone's non-extractable private key
 * stands for the password. A key is revoked by its holder or an admin of its organisation (a
 * lost phone): what it signed stays valid, nothing it signs later is accepted.
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { findOrganisation, ownerOf } from '../organisations';
import { DEVICE_ALGORITHM, type DeviceKey, devicePublicPem, deviceKeyId } from './engine/device';
import { loadPublicKey } from './engine/signing';
import { manifestsFieldPolicy } from './manifests.field.policy';
import * as fieldRepo from './manifests.field.repository';
import type { DeviceView, RegisterDeviceBody } from './manifests.field.schema';
import type { ManifestDeviceKeyRow } from './manifests.field.tables';
import { signingMethod } from './manifests.service';

export function presentDevice(r: ManifestDeviceKeyRow): DeviceView {
  return {
    id: r.id,
    algorithm: r.algorithm,
    label: r.label,
    organisationId: r.organisation_id,
    manifestId: r.manifest_id,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}

/** The PEM and id of a phone's key, or a 400 naming `publicKey`. */
export function parseDeviceKey(spkiBase64: string): { id: string; pem: string } {
  const pem = devicePublicPem(spkiBase64);
  if (!pem) throw errors.validation('Not an ECDSA P-256 public key.', [{ field: 'publicKey', message: 'the SPKI of an ECDSA P-256 public key, base64', code: 'manifests.devicePublicKey' }]);
  return { id: deviceKeyId(pem), pem };
}

export async function registerDevice(trx: Trx, ctx: ServiceContext, body: RegisterDeviceBody, now = new Date()): Promise<DeviceView> {
  permit(ctx.viewer, manifestsFieldPolicy.registerDevice(ctx.viewer), 'Only a person who signs manifests registers a phone.');
  const actor = actorOf(ctx.viewer)!;
  await signingMethod(trx, ctx, body.password);
  const { id, pem } = parseDeviceKey(body.publicKey);
  const known = await fieldRepo.findDeviceKey(trx, id);
  if (known) {
    // A retried registration of the same key by the same person is the same registration.
    if (known.user_id === actor.userId && known.organisation_id === actor.organisationId && !known.revoked_at) return presentDevice(known);
    throw errors.conflict('This key is already registered.', [{ field: 'publicKey', message: 'already registered', code: 'manifests.deviceKnown' }]);
  }
  const row = await fieldRepo.insertDeviceKey(trx, { id, algorithm: DEVICE_ALGORITHM, public_key: pem, organisation_id: actor.organisationId, user_id: actor.userId, label: body.label, created_at: now });
  await recordAudit(trx, ctx, { action: 'manifest.device.register', entityType: 'manifest_device_keys', entityId: id, organisationId: actor.organisationId, after: row });
  return presentDevice(row);
}

export async function listDevices(db: Executor, ctx: ServiceContext): Promise<DeviceView[]> {
  const actor = actorOf(ctx.viewer);
  if (!actor?.userId) throw errors.unauthenticated();
  return (await fieldRepo.deviceKeysOfUser(db, actor.userId)).map(presentDevice);
}

export async function revokeDevice(trx: Trx, ctx: ServiceContext, keyId: string, now = new Date()): Promise<DeviceView> {
  const row = await fieldRepo.findDeviceKey(trx, keyId);
  if (!row) throw errors.notFound('Device key', keyId);
  const org = await findOrganisation(trx, row.organisation_id);
  if (!org) throw errors.notFound('Device key', keyId);
  if (!manifestsFieldPolicy.revokeDevice(ctx.viewer, ownerOf(org), row.user_id)) {
    permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
    throw errors.notFound('Device key', keyId);
  }
  await fieldRepo.revokeDeviceKey(trx, keyId, now);
  const after = (await fieldRepo.findDeviceKey(trx, keyId))!;
  await recordAudit(trx, ctx, { action: 'manifest.device.revoke', entityType: 'manifest_device_keys', entityId: keyId, organisationId: row.organisation_id, before: row, after });
  return presentDevice(after);
}

/** Registered device keys by id, for verification (revoked ones included: what they signed before stays valid). */
export async function deviceKeysFor(db: Executor, ids: readonly string[]): Promise<Map<string, DeviceKey>> {
  const rows = await fieldRepo.deviceKeysByIds(db, ids);
  return new Map(rows.map((r) => [r.id, { organisation: r.organisation_id, publicKey: loadPublicKey(r.public_key) }]));
}
