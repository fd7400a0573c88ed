/**
 * Syncing custody events signed offline on a phone (engine/device.ts). Each event is taken in
 * a transaction of its own, so one refused event does not hold back the others:
 *
 * - a phone's event id seen before is a `duplicate` (the answer repeats where it went);
 * - the device key must be registered, unexpired and unrevoked, and the request must come from
 *   its holder (the person's session, or the code driver's grant);
 * - the statement must carry a valid device signature, a device time not ahead of the server's
 *   and not before the key was registered;
 * - under the manifest's lock, the chain position the phone saw must still be the head; when the
 *   manifest moved on, the answer is a `conflict` with what happened meanwhile and nothing is
 *   written (the signer decides again; nothing is merged);
 * - otherwise `signEvent` appends the event like every other, signed (countersigned) with the
 *   organisation's key, its payload carrying the statement and the device signature, the device
 *   time and the server's receipt time (which is the event's `at`: the server's clock orders the
 *   chain, a phone's clock may be wrong).
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { AppError, errors } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { applyCustodyEvent } from './engine/custody';
import { type DeviceBlock, type DeviceStatement, parseStatement, verifyDeviceSignature } from './engine/device';
import { loadPublicKey } from './engine/signing';
import type { JsonValue } from './engine/trail';
import { driverContext, keyOfGrant } from './manifests.codes.service';
import * as fieldRepo from './manifests.field.repository';
import type { SyncBody, SyncResult } from './manifests.field.schema';
import type { ManifestDeviceKeyRow } from './manifests.field.tables';
import type { ManifestsDeps } from './manifests.keys.service';
import * as repo from './manifests.repository';
import { signEventBody, type ManifestView, type SignEventBody } from './manifests.schema';
import { getManifest, partiesOf } from './manifests.service';
import { signEvent } from './manifests.sign.service';

/** A phone's clock may run a little fast; beyond this its time is not believed. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** What is signed in the field: the carriers' and the receiver's steps. */
const FIELD_KINDS = new Set(['picked-up', 'handed-over', 'delivered', 'received']);
const DRIVER_KINDS = new Set(['picked-up', 'handed-over', 'delivered']);

/** Opens a transaction; each synced event runs in one of its own. */
export type Transact = <T>(work: (trx: Trx) => Promise<T>) => Promise<T>;

class Refused extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

const empty = (clientEventId: string): SyncResult => ({ clientEventId, status: 'rejected', manifestId: null, seq: null, eventId: null, deviceAt: null, receivedAt: null, conflict: null, problem: null });

/** The manifest for the field page: a session's viewer, or a code driver's grant (that manifest only). */
export async function openFieldManifest(db: Executor, ctx: ServiceContext, id: string, grant: string | undefined, now = new Date()): Promise<ManifestView> {
  if (grant === undefined) {
    if (ctx.viewer.kind === 'anonymous') throw errors.unauthenticated();
    return getManifest(db, ctx, id, now);
  }
  const key = await keyOfGrant(db, grant, now);
  if (!key || key.manifest_id !== id) throw errors.forbidden('The code does not open this manifest, or it has expired.');
  return getManifest(db, await driverContext(db, key, ctx.requestId), id, now);
}

/** Who signs with this key in this request, or why not. */
async function signingContext(db: Executor, ctx: ServiceContext, key: ManifestDeviceKeyRow, grant: string | undefined, now: Date): Promise<{ ctx: ServiceContext; method: 'device' | 'code' }> {
  if (key.user_id !== null) {
    const actor = actorOf(ctx.viewer);
    if (!actor) throw new Refused('unauthenticated', 'Log in to sync the events signed on this phone.');
    if (actor.userId !== key.user_id || actor.organisationId !== key.organisation_id) throw new Refused('manifests.deviceNotYours', 'The device key belongs to another person or organisation.');
    return { ctx, method: 'device' };
  }
  const owner = grant === undefined ? null : await keyOfGrant(db, grant, now);
  if (!owner || owner.id !== key.id) throw new Refused('manifests.grantInvalid', "The driver's grant does not belong to this device key, or it has expired.");
  return { ctx: await driverContext(db, key, ctx.requestId), method: 'code' };
}

function bodyOf(s: DeviceStatement): SignEventBody {
  if (!FIELD_KINDS.has(s.kind)) throw new Refused('manifests.fieldKind', `A ${s.kind} event is not signed in the field.`);
  if ('password' in s.body) throw new Refused('manifests.statementInvalid', 'A statement never carries a password.');
  const parsed = signEventBody.safeParse({ ...s.body, kind: s.kind });
  if (!parsed.success) throw new Refused('manifests.statementInvalid', `The signed event is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function syncOne(trx: Trx, ctx: ServiceContext, deps: ManifestsDeps, input: SyncBody['events'][number], grant: string | undefined, now: Date): Promise<SyncResult> {
  const s = parseStatement(input.statement);
  if (!s || s.key !== input.deviceKeyId) throw new Refused('manifests.statementInvalid', 'Not a canonical field statement of this device key.');
  const result: SyncResult = { ...empty(s.clientEventId), manifestId: s.manifest };
  const seen = await fieldRepo.findFieldEvent(trx, s.clientEventId);
  if (seen) {
    if (seen.device_key_id !== s.key) throw new Refused('manifests.clientEventTaken', 'Another device used this event id.');
    return { ...result, status: 'duplicate', manifestId: seen.manifest_id, seq: seen.seq, eventId: seen.event_id, deviceAt: seen.device_at.toISOString(), receivedAt: seen.received_at.toISOString() };
  }
  const key = await fieldRepo.findDeviceKey(trx, s.key);
  if (!key) throw new Refused('manifests.deviceUnknown', 'The device key is not registered.');
  if (key.revoked_at) throw new Refused('manifests.deviceRevoked', 'The device key was revoked.');
  if (key.expires_at && key.expires_at.getTime() <= now.getTime()) throw new Refused('manifests.deviceExpired', 'The device key has expired.');
  const signer = await signingContext(trx, ctx, key, grant, now);
  if (!verifyDeviceSignature(loadPublicKey(key.public_key), input.statement, input.signature)) throw new Refused('manifests.deviceSignatureInvalid', "The device's signature does not match the statement.");
  const deviceAt = new Date(s.signedAt);
  if (Number.isNaN(deviceAt.getTime()) || deviceAt.toISOString() !== s.signedAt) throw new Refused('manifests.statementInvalid', 'The device time is not an ISO 8601 UTC time with milliseconds.');
  if (deviceAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new Refused('manifests.deviceClockAhead', "The phone's clock is ahead of the server's.");
  if (deviceAt.getTime() < key.created_at.getTime() - CLOCK_SKEW_MS) throw new Refused('manifests.signedBeforeRegistration', 'The event is dated before the device key was registered.');
  const body = bodyOf(s);
  if (key.manifest_id !== null && key.manifest_id !== s.manifest) throw new Refused('manifests.codeScope', "The driver's code is for another manifest.");

  const m = await repo.lockManifest(trx, s.manifest);
  if (!m) throw new Refused('not_found', `Manifest ${s.manifest} was not found.`);
  let current: boolean;
  if ('hash' in s.base) current = m.event_count === s.base.seq && m.head_hash === s.base.hash;
  else {
    // A second event queued offline follows the phone's previous one: that one must be the head now.
    const before = await fieldRepo.findFieldEvent(trx, s.base.after);
    current = before !== undefined && before.manifest_id === m.id && before.seq === s.base.seq && m.event_count === s.base.seq;
  }
  if (!current) {
    const seenSeq = Math.min(s.base.seq, m.event_count);
    const moved = await fieldRepo.eventsAfter(trx, m.id, 'hash' in s.base ? seenSeq : Math.max(0, seenSeq - 1));
    return {
      ...result,
      status: 'conflict',
      deviceAt: s.signedAt,
      conflict: { status: m.status, seq: m.event_count, events: moved.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at.toISOString(), signer: { nameZh: e.name_zh, nameEn: e.name_en } })) },
    };
  }
  if (signer.method === 'code') {
    // A code driver signs only as the transporter at the code's position.
    const parties = await partiesOf(trx, m);
    const event = body.kind === 'handed-over' ? { kind: body.kind, to: body.to } : { kind: body.kind as 'picked-up' | 'delivered' };
    const step = DRIVER_KINDS.has(body.kind) ? applyCustodyEvent({ status: m.status, holder: m.holder, allRefused: m.all_refused }, event, parties.transporterIds.length) : null;
    if (!step?.ok || step.signer.role !== 'transporter' || step.signer.position !== key.position) throw new Refused('manifests.codeScope', "The driver's code does not sign this step.");
  }

  const driver = signer.method === 'code' ? await fieldRepo.findDriverCode(trx, key.driver_code_id!) : undefined;
  const device: DeviceBlock & { driver?: { name: string; plate: string } } = {
    key: key.id,
    clientEventId: s.clientEventId,
    statement: input.statement,
    signature: input.signature,
    signedAt: s.signedAt,
    receivedAt: now.toISOString(),
    ...(driver ? { driver: { name: driver.driver_name, plate: driver.plate } } : {}),
  };
  const view = await signEvent(trx, signer.ctx, deps, m.id, body, now, { method: signer.method, device: device as unknown as { [key: string]: JsonValue } });
  const appended = view.events.at(-1)!;
  await fieldRepo.insertFieldEvent(trx, { client_event_id: s.clientEventId, device_key_id: key.id, manifest_id: m.id, event_id: appended.id, seq: appended.seq, device_at: deviceAt, received_at: now });
  await recordAudit(trx, signer.ctx, { action: 'manifest.field-sync', entityType: 'manifest_field_events', entityId: s.clientEventId, organisationId: key.organisation_id, after: { device_key_id: key.id, manifest_id: m.id, event_id: appended.id, seq: appended.seq, device_at: deviceAt, received_at: now } });
  return { ...result, status: 'accepted', seq: appended.seq, eventId: appended.id, deviceAt: s.signedAt, receivedAt: now.toISOString() };
}

/** Each event in its own transaction, in the order sent (a phone sends its queue oldest first). */
export async function syncFieldEvents(transact: Transact, ctx: ServiceContext, deps: ManifestsDeps, body: SyncBody, now = () => new Date()): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  for (const input of body.events) {
    try {
      results.push(await transact((trx) => syncOne(trx, ctx, deps, input, body.grant, now())));
    } catch (error) {
      const id = parseStatement(input.statement)?.clientEventId ?? '';
      if (error instanceof Refused) results.push({ ...empty(id), problem: { code: error.code, detail: error.message } });
      else if (error instanceof AppError) results.push({ ...empty(id), problem: { code: error.fields?.[0]?.code ?? error.code, detail: error.message } });
      else throw error;
    }
  }
  return results;
}
