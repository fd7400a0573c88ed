/**
 * Each process keeps the API tokens it has just looked up for a short while, so a client signing
 * hundreds of requests a second does not cost a lookup per request. What bounds it:
 * - an entry lives `TOKEN_CACHE_MS` (half a second): a token revoked or expired by another
 *   process (or by SQL) is refused within a second everywhere (docs/security.md);
 * - a revocation in this process drops the entry and keeps the token out of the cache for a
 *   second, so the next request here reads the database (a lookup racing with the revoking
 *   transaction's commit cannot put the token back for the rest of a TTL);
 * - writes do not rely on the cache at all: the audit record of a token's write is inserted only
 *   while the token is still valid (`platform/audit.ts`), so a write by a revoked token fails in
 *   its own transaction whichever process serves it;
 * - the expiry is checked on every hit; unknown tokens are never cached (each is a lookup).
 * Entries are per database handle: test processes run several apps side by side.
 */

/** Shorter than the second within which a revocation must take effect everywhere. */
export const TOKEN_CACHE_MS = 500;
/** How long a token revoked here stays out of the cache (longer than any revoking transaction's commit takes in practice). */
const REVOKED_HOLD_MS = 1_000;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  owner: object;
  value: T;
  tokenId: string;
  expiresAt: number | null;
  cachedAt: number;
}

const entries = new Map<string, Entry<unknown>>();
/** Token id → when it may be cached again. */
const held = new Map<string, number>();

/** The cached lookup of `hash` for the database handle `owner`, if still fresh and not expired. */
export function cachedToken<T>(owner: object, hash: string, now = Date.now()): T | undefined {
  const e = entries.get(hash);
  if (!e) return undefined;
  if (e.owner !== owner || now - e.cachedAt >= TOKEN_CACHE_MS || (e.expiresAt !== null && e.expiresAt <= now) || held.has(e.tokenId)) {
    if (e.owner === owner) entries.delete(hash);
    return undefined;
  }
  return e.value as T;
}

/** Keeps a lookup that started at `startedAt` (a lookup older than a revocation here is not kept). */
export function cacheToken<T>(owner: object, hash: string, token: { id: string; expiresAt: Date | null; value: T }, startedAt: number, now = Date.now()): void {
  const until = held.get(token.id);
  if (until !== undefined) {
    if (until > now) return;
    held.delete(token.id);
  }
  if (entries.size >= MAX_ENTRIES) {
    // Oldest first (a Map iterates in insertion order): the bound keeps memory flat under many tokens.
    for (const key of entries.keys()) {
      entries.delete(key);
      if (entries.size < MAX_ENTRIES / 2) break;
    }
  }
  entries.delete(hash);
  entries.set(hash, { owner, value: token.value, tokenId: token.id, expiresAt: token.expiresAt?.getTime() ?? null, cachedAt: startedAt });
}

/** Updates a cached entry in place (e.g. the last-used time just written), without extending its life. */
export function updateCachedToken<T>(owner: object, hash: string, update: (value: T) => T): void {
  const e = entries.get(hash);
  if (e && e.owner === owner) e.value = update(e.value as T);
}

/** A token revoked in this process: refused from the next request on, here. */
export function forgetToken(tokenId: string, now = Date.now()): void {
  held.set(tokenId, now + REVOKED_HOLD_MS);
  for (const [hash, e] of entries) if (e.tokenId === tokenId) entries.delete(hash);
  for (const [id, until] of held) if (until <= now) held.delete(id);
}
