/**
 * Appending a custody event to a manifest's trail, in the caller's transaction and under the
 * manifest's row lock (taken by the caller): the canonical payload, its chain hash over the
 * current head, the signing organisation's signature, the event row and the moved head.
 */
import type { Updateable } from 'kysely';
import type { Trx } from '../../db/database';
import type { TrailKind } from './engine/revision';
import { signMessage } from './engine/signing';
import { canonicalPayload, chainHash, type EventPayload, type JsonValue, type SigningMethod } from './engine/trail';
import { type ManifestsDeps, signingKeyFor } from './manifests.keys.service';
import * as repo from './manifests.repository';
import type { ManifestEventRow, ManifestTable } from './manifests.tables';

export interface AppendInput {
  manifest: { id: string; event_count: number; head_hash: string };
  kind: TrailKind;
  signer: { organisation: string; user: string | null; token: string | null; delegation: string | null; method: SigningMethod };
  at: Date;
  location: { lat: number; lon: number } | null;
  data: { [key: string]: JsonValue };
}

/** Coordinates as decimal strings (six decimals, about 0.1 m): hashed text, never binary doubles. */
function locationText(l: { lat: number; lon: number } | null): EventPayload['location'] {
  return l ? { lat: l.lat.toFixed(6), lon: l.lon.toFixed(6) } : null;
}

/** `moved`: what else of the manifest row changes with the event (status, holder), written in the same update as the head. */
export async function appendEvent(trx: Trx, deps: ManifestsDeps, input: AppendInput, moved: Updateable<ManifestTable> = {}): Promise<ManifestEventRow> {
  const key = await signingKeyFor(trx, deps, input.signer.organisation);
  const seq = input.manifest.event_count + 1;
  const payload: EventPayload = {
    v: 1,
    manifest: input.manifest.id,
    seq,
    kind: input.kind,
    at: input.at.toISOString(),
    signer: input.signer,
    location: locationText(input.location),
    data: input.data,
    suite: deps.config.suite,
    key: key.id,
  };
  const text = canonicalPayload(payload);
  const hash = chainHash(deps.config.suite, text, input.manifest.head_hash);
  const signature = signMessage(key.privateKey, Buffer.from(hash, 'hex')).toString('base64');
  const event = await repo.insertEvent(trx, {
    manifest_id: input.manifest.id,
    seq,
    kind: input.kind,
    at: input.at,
    signer_organisation_id: input.signer.organisation,
    signer_user_id: input.signer.user,
    signer_token_id: input.signer.token,
    delegation_id: input.signer.delegation,
    key_id: key.id,
    payload: text,
    prev_hash: input.manifest.head_hash,
    hash,
    signature,
  });
  await repo.updateManifest(trx, input.manifest.id, { ...moved, event_count: seq, head_hash: hash, updated_at: input.at });
  return event;
}
