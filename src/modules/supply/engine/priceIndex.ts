/**
 * Herb price index: a composite index over many herbs and sub-indices per category (root,
 * fruit, flower…), base period = 100, chained period to period like the public herb price
 * indices (康美中药材价格指数, 成都荷花池中药材价格指数 are chained indices with stated weights).
 *
 * Method. Each herb i has a fixed, stated weight w_i (e.g. its share of base-year trade
 * value at the monitored markets; equal weights when none are known). For each period t the
 * link over herbs priced in both t−1 and t is
 *   geometric (default): L_t = exp( Σ w_i·ln(p_i,t / p_i,t−1) / Σ w_i )
 *     — a Törnqvist-type link with the weights held fixed, i.e. a weighted Jevons index;
 *   arithmetic:          L_t = Σ w_i·(p_i,t / p_i,t−1) / Σ w_i
 *     — a chained Laspeyres-type (Young) link.
 * The chain is C_0 = 1, C_t = C_{t−1}·L_t and the index I_t = 100·C_t / C_base. Herbs missing
 * in either period drop out of that link and the remaining weights are renormalised, which
 * is why chaining is used: the basket may change without breaking the series. A period
 * without any priced herb links at 1. The geometric form is consistent in aggregation
 * (the composite link is the category links combined with the categories' weight sums)
 * and, with a full basket, path-independent: prices back at base values give 100 again.
 */
import type { ReferencePriceSeries } from './reference';

export type IndexMethod = 'geometric' | 'arithmetic';

export interface IndexComponent {
  herb: string;
  category: string;
  /** Stated weight (any positive scale; normalised per link). */
  weight: number;
}

export interface PriceIndexOptions {
  method: IndexMethod;
  /** Period index at which the index is 100. */
  basePeriod: number;
}

export const DEFAULT_PRICE_INDEX: PriceIndexOptions = { method: 'geometric', basePeriod: 0 };

export interface ChainedIndex {
  /** Index values, base period = 100. */
  values: Float64Array;
  /** Period-to-period links L_t (L_0 = 1). */
  links: Float64Array;
}

export interface PriceIndexResult {
  composite: ChainedIndex;
  categories: Record<string, ChainedIndex>;
}

function chain(prices: readonly ArrayLike<number>[], weights: readonly number[], members: readonly number[], opts: PriceIndexOptions): ChainedIndex {
  const T = prices[members[0] ?? 0]?.length ?? 0;
  const links = new Float64Array(T);
  const level = new Float64Array(T);
  if (T === 0) return { values: level, links };
  links[0] = 1;
  level[0] = 1;
  for (let t = 1; t < T; t++) {
    let wsum = 0;
    let acc = 0;
    for (const i of members) {
      const p0 = prices[i]![t - 1]!;
      const p1 = prices[i]![t]!;
      if (!(p0 > 0 && p1 > 0)) continue;
      const w = weights[i]!;
      wsum += w;
      acc += opts.method === 'geometric' ? w * Math.log(p1 / p0) : w * (p1 / p0);
    }
    const link = wsum === 0 ? 1 : opts.method === 'geometric' ? Math.exp(acc / wsum) : acc / wsum;
    links[t] = link;
    level[t] = level[t - 1]! * link;
  }
  const base = level[opts.basePeriod]!;
  const values = level.map((c) => (100 * c) / base);
  return { values, links };
}

/**
 * Composite and category indices. `prices[i]` is component i's price per period (NaN or
 * 0 when not quoted), all of the same length.
 */
export function chainedPriceIndex(
  prices: readonly ArrayLike<number>[],
  components: readonly IndexComponent[],
  opts: PriceIndexOptions = DEFAULT_PRICE_INDEX,
): PriceIndexResult {
  const weights = components.map((c) => c.weight);
  const all = components.map((_, i) => i);
  const byCategory = new Map<string, number[]>();
  components.forEach((c, i) => {
    const list = byCategory.get(c.category) ?? [];
    list.push(i);
    byCategory.set(c.category, list);
  });
  const categories: Record<string, ChainedIndex> = {};
  for (const [cat, members] of byCategory) categories[cat] = chain(prices, weights, members, opts);
  return { composite: chain(prices, weights, all, opts), categories };
}

/**
 * Average reference price per period of `periodDays` days starting at `firstDay` (e.g. 7
 * for weekly indices); NaN for periods without prices.
 */
export function periodAveragePrices(ref: ReferencePriceSeries, firstDay: number, periodDays: number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    let s = 0;
    let n = 0;
    for (let day = firstDay + t * periodDays; day < firstDay + (t + 1) * periodDays; day++) {
      const p = ref.prices[day - ref.startDay];
      if (p !== undefined && p > 0) {
        s += p;
        n++;
      }
    }
    out[t] = n > 0 ? s / n : Number.NaN;
  }
  return out;
}
