/**
 * Appending a custody event to a manifest's trail, in the caller's transaction and under the
 * manifest's row lock (taken by the caller): the canonical payload, its chain hash over the
 * current head, the signing organisation's signature, the event row and the moved head.
 */
import type { KeyObject } from 'node:crypto';
import type { Insertable, Updateable } from 'kysely';
import type { Trx } from '../../db/database';
import type { TrailKind } from './engine/revision';
import { signMessage } from './engine/signing';
import { canonicalPayload, chainHash, type EventPayload, type JsonValue, type SigningMethod } from './engine/trail';
import { cachedSigningKey, forgetSigningKey, type ManifestsDeps } from './manifests.keys.service';
import * as repo from './manifests.repository';
import type { LineChange } from './manifests.repository';
import type { ManifestEventRow, ManifestEventTable, ManifestTable } from './manifests.tables';

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

/**
 * `moved`: what else of the manifest row changes with the event (status, holder), and `lines`:
 * what it changes on the lines, written in the same statement as the event and the head. The key comes from this process's cache; if the
 * database no longer holds it active (rotated elsewhere), the event is signed again with the key
 * looked up afresh.
 */
export async function appendEvent(trx: Trx, deps: ManifestsDeps, input: AppendInput, moved: Updateable<ManifestTable> = {}, lines: readonly LineChange[] = []): Promise<ManifestEventRow> {
  const organisation = input.signer.organisation;
  const first = await appendWith(trx, deps, input, moved, lines, await cachedSigningKey(trx, deps, organisation));
  if (first) return first;
  forgetSigningKey(deps, organisation);
  const again = await appendWith(trx, deps, input, moved, lines, await cachedSigningKey(trx, deps, organisation));
  if (!again) throw new Error(`the active signing key of organisation ${organisation} was retired while signing`);
  return again;
}

/**
 * The event row of `input` signed with `key`: its canonical payload, chain hash over the
 * manifest's current head and signature. The one place a payload is built, for the transition
 * path and the demo history's bulk writer alike.
 */
export function signedEventRow(deps: ManifestsDeps, input: AppendInput, key: { id: string; privateKey: KeyObject }): Omit<Insertable<ManifestEventTable>, 'id' | 'recorded_at'> & { key_id: string; seq: number; hash: string } {
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
  return {
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
  };
}

async function appendWith(trx: Trx, deps: ManifestsDeps, input: AppendInput, moved: Updateable<ManifestTable>, lines: readonly LineChange[], key: { id: string; privateKey: KeyObject }): Promise<ManifestEventRow | undefined> {
  const row = signedEventRow(deps, input, key);
  return repo.appendEventRow(trx, row, deps.config.suite, { ...moved, event_count: row.seq, head_hash: row.hash, updated_at: input.at }, lines);
}
