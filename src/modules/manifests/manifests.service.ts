/**
 * Manifests: creation (the generator's signed `created` event), reading and listing under the
 * manifests policy. Signing later events is manifests.sign.service.ts; verification
 * manifests.verify.service.ts. Every write runs in the caller's transaction with its audit.
 */
import { randomUUID } from 'node:crypto';
import type { Executor, Trx } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { errors, type FieldIssue } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { actingFor, grantorsFor } from '../delegations';
import { linkDeliveryManifest } from '../exchange';
import { notify } from '../notifications';
import { findOrganisation } from '../organisations';
import { verifyUserPassword } from '../users';
import { applyCustodyEvent, type CustodyEvent, type EventKind, organisationOf } from './engine/custody';
import { manifestNumber } from './engine/numbering';
import { normaliseQuantity, toMilli } from './engine/quantity';
import { GENESIS_HASH, type JsonValue, type SigningMethod } from './engine/trail';
import type { ManifestsDeps } from './manifests.keys.service';
import { DRIVER_CODE_STATUSES, manifestsFieldPolicy } from './manifests.field.policy';
import { type ManifestParties, manifestsPolicy } from './manifests.policy';
import { sensorsPolicy } from './manifests.sensors.policy';
import { presentManifest, presentSummary } from './manifests.presenter';
import * as repo from './manifests.repository';
import type { CreateManifestBody, ListManifestsQuery, ManifestSummary, ManifestView } from './manifests.schema';
import type { ManifestRow } from './manifests.tables';
import { newLineRows } from './manifests.lines';
import { appendEvent } from './manifests.trail.service';
import { dutiesFor } from './manifests.duties.service';
import { checkTransfer } from './manifests.transfers.service';
import { eventPeople, signableEvents } from './manifests.signable';
import { genealogyLinks } from './manifests.genealogy.links';

const invalid = (message: string, field: string, code: string, params?: Record<string, string | number>): never => {
  const issue: FieldIssue = { field, message, code: `manifests.${code}`, ...(params ? { params } : {}) };
  throw errors.validation(message, [issue]);
};

/**
 * A person re-enters their password to sign (the session alone is not their signature); an API
 * token signs as the machine it is, and the system (CLI, demo) as itself. Checked before any
 * lock is taken: scrypt takes tens of milliseconds.
 */
export async function signingMethod(db: Executor, ctx: ServiceContext, password: string | undefined): Promise<Exclude<SigningMethod, 'delegated'>> {
  const actor = actorOf(ctx.viewer);
  if (ctx.viewer.kind === 'system') return 'system';
  if (!actor) throw errors.unauthenticated();
  if (actor.kind === 'token') return 'token';
  if (!password) invalid('Re-enter your password to sign.', 'password', 'passwordRequired');
  if (!(await verifyUserPassword(db, actor.userId!, password!))) invalid('The password is wrong.', 'password', 'passwordWrong');
  return 'password';
}

/** Who signs for `organisationId`: the viewer's own organisation or one that delegated `manifests.sign` to it. */
export async function resolveSigner(trx: Trx, ctx: ServiceContext, organisationId: string, method: Exclude<SigningMethod, 'delegated'>, known?: { id: string; region_code: string }) {
  const org = known ?? (await findOrganisation(trx, organisationId));
  if (!org) throw errors.notFound('Organisation', organisationId);
  const acting = await actingFor(trx, ctx.viewer, { organisationId, scope: 'manifests.sign' });
  // The organisations module's owner reference (ownerOf) from the two columns it reads.
  if (acting.delegationId === null) permit(ctx.viewer, manifestsPolicy.sign(ctx.viewer, { organisationId: org.id, regionCode: org.region_code }), 'Your role does not sign manifests.');
  else permit(ctx.viewer, manifestsPolicy.signDelegated(ctx.viewer), 'Your role does not sign manifests.');
  const actor = actorOf(ctx.viewer);
  return {
    organisation: organisationId,
    user: actor?.userId ?? null,
    token: actor?.tokenId ?? null,
    delegation: acting.delegationId,
    method: acting.delegationId ? ('delegated' as const) : method,
  };
}

/**
 * Whether the viewer sees the manifest: the policy's readers, and an organisation that a party
 * delegated `manifests.sign` to (it signs for that party, so it reads what it signs).
 */
export async function mayRead(db: Executor, ctx: ServiceContext, parties: ManifestParties): Promise<boolean> {
  if (manifestsPolicy.read(ctx.viewer, parties)) return true;
  const grantors = await grantorsFor(db, ctx.viewer, 'manifests.sign');
  const partyIds = new Set([parties.generator.organisationId, parties.receiver.organisationId, ...parties.transporters]);
  return grantors.some((g) => partyIds.has(g.grantor.id));
}

export async function partiesOf(db: Executor, m: ManifestRow): Promise<ManifestParties & { transporterIds: string[] }> {
  const transporters = await repo.transportersOf(db, [m.id]);
  const ids = transporters.map((t) => t.organisation_id);
  return { generator: { organisationId: m.generator_id, regionCode: m.region_code }, receiver: { organisationId: m.receiver_id, regionCode: m.receiver_region_code }, transporters: ids, transporterIds: ids };
}

export interface PartiesInput {
  generatorId: string;
  generatorSiteId: string;
  receiverId: string;
  receiverSiteId?: string | undefined;
  licenceId?: string | undefined;
  transporters: CreateManifestBody['transporters'];
}

/** What creating a manifest checks (parties, sites, licence, codes, the receiver's tonnes this year), read in one statement. */
export interface CreationFacts {
  organisations: Map<string, { id: string; region_code: string }>;
  sites: Map<string, { id: string; organisation_id: string }>;
  licence: repo.CreationFactRows['licence'];
  codes: Map<string, { code: string; list: 'general' | 'hazardous'; category: string; active: boolean }>;
  tonnesThisYear: string;
}

export async function creationFacts(db: Executor, p: PartiesInput & { lines: CreateManifestBody['lines'] }, now: Date): Promise<CreationFacts> {
  const { from, to } = yearBounds(now);
  const rows = await repo.creationFactRows(db, {
    organisationIds: [p.generatorId, p.receiverId, ...p.transporters.map((t) => t.organisationId)],
    siteIds: [p.generatorSiteId, ...(p.receiverSiteId ? [p.receiverSiteId] : [])],
    licenceId: p.licenceId ?? null,
    codes: p.lines.map((l) => l.wasteCode),
    receiverId: p.receiverId,
    from,
    to,
  });
  return {
    organisations: new Map(rows.organisations.map((o) => [o.id, o])),
    sites: new Map(rows.sites.map((x) => [x.id, x])),
    licence: rows.licence,
    codes: new Map(rows.codes.map((c) => [c.code, c])),
    tonnesThisYear: rows.tonnes,
  };
}

/** Checks the parties of a new manifest; each unknown or mismatched one is a 400 naming its field. */
function checkParties(facts: CreationFacts, p: PartiesInput, prefix = '') {
  const generator = facts.organisations.get(p.generatorId);
  if (!generator) return invalid('Unknown organisation.', `${prefix}generatorId`, 'unknownOrganisation');
  const site = facts.sites.get(p.generatorSiteId);
  if (!site || site.organisation_id !== p.generatorId) invalid("The site is not one of the generator's.", `${prefix}generatorSiteId`, 'siteNotGenerators');
  const receiver = facts.organisations.get(p.receiverId);
  if (!receiver) return invalid('Unknown organisation.', `${prefix}receiverId`, 'unknownOrganisation');
  if (p.receiverId === p.generatorId) invalid('The receiver must be another organisation than the generator.', `${prefix}receiverId`, 'receiverIsGenerator');
  if (p.receiverSiteId) {
    const rs = facts.sites.get(p.receiverSiteId);
    if (!rs || rs.organisation_id !== p.receiverId) invalid("The site is not one of the receiver's.", `${prefix}receiverSiteId`, 'siteNotReceivers');
  }
  for (const [i, t] of p.transporters.entries()) {
    if (!facts.organisations.has(t.organisationId)) invalid('Unknown organisation.', `${prefix}transporters.${i}.organisationId`, 'unknownOrganisation');
  }
  const licence = p.licenceId ? (facts.licence ?? undefined) : undefined;
  if (p.licenceId && (!licence || licence.organisation_id !== p.receiverId)) invalid("The licence is not one of the receiver's.", `${prefix}licenceId`, 'licenceNotReceivers');
  return { generator, receiver, licence };
}

function yearBounds(at: Date): { from: Date; to: Date } {
  const y = at.getUTCFullYear();
  return { from: new Date(Date.UTC(y, 0, 1)), to: new Date(Date.UTC(y + 1, 0, 1)) };
}

/** Inserts a manifest with its parties and lines and appends its signed `created` event. */
export async function insertNewManifest(
  trx: Trx,
  deps: ManifestsDeps,
  input: PartiesInput & { lines: CreateManifestBody['lines']; contractId?: string | undefined; deliveryId?: string | undefined; reroutedFrom?: string; transferApprovalId?: string | undefined },
  signer: Awaited<ReturnType<typeof resolveSigner>>,
  location: { lat: number; lon: number } | null,
  now: Date,
  known?: CreationFacts,
): Promise<{ inserted: ManifestRow; current: ManifestRow }> {
  const facts = known ?? (await creationFacts(trx, input, now));
  const { generator, receiver, licence } = checkParties(facts, input);
  const codes = facts.codes;
  const lines = input.lines.map((l, i) => {
    const code = codes.get(l.wasteCode);
    if (!code || !code.active) return invalid(`Unknown waste code ${l.wasteCode}.`, `lines.${i}.wasteCode`, 'unknownCode', { code: l.wasteCode });
    return { ...l, line: i + 1, category: code.category, quantity: normaliseQuantity(l.quantity) };
  });
  const day = now.toISOString().slice(0, 10);
  const classes = lines.map((l) => ({ wasteList: codes.get(l.wasteCode)!.list, category: l.category }));
  // The duties in force today (data per waste class, manifests.duties.service.ts) limit the categories of one manifest.
  const duties = await dutiesFor(trx, classes, day);
  const categories = [...new Set(lines.map((l) => l.category))];
  if (duties.maxCategories !== null && categories.length > duties.maxCategories) {
    const first = lines.findIndex((l) => categories.indexOf(l.category) >= duties.maxCategories!);
    invalid(`One manifest carries at most ${duties.maxCategories} waste categories (${duties.editions.map((e) => e.edition).join('; ')}).`, `lines.${first}.wasteCode`, 'tooManyCategories', { max: duties.maxCategories, categories: categories.length });
  }
  const transferApprovalId = await checkTransfer(trx, {
    generatorId: input.generatorId,
    generatorRegion: generator.region_code,
    receiverId: input.receiverId,
    receiverRegion: receiver.region_code,
    transferApprovalId: input.transferApprovalId,
    lines: lines.map((l, i) => ({ wasteCode: l.wasteCode, list: classes[i]!.wasteList, milliTonnes: l.unit === 'kg' ? Math.round(toMilli(l.quantity) / 1000) : toMilli(l.quantity) })),
    day,
  });

  const serial = await repo.nextSerial(trx, generator.region_code, now.getUTCFullYear());
  const number = manifestNumber(now.getUTCFullYear(), generator.region_code, serial);
  // The id is chosen here so that the manifest, its transporters and its lines go in one statement.
  const id = randomUUID();
  const { rows: lineRows, flags } = newLineRows(id, lines, licence, day, facts.tonnesThisYear);
  const m = await repo.insertManifestWithParts(
    trx,
    {
      id,
      number,
      status: 'draft',
      region_code: generator.region_code,
      generator_id: input.generatorId,
      generator_site_id: input.generatorSiteId,
      receiver_id: input.receiverId,
      receiver_site_id: input.receiverSiteId ?? null,
      receiver_region_code: receiver.region_code,
      licence_id: licence?.id ?? null,
      contract_id: input.contractId ?? null,
      delivery_id: input.deliveryId ?? null,
      rerouted_from: input.reroutedFrom ?? null,
      transfer_approval_id: transferApprovalId,
      event_count: 0,
      head_hash: GENESIS_HASH,
      created_at: now,
      updated_at: now,
    },
    input.transporters.map((t, i) => ({ manifest_id: id, position: i + 1, organisation_id: t.organisationId, plate: t.plate, driver_name: t.driverName, driver_phone: t.driverPhone ?? null })),
    lineRows,
  );
  // The contract's delivery travels under this manifest (a reroute's new manifest takes over), in the same transaction.
  if (input.deliveryId && !(await linkDeliveryManifest(trx, { deliveryId: input.deliveryId, contractId: input.contractId ?? null, generatorId: input.generatorId, manifestId: m.id }))) {
    invalid("The delivery is not one of the contract's deliveries from the generator.", 'deliveryId', 'unknownDelivery');
  }
  // The created event carries the whole manifest as signed (drivers' phones stay out: personal data has no place in a permanent record).
  const data: { [key: string]: JsonValue } = {
    number,
    generator: { organisation: input.generatorId, site: input.generatorSiteId },
    receiver: { organisation: input.receiverId, site: input.receiverSiteId ?? null, licence: licence?.id ?? null },
    transporters: input.transporters.map((t, i) => ({ position: i + 1, organisation: t.organisationId, plate: t.plate, driver: t.driverName })),
    lines: lines.map((l) => ({ line: l.line, wasteCode: l.wasteCode, description: l.description, packaging: l.packaging ?? null, packageCount: l.packageCount ?? null, quantity: l.quantity, unit: l.unit, measure: l.measure, grade: l.grade ?? null })),
    contract: input.contractId ?? null,
    delivery: input.deliveryId ?? null,
    reroutedFrom: input.reroutedFrom ?? null,
    ...(transferApprovalId ? { transferApproval: transferApprovalId } : {}),
    discrepancies: flags.map((f) => ({ line: f.line, kind: f.kind })),
  };
  const event = await appendEvent(trx, deps, { manifest: m, kind: 'created', signer, at: now, location, data });
  // `current`: the row as the append left it (the same columns appendWith moves).
  return { inserted: m, current: { ...m, event_count: event.seq, head_hash: event.hash, updated_at: now } };
}

export async function createManifest(trx: Trx, ctx: ServiceContext, deps: ManifestsDeps, body: CreateManifestBody, now = new Date()): Promise<ManifestView> {
  const method = await signingMethod(trx, ctx, body.password);
  const facts = await creationFacts(trx, body, now);
  const generator = facts.organisations.get(body.generatorId);
  if (!generator) return invalid('Unknown organisation.', 'generatorId', 'unknownOrganisation');
  const signer = await resolveSigner(trx, ctx, body.generatorId, method, generator);
  const { inserted: m, current } = await insertNewManifest(trx, deps, body, signer, body.location ?? null, now, facts);
  await notify(trx, ctx, {
    audit: { action: 'manifest.create', entityType: 'manifests', entityId: m.id, organisationId: body.generatorId, after: { ...m, delegation_id: signer.delegation } },
    event: 'manifest.created',
    subject: { type: 'manifests', id: m.id },
    recipients: { organisationIds: [...new Set([body.receiverId, ...body.transporters.map((t) => t.organisationId)])] },
    params: { number: m.number },
    link: `/manifests/${m.id}`,
    data: { manifestId: m.id, number: m.number, status: 'draft' },
    at: now,
  });
  return manifestView(trx, ctx, current, now);
}

/** The kinds the viewer's own organisation may sign next (the web shows those buttons). */
function signableKinds(ctx: ServiceContext, m: ManifestRow, transporters: readonly string[]): EventKind[] {
  const actor = actorOf(ctx.viewer);
  if (!actor) return [];
  const parties = { generator: m.generator_id, transporters, receiver: m.receiver_id };
  const state = { status: m.status, holder: m.holder, allRefused: m.all_refused };
  const candidates: CustodyEvent[] = [
    { kind: 'sealed' },
    { kind: 'picked-up' },
    { kind: 'handed-over', to: (m.holder ?? 0) + 1 },
    { kind: 'delivered' },
    { kind: 'received', allRefused: false },
    { kind: 'processed' },
    { kind: 'closed' },
    { kind: 'cancelled' },
    { kind: 'returned' },
    { kind: 'rerouted' },
  ];
  return candidates.filter((e) => {
    const step = applyCustodyEvent(state, e, transporters.length);
    return step.ok && organisationOf(parties, step.signer) === actor.organisationId;
  }).map((e) => e.kind);
}

export async function getManifest(db: Executor, ctx: ServiceContext, id: string, now = new Date()): Promise<ManifestView> {
  const m = await repo.findManifest(db, id);
  if (!m) throw errors.notFound('Manifest', id);
  return manifestView(db, ctx, m, now);
}

/** The manifest as the viewer sees it, from its row as just read or written. */
async function manifestView(db: Executor, ctx: ServiceContext, m: ManifestRow, now: Date): Promise<ManifestView> {
  const id = m.id;
  const transporters = await repo.transportersOf(db, [id]);
  const transporterIds = transporters.map((t) => t.organisation_id);
  const parties = { generator: { organisationId: m.generator_id, regionCode: m.region_code }, receiver: { organisationId: m.receiver_id, regionCode: m.receiver_region_code }, transporters: transporterIds, transporterIds };
  if (!(await mayRead(db, ctx, parties))) {
    permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
    throw errors.notFound('Manifest', id);
  }
  const [lines, events, licence] = [await repo.linesOf(db, [id]), await repo.eventsOf(db, [id]), m.licence_id ? await repo.findLicence(db, m.licence_id) : undefined];
  const names = await repo.organisationNames(db, [m.generator_id, m.receiver_id, ...parties.transporterIds, ...events.map((e) => e.signer_organisation_id)]);
  const signable = await signableEvents(db, ctx, m, parties.transporterIds, now);
  const people = await eventPeople(db, events);
  // Drivers' phones and the track are personal information (PIPL): the parties and regulators only.
  const personal = sensorsPolicy.read(ctx.viewer, parties);
  const actions = {
    label: manifestsPolicy.label(ctx.viewer, parties),
    driverCodes: DRIVER_CODE_STATUSES.has(m.status) ? transporters.filter((t) => manifestsFieldPolicy.issueCode(ctx.viewer, { organisationId: t.organisation_id, regionCode: names.get(t.organisation_id)?.region_code ?? '' })).map((t) => t.position) : [],
  };
  const genealogy = await genealogyLinks(db, id);
  const view = presentManifest(ctx.viewer, { manifest: m, transporters, lines, events, licence, names, personal, canSign: signableKinds(ctx, m, parties.transporterIds), signable, people, actions, genealogy });
  return { ...view, sensors: personal };
}

export async function listManifests(db: Executor, ctx: ServiceContext, q: ListManifestsQuery): Promise<ManifestSummary[]> {
  const actor = actorOf(ctx.viewer);
  if (ctx.viewer.kind === 'anonymous') throw errors.unauthenticated();
  // Platform admins and the system list everything; regulators their region; others their own manifests.
  const all = ctx.viewer.kind === 'system' || actor?.organisationType === 'platform-admin';
  const regulator = actor?.organisationType === 'regulator';
  const rows = await repo.listManifests(db, {
    organisationId: all || regulator ? null : actor!.organisationId,
    regionPrefix: regulator ? regionPrefix(actor.regionCode) : null,
    ...(q.status ? { status: q.status } : {}),
    // The role is the viewer's own in the manifest: regulators and platform admins are no party.
    ...(q.role && !all && !regulator ? { role: q.role } : {}),
    ...(q.from ? { createdFrom: new Date(`${q.from}T00:00:00Z`) } : {}),
    ...(q.to ? { createdBefore: new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000) } : {}),
    ...(q.wasteCode ? { wasteCode: q.wasteCode } : {}),
    ...(q.discrepancy !== undefined ? { discrepancy: q.discrepancy } : {}),
    limit: q.limit,
    offset: q.offset,
  });
  const ids = rows.map((r) => r.id);
  const [transporters, lines] = [await repo.transportersOf(db, ids), await repo.linesOf(db, ids)];
  const names = await repo.organisationNames(db, rows.flatMap((r) => [r.generator_id, r.receiver_id]));
  return rows.map((r) =>
    presentSummary(
      r,
      transporters.filter((t) => t.manifest_id === r.id),
      lines.filter((l) => l.manifest_id === r.id),
      names,
    ),
  );
}
