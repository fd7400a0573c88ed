import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random, URL-safe secret of `bytes` bytes of entropy. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Session and API-token secrets carry 256 bits of entropy, so a fast hash is enough to keep a
 * database leak from revealing usable credentials (a slow hash protects low-entropy passwords).
 */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Every API token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'hlp_';
