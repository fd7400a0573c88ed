/**
 * Price forecasts and pre-warnings.
 *
 * Model: exponential smoothing (ETS with additive errors) on weekly mean log prices, so
 * that price changes are relative and prediction intervals are asymmetric in price. Three
 * candidates in innovations state-space form (Hyndman et al., "Forecasting with
 * Exponential Smoothing", 2008):
 *   ANN  (simple):        ŷ = l;            l ← l + α·e
 *   AAN  (Holt):          ŷ = l + b;        l ← l + b + α·e;   b ← b + β·e
 *   AAdN (damped trend):  ŷ = l + φ·b;      l ← l + φ·b + α·e; b ← φ·b + β·e
 * Parameters and initial states are estimated by minimising the sum of squared one-step
 * errors (Nelder–Mead); with Gaussian errors that is maximum likelihood, σ² = SSE/n.
 *
 * Model choice: the smallest AICc,
 *   AICc = n·ln(SSE/n) + 2k + 2k(k+1)/(n−k−1),
 * with n the number of weeks and k = smoothing parameters + initial states + 1 (σ²):
 * ANN k = 3, AAN k = 5, AAdN k = 6. AICc rather than AIC because fit windows are a few
 * years of weeks, where AIC over-fits trends.
 *
 * Prediction intervals on the log scale: Var(h) = σ²·(1 + Σ_{j=1}^{h−1} c_j²) with
 * c_j = α + β·(φ + … + φ^j) (β = 0 for ANN, φ = 1 for AAN), exponentiated to prices.
 *
 * Y/P: sample paths of each ingredient's model are simulated with a seeded PRNG
 * (innovations independent across herbs, a simplification that understates joint moves)
 * and turned into Y/P with the cap in force at the forecast origin (future cap changes are
 * not known when forecasting).
 */
import { priceCapOn, type CompiledFormula } from './formula';
import { rawLevel } from './levels';
import type { ReferencePriceSeries } from './reference';
import { normalQuantile, seededRng, type Rng } from './stats';

export type EtsModel = 'ANN' | 'AAN' | 'AAdN';

export interface EtsFit {
  model: EtsModel;
  alpha: number;
  beta: number;
  phi: number;
  /** Initial states. */
  level0: number;
  trend0: number;
  /** States after the last observation. */
  level: number;
  trend: number;
  sigma2: number;
  n: number;
  sse: number;
  aicc: number;
}

const PARAMS: Readonly<Record<EtsModel, number>> = { ANN: 3, AAN: 5, AAdN: 6 };

interface EtsParams {
  alpha: number;
  beta: number;
  phi: number;
  level0: number;
  trend0: number;
}

/** Run the filter with fixed parameters: final states and SSE. */
export function filterEts(y: ArrayLike<number>, p: EtsParams): { level: number; trend: number; sse: number } {
  let l = p.level0;
  let b = p.trend0;
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const yhat = l + p.phi * b;
    const e = y[t]! - yhat;
    sse += e * e;
    l = yhat + p.alpha * e;
    b = p.phi * b + p.beta * e;
  }
  return { level: l, trend: b, sse };
}

const sigmoid = (u: number): number => 1 / (1 + Math.exp(-u));
const logit = (p: number): number => Math.log(p / (1 - p));

function decode(model: EtsModel, u: readonly number[]): EtsParams {
  const alpha = 0.0001 + 0.9998 * sigmoid(u[0]!);
  switch (model) {
    case 'ANN':
      return { alpha, beta: 0, phi: 1, level0: u[1]!, trend0: 0 };
    case 'AAN':
      // β < α keeps the model forecastable (Hyndman's usual region).
      return { alpha, beta: alpha * sigmoid(u[1]!), phi: 1, level0: u[2]!, trend0: u[3]! };
    case 'AAdN':
      return { alpha, beta: alpha * sigmoid(u[1]!), phi: 0.8 + 0.18 * sigmoid(u[4]!), level0: u[2]!, trend0: u[3]! };
    default: {
      const never: never = model;
      throw new Error(`unknown model ${String(never)}`);
    }
  }
}

/** Nelder–Mead minimiser: small, derivative-free, adequate for ≤ 5 parameters. */
function nelderMead(fn: (x: number[]) => number, x0: number[], step: number[], maxIter: number): number[] {
  const n = x0.length;
  const simplex: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const x = x0.slice();
    x[i] = x[i]! + step[i]!;
    simplex.push(x);
  }
  let values = simplex.map(fn);
  for (let it = 0; it < maxIter; it++) {
    const order = values.map((v, i) => i).sort((a, b) => values[a]! - values[b]!);
    const s = order.map((i) => simplex[i]!);
    const v = order.map((i) => values[i]!);
    simplex.splice(0, simplex.length, ...s);
    values = v;
    if (Math.abs(values[n]! - values[0]!) <= 1e-10 * (Math.abs(values[0]!) + 1e-12)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + simplex[i]![j]! / n;
    const worst = simplex[n]!;
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (worst[j]! - c));
    const xr = along(-1);
    const fr = fn(xr);
    if (fr < values[0]!) {
      const xe = along(-2);
      const fe = fn(xe);
      if (fe < fr) {
        simplex[n] = xe;
        values[n] = fe;
      } else {
        simplex[n] = xr;
        values[n] = fr;
      }
    } else if (fr < values[n - 1]!) {
      simplex[n] = xr;
      values[n] = fr;
    } else {
      const xc = fr < values[n]! ? along(-0.5) : along(0.5);
      const fc = fn(xc);
      if (fc < Math.min(fr, values[n]!)) {
        simplex[n] = xc;
        values[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i]!.map((x, j) => simplex[0]![j]! + 0.5 * (x - simplex[0]![j]!));
          values[i] = fn(simplex[i]!);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[best]!) best = i;
  return simplex[best]!;
}

/** AICc of a fit with `sse` over `n` observations and `k` parameters. */
export function aicc(sse: number, n: number, k: number): number {
  if (n - k - 1 <= 0) return Number.POSITIVE_INFINITY;
  return n * Math.log(Math.max(sse, 1e-300) / n) + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
}

/** Fit one ETS model to a series (at least 2 finite values, no NaN). */
export function fitEts(y: ArrayLike<number>, model: EtsModel): EtsFit {
  const n = y.length;
  const first = y[0]!;
  let slope = 0;
  const m = Math.min(4, n - 1);
  if (m > 0) slope = (y[m]! - first) / m;
  const x0 = model === 'ANN' ? [logit(0.5), first] : model === 'AAN' ? [logit(0.5), 0, first, slope] : [logit(0.5), 0, first, slope, 1];
  const step = model === 'ANN' ? [1, 0.05] : model === 'AAN' ? [1, 1, 0.05, 0.01] : [1, 1, 0.05, 0.01, 1];
  const objective = (u: number[]): number => filterEts(y, decode(model, u)).sse;
  const u = nelderMead(objective, x0, step, 150 * x0.length);
  const p = decode(model, u);
  const f = filterEts(y, p);
  return { model, ...p, level: f.level, trend: f.trend, sse: f.sse, sigma2: f.sse / n, n, aicc: aicc(f.sse, n, PARAMS[model]) };
}

/** All three candidates fitted and the one with the smallest AICc. */
export function selectEtsByAicc(y: ArrayLike<number>): { best: EtsFit; candidates: EtsFit[] } {
  const candidates = (['ANN', 'AAN', 'AAdN'] as const).map((m) => fitEts(y, m));
  let best = candidates[0]!;
  for (const c of candidates) if (c.aicc < best.aicc) best = c;
  return { best, candidates };
}

/** Mean and variance of the h-step log forecast for h = 1..horizon. */
export function etsForecastMoments(fit: EtsFit, horizon: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(horizon);
  const variance = new Float64Array(horizon);
  let phiSum = 0; // φ + … + φ^h
  let phiPow = 1;
  let cSum = 0; // Σ_{j=1}^{h−1} c_j²
  for (let h = 1; h <= horizon; h++) {
    phiPow *= fit.phi;
    phiSum += phiPow;
    mean[h - 1] = fit.level + phiSum * fit.trend;
    variance[h - 1] = fit.sigma2 * (1 + cSum);
    const c = fit.alpha + fit.beta * phiSum;
    cSum += c * c;
  }
  return { mean, variance };
}

export interface PriceForecastPoint {
  /** Weeks ahead (1 = next week). */
  week: number;
  /** Median forecast price (exp of the log mean). */
  median: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

/** Price forecast with 80 % and 95 % intervals from a fit on log prices. */
export function priceForecast(fit: EtsFit, horizon: number): PriceForecastPoint[] {
  const { mean, variance } = etsForecastMoments(fit, horizon);
  const z80 = normalQuantile(0.9);
  const z95 = normalQuantile(0.975);
  return Array.from({ length: horizon }, (_, i) => {
    const m = mean[i]!;
    const s = Math.sqrt(variance[i]!);
    return { week: i + 1, median: Math.exp(m), lower80: Math.exp(m - z80 * s), upper80: Math.exp(m + z80 * s), lower95: Math.exp(m - z95 * s), upper95: Math.exp(m + z95 * s) };
  });
}

/**
 * Weekly mean log prices of a daily series, in 7-day blocks whose last block ends on
 * `endDay`; blocks before the series or without data are NaN. Returns `count` blocks.
 */
export function weeklyLogPrices(ref: ReferencePriceSeries, endDay: number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let w = 0; w < count; w++) {
    const last = endDay - 7 * (count - 1 - w);
    let s = 0;
    let n = 0;
    for (let day = last - 6; day <= last; day++) {
      const p = ref.prices[day - ref.startDay];
      if (p !== undefined && p > 0) {
        s += Math.log(p);
        n++;
      }
    }
    out[w] = n > 0 ? s / n : Number.NaN;
  }
  return out;
}

/** Drop leading NaN and carry the last value over inner gaps, for fitting. */
export function fillForFit(y: Float64Array): Float64Array {
  let i = 0;
  while (i < y.length && Number.isNaN(y[i]!)) i++;
  const out = y.slice(i);
  for (let t = 1; t < out.length; t++) if (Number.isNaN(out[t]!)) out[t] = out[t - 1]!;
  return out;
}

/** Fill `out[h]` (h = 0..horizon−1) with one simulated log path of the model. */
export function simulateEtsPath(fit: EtsFit, horizon: number, rng: Rng, out: Float64Array): void {
  let l = fit.level;
  let b = fit.trend;
  const s = Math.sqrt(fit.sigma2);
  for (let h = 0; h < horizon; h++) {
    const e = s * rng.normal();
    const yhat = l + fit.phi * b;
    out[h] = yhat + e;
    l = yhat + fit.alpha * e;
    b = fit.phi * b + fit.beta * e;
  }
}

export interface RatioForecastOptions {
  horizonWeeks: number;
  /** Weeks of history each herb model is fitted on. */
  fitWeeks: number;
  paths: number;
  seed: number;
  /** Pre-warning when P(Y/P outside the band within the horizon) reaches this. */
  probabilityThreshold: number;
}

export const DEFAULT_RATIO_FORECAST: RatioForecastOptions = { horizonWeeks: 8, fitWeeks: 156, paths: 1000, seed: 1, probabilityThreshold: 0.5 };

export interface RatioForecastWeek {
  week: number;
  p05: number;
  p50: number;
  p95: number;
  /** Probability that Y/P is outside the band in this week. */
  probabilityOutside: number;
  /** Probability that Y/P has left the band in some week up to this one. */
  probabilityLeftBy: number;
}

export interface RatioForecast {
  asOf: number;
  /** Y/P from the last week's mean prices at the cap in force. */
  currentRatio: number;
  priceCap: number;
  models: Record<string, EtsModel>;
  weeks: RatioForecastWeek[];
  /** P(Y/P leaves the band within horizonWeeks). */
  probabilityLeaveBand: number;
  /** Inside the band now and likely to leave it. */
  preWarning: boolean;
}

function quantileSorted(a: Float64Array, q: number): number {
  const pos = q * (a.length - 1);
  const i = Math.floor(pos);
  const j = Math.min(i + 1, a.length - 1);
  return a[i]! + (pos - i) * (a[j]! - a[i]!);
}

/** Fewer weeks of prices than this and a herb series is not forecast. */
export const MIN_FIT_WEEKS = 8;

/**
 * The ETS model (chosen by AICc) of one reference price series on its weekly mean log prices of
 * the `fitWeeks` weeks up to `asOf`, or null when there are fewer than MIN_FIT_WEEKS weeks of
 * prices (or a price that has no logarithm). Every herb forecast fits through here.
 */
export function fitReferenceSeries(ref: ReferencePriceSeries, asOf: number, fitWeeks: number): EtsFit | null {
  const y = fillForFit(weeklyLogPrices(ref, asOf, fitWeeks));
  return y.length >= MIN_FIT_WEEKS && y.every(Number.isFinite) ? selectEtsByAicc(y).best : null;
}

/** Fits of each of a formula's herbs on the weeks up to `asOf` (by herb key). */
export function fitFormulaHerbs(f: CompiledFormula, refs: readonly ReferencePriceSeries[], asOf: number, fitWeeks: number): Map<number, EtsFit> {
  const fits = new Map<number, EtsFit>();
  for (const si of f.seriesIndex) {
    if (fits.has(si)) continue;
    const fit = fitReferenceSeries(refs[si]!, asOf, fitWeeks);
    if (!fit) throw new RangeError(`not enough history to forecast series ${si}`);
    fits.set(si, fit);
  }
  return fits;
}

/** Monte-Carlo Y/P forecast of a formula from given herb fits. */
export function ratioForecastFromFits(
  f: CompiledFormula,
  fits: ReadonlyMap<number, EtsFit>,
  asOf: number,
  currentRatio: number,
  opts: RatioForecastOptions,
): RatioForecast {
  const H = opts.horizonWeeks;
  const cap = priceCapOn(f, asOf);
  const rng = seededRng(opts.seed);
  const series = [...fits.keys()];
  // Row of each ingredient in `prices` (a herb listed twice shares its simulated path).
  const row = Int32Array.from(f.seriesIndex, (si) => series.indexOf(si));
  const path = new Float64Array(H);
  const prices = new Float64Array(series.length * H);
  const ratios = Array.from({ length: H }, () => new Float64Array(opts.paths));
  const outside = new Float64Array(H);
  const leftBy = new Float64Array(H);
  const scale = f.packSize / f.batchYield;
  for (let p = 0; p < opts.paths; p++) {
    series.forEach((si, k) => {
      simulateEtsPath(fits.get(si)!, H, rng, path);
      for (let h = 0; h < H; h++) prices[k * H + h] = Math.exp(path[h]!);
    });
    let left = false;
    for (let h = 0; h < H; h++) {
      let batch = 0;
      for (let i = 0; i < f.seriesIndex.length; i++) batch += prices[row[i]! * H + h]! * f.amountKg[i]!;
      const r = (batch * scale) / cap;
      ratios[h]![p] = r;
      const out = r < f.band.low || r > f.band.high;
      if (out) {
        outside[h] = outside[h]! + 1;
        left = true;
      }
      if (left) leftBy[h] = leftBy[h]! + 1;
    }
  }
  const weeks: RatioForecastWeek[] = ratios.map((r, h) => {
    r.sort();
    return {
      week: h + 1,
      p05: quantileSorted(r, 0.05),
      p50: quantileSorted(r, 0.5),
      p95: quantileSorted(r, 0.95),
      probabilityOutside: outside[h]! / opts.paths,
      probabilityLeftBy: leftBy[h]! / opts.paths,
    };
  });
  const probabilityLeaveBand = weeks.at(-1)?.probabilityLeftBy ?? 0;
  const models: Record<string, EtsModel> = {};
  f.seriesIndex.forEach((si, i) => (models[f.herbs[i]!] = fits.get(si)!.model));
  const inside = rawLevel(currentRatio, f.band) === 0;
  return { asOf, currentRatio, priceCap: cap, models, weeks, probabilityLeaveBand, preWarning: inside && probabilityLeaveBand >= opts.probabilityThreshold };
}

/** Y/P of the week ending `asOf` from weekly geometric-mean prices. */
export function weeklyRatio(f: CompiledFormula, refs: readonly ReferencePriceSeries[], asOf: number): number {
  let batch = 0;
  for (let i = 0; i < f.seriesIndex.length; i++) batch += Math.exp(weeklyLogPrices(refs[f.seriesIndex[i]!]!, asOf, 1)[0]!) * f.amountKg[i]!;
  return (batch * f.packSize) / f.batchYield / priceCapOn(f, asOf);
}

/** Forecast of a formula's Y/P from the reference prices up to `asOf`. */
export function formulaRatioForecast(
  f: CompiledFormula,
  refs: readonly ReferencePriceSeries[],
  asOf: number,
  opts: RatioForecastOptions = DEFAULT_RATIO_FORECAST,
): RatioForecast {
  const fits = fitFormulaHerbs(f, refs, asOf, opts.fitWeeks);
  return ratioForecastFromFits(f, fits, asOf, weeklyRatio(f, refs, asOf), opts);
}

export interface BacktestOptions extends RatioForecastOptions {
  /** Refit the herb models every this many weeks; between refits the states are re-filtered. */
  refitEveryWeeks: number;
}

export const DEFAULT_BACKTEST: BacktestOptions = { ...DEFAULT_RATIO_FORECAST, paths: 300, refitEveryWeeks: 4 };

export interface BacktestBreach {
  /** Last day of the first week outside the band. */
  day: number;
  direction: 'above' | 'below';
  /** Weeks between the first pre-warning of the run that led to it and the breach; null if missed. */
  leadWeeks: number | null;
}

export interface BacktestReport {
  weeks: number;
  breaches: BacktestBreach[];
  hits: number;
  hitRate: number;
  meanLeadWeeks: number;
  /** Weeks with a pre-warning. */
  warnings: number;
  /** Pre-warnings not followed by a breach within the horizon. */
  falseAlarms: number;
  falseAlarmRate: number;
}

/**
 * Walk forward week by week over [fromDay, toDay]: at each week-end, using only data up to
 * it, forecast and fire a pre-warning if the formula is inside its band and the probability
 * of leaving within the horizon reaches the threshold. A breach is a week outside the band
 * after a week inside; it is hit when a pre-warning fired in the `horizonWeeks` weeks before,
 * all of them inside the band; the lead time counts from the earliest such warning.
 */
export function backtestPreWarnings(
  f: CompiledFormula,
  refs: readonly ReferencePriceSeries[],
  fromDay: number,
  toDay: number,
  opts: BacktestOptions = DEFAULT_BACKTEST,
): BacktestReport {
  const W = Math.floor((toDay - fromDay) / 7) + 1;
  const H = opts.horizonWeeks;
  const ratio = new Float64Array(W);
  const warn = new Uint8Array(W);
  let fits = new Map<number, EtsFit>();
  for (let w = 0; w < W; w++) {
    const asOf = fromDay + 7 * w;
    ratio[w] = weeklyRatio(f, refs, asOf);
    if (w % opts.refitEveryWeeks === 0 || fits.size === 0) {
      fits = fitFormulaHerbs(f, refs, asOf, opts.fitWeeks);
    } else {
      // Same parameters, states brought up to date with the weeks since the refit.
      const next = new Map<number, EtsFit>();
      for (const [si, fit] of fits) {
        const y = fillForFit(weeklyLogPrices(refs[si]!, asOf, opts.fitWeeks));
        const r = filterEts(y, fit);
        next.set(si, { ...fit, level: r.level, trend: r.trend, sse: r.sse, sigma2: r.sse / y.length, n: y.length });
      }
      fits = next;
    }
    const fc = ratioForecastFromFits(f, fits, asOf, ratio[w]!, { ...opts, seed: opts.seed + w });
    warn[w] = fc.preWarning ? 1 : 0;
  }
  const inside = (w: number): boolean => rawLevel(ratio[w]!, f.band) === 0;
  const breaches: BacktestBreach[] = [];
  const breachWeeks: number[] = [];
  for (let w = 1; w < W; w++) {
    if (!inside(w) && inside(w - 1)) {
      let earliest = -1;
      for (let t = w - 1; t >= Math.max(0, w - H) && inside(t); t--) if (warn[t] === 1) earliest = t;
      breaches.push({ day: fromDay + 7 * w, direction: ratio[w]! > f.band.high ? 'above' : 'below', leadWeeks: earliest < 0 ? null : w - earliest });
      breachWeeks.push(w);
    }
  }
  let warnings = 0;
  let falseAlarms = 0;
  for (let t = 0; t < W; t++) {
    if (warn[t] !== 1) continue;
    warnings++;
    if (!breachWeeks.some((b) => b > t && b <= t + H) && t + H < W) falseAlarms++;
  }
  const hits = breaches.filter((b) => b.leadWeeks !== null);
  return {
    weeks: W,
    breaches,
    hits: hits.length,
    hitRate: breaches.length === 0 ? Number.NaN : hits.length / breaches.length,
    meanLeadWeeks: hits.length === 0 ? Number.NaN : hits.reduce((s, b) => s + b.leadWeeks!, 0) / hits.length,
    warnings,
    falseAlarms,
    falseAlarmRate: warnings === 0 ? Number.NaN : falseAlarms / warnings,
  };
}

