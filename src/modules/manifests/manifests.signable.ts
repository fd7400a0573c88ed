/**
 * What the viewer may sign now on one manifest ("what may I sign now", for the signing dialog),
 * and who signed each event: computed here so the web never restates the custody rules.
 */
import type { Executor } from '../../db/database';
import { errors } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { delegationRefs, grantorsFor } from '../delegations';
import { findUserProfile } from '../users';
import { applyCustodyEvent, type CustodyEvent, type EventKind, organisationOf } from './engine/custody';
import type { EventPayload } from './engine/trail';
import { manifestsPolicy } from './manifests.policy';
import type { ManifestEventRow, ManifestRow } from './manifests.tables';

export interface Signable {
  kind: EventKind;
  organisationId: string;
  delegated: boolean;
  to: number | null;
}

/**
 * Each event the custody engine lets follow the manifest's state whose signing party is the
 * viewer's organisation (and the viewer's role signs), or an organisation that delegated
 * `manifests.sign` to it. The sign route decides again under the manifest's lock.
 */
export async function signableEvents(db: Executor, ctx: ServiceContext, m: ManifestRow, transporters: readonly string[], now = new Date()): Promise<Signable[]> {
  const actor = actorOf(ctx.viewer);
  if (!actor) return [];
  const grantors = new Set((await grantorsFor(db, ctx.viewer, 'manifests.sign', now)).map((g) => g.grantor.id));
  const parties = { generator: m.generator_id, transporters, receiver: m.receiver_id };
  const state = { status: m.status, holder: m.holder, allRefused: m.all_refused };
  const next = (m.holder ?? 0) + 1;
  const candidates: CustodyEvent[] = [
    { kind: 'sealed' },
    { kind: 'picked-up' },
    { kind: 'handed-over', to: next },
    { kind: 'delivered' },
    { kind: 'received', allRefused: false },
    { kind: 'processed' },
    { kind: 'closed' },
    { kind: 'cancelled' },
    { kind: 'returned' },
    { kind: 'rerouted' },
  ];
  const out: Signable[] = [];
  for (const e of candidates) {
    const step = applyCustodyEvent(state, e, transporters.length);
    if (!step.ok) continue;
    const organisationId = organisationOf(parties, step.signer);
    if (organisationId === undefined) continue;
    const to = e.kind === 'handed-over' ? next : null;
    const owner = { organisationId, regionCode: organisationId === m.generator_id ? m.region_code : m.receiver_region_code };
    if (organisationId === actor.organisationId) {
      if (manifestsPolicy.sign(ctx.viewer, owner)) out.push({ kind: e.kind, organisationId, delegated: false, to });
    } else if (grantors.has(organisationId) && manifestsPolicy.signDelegated(ctx.viewer)) {
      out.push({ kind: e.kind, organisationId, delegated: true, to });
    }
  }
  return out;
}

/** Whom the viewer may sign for under a `manifests.sign` delegation in force (its own organisation aside). */
export async function signingGrantors(db: Executor, ctx: ServiceContext, now = new Date()) {
  if (ctx.viewer.kind === 'anonymous') throw errors.unauthenticated();
  return (await grantorsFor(db, ctx.viewer, 'manifests.sign', now)).map((g) => ({ delegationId: g.id, organisation: g.grantor }));
}

export interface EventPeople {
  /** Display names of the persons who signed, by user id. */
  persons: Map<string, string>;
  /** The organisation that signed under each delegation, by delegation id. */
  acting: Map<string, { id: string; nameZh: string; nameEn: string }>;
}

export async function eventPeople(db: Executor, events: readonly ManifestEventRow[]): Promise<EventPeople> {
  const userIds = new Set<string>();
  for (const e of events) {
    const user = (JSON.parse(e.payload) as EventPayload).signer.user;
    if (user) userIds.add(user);
  }
  const persons = new Map<string, string>();
  for (const id of userIds) persons.set(id, (await findUserProfile(db, id)).display_name);
  const refs = await delegationRefs(db, events.map((e) => e.delegation_id));
  const acting = new Map([...refs].map(([id, ref]) => [id, ref.grantee]));
  return { persons, acting };
}
