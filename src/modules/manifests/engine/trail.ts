/**
 * The tamper-evident trail of a manifest (issue 13). Each custody event is written once as the
 * RFC 8785 canonical JSON of its payload (timestamps ISO 8601 with milliseconds, quantities as
 * decimal strings, so no number formatting can differ between writers and verifiers), stored
 * verbatim, and chained per manifest:
 *
 *   hash_1 = H(payload_1 ‖ 0^32)      hash_n = H(payload_n ‖ hash_{n-1})
 *
 * (payload as UTF-8 bytes, the previous hash as its 32 raw bytes; H is SM3 or SHA-256 by the
 * event's suite). The signing organisation's key signs hash_n. The manifest row keeps the head
 * (event count and last hash) and the global checkpoint chain keeps heads as they were, so a
 * deleted last event shows against either.
 *
 * Verification walks the stored events in `seq` order and names the first broken one:
 * `seq-gap` (a sequence number missing or repeated: a deleted or duplicated event),
 * `prev-mismatch` (the stored previous hash is not the previous event's: a reordered or removed
 * event), `hash-mismatch` (the payload no longer hashes to the stored hash, or the row's columns
 * disagree with the payload: an edited field), `unknown-key` (the key is not a published key
 * of the signing organisation), `signature-invalid` (a forged or altered signature; for an event
 * signed on a phone, also the device's signature over its statement, engine/device.ts, with
 * `unknown-key` for a device key not registered to the signing organisation), and
 * `head-mismatch` (the manifest's head or a checkpoint names events that are not there).
 */
import canonicalize from 'canonicalize';
import { checkDeviceSignature, type DeviceKey } from './device';
import type { TrailKind } from './revision';
import { type CryptoSuite, digest, verifyMessage } from './signing';
import type { KeyObject } from 'node:crypto';
import type { BreakReason } from './suites';

export const GENESIS_HASH = '0'.repeat(64);

export { breakReasons, type BreakReason } from './suites';

/** How the signer proved it was them. */
export type SigningMethod = 'password' | 'token' | 'delegated' | 'system' | 'device' | 'code';
/** Methods of events signed offline on a phone (engine/device.ts): a person's device key, or a driver's one-time-code key. */
export const deviceMethods: readonly SigningMethod[] = ['device', 'code'];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What is hashed and signed for one event. Quantities inside `data` are decimal strings. */
export interface EventPayload {
  v: 1;
  manifest: string;
  seq: number;
  kind: TrailKind;
  /** ISO 8601 UTC with milliseconds. */
  at: string;
  signer: { organisation: string; user: string | null; token: string | null; delegation: string | null; method: SigningMethod };
  location: { lat: string; lon: string } | null;
  data: { [key: string]: JsonValue };
  suite: CryptoSuite;
  key: string;
}

export function canonicalPayload(payload: EventPayload): string {
  const text = canonicalize(payload);
  if (text === undefined) throw new TypeError('event payload is not JSON');
  return text;
}

/** H(payload ‖ previous hash) in hex. */
export function chainHash(suite: CryptoSuite, canonical: string, prevHash: string): string {
  return digest(suite, Buffer.from(canonical, 'utf8'), Buffer.from(prevHash, 'hex')).toString('hex');
}

/** An event as stored: the columns verification compares with the payload. */
export interface StoredEvent {
  id: string;
  seq: number;
  kind: string;
  signerOrganisation: string;
  keyId: string;
  payload: string;
  prevHash: string;
  hash: string;
  /** Base64. */
  signature: string;
}

export interface PublishedKey {
  organisation: string;
  suite: CryptoSuite;
  publicKey: KeyObject;
}

export interface ChainBreak {
  event: string | null;
  seq: number;
  reason: BreakReason;
}

export interface ManifestHead {
  events: number;
  hash: string;
  /** The last event's id when known (checkpoints record it). */
  event?: string | null;
}

export interface VerifyInput {
  manifest: string;
  events: readonly StoredEvent[];
  /** What the manifest row says its head is. */
  head: ManifestHead;
  /** The latest checkpointed head of this manifest in the global chain, if any. */
  checkpoint: ManifestHead | null;
  keys: ReadonlyMap<string, PublishedKey>;
  /** Signatures cost far more than hashes; a hash-only pass is for the benchmark and quick checks. */
  signatures: boolean;
  /** Registered device keys named by events signed on a phone (engine/device.ts); none: no event may carry one. */
  devices?: ReadonlyMap<string, DeviceKey>;
}

/** The payload's suite when the row's columns agree with what was hashed, else null (parsed once: verification reads millions). */
function agreeingSuite(manifest: string, e: StoredEvent): CryptoSuite | null {
  let p: Partial<EventPayload>;
  try {
    p = JSON.parse(e.payload) as Partial<EventPayload>;
  } catch {
    return null;
  }
  const agrees = p.manifest === manifest && p.seq === e.seq && p.kind === e.kind && p.key === e.keyId && p.signer?.organisation === e.signerOrganisation;
  return agrees && (p.suite === 'sm3-sm2' || p.suite === 'sha256-ed25519') ? p.suite : null;
}

/** The first break in a manifest's trail, or null when every check passes. */
export function verifyTrail(input: VerifyInput): ChainBreak | null {
  const { events } = input;
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    if (e.seq !== i + 1) return { event: e.id, seq: e.seq, reason: 'seq-gap' };
    if (e.prevHash !== prev) return { event: e.id, seq: e.seq, reason: 'prev-mismatch' };
    const suite = agreeingSuite(input.manifest, e);
    if (suite === null) return { event: e.id, seq: e.seq, reason: 'hash-mismatch' };
    if (chainHash(suite, e.payload, e.prevHash) !== e.hash) return { event: e.id, seq: e.seq, reason: 'hash-mismatch' };
    if (input.signatures) {
      const key = input.keys.get(e.keyId);
      if (!key || key.organisation !== e.signerOrganisation || key.suite !== suite) return { event: e.id, seq: e.seq, reason: 'unknown-key' };
      if (!verifyMessage(key.publicKey, Buffer.from(e.hash, 'hex'), Buffer.from(e.signature, 'base64'))) return { event: e.id, seq: e.seq, reason: 'signature-invalid' };
      const device = checkDeviceSignature({ manifest: input.manifest, seq: e.seq, kind: e.kind, prevHash: e.prevHash, signerOrganisation: e.signerOrganisation, payload: e.payload }, input.devices ?? new Map());
      if (device) return { event: e.id, seq: e.seq, reason: device };
    }
    prev = e.hash;
  }
  const last = events.at(-1);
  if (input.head.events !== events.length || input.head.hash !== (last?.hash ?? GENESIS_HASH)) {
    return { event: input.head.events <= events.length ? (events[input.head.events - 1]?.id ?? null) : null, seq: input.head.events, reason: 'head-mismatch' };
  }
  const cp = input.checkpoint;
  if (cp && (cp.events > events.length || events[cp.events - 1]?.hash !== cp.hash)) {
    return { event: cp.event ?? null, seq: cp.events, reason: 'head-mismatch' };
  }
  return null;
}

/** One checkpoint of the global chain: the heads of the manifests that moved since the last one. */
export interface CheckpointHead {
  manifest: string;
  events: number;
  hash: string;
  event: string;
}

/** The canonical text of a checkpoint's heads (sorted by manifest id) and its chained hash. */
export function checkpointHash(suite: CryptoSuite, heads: readonly CheckpointHead[], prevHash: string): { text: string; hash: string } {
  const sorted = [...heads].sort((a, b) => (a.manifest < b.manifest ? -1 : a.manifest > b.manifest ? 1 : 0));
  const text = canonicalize(sorted);
  if (text === undefined) throw new TypeError('checkpoint is not JSON');
  return { text, hash: chainHash(suite, text, prevHash) };
}
