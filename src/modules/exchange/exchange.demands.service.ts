import type { Executor, Trx } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { actingFor } from '../delegations';
import { findOrganisation, listSites } from '../organisations';
import { chinaDate, windowDays } from './engine/listing';
import { supersedePendingOf } from './exchange.deals.repository';
import { organisationIdOf, parkIdOf } from './exchange.listings.service';
import { type CreateDemandBody, type DemandsQuery, type DemandView, MAX_WINDOW_DAYS } from './exchange.market.schema';
import { exchangePolicy, type MarketOwnerRef } from './exchange.policy';
import { presentDemand } from './exchange.presenter';
import * as repo from './exchange.repository';
import { withCreditGrades } from './exchange.grades';

/** Demands (需): what a utilizer accepts, at which price per grade, how much per month, how far. */

const ownerOfRow = (row: { organisation_id: string; region_code: string; park_id: string | null }): MarketOwnerRef => ({ organisationId: row.organisation_id, regionCode: row.region_code, parkId: row.park_id });

export async function createDemand(trx: Trx, ctx: ServiceContext, body: CreateDemandBody, now = new Date()): Promise<DemandView> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const orgId = body.organisation ? await organisationIdOf(trx, ctx, body.organisation) : actorOf(ctx.viewer)?.organisationId;
  if (!orgId) throw errors.validation('Give the organisation.', [{ field: 'organisation', message: 'is required' }]);
  const org = (await findOrganisation(trx, orgId))!;
  const owner: MarketOwnerRef = { organisationId: org.id, regionCode: org.region_code, parkId: org.park_id };
  const acting = await actingFor(trx, ctx.viewer, { organisationId: org.id, scope: 'exchange.list' });
  permit(ctx.viewer, exchangePolicy.act(ctx.viewer, owner, { delegated: acting.delegationId !== null }), 'Only the firm (or whom it delegates) posts its demands.');

  const sites = (await listSites(trx, org.id)) as { id: string }[];
  const site = body.site ? sites.find((s) => s.id === body.site) : sites[0];
  if (!site) throw errors.validation('The organisation has no such site.', [{ field: 'site', message: body.site ? 'is not a site of the organisation' : 'the organisation has no site', code: 'exchange.unknownSite' }]);
  if (body.windowEnd && body.windowEnd < body.windowStart) throw errors.validation('The window is not valid.', [{ field: 'windowEnd', message: 'must not be before windowStart', code: 'exchange.windowEmpty' }]);
  if (body.windowEnd && windowDays(body.windowStart, body.windowEnd) > MAX_WINDOW_DAYS) throw errors.validation('The window is not valid.', [{ field: 'windowEnd', message: `a window is at most ${MAX_WINDOW_DAYS} days`, code: 'exchange.windowTooLong' }]);
  const prices = { A: body.prices.A ?? null, B: body.prices.B ?? null, C: body.prices.C ?? null };
  const order = ['A', 'B', 'C'] as const;
  const bought = order.slice(0, order.indexOf(body.minGrade) + 1).filter((g) => prices[g] !== null);
  if (bought.length === 0) throw errors.validation('No grade the demand accepts has a price.', [{ field: 'prices', message: `give a price for at least one grade from A to ${body.minGrade}`, code: 'exchange.noPrice' }]);

  const today = chinaDate(now);
  const code = `XQ-${today.slice(0, 4)}-${String(await repo.nextNumber(trx, 'demand', Number(today.slice(0, 4)))).padStart(5, '0')}`;
  const id = await repo.insertDemand(trx, {
    code,
    organisation_id: org.id,
    site_id: site.id,
    title: body.title,
    accepts: [...new Set(body.accepts)],
    herbs: body.herbs ?? [],
    parts: body.parts ?? [],
    residues: body.residues ?? [],
    min_grade: body.minGrade,
    price_a: prices.A,
    price_b: prices.B,
    price_c: prices.C,
    capacity_per_month: body.capacityPerMonth,
    max_distance_km: body.maxDistanceKm,
    window_start: body.windowStart,
    window_end: body.windowEnd ?? null,
    note: body.note ?? null,
    delegation_id: acting.delegationId,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
    created_at: now,
    updated_at: now,
  });
  const row = (await repo.findDemand(trx, id))!;
  await recordAudit(trx, ctx, { action: 'exchange_demand.create', entityType: 'exchange_demands', entityId: id, organisationId: org.id, after: { ...row } });
  return presentDemand(row, actorOf(ctx.viewer)?.organisationId === org.id, true);
}

export async function closeDemand(trx: Trx, ctx: ServiceContext, idOrCode: string, now = new Date()): Promise<DemandView> {
  const before = await repo.findDemand(trx, idOrCode);
  if (!before) throw errors.notFound('Demand', idOrCode);
  const owner = ownerOfRow(before);
  await repo.lockDemand(trx, before.id);
  const acting = await actingFor(trx, ctx.viewer, { organisationId: owner.organisationId, scope: 'exchange.list' });
  permit(ctx.viewer, exchangePolicy.act(ctx.viewer, owner, { delegated: acting.delegationId !== null }), 'Only the firm (or whom it delegates) closes its demands.');
  if (before.status === 'closed') throw errors.illegalTransition('The demand is already closed.');
  await repo.closeDemand(trx, before.id, now);
  await supersedePendingOf(trx, 'demand_id', before.id);
  const after = (await repo.findDemand(trx, before.id))!;
  await recordAudit(trx, ctx, { action: 'exchange_demand.close', entityType: 'exchange_demands', entityId: before.id, organisationId: owner.organisationId, before: { ...before }, after: { ...after } });
  return presentDemand(after, actorOf(ctx.viewer)?.organisationId === owner.organisationId, true);
}

export async function getDemand(db: Executor, ctx: ServiceContext, idOrCode: string): Promise<DemandView> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const row = await repo.findDemand(db, idOrCode);
  if (!row) throw errors.notFound('Demand', idOrCode);
  return withCreditGrades(db, ctx.viewer, presentDemand(row, actorOf(ctx.viewer)?.organisationId === row.organisation_id, exchangePolicy.oversee(ctx.viewer, ownerOfRow(row))));
}

export async function listDemands(db: Executor, ctx: ServiceContext, query: DemandsQuery): Promise<{ items: DemandView[]; total: number }> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const filter: repo.MarketFilter = { status: query.status === 'all' ? ['open', 'closed'] : [query.status] };
  if (query.class) filter.class = query.class;
  if (query.q) filter.q = query.q;
  if (query.region) filter.regionPrefix = regionPrefix(query.region);
  if (query.organisation) filter.organisationId = await organisationIdOf(db, ctx, query.organisation);
  if (query.park) filter.parkId = await parkIdOf(db, query.park);
  const { rows, total } = await repo.listDemands(db, filter, query.limit, query.offset);
  const me = actorOf(ctx.viewer)?.organisationId;
  return { items: await withCreditGrades(db, ctx.viewer, rows.map((r) => presentDemand(r, r.organisation_id === me, exchangePolicy.oversee(ctx.viewer, ownerOfRow(r))))), total };
}
