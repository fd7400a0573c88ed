/**
 * Verification of the tamper-evident trail (engine/trail.ts): one manifest (its parties,
 * regulators, platform admins) or every manifest (platform admins; regulators their region),
 * read in pages of manifests so memory stays flat; and the global checkpoint chain of heads.
 */
import type { Executor, Trx } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { checkpointHash, GENESIS_HASH, type StoredEvent, verifyTrail } from './engine/trail';
import { deviceKeyIdsOf } from './engine/device';
import { deviceKeysFor } from './manifests.devices.service';
import { type ManifestsDeps, publishedKeys } from './manifests.keys.service';
import { manifestsPolicy } from './manifests.policy';
import * as repo from './manifests.repository';
import type { VerifyView } from './manifests.schema';
import { mayRead, partiesOf } from './manifests.service';
import type { ManifestEventRow } from './manifests.tables';

const PAGE = 500;

function stored(e: ManifestEventRow): StoredEvent {
  return { id: e.id, seq: e.seq, kind: e.kind, signerOrganisation: e.signer_organisation_id, keyId: e.key_id, payload: e.payload, prevHash: e.prev_hash, hash: e.hash, signature: e.signature };
}

/** Verifies the manifests of one page (heads as the manifests table has them). */
async function verifyPage(db: Executor, heads: readonly { id: string; event_count: number; head_hash: string }[], signatures: boolean, out: VerifyView): Promise<void> {
  const ids = heads.map((h) => h.id);
  const events = await repo.eventsOf(db, ids);
  const checkpoints = await repo.checkpointedHeads(db, ids);
  const keys = signatures ? await publishedKeys(db, [...new Set(events.map((e) => e.key_id))]) : new Map();
  const devices = signatures ? await deviceKeysFor(db, deviceKeyIdsOf(events)) : new Map();
  const byManifest = new Map<string, StoredEvent[]>();
  for (const e of events) {
    const list = byManifest.get(e.manifest_id) ?? [];
    list.push(stored(e));
    byManifest.set(e.manifest_id, list);
  }
  for (const h of heads) {
    const list = byManifest.get(h.id) ?? [];
    const cp = checkpoints.get(h.id);
    const broken = verifyTrail({
      manifest: h.id,
      events: list,
      head: { events: h.event_count, hash: h.head_hash },
      checkpoint: cp ? { events: cp.events, hash: cp.hash, event: cp.event_id } : null,
      keys,
      signatures,
      devices,
    });
    out.checked += 1;
    out.events += list.length;
    if (broken) out.broken.push({ manifest: h.id, ...broken });
  }
}

/** Verifies a batch of heads without a policy check: for the system's callers (the regulators' queue scan). */
export async function verifyHeads(db: Executor, heads: readonly { id: string; event_count: number; head_hash: string }[], signatures: boolean): Promise<VerifyView> {
  const out: VerifyView = { checked: 0, events: 0, broken: [] };
  await verifyPage(db, heads, signatures, out);
  return out;
}

export async function verifyManifest(db: Executor, ctx: ServiceContext, id: string, options: { signatures?: boolean } = {}): Promise<VerifyView> {
  const m = await repo.findManifest(db, id);
  if (!m) throw errors.notFound('Manifest', id);
  if (!(await mayRead(db, ctx, await partiesOf(db, m)))) {
    permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
    throw errors.notFound('Manifest', id);
  }
  const out: VerifyView = { checked: 0, events: 0, broken: [] };
  await verifyPage(db, [m], options.signatures ?? true, out);
  return out;
}

/** Every manifest the viewer oversees (all for platform admins and the system, a regulator's region), page by page. */
export async function verifyAll(db: Executor, ctx: ServiceContext, options: { signatures: boolean; onProgress?: (checked: number) => void }): Promise<VerifyView> {
  permit(ctx.viewer, manifestsPolicy.verifyAll(ctx.viewer), 'Only platform administrators and regulators verify every manifest.');
  const actor = actorOf(ctx.viewer);
  const region = actor?.organisationType === 'regulator' ? regionPrefix(actor.regionCode) : null;
  const out: VerifyView = { checked: 0, events: 0, broken: [] };
  let after: string | null = null;
  for (;;) {
    const heads = await repo.manifestHeads(db, { after, limit: PAGE, regionPrefix: region });
    if (heads.length === 0) break;
    await verifyPage(db, heads, options.signatures, out);
    options.onProgress?.(out.checked);
    after = heads.at(-1)!.id;
  }
  return out;
}

/**
 * Records the heads of every manifest whose trail moved since the last checkpoint as the next
 * link of the global chain (hash over the canonical sorted heads and the previous checkpoint's
 * hash). Run by the `manifests-checkpoint` job, `herbloop manifest checkpoint` and tests.
 */
export async function checkpointHeads(trx: Trx, ctx: ServiceContext, deps: ManifestsDeps, now = new Date()): Promise<{ seq: number; heads: number; hash: string } | null> {
  permit(ctx.viewer, ctx.viewer.kind === 'system', 'Checkpoints are taken by the system.');
  await repo.lockCheckpoints(trx);
  const moved = await repo.movedHeads(trx, 10_000);
  if (moved.length === 0) return null;
  const last = await repo.lastCheckpoint(trx);
  const { hash } = checkpointHash(deps.config.suite, moved, last?.hash ?? GENESIS_HASH);
  const seq = await repo.insertCheckpoint(trx, { suite: deps.config.suite, heads: moved, prev_hash: last?.hash ?? GENESIS_HASH, hash, at: now });
  await recordAudit(trx, ctx, { action: 'manifest.checkpoint', entityType: 'manifest_checkpoints', entityId: String(seq), organisationId: null, after: { seq, heads: moved.length, hash } });
  return { seq, heads: moved.length, hash };
}

/** The checkpoint chain: each link's hash recomputed from its heads and the previous link. The first broken link, or null. */
export async function verifyCheckpoints(db: Executor, ctx: ServiceContext): Promise<{ checked: number; broken: { seq: number; reason: 'hash-mismatch' | 'prev-mismatch' } | null }> {
  permit(ctx.viewer, manifestsPolicy.verifyAll(ctx.viewer), 'Only platform administrators and regulators verify every manifest.');
  let prev = GENESIS_HASH;
  let after = 0;
  let checked = 0;
  for (;;) {
    const links = await repo.checkpointsFrom(db, after, PAGE);
    if (links.length === 0) return { checked, broken: null };
    const heads = await repo.headsOfCheckpoints(db, links.map((l) => l.seq));
    for (const link of links) {
      const mine = heads.filter((h) => h.checkpoint_seq === link.seq).map((h) => ({ manifest: h.manifest_id, events: h.events, hash: h.hash, event: h.event_id }));
      if (link.prev_hash !== prev) return { checked, broken: { seq: link.seq, reason: 'prev-mismatch' } };
      if (mine.length !== link.heads || checkpointHash(link.suite, mine, link.prev_hash).hash !== link.hash) return { checked, broken: { seq: link.seq, reason: 'hash-mismatch' } };
      prev = link.hash;
      checked += 1;
    }
    after = links.at(-1)!.seq;
  }
}

/** The latest link of the global chain, published (public page, daily head). */
export async function latestCheckpoint(db: Executor) {
  return repo.lastCheckpoint(db);
}
