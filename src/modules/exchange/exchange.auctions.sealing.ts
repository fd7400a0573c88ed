/**
 * Sealed bids: the amount of a sealed bid is stored only encrypted (AES-256-GCM), under a key
 * derived per auction (HKDF-SHA-256) from a secret that is not in the database. The application
 * has exactly one decrypting path, the close of an auction whose end has passed
 * (exchange.auctions.close.service.ts); no read path (API, CLI, web) can decrypt. Who else could
 * read a sealed bid before the close, and how that is limited: docs/security.md.
 *
 * The additional data binds a ciphertext to its auction, bidder and place in the sequence, so a
 * ciphertext copied onto another bid row does not decrypt.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_FILE = 'sealed-bids.key';
const MIN_SECRET_CHARS = 32;

export interface SealingKey {
  /** The master secret (never stored in the database). */
  readonly secret: Buffer;
  /** A fingerprint stored with each auction, so a process holding another key refuses its sealed bids. */
  readonly id: string;
}

function keyOf(secret: Buffer): SealingKey {
  return { secret, id: createHmac('sha256', secret).update('herbloop sealed-bid key id').digest('hex').slice(0, 16) };
}

let processKey: SealingKey | undefined;
const fileKeys = new Map<string, SealingKey>();

/**
 * The sealing key of this process: HERBLOOP_SEALED_BID_SECRET when set (required when several
 * processes share a database: they must all hold the same), else a random key kept in the data
 * directory (created once, mode 0600), else (an in-memory data directory: tests) one per process.
 */
export function sealingKey(config: { sealedBidSecret: string | undefined; dataDir: string }): SealingKey {
  if (config.sealedBidSecret !== undefined) {
    if (config.sealedBidSecret.length < MIN_SECRET_CHARS) throw new Error(`HERBLOOP_SEALED_BID_SECRET must have at least ${MIN_SECRET_CHARS} characters`);
    return keyOf(Buffer.from(config.sealedBidSecret, 'utf8'));
  }
  if (config.dataDir.startsWith('memory://')) return (processKey ??= keyOf(randomBytes(32)));
  const file = path.join(config.dataDir, KEY_FILE);
  const known = fileKeys.get(file);
  if (known) return known;
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = keyOf(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'));
  fileKeys.set(file, key);
  return key;
}

function auctionKey(key: SealingKey, auctionId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key.secret, Buffer.from(auctionId, 'utf8'), 'herbloop sealed bid v1', 32));
}

const aad = (auctionId: string, bidder: string, seq: number) => Buffer.from(`${auctionId}|${bidder}|${seq}`, 'utf8');

export function sealAmount(key: SealingKey, at: { auctionId: string; bidder: string; seq: number }, amount: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', auctionKey(key, at.auctionId), iv);
  cipher.setAAD(aad(at.auctionId, at.bidder, at.seq));
  const body = Buffer.concat([cipher.update(amount, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Throws when the key is not the one that sealed it or the row was altered. */
export function unsealAmount(key: SealingKey, at: { auctionId: string; bidder: string; seq: number }, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', auctionKey(key, at.auctionId), raw.subarray(0, IV_BYTES));
  decipher.setAAD(aad(at.auctionId, at.bidder, at.seq));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
