import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { ManifestView } from '../../../../src/modules/manifests/manifests.schema';
import type { SyncResult } from '../../../../src/modules/manifests/manifests.field.schema';
import type { DeviceCryptoKey, SignedStatement } from './statement';

/**
 * The phone's own store (IndexedDB), what the field pages need offline: the device keys (the
 * private halves as non-extractable CryptoKeys, which IndexedDB keeps as they are), the
 * manifests last seen, and the queue of signed events waiting to be synced.
 */
export interface StoredKey {
  /** `person:<userId>` or `code:<manifestId>`. */
  slot: string;
  id: string;
  privateKey: DeviceCryptoKey;
  /** A code driver's secret for reading the manifest and syncing. */
  grant: string | null;
  userId: string | null;
  manifestId: string | null;
  plate: string | null;
  driverName: string | null;
}

export type QueueState = 'pending' | 'conflict' | 'rejected';

export interface QueuedEvent {
  clientEventId: string;
  manifestId: string;
  kind: string;
  /** The phone's clock when signed. */
  signedAt: string;
  signed: SignedStatement;
  /** The grant to sync with (a code driver's), or null for a person's session. */
  grant: string | null;
  state: QueueState;
  /** The server's last answer (a conflict's news, a refusal's reason). */
  result: SyncResult | null;
}

interface FieldDb extends DBSchema {
  keys: { key: string; value: StoredKey };
  manifests: { key: string; value: { id: string; view: ManifestView; savedAt: string } };
  queue: { key: string; value: QueuedEvent; indexes: { manifest: string } };
}

let opened: Promise<IDBPDatabase<FieldDb>> | null = null;

function db(): Promise<IDBPDatabase<FieldDb>> {
  opened ??= openDB<FieldDb>('herbloop-field', 1, {
    upgrade(d) {
      d.createObjectStore('keys', { keyPath: 'slot' });
      d.createObjectStore('manifests', { keyPath: 'id' });
      d.createObjectStore('queue', { keyPath: 'clientEventId' }).createIndex('manifest', 'manifestId');
    },
  });
  return opened;
}

export const fieldStore = {
  async key(slot: string) {
    return (await db()).get('keys', slot);
  },
  /** The person's key on this phone when the session cannot be asked (offline, reloaded). */
  async personKey(userId: string | null) {
    if (userId) return (await db()).get('keys', `person:${userId}`);
    return (await (await db()).getAll('keys')).find((k) => k.userId !== null);
  },
  async putKey(key: StoredKey) {
    await (await db()).put('keys', key);
  },
  async manifest(id: string) {
    return (await (await db()).get('manifests', id))?.view;
  },
  async putManifest(view: ManifestView) {
    await (await db()).put('manifests', { id: view.id, view, savedAt: new Date().toISOString() });
  },
  async queue(): Promise<QueuedEvent[]> {
    const all = await (await db()).getAll('queue');
    return all.sort((a, b) => a.signedAt.localeCompare(b.signedAt));
  },
  async enqueue(event: QueuedEvent) {
    await (await db()).put('queue', event);
  },
  async update(event: QueuedEvent) {
    await (await db()).put('queue', event);
  },
  async remove(clientEventId: string) {
    await (await db()).delete('queue', clientEventId);
  },
};
