import canonicalize from 'canonicalize';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import type { EventKind } from './custody';
import { type CryptoSuite, generateSigningKey, loadPrivateKey, loadPublicKey, signMessage, SM2_USER_ID, sm2PublicPoint } from './signing';
import { canonicalPayload, chainHash, checkpointHash, type EventPayload, GENESIS_HASH, type PublishedKey, type StoredEvent, verifyTrail } from './trail';

const MANIFEST = '00000000-0000-4000-8000-000000000001';
const kinds: EventKind[] = ['created', 'sealed', 'picked-up', 'handed-over', 'delivered', 'received'];

function buildTrail(suite: CryptoSuite) {
  const key = generateSigningKey(suite);
  const privateKey = loadPrivateKey(key.privatePem);
  const keys = new Map<string, PublishedKey>([[key.keyId, { organisation: 'org-1', suite, publicKey: loadPublicKey(key.publicPem) }]]);
  const events: StoredEvent[] = [];
  let prev = GENESIS_HASH;
  for (const [i, kind] of kinds.entries()) {
    const payload: EventPayload = {
      v: 1,
      manifest: MANIFEST,
      seq: i + 1,
      kind,
      at: new Date(Date.UTC(2026, 11, 2, 8, i, 0, 5)).toISOString(),
      signer: { organisation: 'org-1', user: null, token: null, delegation: null, method: 'system' },
      location: i === 2 ? { lat: '33.844', lon: '115.778' } : null,
      data: kind === 'received' ? { lines: [{ line: 1, outcome: 'partially-refused', received: '9.5', refused: '0.5', reason: '含水率高' }] } : {},
      suite,
      key: key.keyId,
    };
    const text = canonicalPayload(payload);
    const hash = chainHash(suite, text, prev);
    events.push({ id: `e${i + 1}`, seq: i + 1, kind, signerOrganisation: 'org-1', keyId: key.keyId, payload: text, prevHash: prev, hash, signature: signMessage(privateKey, Buffer.from(hash, 'hex')).toString('base64') });
    prev = hash;
  }
  return { key, keys, events, head: { events: events.length, hash: prev } };
}

const verify = (t: ReturnType<typeof buildTrail>, over: Partial<Parameters<typeof verifyTrail>[0]> = {}) =>
  verifyTrail({ manifest: MANIFEST, events: t.events, head: t.head, checkpoint: null, keys: t.keys, signatures: true, ...over });

describe.each(['sm3-sm2', 'sha256-ed25519'] as const)('trail with %s', (suite) => {
  const trail = buildTrail(suite);

  it('stores RFC 8785 text with ms timestamps and decimal strings, and verifies intact', () => {
    const first = JSON.parse(trail.events[5]!.payload) as EventPayload;
    expect(trail.events[5]!.payload).toBe(canonicalize(first));
    expect(first.at).toBe('2026-12-02T08:05:00.005Z');
    expect(trail.events[5]!.payload).toContain('"received":"9.5"');
    expect(verify(trail)).toBeNull();
  });

  it('catches an edited field as hash-mismatch at that event', () => {
    const events = trail.events.map((e) => (e.seq === 6 ? { ...e, payload: e.payload.replace('"9.5"', '"9.9"') } : e));
    expect(verify(trail, { events })).toEqual({ event: 'e6', seq: 6, reason: 'hash-mismatch' });
    const relabelled = trail.events.map((e) => (e.seq === 3 ? { ...e, kind: 'sealed' } : e));
    expect(verify(trail, { events: relabelled })).toEqual({ event: 'e3', seq: 3, reason: 'hash-mismatch' });
  });

  it('catches a deleted middle event as seq-gap and a reordered pair as prev-mismatch', () => {
    expect(verify(trail, { events: trail.events.filter((e) => e.seq !== 3) })).toEqual({ event: 'e4', seq: 4, reason: 'seq-gap' });
    const swapped = [trail.events[0]!, { ...trail.events[2]!, seq: 2 }, { ...trail.events[1]!, seq: 3 }, ...trail.events.slice(3)];
    expect(verify(trail, { events: swapped })).toEqual({ event: 'e3', seq: 2, reason: 'prev-mismatch' });
  });

  it('catches a deleted last event against the head, and against a checkpoint when the head was rewritten too', () => {
    const shorter = trail.events.slice(0, 5);
    expect(verify(trail, { events: shorter })).toEqual({ event: null, seq: 6, reason: 'head-mismatch' });
    const rewrittenHead = { events: 5, hash: shorter[4]!.hash };
    expect(verify(trail, { events: shorter, head: rewrittenHead })).toBeNull();
    expect(verify(trail, { events: shorter, head: rewrittenHead, checkpoint: { events: 6, hash: trail.head.hash, event: 'e6' } })).toEqual({ event: 'e6', seq: 6, reason: 'head-mismatch' });
  });

  it('catches a forged signature and an unknown or foreign key', () => {
    const other = loadPrivateKey(generateSigningKey(suite).privatePem);
    const forged = trail.events.map((e) => (e.seq === 4 ? { ...e, signature: signMessage(other, Buffer.from(e.hash, 'hex')).toString('base64') } : e));
    expect(verify(trail, { events: forged })).toEqual({ event: 'e4', seq: 4, reason: 'signature-invalid' });
    expect(verify(trail, { keys: new Map() })).toEqual({ event: 'e1', seq: 1, reason: 'unknown-key' });
    const foreign = new Map([...trail.keys].map(([id, k]) => [id, { ...k, organisation: 'org-2' }]));
    expect(verify(trail, { keys: foreign })).toEqual({ event: 'e1', seq: 1, reason: 'unknown-key' });
    expect(verify(trail, { events: forged, signatures: false })).toBeNull();
  });

  it('chains checkpoints over sorted heads', () => {
    const a = checkpointHash(suite, [{ manifest: 'b', events: 2, hash: 'x', event: 'e' }, { manifest: 'a', events: 1, hash: 'y', event: 'f' }], GENESIS_HASH);
    const b = checkpointHash(suite, [{ manifest: 'a', events: 1, hash: 'y', event: 'f' }, { manifest: 'b', events: 2, hash: 'x', event: 'e' }], GENESIS_HASH);
    expect(a).toEqual(b);
    expect(checkpointHash(suite, [], a.hash).hash).not.toBe(checkpointHash(suite, [], GENESIS_HASH).hash);
  });
});

describe('the SM3/SM2 trail against sm-crypto', () => {
  it('recomputes every chain hash and verifies every signature independently', () => {
    const trail = buildTrail('sm3-sm2');
    const point = sm2PublicPoint(trail.key.publicPem).toString('hex');
    let prev = GENESIS_HASH;
    for (const e of trail.events.slice(0, 3)) {
      const expected = smCrypto.sm3([...Buffer.from(e.payload, 'utf8'), ...Buffer.from(prev, 'hex')]);
      expect(e.hash).toBe(expected);
      const sig = Buffer.from(e.signature, 'base64').toString('hex');
      expect(smCrypto.sm2.doVerifySignature([...Buffer.from(e.hash, 'hex')], sig, point, { der: true, hash: true, userId: SM2_USER_ID })).toBe(true);
      prev = e.hash;
    }
  });
});
