/**
 * Drivers' one-time codes: a driver without an account signs pickup, handover and delivery for
 * one manifest. The transporter's staff issue a code bound to the manifest, the transporter's
 * position, the vehicle plate and the driver's name; it is shown once, kept only as a hash,
 * expires within hours and is redeemed once, by registering the driver's phone key for that
 * manifest (and giving the phone a grant secret to read it and sync). Redemption attempts are
 * rate-limited per client address by the route.
 */
import { randomBytes } from 'node:crypto';
import type { Executor, Trx } from '../../db/database';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { sha256 } from '../../platform/tokens';
import { actorOf, actorViewer, type ServiceContext } from '../../platform/viewer';
import { findOrganisation, ownerOf } from '../organisations';
import { DEVICE_ALGORITHM } from './engine/device';
import { parseDeviceKey, presentDevice } from './manifests.devices.service';
import { DRIVER_CODE_STATUSES, manifestsFieldPolicy } from './manifests.field.policy';
import * as fieldRepo from './manifests.field.repository';
import type { IssueCodeBody, RedeemCodeBody } from './manifests.field.schema';
import type { ManifestDeviceKeyRow } from './manifests.field.tables';
import * as repo from './manifests.repository';
import { mayRead, partiesOf } from './manifests.service';

/** Crockford's base32: no I, L, O or U to misread on a phone call or a scrap of paper. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 10 characters, 50 bits: guessing one inside its few hours under the rate limit is hopeless. */
const CODE_LENGTH = 10;
/** A code driver's phone key signs for this long after redemption (one trip). */
const DRIVER_KEY_HOURS = 48;

function newCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  for (const b of bytes) code += ALPHABET[b & 31];
  return code;
}

/** What a person may type for a code: upper or lower case, dashes and spaces, and the letters Crockford maps. */
export function normaliseCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

const codeIssue = (message: string, code: string) => errors.validation(message, [{ field: 'code', message, code: `manifests.${code}` }]);

export async function issueDriverCode(trx: Trx, ctx: ServiceContext, manifestId: string, body: IssueCodeBody, now = new Date()) {
  const m = await repo.findManifest(trx, manifestId);
  if (!m) throw errors.notFound('Manifest', manifestId);
  if (!(await mayRead(trx, ctx, await partiesOf(trx, m)))) {
    permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
    throw errors.notFound('Manifest', manifestId);
  }
  const transporter = (await repo.transportersOf(trx, [manifestId])).find((t) => t.position === body.position);
  if (!transporter) throw errors.validation('The manifest has no such transporter.', [{ field: 'position', message: `no transporter at position ${body.position}`, code: 'manifests.unknownTransporter' }]);
  const org = await findOrganisation(trx, transporter.organisation_id);
  permit(ctx.viewer, manifestsFieldPolicy.issueCode(ctx.viewer, ownerOf(org!)), "Only the transporter's staff issue codes for its drivers.");
  if (!DRIVER_CODE_STATUSES.has(m.status)) throw errors.conflict(`A manifest that is ${m.status} takes no driver's signature.`);
  const code = newCode();
  const row = await fieldRepo.insertDriverCode(trx, {
    manifest_id: manifestId,
    position: body.position,
    organisation_id: transporter.organisation_id,
    plate: body.plate ?? transporter.plate,
    driver_name: body.driverName ?? transporter.driver_name,
    code_hash: sha256(code),
    issued_by: actorOf(ctx.viewer)?.userId ?? null,
    created_at: now,
    expires_at: new Date(now.getTime() + body.minutes * 60_000),
  });
  await recordAudit(trx, ctx, { action: 'manifest.driver-code.issue', entityType: 'manifest_driver_codes', entityId: row.id, organisationId: row.organisation_id, after: row });
  return { id: row.id, code: `${code.slice(0, 5)}-${code.slice(5)}`, manifestId, position: row.position, plate: row.plate, driverName: row.driver_name, expiresAt: row.expires_at.toISOString() };
}

export async function redeemDriverCode(trx: Trx, ctx: ServiceContext, body: RedeemCodeBody, now = new Date()) {
  const code = await fieldRepo.lockDriverCodeByHash(trx, sha256(normaliseCode(body.code)));
  if (!code) throw codeIssue('The code is wrong.', 'codeUnknown');
  if (code.used_at) throw codeIssue('The code was used already.', 'codeUsed');
  if (code.expires_at.getTime() <= now.getTime()) throw codeIssue('The code has expired.', 'codeExpired');
  const m = await repo.findManifest(trx, code.manifest_id);
  if (!m || !DRIVER_CODE_STATUSES.has(m.status)) throw codeIssue('The manifest no longer takes a driver signature.', 'codeExpired');
  const { id, pem } = parseDeviceKey(body.publicKey);
  if (await fieldRepo.findDeviceKey(trx, id)) throw errors.conflict('This key is already registered.', [{ field: 'publicKey', message: 'already registered', code: 'manifests.deviceKnown' }]);
  const grant = randomBytes(32).toString('base64url');
  await fieldRepo.markCodeUsed(trx, code.id, now, sha256(grant));
  const key = await fieldRepo.insertDeviceKey(trx, {
    id,
    algorithm: DEVICE_ALGORITHM,
    public_key: pem,
    organisation_id: code.organisation_id,
    driver_code_id: code.id,
    manifest_id: code.manifest_id,
    position: code.position,
    label: body.label,
    created_at: now,
    expires_at: new Date(now.getTime() + DRIVER_KEY_HOURS * 3_600_000),
  });
  await recordAudit(trx, ctx, { action: 'manifest.driver-code.redeem', entityType: 'manifest_device_keys', entityId: id, organisationId: code.organisation_id, after: { ...key, driver_code_id: code.id } });
  return { grant, device: presentDevice(key), manifestId: code.manifest_id, position: code.position, plate: code.plate, driverName: code.driver_name };
}

/**
 * The service context of a code driver: the transporter's organisation with the `driver` role
 * and no user (there is no account), under the request's id for the audit.
 */
export async function driverContext(db: Executor, key: ManifestDeviceKeyRow, requestId: string): Promise<ServiceContext> {
  const org = await findOrganisation(db, key.organisation_id);
  if (!org) throw errors.notFound('Organisation', key.organisation_id);
  const actor: Actor = { kind: 'user', userId: null, tokenId: null, organisationId: org.id, organisationType: org.type, regionCode: org.region_code, parkId: org.park_id, role: 'driver' };
  return { viewer: actorViewer(actor), requestId };
}

/** The code driver's key a grant secret belongs to, if the grant is valid now. */
export async function keyOfGrant(db: Executor, grant: string, now: Date): Promise<ManifestDeviceKeyRow | null> {
  const row = await fieldRepo.deviceKeyOfGrant(db, sha256(grant));
  if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now.getTime())) return null;
  return row;
}
