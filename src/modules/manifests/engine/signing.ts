/**
 * The two cryptographic suites of the tamper-evident trail, chosen per deployment:
 *
 * - `sm3-sm2` (default): SM3 hash (GB/T 32905) and SM2 signatures (GB/T 32918), what a Chinese
 *   commercial-cryptography review (密评) expects;
 * - `sha256-ed25519`: SHA-256 and Ed25519, the international option.
 *
 * Both run on Node's OpenSSL 3. **SM2 and the user ID.** Node 20 generates SM2-curve keys as
 * type `ec`; signing with such a key object is ECDSA over the SM2 curve, *not* an SM2 signature.
 * Only a key read back from its PEM (OpenSSL's decoder then types it `SM2`) signs with the SM2
 * algorithm, e = SM3(Z ‖ M). Node offers no way to set the distinguishing identifier, and
 * OpenSSL 3 leaves it to the caller, so Z is computed with the **empty user ID** (ENTL = 0), not
 * the GM/T 0009 default `1234567812345678`. `SM2_USER_ID` records it; a verifier elsewhere
 * (sm-crypto, BouncyCastle, GmSSL) must pass the empty ID. The unit tests check every signature
 * both ways against the independent implementation sm-crypto with that ID.
 *
 * Node 20 also aborts the process (a native assertion) when asked to *export* such an SM2-typed
 * key object, so this file only ever exports the `ec` objects it generates and works on PEM text
 * otherwise (`pemDer`).
 *
 * What is signed is the event's chain hash (32 bytes): the signature binds the event and,
 * through the chain, everything before it.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';

import type { CryptoSuite } from './names';
export { cryptoSuites, type CryptoSuite } from './names';

/** The SM2 distinguishing identifier our signatures use (see above): empty, as OpenSSL 3 signs from Node. */
export const SM2_USER_ID = '';

export function hashAlgorithm(suite: CryptoSuite): 'sm3' | 'sha256' {
  switch (suite) {
    case 'sm3-sm2':
      return 'sm3';
    case 'sha256-ed25519':
      return 'sha256';
  }
}

export function digest(suite: CryptoSuite, ...parts: readonly (Buffer | string)[]): Buffer {
  const h = createHash(hashAlgorithm(suite));
  for (const p of parts) h.update(p);
  return h.digest();
}

export interface GeneratedKey {
  keyId: string;
  /** PKCS#8 PEM: the private key file's content (kept outside the database). */
  privatePem: string;
  /** SPKI PEM: stored and published. */
  publicPem: string;
}

/** The DER bytes of a PEM block (without exporting a key object: see the file's comment on SM2). */
export function pemDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** A key's id: the first 16 bytes of the suite's hash of its SPKI DER (public key PEM), in hex. */
export function keyIdOf(suite: CryptoSuite, publicPem: string): string {
  return digest(suite, pemDer(publicPem)).subarray(0, 16).toString('hex');
}

export function generateSigningKey(suite: CryptoSuite): GeneratedKey {
  const pair = suite === 'sm3-sm2' ? generateKeyPairSync('ec', { namedCurve: 'SM2' }) : generateKeyPairSync('ed25519');
  const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { keyId: keyIdOf(suite, publicPem), privatePem, publicPem };
}

/** Reads a private key from its PEM, as the SM2 type for SM2 (see the file's comment). */
export function loadPrivateKey(pem: string): KeyObject {
  return createPrivateKey(pem);
}

export function loadPublicKey(pem: string): KeyObject {
  return createPublicKey(pem);
}

/** The 65-byte uncompressed point (04 ‖ x ‖ y) of an SM2 public key PEM, as other SM2 libraries take it. */
export function sm2PublicPoint(publicPem: string): Buffer {
  const der = pemDer(publicPem);
  return der.subarray(der.length - 65);
}

export function signMessage(privateKey: KeyObject, message: Buffer): Buffer {
  // null digest: SM2 hashes with SM3 (and Z) itself, Ed25519 signs the message as it is.
  return sign(null, message, privateKey);
}

export function verifyMessage(publicKey: KeyObject, message: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    // A malformed signature (not DER, wrong length) is an invalid one, not a crash.
    return false;
  }
}
