/** Price observations: the held-tick confirmation and the observation list. */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import type { z } from 'zod';
import { DEFAULT_SPEC, herbOrThrow, loadCatalog, resolveHerb, resolveMarket } from './supply.catalog';
import { afterPricesWritten } from './supply.monitor.service';
import { supplyPolicy } from './supply.policy';
import * as repo from './supply.repository';
import type { observationsQuery } from './supply.schema';

/** The audit record of a confirmation keeps at most this many of the confirmed items. */
const AUDITED_ITEMS = 100;

export interface TickKey {
  herb: string;
  spec?: string | undefined;
  market: string;
  date: string;
}

/** Confirms held ticks (supply-monitor admins): they count for reference prices from then on. */
export async function confirmHeldTicks(trx: Trx, ctx: ServiceContext, items: readonly TickKey[]): Promise<{ confirmed: number; notHeld: number }> {
  permit(ctx.viewer, supplyPolicy.confirmTicks(ctx.viewer), 'Only administrators of supply-monitor organisations confirm held prices.');
  const cat = await loadCatalog(trx);
  const issues: FieldIssue[] = [];
  const keys = items.flatMap((it, i) => {
    const h = resolveHerb(cat, it.herb);
    const m = resolveMarket(cat, it.market);
    if (!h) issues.push({ field: `body.items.${i}.herb`, message: `unknown herb "${it.herb}"` });
    if (!m) issues.push({ field: `body.items.${i}.market`, message: `unknown market "${it.market}"` });
    if (!h || !m) return [];
    const specId = cat.specs.get(`${h.herbId}|${it.spec?.trim() || DEFAULT_SPEC}`);
    if (specId === undefined) {
      issues.push({ field: `body.items.${i}.spec`, message: `unknown spec "${it.spec ?? DEFAULT_SPEC}"` });
      return [];
    }
    return [{ herbId: h.herbId, specId, marketId: m.id, day: it.date }];
  });
  if (issues.length > 0) throw errors.validation(`${issues.length} error(s); nothing was confirmed.`, issues);
  const confirmed = await repo.confirmTicks(trx, keys);
  // Confirmed ticks count for reference prices from now on (the state re-reads their prices).
  if (confirmed > 0) await afterPricesWritten(trx, { specId: keys.map((k) => k.specId), marketId: keys.map((k) => k.marketId), day: keys.map((k) => k.day) });
  await recordAudit(trx, ctx, {
    action: 'supply.prices.confirm',
    entityType: 'price_observations',
    entityId: null,
    organisationId: actorOf(ctx.viewer)?.organisationId ?? null,
    after: { items: items.slice(0, AUDITED_ITEMS), confirmed },
  });
  return { confirmed, notHeld: items.length - confirmed };
}

/** Price observations, newest first, filtered by herb, spec, market, status and dates. */
export async function listObservations(db: Executor, ctx: ServiceContext, q: z.infer<typeof observationsQuery>) {
  permit(ctx.viewer, supplyPolicy.read(ctx.viewer));
  const cat = await loadCatalog(db);
  const herb = q.herb === undefined ? undefined : resolveHerb(cat, q.herb);
  if (q.herb !== undefined && !herb) throw errors.notFound('Herb', q.herb);
  const market = q.market === undefined ? undefined : resolveMarket(cat, q.market);
  if (q.market !== undefined && !market) throw errors.notFound('Market', q.market);
  const specId = q.spec === undefined || !herb ? undefined : cat.specs.get(`${herb.herbId}|${q.spec}`);
  if (q.spec !== undefined && specId === undefined) throw errors.notFound('Spec', q.spec);
  return repo.queryObservations(db, { herbId: herb?.herbId, marketId: market?.id, specId, status: q.status, from: q.from, to: q.to, limit: q.limit, offset: q.offset });
}

/**
 * A herb's whole price history, weekly means per market and spec (accepted ticks; the spec when
 * named): the herb page draws it from 2009 on, where the observation list stops at a page.
 */
export async function weeklyPrices(db: Executor, ctx: ServiceContext, herbName: string, specName?: string) {
  permit(ctx.viewer, supplyPolicy.read(ctx.viewer));
  const cat = await loadCatalog(db);
  const herb = herbOrThrow(cat, herbName);
  const specId = specName === undefined ? undefined : cat.specs.get(`${herb.herbId}|${specName}`);
  if (specName !== undefined && specId === undefined) throw errors.notFound('Spec', specName);
  const rows = await repo.weeklyHerbPrices(db, herb.herbId, specId);
  return {
    herb: herb.herb.nameZh,
    series: rows.map((r) => ({ market: r.market_code, marketZh: r.market_zh, marketEn: r.market_en, spec: r.spec, weeks: r.weeks, prices: r.prices })),
  };
}
