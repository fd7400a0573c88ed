/**
 * Events signed offline on a phone (issue 13, "In the field"). The phone holds a key pair made
 * with the browser's WebCrypto and registered while online; offline it signs a **statement** of
 * what it saw and did, and the server appends the event when the phone syncs, countersigning it
 * with the organisation's key as for any event (trail.ts). The statement travels verbatim inside
 * the event's payload (`data.device`), so the chain hash covers it and `manifest verify` checks
 * both signatures.
 *
 * **Why ECDSA P-256 and not SM2.** WebCrypto has no SM2 (nor SM3); Chromium's WebCrypto signs
 * with ECDSA over P-256/P-384/P-521, and Ed25519 only since version 137 (2025), so phones with
 * an older WebView would be left out. ECDSA P-256 with SHA-256 works in every browser that runs
 * the app, and its private key can be made non-extractable (it never leaves the phone's key
 * store, not even to the app's own code). The organisation's countersignature stays in the
 * deployment's suite (SM2 by default). The browser writes the signature as r ‖ s (IEEE P1363,
 * 64 bytes), which is how it is stored and verified here.
 *
 * The statement (RFC 8785 canonical JSON) binds the manifest, the event kind and its body, the
 * device's clock, and the chain position the phone saw (`base`: the sequence number and head
 * hash, or for a second event queued offline the client id of the event before it). A statement
 * that does not match the event it sits in (another manifest, kind or position) is an invalid
 * device signature for verification.
 */
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { JsonValue } from './trail';

export const DEVICE_ALGORITHM = 'ecdsa-p256-sha256';

/** The chain position the phone saw when it signed. */
export type StatementBase = { seq: number; hash: string } | { seq: number; after: string };

export interface DeviceStatement {
  v: 1;
  type: 'herbloop.field-event';
  /** The phone's id for the event (a UUID): a retried sync never appends it twice. */
  clientEventId: string;
  manifest: string;
  kind: string;
  /** The event's body as the signing page sent it (weights, receipt per line, handover target). */
  body: { [key: string]: JsonValue };
  /** The phone's clock at signing, ISO 8601 with milliseconds. */
  signedAt: string;
  base: StatementBase;
  /** The device key's id. */
  key: string;
}

/** What an event signed on a phone carries in its payload's `data.device`. */
export interface DeviceBlock {
  key: string;
  clientEventId: string;
  /** The canonical statement, verbatim as the phone signed it. */
  statement: string;
  /** Base64 of r ‖ s. */
  signature: string;
  signedAt: string;
  receivedAt: string;
}

export interface DeviceKey {
  organisation: string;
  publicKey: KeyObject;
}

/** SPKI DER of a public key sent as base64 (what `exportKey('spki')` gives), as a PEM, or null when it is not an EC P-256 key. */
export function devicePublicPem(spkiBase64: string): string | null {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return null;
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** A device key's id: the first 16 bytes of SHA-256 over its SPKI DER, hex (as the phone computes it too). */
export function deviceKeyId(publicPem: string): string {
  const der = createPublicKey(publicPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest().subarray(0, 16).toString('hex');
}

export function canonicalStatement(statement: DeviceStatement): string {
  const text = canonicalize(statement);
  if (text === undefined) throw new TypeError('statement is not JSON');
  return text;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The statement a phone sent, if it is one (shape only; the signature is checked separately). */
export function parseStatement(text: string): DeviceStatement | null {
  let s: unknown;
  try {
    s = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(s) || s.v !== 1 || s.type !== 'herbloop.field-event') return null;
  if (typeof s.clientEventId !== 'string' || typeof s.manifest !== 'string' || typeof s.kind !== 'string' || typeof s.signedAt !== 'string' || typeof s.key !== 'string') return null;
  if (!isRecord(s.body) || !isRecord(s.base) || typeof s.base.seq !== 'number') return null;
  if (typeof s.base.hash !== 'string' && typeof s.base.after !== 'string') return null;
  // Signed bytes must be the canonical form: nothing else can be re-derived by a verifier.
  if (canonicalize(s) !== text) return null;
  return s as unknown as DeviceStatement;
}

export function verifyDeviceSignature(publicKey: KeyObject, statement: string, signatureBase64: string): boolean {
  try {
    return verify('sha256', Buffer.from(statement, 'utf8'), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

/**
 * The device half of an event's verification (the organisation's countersignature is checked by
 * `verifyTrail`): null when the event was not signed on a phone or both agree; else the reason.
 */
export function checkDeviceSignature(
  e: { manifest: string; seq: number; kind: string; prevHash: string; signerOrganisation: string; payload: string },
  devices: ReadonlyMap<string, DeviceKey>,
): 'unknown-key' | 'signature-invalid' | null {
  // Cheap test first: verification reads millions of events and few were signed on a phone.
  if (!e.payload.includes('"device":{')) return null;
  const payload = JSON.parse(e.payload) as { data?: { device?: Partial<DeviceBlock> } };
  const block = payload.data?.device;
  if (!block) return null;
  if (typeof block.key !== 'string' || typeof block.statement !== 'string' || typeof block.signature !== 'string') return 'signature-invalid';
  const key = devices.get(block.key);
  if (!key || key.organisation !== e.signerOrganisation) return 'unknown-key';
  const s = parseStatement(block.statement);
  if (!s || s.key !== block.key || s.manifest !== e.manifest || s.kind !== e.kind || s.clientEventId !== block.clientEventId || s.signedAt !== block.signedAt || s.base.seq !== e.seq - 1) return 'signature-invalid';
  if ('hash' in s.base && s.base.hash !== e.prevHash) return 'signature-invalid';
  return verifyDeviceSignature(key.publicKey, block.statement, block.signature) ? null : 'signature-invalid';
}

/** The device keys named by events signed on a phone (the rest are skipped without parsing). */
export function deviceKeyIdsOf(events: readonly { payload: string }[]): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    if (!e.payload.includes('"device":{')) continue;
    const key = (JSON.parse(e.payload) as { data?: { device?: { key?: unknown } } }).data?.device?.key;
    if (typeof key === 'string') ids.add(key);
  }
  return [...ids];
}
