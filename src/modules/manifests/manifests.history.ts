/**
 * The demo's manifest history (issue 13): thousands of past loads written in bulk with the same
 * rows the services write, so that the demo loads in seconds rather than the minutes a service
 * call per custody event takes. Each load's events are judged by the custody engine, their line
 * changes and data come from `custodyStep` (the transition path's own function), their payloads,
 * chain hashes and signatures from `signedEventRow` (the same as `appendEvent`), the numbers from
 * the region's counter, the licence flags from `licenceDiscrepancies`; then one insert per table
 * (in chunks), the exchange deliveries' manifest ids set, and one audit record for the whole
 * history. No notifications: nobody is told today of a load of last year. Reroutes create a
 * second manifest and stay with the services (`signEvent`).
 */
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { linkDeliveryManifests } from '../exchange';
import { findOrganisation, findSite } from '../organisations';
import { applyCustodyEvent, type CustodyState, initialState, organisationOf } from './engine/custody';
import { manifestNumber } from './engine/numbering';
import { normaliseQuantity, toMilli } from './engine/quantity';
import { GENESIS_HASH, type JsonValue } from './engine/trail';
import * as history from './manifests.history.repository';
import { type ManifestsDeps, signingKeyFor } from './manifests.keys.service';
import { newLineRows } from './manifests.lines';
import * as repo from './manifests.repository';
import type { CreateManifestBody, SignEventBody } from './manifests.schema';
import { custodyStep } from './manifests.sign.changes';
import type { ManifestEventTable, ManifestLineRow, ManifestTable, ManifestTransporterTable } from './manifests.tables';
import { signedEventRow } from './manifests.trail.service';

/** One past load: the manifest as created and the custody steps signed after it, each at its time. */
export interface HistoricLoad {
  generatorId: string;
  generatorSiteId: string;
  receiverId: string;
  receiverSiteId: string | null;
  licenceId: string | null;
  transporters: { organisationId: string; plate: string; driverName: string }[];
  lines: CreateManifestBody['lines'];
  contractId: string | null;
  deliveryId: string | null;
  createdAt: Date;
  steps: { body: Exclude<SignEventBody, { kind: 'rerouted' }>; at: Date }[];
}

const CHUNK = 400;

async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/**
 * Writes `loads` (any order; numbered in the order of their creation) as signed, hash-chained
 * manifests. The system only (demo loader): a past record is nobody's act today.
 */
export async function writeManifestHistory(trx: Trx, ctx: ServiceContext, deps: ManifestsDeps, loads: readonly HistoricLoad[]): Promise<{ manifests: number; events: number }> {
  permit(ctx.viewer, ctx.viewer.kind === 'system', 'A manifest history is written by the system.');
  const sorted = [...loads].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const orgIds = [...new Set(sorted.flatMap((l) => [l.generatorId, l.receiverId, ...l.transporters.map((t) => t.organisationId)]))];
  const regions = new Map<string, string>();
  for (const id of orgIds) {
    const org = await findOrganisation(trx, id);
    if (!org) throw errors.notFound('Organisation', id);
    regions.set(id, org.region_code);
  }
  for (const siteId of new Set(sorted.map((l) => l.generatorSiteId))) {
    if (!(await findSite(trx, siteId))) throw errors.notFound('Site', siteId);
  }
  const licences = new Map<string, NonNullable<Awaited<ReturnType<typeof repo.findLicence>>>>();
  for (const id of new Set(sorted.flatMap((l) => (l.licenceId ? [l.licenceId] : [])))) {
    const licence = await repo.findLicence(trx, id);
    if (!licence) throw errors.notFound('Licence', id);
    licences.set(id, licence);
  }
  const codes = await repo.codesByCode(trx, sorted.flatMap((l) => l.lines.map((x) => x.wasteCode)));
  // Accepted tonnes per receiver and year, as the licence's capacity check counts them (kept up to date below).
  const accepted = new Map<string, number>();
  for (const key of new Set(sorted.map((l) => `${l.receiverId}|${l.createdAt.getUTCFullYear()}`))) {
    const [receiver, year] = key.split('|') as [string, string];
    const y = Number(year);
    accepted.set(key, toMilli(await repo.tonnesAccepted(trx, receiver, new Date(Date.UTC(y, 0, 1)), new Date(Date.UTC(y + 1, 0, 1)), '00000000-0000-0000-0000-000000000000')));
  }
  // Serials per region and year, reserved at once.
  const perCounter = new Map<string, number>();
  for (const l of sorted) {
    const key = `${regions.get(l.generatorId)!}|${l.createdAt.getUTCFullYear()}`;
    perCounter.set(key, (perCounter.get(key) ?? 0) + 1);
  }
  const nextSerial = new Map<string, number>();
  for (const [key, count] of perCounter) {
    const [region, year] = key.split('|') as [string, string];
    nextSerial.set(key, (await history.reserveSerials(trx, region, Number(year), count)) - count + 1);
  }
  // The keys as this database holds them, not this process's cache: the bulk insert does not
  // re-check that a key is active the way the transition path's append does.
  const keys = new Map<string, Awaited<ReturnType<typeof signingKeyFor>>>();
  for (const id of orgIds) keys.set(id, await signingKeyFor(trx, deps, id));

    const manifests: Insertable<ManifestTable>[] = [];
  const transporters: Insertable<ManifestTransporterTable>[] = [];
  const lineRows: ManifestLineRow[] = [];
  const events: Insertable<ManifestEventTable>[] = [];
  const links: { deliveryId: string; manifestId: string }[] = [];

  for (const [i, load] of sorted.entries()) {
    const id = randomUUID();
    const region = regions.get(load.generatorId)!;
    const year = load.createdAt.getUTCFullYear();
    const counterKey = `${region}|${year}`;
    const serial = nextSerial.get(counterKey)!;
    nextSerial.set(counterKey, serial + 1);
    const number = manifestNumber(year, region, serial);
    const licence = load.licenceId ? licences.get(load.licenceId)! : undefined;
    const lines = load.lines.map((l, k) => {
      const code = codes.get(l.wasteCode);
      if (!code || !code.active) throw errors.validation(`Unknown waste code ${l.wasteCode}.`, [{ field: `loads.${i}.lines.${k}.wasteCode`, message: `Unknown waste code ${l.wasteCode}.`, code: 'manifests.unknownCode' }]);
      return { ...l, line: k + 1, category: code.category, quantity: normaliseQuantity(l.quantity) };
    });
    const acceptedKey = `${load.receiverId}|${year}`;
    const acceptedSoFar = accepted.get(acceptedKey) ?? 0;
    const { rows, flags } = newLineRows(id, lines, licence, load.createdAt.toISOString().slice(0, 10), (acceptedSoFar / 1000).toFixed(3));
    const signerOf = (organisation: string) => ({ organisation, user: null, token: null, delegation: null, method: 'system' as const });
    const head = { id, event_count: 0, head_hash: GENESIS_HASH };
    const sign = (kind: Parameters<typeof signedEventRow>[1]['kind'], organisation: string, at: Date, data: { [key: string]: JsonValue }) => {
      const row = signedEventRow(deps, { manifest: head, kind, signer: signerOf(organisation), at, location: null, data }, keys.get(organisation)!);
      events.push(row);
      head.event_count = row.seq;
      head.head_hash = row.hash;
    };
    // The created event carries the manifest as signed, as insertNewManifest writes it.
    sign('created', load.generatorId, load.createdAt, {
      number,
      generator: { organisation: load.generatorId, site: load.generatorSiteId },
      receiver: { organisation: load.receiverId, site: load.receiverSiteId, licence: load.licenceId },
      transporters: load.transporters.map((t, k) => ({ position: k + 1, organisation: t.organisationId, plate: t.plate, driver: t.driverName })),
      lines: lines.map((l) => ({ line: l.line, wasteCode: l.wasteCode, description: l.description, packaging: l.packaging ?? null, packageCount: l.packageCount ?? null, quantity: l.quantity, unit: l.unit, measure: l.measure, grade: l.grade ?? null })),
      contract: load.contractId,
      delivery: load.deliveryId,
      reroutedFrom: null,
      discrepancies: flags.map((f) => ({ line: f.line, kind: f.kind })),
    });
    let state: CustodyState = initialState;
    let updatedAt = load.createdAt;
    const transporterIds = load.transporters.map((t) => t.organisationId);
    for (const [k, { body, at }] of load.steps.entries()) {
      const custody = custodyStep(body, state.holder, rows, deps.config.weightTolerance);
      const step = applyCustodyEvent(state, custody.event, transporterIds.length);
      if (!step.ok) throw errors.illegalTransition(`load ${i}, step ${k}: ${step.refusal.code}`);
      const signer = organisationOf({ generator: load.generatorId, transporters: transporterIds, receiver: load.receiverId }, step.signer)!;
      const data = body.note ? { ...custody.data, note: body.note } : custody.data;
      sign(body.kind, signer, at, data);
      for (const c of custody.changes) Object.assign(rows.find((r) => r.line_no === c.line)!, c.set);
      state = step.state;
      updatedAt = at;
    }
    const receivedNow = rows.reduce((s, r) => s + (r.received === null ? 0 : (toMilli(r.received) - toMilli(r.refused ?? '0')) / (r.unit === 'kg' ? 1000 : 1)), 0);
    accepted.set(acceptedKey, acceptedSoFar + Math.round(receivedNow));
    manifests.push({
      id,
      number,
      status: state.status,
      region_code: region,
      generator_id: load.generatorId,
      generator_site_id: load.generatorSiteId,
      receiver_id: load.receiverId,
      receiver_site_id: load.receiverSiteId,
      receiver_region_code: regions.get(load.receiverId)!,
      licence_id: load.licenceId,
      contract_id: load.contractId,
      delivery_id: load.deliveryId,
      rerouted_from: null,
      holder: state.holder,
      all_refused: state.allRefused,
      event_count: head.event_count,
      head_hash: head.head_hash,
      created_at: load.createdAt,
      updated_at: updatedAt,
    });
    transporters.push(...load.transporters.map((t, k) => ({ manifest_id: id, position: k + 1, organisation_id: t.organisationId, plate: t.plate, driver_name: t.driverName, driver_phone: null })));
    lineRows.push(...rows);
    if (load.deliveryId) links.push({ deliveryId: load.deliveryId, manifestId: id });
  }

  await inChunks(manifests, (c) => history.insertManifests(trx, c));
  await inChunks(transporters, (c) => repo.insertTransporters(trx, c));
  await inChunks(lineRows, (c) => repo.insertLines(trx, c));
  await inChunks(events, (c) => history.insertEvents(trx, c));
  await inChunks(links, (c) => linkDeliveryManifests(trx, c));
  await recordAudit(trx, ctx, { action: 'manifest.history', entityType: 'manifests', entityId: null, organisationId: null, after: { manifests: manifests.length, events: events.length } });
  return { manifests: manifests.length, events: events.length };
}
