import canonicalize from 'canonicalize';

/**
 * What a phone signs for a custody event made offline (the server's engine/device.ts reads the
 * same shape): RFC 8785 canonical JSON signed with the phone's ECDSA P-256 key through WebCrypto
 * (the private key is made non-extractable: it never leaves the browser's key store). WebCrypto
 * has no SM2, so the phone's key is P-256; the organisation's countersignature on the server
 * stays SM2 (docs/architecture.md). No DOM here: the API tests sign with this file in Node.
 */
export type StatementBase = { seq: number; hash: string } | { seq: number; after: string };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface FieldStatement {
  v: 1;
  type: 'herbloop.field-event';
  clientEventId: string;
  manifest: string;
  kind: 'picked-up' | 'handed-over' | 'delivered' | 'received';
  body: { [key: string]: JsonValue };
  signedAt: string;
  base: StatementBase;
  key: string;
}

export interface SignedStatement {
  deviceKeyId: string;
  statement: string;
  signature: string;
}

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** WebCrypto's key type, named through `crypto.subtle` so that this file typechecks in Node as well as with the DOM types. */
export type DeviceCryptoKey = Parameters<typeof globalThis.crypto.subtle.sign>[1];
export interface DeviceKeyPair {
  publicKey: DeviceCryptoKey;
  privateKey: DeviceCryptoKey;
}

function base64(bytes: ArrayBuffer): string {
  let text = '';
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text);
}

/** A new key pair for this phone; only the public half can be exported. */
export async function generateDeviceKey(): Promise<DeviceKeyPair> {
  const pair: DeviceKeyPair = await crypto.subtle.generateKey(ECDSA, false, ['sign', 'verify']);
  return pair;
}

/** The public key as the server registers it: SPKI DER in base64. */
export async function publicKeyBase64(key: DeviceCryptoKey): Promise<string> {
  return base64(await crypto.subtle.exportKey('spki', key));
}

export async function signStatement(privateKey: DeviceCryptoKey, statement: FieldStatement): Promise<SignedStatement> {
  const text = canonicalize(statement);
  if (text === undefined) throw new TypeError('statement is not JSON');
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, new TextEncoder().encode(text));
  return { deviceKeyId: statement.key, statement: text, signature: base64(signature) };
}
