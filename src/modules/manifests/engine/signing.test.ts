import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { digest, generateSigningKey, keyIdOf, loadPrivateKey, loadPublicKey, pemDer, signMessage, SM2_USER_ID, sm2PublicPoint, verifyMessage } from './signing';

const { sm2, sm3 } = smCrypto;
const bytes = (b: Buffer) => Array.from(b);

/** The private scalar of an SM2 PKCS#8 key: the ECPrivateKey inside holds `02 01 01 04 20 ‖ d`. */
function sm2PrivateScalar(pem: string): string {
  const der = pemDer(pem);
  const at = der.indexOf(Buffer.from([0x02, 0x01, 0x01, 0x04, 0x20]));
  expect(at).toBeGreaterThan(0);
  return der.subarray(at + 5, at + 37).toString('hex');
}

describe('SM3 against sm-crypto', () => {
  it('hashes the GB/T 32905 example "abc" and arbitrary bytes identically', () => {
    expect(digest('sm3-sm2', 'abc').toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    for (const text of ['', 'a', '联单 manifest', 'x'.repeat(1000)]) {
      expect(digest('sm3-sm2', text).toString('hex')).toBe(sm3(bytes(Buffer.from(text, 'utf8'))));
    }
  });

  it('hashes a concatenation as the parts in order', () => {
    expect(digest('sm3-sm2', 'ab', Buffer.from('c')).equals(digest('sm3-sm2', 'abc'))).toBe(true);
  });
});

describe('SM2 signatures against sm-crypto', () => {
  const key = generateSigningKey('sm3-sm2');
  const privateKey = loadPrivateKey(key.privatePem);
  const publicKey = loadPublicKey(key.publicPem);
  const point = sm2PublicPoint(key.publicPem).toString('hex');

  it('uses the key pair sm-crypto derives from the same scalar', () => {
    expect(sm2.getPublicKeyFromPrivateKey(sm2PrivateScalar(key.privatePem))).toBe(point);
  });

  it('signs with SM2 (SM3 with Z over the empty user ID), as sm-crypto verifies', () => {
    for (let i = 0; i < 4; i++) {
      const message = digest('sm3-sm2', `event ${i}`);
      const signature = signMessage(privateKey, message);
      expect(verifyMessage(publicKey, message, signature)).toBe(true);
      expect(sm2.doVerifySignature(bytes(message), signature.toString('hex'), point, { der: true, hash: true, userId: SM2_USER_ID })).toBe(true);
      // The standard default ID gives another Z: our signatures do not verify under it (documented in signing.ts).
      expect(sm2.doVerifySignature(bytes(message), signature.toString('hex'), point, { der: true, hash: true, userId: '1234567812345678' })).toBe(false);
    }
  });

  it('verifies what sm-crypto signs with the same user ID, and refuses a tampered message or signature', () => {
    const message = digest('sm3-sm2', 'picked-up');
    const signatureHex = sm2.doSignature(bytes(message), sm2PrivateScalar(key.privatePem), { der: true, hash: true, publicKey: point, userId: SM2_USER_ID });
    const signature = Buffer.from(signatureHex, 'hex');
    expect(verifyMessage(publicKey, message, signature)).toBe(true);
    const other = Buffer.from(message);
    other[0] = other[0]! ^ 1;
    expect(verifyMessage(publicKey, other, signature)).toBe(false);
    const bent = Buffer.from(signature);
    bent[bent.length - 1] = bent[bent.length - 1]! ^ 1;
    expect(verifyMessage(publicKey, message, bent)).toBe(false);
    expect(verifyMessage(publicKey, message, Buffer.from('not der'))).toBe(false);
  });

  it('does not accept a signature under another key', () => {
    const other = generateSigningKey('sm3-sm2');
    const message = digest('sm3-sm2', 'x');
    expect(verifyMessage(loadPublicKey(other.publicPem), message, signMessage(privateKey, message))).toBe(false);
  });

  it('names keys by a hash of their public key', () => {
    expect(key.keyId).toMatch(/^[0-9a-f]{32}$/);
    expect(keyIdOf('sm3-sm2', key.publicPem)).toBe(key.keyId);
    expect(keyIdOf('sm3-sm2', generateSigningKey('sm3-sm2').publicPem)).not.toBe(key.keyId);
  });
});

describe('SHA-256 and Ed25519', () => {
  it('signs and verifies, refusing other messages and keys', () => {
    const key = generateSigningKey('sha256-ed25519');
    const privateKey = loadPrivateKey(key.privatePem);
    const publicKey = loadPublicKey(key.publicPem);
    const message = digest('sha256-ed25519', 'abc');
    expect(message.toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const signature = signMessage(privateKey, message);
    expect(signature).toHaveLength(64);
    expect(verifyMessage(publicKey, message, signature)).toBe(true);
    expect(verifyMessage(publicKey, digest('sha256-ed25519', 'abd'), signature)).toBe(false);
    expect(verifyMessage(loadPublicKey(generateSigningKey('sha256-ed25519').publicPem), message, signature)).toBe(false);
  });
});
