/**
 * Cost model of seed 003: raw-material cost per pack
 *   Y = (Σ_k j_k · n_k) × packSize / batchYield
 * with j_k the reference price (元/kg) and n_k the amount (kg) per batch, and the monitored
 * indicator Y/P with P the price cap in force that day. The sum is taken per batch first and
 * scaled to the pack afterwards, exactly in the order of the seed's formula
 * Y/P = [(j1·n1 + j2·n2 + j3·n3) × 60/1000] / P, so the Compound Danshen case reproduces to
 * the last bit.
 */
import { toDay, type DayLike } from './days';
import { rawLevel, DEFAULT_SEVERITY_THRESHOLDS, type Band, type LevelCode, type SeverityThresholds } from './levels';
import type { ReferencePriceSeries } from './reference';
import { amountInKg, type AmountUnit } from './units';

export interface FormulaIngredient {
  /** Key of the reference price series (herb code, or herb+spec when the spec matters). */
  herb: string;
  amount: number;
  unit: AmountUnit;
  /** kg of the herb per kg of the ingredient when the ingredient is an alias (default 1). */
  factor?: number;
}

export interface PriceCapChange {
  /** First day the cap applies. */
  from: DayLike;
  /** 元 per pack. */
  priceCap: number;
}

export interface Formula {
  code: string;
  name: string;
  ingredients: readonly FormulaIngredient[];
  /** Units (tablets, g of granules…) one batch of the amounts yields, e.g. 1 000 tablets. */
  batchYield: number;
  /** Units per pack, e.g. 60 tablets a bottle. */
  packSize: number;
  /** Cap history; the latest change on or before a day is in force. */
  priceCaps: readonly PriceCapChange[];
  band: Band;
}

/** A formula prepared for fast evaluation against series indexed by number. */
export interface CompiledFormula {
  code: string;
  herbs: readonly string[];
  /** Index of each ingredient's reference series. */
  seriesIndex: Int32Array;
  /** kg of herb per batch for each ingredient. */
  amountKg: Float64Array;
  packSize: number;
  batchYield: number;
  capDays: Int32Array;
  caps: Float64Array;
  band: Band;
}

/**
 * Compile a formula. `seriesIndexOf` maps an ingredient's herb key to the index of its
 * reference series; the same herb listed twice keeps two terms (they simply add up).
 */
export function compileFormula(f: Formula, seriesIndexOf: (herb: string) => number): CompiledFormula {
  const n = f.ingredients.length;
  const seriesIndex = new Int32Array(n);
  const amountKg = new Float64Array(n);
  f.ingredients.forEach((ing, k) => {
    const idx = seriesIndexOf(ing.herb);
    if (!(idx >= 0)) throw new RangeError(`formula ${f.code}: no price series for ${ing.herb}`);
    seriesIndex[k] = idx;
    const kg = amountInKg(ing.amount, ing.unit);
    amountKg[k] = ing.factor === undefined ? kg : kg * ing.factor;
  });
  const caps = f.priceCaps.map((c) => ({ day: toDay(c.from), cap: c.priceCap })).sort((a, b) => a.day - b.day);
  return {
    code: f.code,
    herbs: f.ingredients.map((i) => i.herb),
    seriesIndex,
    amountKg,
    packSize: f.packSize,
    batchYield: f.batchYield,
    capDays: Int32Array.from(caps.map((c) => c.day)),
    caps: Float64Array.from(caps.map((c) => c.cap)),
    band: f.band,
  };
}

/** Compile a set of formulas against herb keys, returning the herb order used for series. */
export function compileFormulas(formulas: readonly Formula[]): { herbs: string[]; compiled: CompiledFormula[] } {
  const herbs: string[] = [];
  const index = new Map<string, number>();
  for (const f of formulas) {
    for (const i of f.ingredients) {
      if (!index.has(i.herb)) {
        index.set(i.herb, herbs.length);
        herbs.push(i.herb);
      }
    }
  }
  return { herbs, compiled: formulas.map((f) => compileFormula(f, (h) => index.get(h) ?? -1)) };
}

/** Price cap in force on `day`, NaN before the first cap. */
export function priceCapOn(f: CompiledFormula, day: number): number {
  let lo = 0;
  let hi = f.capDays.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (f.capDays[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? Number.NaN : f.caps[lo - 1]!;
}

/** Raw-material cost per pack from per-ingredient prices (元/kg, in ingredient order). */
export function formulaCostPerPack(f: CompiledFormula, prices: ArrayLike<number>): number {
  let batch = 0;
  for (let k = 0; k < f.amountKg.length; k++) batch += prices[k]! * f.amountKg[k]!;
  return (batch * f.packSize) / f.batchYield;
}

/** Each ingredient's cost per pack (元), in ingredient order. */
export function ingredientCostsPerPack(f: CompiledFormula, prices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(f.amountKg.length);
  for (let k = 0; k < out.length; k++) out[k] = (prices[k]! * f.amountKg[k]! * f.packSize) / f.batchYield;
  return out;
}

export interface RatioSeries {
  startDay: number;
  /** Y, 元 per pack. */
  cost: Float64Array;
  /** P in force. */
  priceCap: Float64Array;
  /** Y/P as a fraction. */
  ratio: Float64Array;
  /** 1 where any ingredient's reference price was stale. */
  stale: Uint8Array;
}

/**
 * Daily Y, P and Y/P of a formula over the span of the reference series (all series must
 * share `startDay` and length). `refs` is indexed by the formula's `seriesIndex`.
 */
export function ratioSeries(f: CompiledFormula, refs: readonly ReferencePriceSeries[]): RatioSeries {
  const first = refs[f.seriesIndex[0]!];
  if (first === undefined) throw new RangeError(`formula ${f.code}: missing reference series`);
  const startDay = first.startDay;
  const n = first.prices.length;
  const cost = new Float64Array(n);
  const priceCap = new Float64Array(n);
  const ratio = new Float64Array(n);
  const stale = new Uint8Array(n);
  const nk = f.amountKg.length;
  for (let k = 0; k < nk; k++) {
    const r = refs[f.seriesIndex[k]!]!;
    const p = r.prices;
    const a = f.amountKg[k]!;
    const st = r.stale;
    for (let d = 0; d < n; d++) {
      cost[d] = cost[d]! + p[d]! * a;
      stale[d] = stale[d]! | st[d]!;
    }
  }
  // Cap: walk the change list once instead of searching every day.
  let ci = -1;
  for (let d = 0; d < n; d++) {
    const day = startDay + d;
    while (ci + 1 < f.capDays.length && f.capDays[ci + 1]! <= day) ci++;
    const cap = ci < 0 ? Number.NaN : f.caps[ci]!;
    // Same operation order as formulaCostPerPack: batch sum × pack / batch.
    const y = (cost[d]! * f.packSize) / f.batchYield;
    cost[d] = y;
    priceCap[d] = cap;
    ratio[d] = y / cap;
  }
  return { startDay, cost, priceCap, ratio, stale };
}

/** The prices of a formula's ingredients on one day, from reference series. */
export function ingredientPricesOn(f: CompiledFormula, refs: readonly ReferencePriceSeries[], day: number): Float64Array {
  const out = new Float64Array(f.seriesIndex.length);
  for (let k = 0; k < out.length; k++) {
    const r = refs[f.seriesIndex[k]!]!;
    out[k] = r.prices[day - r.startDay] ?? Number.NaN;
  }
  return out;
}

/** Herb key → value, summing duplicate ingredients of the same herb. */
function byHerb(f: CompiledFormula, values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  f.herbs.forEach((h, k) => {
    out[h] = (out[h] ?? 0) + values[k]!;
  });
  return out;
}

/** Each herb's share of Y (fractions summing to 1) for the given ingredient prices. */
export function costShares(f: CompiledFormula, prices: ArrayLike<number>): Record<string, number> {
  const c = ingredientCostsPerPack(f, prices);
  let total = 0;
  for (let k = 0; k < c.length; k++) total += c[k]!;
  const shares = new Float64Array(c.length);
  for (let k = 0; k < c.length; k++) shares[k] = c[k]! / total;
  return byHerb(f, shares);
}

export interface CostAttribution {
  from: number;
  to: number;
  costFrom: number;
  costTo: number;
  /** 元 per pack each herb added to Y between the two days; sums to costTo − costFrom. */
  contributions: Record<string, number>;
  /** Part of the change of Y/P due to each herb's price (at the `to` cap) … */
  ratioContributions: Record<string, number>;
  /** … and the part due to the change of the cap itself; all parts sum to ratioTo − ratioFrom. */
  ratioFromPriceCap: number;
}

/**
 * Attribution of the change of Y between two days. Amounts are fixed, so Y is linear in
 * the prices and each herb's contribution is simply its own cost change: there is no
 * interaction term to allocate. The last herb absorbs floating-point residue so the
 * contributions sum to costTo − costFrom as computed by formulaCostPerPack.
 */
export function costChangeAttribution(
  f: CompiledFormula,
  pricesFrom: ArrayLike<number>,
  pricesTo: ArrayLike<number>,
  from: number,
  to: number,
): CostAttribution {
  const cFrom = ingredientCostsPerPack(f, pricesFrom);
  const cTo = ingredientCostsPerPack(f, pricesTo);
  const costFrom = formulaCostPerPack(f, pricesFrom);
  const costTo = formulaCostPerPack(f, pricesTo);
  const delta = new Float64Array(cFrom.length);
  let acc = 0;
  for (let k = 0; k < delta.length - 1; k++) {
    delta[k] = cTo[k]! - cFrom[k]!;
    acc += delta[k]!;
  }
  if (delta.length > 0) delta[delta.length - 1] = costTo - costFrom - acc;
  const capFrom = priceCapOn(f, from);
  const capTo = priceCapOn(f, to);
  const rd = new Float64Array(delta.length);
  for (let k = 0; k < rd.length; k++) rd[k] = delta[k]! / capTo;
  // Y_to/P_to − Y_from/P_from = ΔY/P_to + Y_from·(1/P_to − 1/P_from).
  const ratioFromPriceCap = costFrom / capTo - costFrom / capFrom;
  return {
    from,
    to,
    costFrom,
    costTo,
    contributions: byHerb(f, delta),
    ratioContributions: byHerb(f, rd),
    ratioFromPriceCap,
  };
}

export interface WhatIfResult {
  cost: number;
  priceCap: number;
  ratio: number;
  level: LevelCode;
  shares: Record<string, number>;
}

/**
 * Y, P, Y/P, level (no hysteresis: a single hypothetical day) and shares when some herb
 * prices (元/kg, by herb key) and optionally the cap are replaced.
 */
export function whatIf(
  f: CompiledFormula,
  basePrices: ArrayLike<number>,
  basePriceCap: number,
  overrides: { prices?: Readonly<Record<string, number>>; priceCap?: number },
  thresholds: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS,
): WhatIfResult {
  const prices = Float64Array.from({ length: f.herbs.length }, (_, k) => overrides.prices?.[f.herbs[k]!] ?? basePrices[k]!);
  const cost = formulaCostPerPack(f, prices);
  const priceCap = overrides.priceCap ?? basePriceCap;
  const ratio = cost / priceCap;
  return { cost, priceCap, ratio, level: rawLevel(ratio, f.band, thresholds), shares: costShares(f, prices) };
}

export interface HerbExposure {
  formula: string;
  ratio: number;
  /** Change of Y/P (fraction points, 0.001 = 0.1 percentage point) for +1 % of the herb's price. */
  ratioPointsPerPercent: number;
  /** Relative change of Y/P for +1 % of the herb's price (= the herb's cost share / 100). */
  relativePerPercent: number;
}

/**
 * Every formula using `herb` and how much +1 % of its price moves that formula's Y/P.
 * `pricesOf(f)` gives the formula's ingredient prices and `capOf(f)` its cap on the day.
 */
export function herbExposure(
  herb: string,
  formulas: readonly CompiledFormula[],
  pricesOf: (f: CompiledFormula) => ArrayLike<number>,
  capOf: (f: CompiledFormula) => number,
): HerbExposure[] {
  const out: HerbExposure[] = [];
  for (const f of formulas) {
    if (!f.herbs.includes(herb)) continue;
    const prices = pricesOf(f);
    const c = ingredientCostsPerPack(f, prices);
    let total = 0;
    let own = 0;
    for (let k = 0; k < c.length; k++) {
      total += c[k]!;
      if (f.herbs[k] === herb) own += c[k]!;
    }
    const cap = capOf(f);
    out.push({ formula: f.code, ratio: total / cap, ratioPointsPerPercent: (own * 0.01) / cap, relativePerPercent: (own / total) * 0.01 });
  }
  return out.sort((a, b) => b.ratioPointsPerPercent - a.ratioPointsPerPercent);
}

export interface ShockOutcome {
  formula: string;
  before: { cost: number; ratio: number; level: LevelCode };
  after: { cost: number; ratio: number; level: LevelCode };
}

/**
 * Formulas that a set of price shocks (herb → price factor, 1.5 = +50 %) pushes from inside
 * their band to outside it, with before/after figures.
 */
export function formulasPushedOutOfBand(
  shocks: Readonly<Record<string, number>>,
  formulas: readonly CompiledFormula[],
  pricesOf: (f: CompiledFormula) => ArrayLike<number>,
  capOf: (f: CompiledFormula) => number,
  thresholds: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS,
): ShockOutcome[] {
  return shockOutcomes(shocks, formulas, pricesOf, capOf, thresholds).filter((o) => o.before.level === 0 && o.after.level !== 0);
}

/** Every formula's cost, Y/P and raw level before and after the shocks (the herb page's shock column). */
export function shockOutcomes(
  shocks: Readonly<Record<string, number>>,
  formulas: readonly CompiledFormula[],
  pricesOf: (f: CompiledFormula) => ArrayLike<number>,
  capOf: (f: CompiledFormula) => number,
  thresholds: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS,
): ShockOutcome[] {
  return formulas.map((f) => {
    const prices = pricesOf(f);
    const shocked = Float64Array.from({ length: f.herbs.length }, (_, k) => prices[k]! * (shocks[f.herbs[k]!] ?? 1));
    const cap = capOf(f);
    const c0 = formulaCostPerPack(f, prices);
    const c1 = formulaCostPerPack(f, shocked);
    return { formula: f.code, before: { cost: c0, ratio: c0 / cap, level: rawLevel(c0 / cap, f.band, thresholds) }, after: { cost: c1, ratio: c1 / cap, level: rawLevel(c1 / cap, f.band, thresholds) } };
  });
}
