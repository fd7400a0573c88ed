import type { Executor, Trx } from '../../db/database';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { organisationOwner, ownerOf, streamJson, streamRowColumns, toEngineStream } from './byproducts.mapping';
import { defaultName, parseStreamOrThrow } from './byproducts.parse';
import { byproductsPolicy } from './byproducts.policy';
import { findParkRef, manufacturerOnly, resolveOrganisation, resolveSite } from './byproducts.references';
import * as repo from './byproducts.repository';
import type { StreamWithOwner } from './byproducts.repository';
import type { CreateStreamBody, ListStreamsQuery, UpdateStreamBody } from './byproducts.schema';
import { findOrganisation } from '../organisations';

/** Declared by-product streams: read, list, declare, change, remove. */

const READ_REFUSED = 'By-product volumes are confidential to the firm, its park administration and its regulators.';

/** The next free code of a firm's streams (ORG-S01, ORG-S02, …), skipping `taken`. */
export async function nextCode(db: Executor, orgCode: string, taken: Set<string> = new Set()): Promise<string> {
  const prefix = `${orgCode}-S`;
  const used = new Set([...(await repo.streamCodesWithPrefix(db, prefix)), ...taken]);
  for (let n = 1; ; n++) {
    const code = `${prefix}${String(n).padStart(2, '0')}`;
    if (!used.has(code)) return code;
  }
}

/**
 * A stream by id or code. `internal`: its kind, stage and state, which every logged-in user may
 * see (the presenter hides the rest); `confidential`: the whole stream, for those cleared.
 */
export async function getStream(db: Executor, ctx: ServiceContext, idOrCode: string, need: 'internal' | 'confidential' = 'confidential'): Promise<StreamWithOwner> {
  permit(ctx.viewer, byproductsPolicy.browse(ctx.viewer));
  const row = await repo.findStream(db, idOrCode);
  if (!row) throw errors.notFound('Stream', idOrCode);
  if (need === 'confidential') permit(ctx.viewer, byproductsPolicy.read(ctx.viewer, ownerOf(row)), READ_REFUSED);
  return row;
}

function splitBody<T extends Record<string, unknown>>(body: T, omit: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => !omit.includes(k) && v !== undefined));
}

export async function createStream(trx: Trx, ctx: ServiceContext, body: CreateStreamBody): Promise<StreamWithOwner> {
  const orgRef = body.organisation ?? actorOf(ctx.viewer)?.organisationId;
  if (orgRef === undefined) throw errors.validation('Give the organisation.', [{ field: 'organisation', message: 'is required' }]);
  const org = await resolveOrganisation(trx, orgRef);
  permit(ctx.viewer, byproductsPolicy.write(ctx.viewer, organisationOwner(org)), 'Only the firm (or its park administration) declares its by-product streams.');
  manufacturerOnly(org);
  const site = await resolveSite(trx, org, body.site);
  const stream = parseStreamOrThrow(splitBody(body, ['code', 'organisation', 'site']));
  if (body.code !== undefined && (await repo.findStream(trx, body.code))) {
    throw errors.conflict(`A stream with code ${body.code} exists already.`, [{ field: 'code', message: 'already taken' }]);
  }
  const code = body.code ?? (await nextCode(trx, org.code));
  const id = await repo.insertStream(trx, { code, organisation_id: org.id, site_id: site.id, name: body.name ?? defaultName(stream), ...streamRowColumns(stream) });
  const row = (await repo.findStream(trx, id))!;
  await recordAudit(trx, ctx, { action: 'byproduct_stream.create', entityType: 'byproduct_streams', entityId: id, organisationId: org.id, after: { ...row } });
  return row;
}

export async function updateStream(trx: Trx, ctx: ServiceContext, idOrCode: string, body: UpdateStreamBody): Promise<StreamWithOwner> {
  const before = await repo.findStream(trx, idOrCode);
  if (!before) throw errors.notFound('Stream', idOrCode);
  await repo.lockStream(trx, before.id);
  permit(ctx.viewer, byproductsPolicy.write(ctx.viewer, ownerOf(before)), 'Only the firm (or its park administration) changes its by-product streams.');
  const patch = splitBody(body, ['site']);
  const merged: Record<string, unknown> = { ...streamJson(toEngineStream(before)), ...patch };
  if ('tonnesPerMonth' in patch) delete merged.tonnesPerYear;
  if ('classes' in merged) delete merged.classes;
  const name = (patch.name as string | undefined) ?? before.name;
  delete merged.name;
  const stream = parseStreamOrThrow(merged);
  const site = body.site === undefined ? undefined : await resolveSite(trx, (await findOrganisation(trx, before.organisation_id))!, body.site);
  await repo.updateStream(trx, before.id, { name, ...(site ? { site_id: site.id } : {}), ...streamRowColumns(stream) });
  const after = (await repo.findStream(trx, before.id))!;
  await recordAudit(trx, ctx, { action: 'byproduct_stream.update', entityType: 'byproduct_streams', entityId: before.id, organisationId: before.organisation_id, before: { ...before }, after: { ...after } });
  return after;
}

export async function deleteStream(trx: Trx, ctx: ServiceContext, idOrCode: string): Promise<void> {
  const before = await repo.findStream(trx, idOrCode);
  if (!before) throw errors.notFound('Stream', idOrCode);
  permit(ctx.viewer, byproductsPolicy.write(ctx.viewer, ownerOf(before)), 'Only the firm (or its park administration) removes its by-product streams.');
  await repo.deleteStream(trx, before.id);
  await recordAudit(trx, ctx, { action: 'byproduct_stream.delete', entityType: 'byproduct_streams', entityId: before.id, organisationId: before.organisation_id, before: { ...before } });
}

/**
 * Which streams a list shows by default: a firm its own, a park administration its park, a
 * regulator its region, platform admins and the CLI everything. Others must filter; rows they
 * are not cleared for show internal fields only (the presenter applies the clearance).
 */
export async function listStreams(db: Executor, ctx: ServiceContext, query: Partial<ListStreamsQuery>): Promise<{ rows: StreamWithOwner[]; total: number }> {
  permit(ctx.viewer, byproductsPolicy.browse(ctx.viewer));
  const filter: repo.StreamFilter = {};
  if (query.organisation) filter.organisationId = (await resolveOrganisation(db, query.organisation, 'organisation')).id;
  if (query.park) {
    const park = await findParkRef(db, query.park);
    if (!park) throw errors.validation(`Unknown park ${query.park}.`, [{ field: 'park', message: `unknown park ${query.park}` }]);
    filter.parkId = park.id;
  }
  if (query.region) filter.regionPrefix = regionPrefix(query.region);
  if (query.site) filter.siteId = query.site;
  const unfiltered = !filter.organisationId && !filter.parkId && !filter.regionPrefix && !filter.siteId;
  const actor = actorOf(ctx.viewer);
  if (unfiltered && actor) {
    if (actor.organisationType === 'park-admin' && actor.parkId) filter.parkId = actor.parkId;
    else if (actor.organisationType === 'regulator') filter.regionPrefix = regionPrefix(actor.regionCode);
    else if (actor.organisationType !== 'platform-admin') filter.organisationId = actor.organisationId;
  }
  return repo.listStreams(db, filter, query.limit, query.offset);
}
