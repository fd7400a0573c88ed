import type { Executor } from '../../db/database';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { chainedPriceIndex } from './engine';
import { loadCatalog } from './supply.catalog';
import { supplyPolicy } from './supply.policy';
import * as repo from './supply.repository';

/** The first month of the index when none is asked for (the demo history starts in 2009). */
const DEFAULT_INDEX_FROM = '2009-01-01';

/**
 * Monthly composite and category price indices (chained, geometric links, equal weights per
 * herb, base month = 100) from SQL monthly means of each herb's default spec.
 */
export async function priceIndex(db: Executor, ctx: ServiceContext, from = DEFAULT_INDEX_FROM) {
  permit(ctx.viewer, supplyPolicy.read(ctx.viewer));
  const cat = await loadCatalog(db);
  const herbIds = [...cat.herbs.keys()].filter((id) => cat.defaultSpec.has(id));
  const specIds = herbIds.map((id) => cat.defaultSpec.get(id)!);
  const rows = await repo.monthlyMeans(db, specIds, from);
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const specIndex = new Map(specIds.map((s, i) => [s, i]));
  const prices = specIds.map(() => new Float64Array(months.length).fill(Number.NaN));
  for (const r of rows) prices[specIndex.get(r.spec_id)!]![monthIndex.get(r.month)!] = r.price;
  const quoted = herbIds.map((_, i) => i).filter((i) => prices[i]!.some((p) => !Number.isNaN(p)));
  const components = quoted.map((i) => ({ herb: cat.herbs.get(herbIds[i]!)!.nameZh, category: cat.herbs.get(herbIds[i]!)!.category, weight: 1 }));
  const res = months.length === 0 ? null : chainedPriceIndex(quoted.map((i) => prices[i]!), components);
  return {
    // A code the web words in the reader's language (the contract describes it).
    method: 'chained-jevons-equal-monthly' as const,
    base: months[0] ?? null,
    herbs: components.length,
    periods: months,
    composite: res ? Array.from(res.composite.values) : [],
    categories: res ? Object.fromEntries(Object.entries(res.categories).map(([k, v]) => [k, Array.from(v.values)])) : {},
  };
}
