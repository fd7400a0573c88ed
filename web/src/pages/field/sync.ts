import { call } from '../../api/call';
import { syncFieldEvents } from '../../../../src/modules/manifests/manifests.field.contract';
import { fieldStore, type QueuedEvent } from './store';

/**
 * Sends the queue, oldest first, one request per signer (a person's session, or each code
 * driver's grant). Accepted and duplicate events leave the queue; a conflict stays, shown to the
 * signer with what changed, until they discard it; a refusal stays with its reason, except
 * "log in again", which stays pending. A network failure changes nothing.
 */
type Listener = () => void;
const listeners = new Set<Listener>();
let running: Promise<string[]> | null = null;

export function onQueueChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function queueChanged(): void {
  for (const l of listeners) l();
}

async function syncOnce(): Promise<string[]> {
  const pending = (await fieldStore.queue()).filter((e) => e.state === 'pending');
  const groups = new Map<string, QueuedEvent[]>();
  for (const e of pending) groups.set(e.grant ?? '', [...(groups.get(e.grant ?? '') ?? []), e]);
  const touched = new Set<string>();
  for (const [grant, events] of groups) {
    const { results } = await call(syncFieldEvents, { body: { events: events.map((e) => e.signed), ...(grant ? { grant } : {}) }, expectUnauthenticated: true });
    for (const [i, r] of results.entries()) {
      const e = events[i]!;
      touched.add(e.manifestId);
      switch (r.status) {
        case 'accepted':
        case 'duplicate':
          await fieldStore.remove(e.clientEventId);
          break;
        case 'conflict':
          await fieldStore.update({ ...e, state: 'conflict', result: r });
          break;
        case 'rejected':
          await fieldStore.update({ ...e, state: r.problem?.code === 'unauthenticated' ? 'pending' : 'rejected', result: r });
          break;
      }
    }
  }
  queueChanged();
  return [...touched];
}

/** Syncs now (one run at a time); the manifests whose events were answered. */
export function syncQueue(): Promise<string[]> {
  running ??= syncOnce().finally(() => {
    running = null;
  });
  return running;
}
