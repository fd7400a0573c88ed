/**
 * The private halves of the signing organisations' keys: one PEM file per key, `<keyId>.pem`,
 * mode 0600, in the key directory (manifests.config.ts). The database holds only the public
 * halves (`manifest_signing_keys`), so neither a database dump nor a backup can sign. A
 * production deployment may put the directory on a mounted secret volume or replace this file
 * with a key service behind the same three functions.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { loadPrivateKey } from './engine/signing';

export interface KeyStore {
  readonly dir: string;
  save(keyId: string, privatePem: string): void;
  /** The private key, or null when this deployment does not hold it. */
  load(keyId: string): KeyObject | null;
  remove(keyId: string): void;
}

const stores = new Map<string, KeyStore>();

function fileOf(dir: string, keyId: string): string {
  if (!/^[0-9a-f]{32}$/.test(keyId)) throw new Error(`not a key id: ${keyId}`);
  return path.join(dir, `${keyId}.pem`);
}

/** The key store of a directory (one per process and directory; loaded keys are cached). */
export function keyStore(dir: string): KeyStore {
  const known = stores.get(dir);
  if (known) return known;
  const cache = new Map<string, KeyObject>();
  const store: KeyStore = {
    dir,
    save(keyId, privatePem) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      // wx: never overwrite a key; 0600: readable by the server's user only.
      fs.writeFileSync(fileOf(dir, keyId), privatePem, { flag: 'wx', mode: 0o600 });
    },
    load(keyId) {
      const cached = cache.get(keyId);
      if (cached) return cached;
      let pem: string;
      try {
        pem = fs.readFileSync(fileOf(dir, keyId), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      const key = loadPrivateKey(pem);
      cache.set(keyId, key);
      return key;
    },
    remove(keyId) {
      cache.delete(keyId);
      fs.rmSync(fileOf(dir, keyId), { force: true });
    },
  };
  stores.set(dir, store);
  return store;
}
