/**
 * GENERATED demo price history (not real market data). Deterministic for a seed.
 *
 * 三七, 丹参 and 冰片 follow the keyframe table below, calibrated so that Compound Danshen
 * Tablets (丹参 450 g, 三七 141 g, 冰片 8 g per 1 000 tablets, 60 a bottle, 7.2 元) shows the
 * course published in seed 003: Y/P ≈ 10 % early 2009 with 三七 ≈ 60 % of the cost, close to
 * 30 % at the end of 2009, above 30 % from March 2010 with a peak near 70 %, rising again from
 * December 2011 to above 100 %, 三七 over 90 % of the cost; then the 2013 三七 peak and the
 * 2014–2015 crash.
 *
 * Calibration: Y/P = r means Σ j·n = r × 7.2 × 1000/60 = 120·r 元 per 1 000 tablets. Early
 * 2009, r = 0.10 and a 60 % 三七 share give 三七 cost 7.2 → j(三七) = 7.2/0.141 ≈ 51 元/kg, with
 * 丹参 8 元/kg (3.6) and 冰片 150 元/kg (1.2). (Market quotes of ~100 元/kg for better 三七
 * grades in early 2009 would put Y/P near 20 %, contradicting the published 10 %, so the
 * table follows the published ratio.)
 *
 * Around the keyframe path (log-linear between keyframes) each herb gets a bounded wobble
 * (three sinusoids, ≤ 2 % together) and each market a fixed premium (≤ 1.5 %) and bounded
 * daily noise (≤ 1 %); bounded rather than Gaussian noise keeps the published facts true
 * for every seed. Other herbs get a mean-reverting random walk in log price with slow drift
 * and occasional speculative bubbles, like the 2010–2013 rallies of many herbs.
 */
import { dayToIso, toDay, type DayLike } from './days';
import type { Formula } from './formula';
import type { MarketSeries } from './reference';
import { hashString, seededRng, type Rng } from './stats';

export interface PriceKeyframe {
  date: string;
  /** 元/kg */
  price: number;
}

/** Keyframes of the calibrated herbs (元/kg). */
export const DEMO_PRICE_KEYFRAMES: Readonly<Record<string, readonly PriceKeyframe[]>> = {
  三七: [
    { date: '2009-01-01', price: 51 },
    { date: '2009-06-30', price: 110 },
    { date: '2009-12-31', price: 185 },
    { date: '2010-02-20', price: 190 },
    { date: '2010-02-28', price: 192 },
    { date: '2010-03-10', price: 260 },
    { date: '2010-06-30', price: 420 },
    { date: '2010-10-15', price: 540 },
    { date: '2011-03-31', price: 470 },
    { date: '2011-08-31', price: 420 },
    { date: '2011-11-30', price: 430 },
    { date: '2012-03-31', price: 640 },
    { date: '2012-08-31', price: 820 },
    { date: '2012-12-31', price: 780 },
    { date: '2013-06-30', price: 950 },
    { date: '2013-12-31', price: 820 },
    { date: '2014-06-30', price: 520 },
    { date: '2014-12-31', price: 320 },
    { date: '2015-06-30', price: 220 },
    { date: '2015-12-31', price: 170 },
    { date: '2016-06-30', price: 160 },
    { date: '2017-06-30', price: 150 },
    { date: '2018-06-30', price: 140 },
    { date: '2019-06-30', price: 145 },
    { date: '2020-06-30', price: 160 },
    { date: '2021-06-30', price: 200 },
    { date: '2022-06-30', price: 230 },
    { date: '2023-06-30', price: 260 },
    { date: '2024-06-30', price: 240 },
    { date: '2025-06-30', price: 220 },
    { date: '2026-12-31', price: 230 },
  ],
  丹参: [
    { date: '2009-01-01', price: 8 },
    { date: '2009-06-30', price: 9 },
    { date: '2009-12-31', price: 10 },
    { date: '2010-02-20', price: 10.5 },
    { date: '2010-06-30', price: 12 },
    { date: '2010-10-15', price: 13 },
    { date: '2011-03-31', price: 14 },
    { date: '2011-08-31', price: 15 },
    { date: '2011-11-30', price: 16 },
    { date: '2012-03-31', price: 17 },
    { date: '2012-08-31', price: 18 },
    { date: '2013-06-30', price: 19 },
    { date: '2013-12-31', price: 18 },
    { date: '2014-06-30', price: 17 },
    { date: '2014-12-31', price: 16 },
    { date: '2015-06-30', price: 15 },
    { date: '2016-06-30', price: 18 },
    { date: '2017-06-30', price: 25 },
    { date: '2018-06-30', price: 28 },
    { date: '2019-06-30', price: 24 },
    { date: '2020-06-30', price: 22 },
    { date: '2021-06-30', price: 25 },
    { date: '2022-06-30', price: 30 },
    { date: '2023-06-30', price: 38 },
    { date: '2024-06-30', price: 34 },
    { date: '2025-06-30', price: 30 },
    { date: '2026-12-31', price: 32 },
  ],
  冰片: [
    { date: '2009-01-01', price: 150 },
    { date: '2012-06-30', price: 160 },
    { date: '2016-06-30', price: 130 },
    { date: '2020-06-30', price: 170 },
    { date: '2026-12-31', price: 180 },
  ],
};

/** Compound Danshen Tablets as in seed 003 §6.1 (cap 7.2 元 applied from 2009-01-01 as in Fig. 1). */
export const COMPOUND_DANSHEN_TABLETS: Formula = {
  code: 'FFDSP',
  name: '复方丹参片',
  ingredients: [
    { herb: '丹参', amount: 450, unit: 'g' },
    { herb: '三七', amount: 141, unit: 'g' },
    { herb: '冰片', amount: 8, unit: 'g' },
  ],
  batchYield: 1000,
  packSize: 60,
  priceCaps: [{ from: '2009-01-01', priceCap: 7.2 }],
  band: { low: 0.1, high: 0.3 },
};

export const DEMO_MARKETS: readonly string[] = ['亳州', '安国', '玉林', '成都荷花池'];

export interface DemoHerb {
  /** Herb key; herbs named in DEMO_PRICE_KEYFRAMES follow their keyframes. */
  herb: string;
  /** Starting price (元/kg) for random-walk herbs; ignored for keyframed herbs. */
  basePrice?: number;
  /** Annualised volatility of the random walk (default 0.25). */
  volatility?: number;
}

export interface DemoPriceHistoryOptions {
  herbs: readonly DemoHerb[];
  from: DayLike;
  to: DayLike;
  seed: number;
  markets?: readonly string[];
  /** Probability that a market does not report on a day (default 0.03). */
  missingRate?: number;
}

export interface DemoHerbHistory {
  herb: string;
  /** Always true: this is generated data and must be labelled as such. */
  generated: true;
  markets: { market: string; series: MarketSeries }[];
}

/** Daily log price path of a keyframed herb (log-linear between keyframes, flat outside). */
function keyframePath(frames: readonly PriceKeyframe[], startDay: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const kd = frames.map((f) => toDay(f.date));
  const kl = frames.map((f) => Math.log(f.price));
  let seg = 0;
  for (let d = 0; d < n; d++) {
    const day = startDay + d;
    while (seg + 1 < kd.length && kd[seg + 1]! <= day) seg++;
    if (day <= kd[0]!) out[d] = kl[0]!;
    else if (seg + 1 >= kd.length) out[d] = kl[kl.length - 1]!;
    else {
      const t = (day - kd[seg]!) / (kd[seg + 1]! - kd[seg]!);
      out[d] = kl[seg]! + t * (kl[seg + 1]! - kl[seg]!);
    }
  }
  return out;
}

/** Bounded wobble: three sinusoids whose amplitudes sum to `amplitude`. */
function addWobble(path: Float64Array, rng: Rng, amplitude: number): void {
  const parts = [0.5, 0.3, 0.2];
  const periods = parts.map(() => 20 + rng.next() * 100);
  const phases = parts.map(() => rng.next() * 2 * Math.PI);
  for (let d = 0; d < path.length; d++) {
    let w = 0;
    for (let i = 0; i < 3; i++) w += parts[i]! * Math.sin((2 * Math.PI * d) / periods[i]! + phases[i]!);
    path[d] = path[d]! + amplitude * w;
  }
}

/** Mean-reverting log random walk with drift and occasional bubbles. */
function randomWalkPath(rng: Rng, base: number, volatility: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const sigma = volatility / Math.sqrt(365);
  const kappa = 0.01;
  const drift = (0.03 + (rng.next() - 0.5) * 0.04) / 365;
  let mu = Math.log(base);
  let x = mu;
  let bubble = 0;
  let bubbleTarget = 0;
  let bubbleRamp = 0;
  for (let d = 0; d < n; d++) {
    mu += drift;
    if (bubbleRamp > 0) {
      bubble += bubbleTarget / 180;
      bubbleRamp--;
    } else {
      bubble *= 0.997; // after the ramp the bubble deflates (half-life ≈ 230 days)
      if (rng.next() < 1 / 1500) {
        bubbleTarget = 0.5 + rng.next();
        bubbleRamp = 180;
      }
    }
    x += kappa * (mu + bubble - x) + sigma * rng.normal();
    out[d] = x;
  }
  return out;
}

/** Generated daily prices per herb and market over [from, to]. */
export function generateDemoPriceHistory(opts: DemoPriceHistoryOptions): DemoHerbHistory[] {
  const startDay = toDay(opts.from);
  const n = toDay(opts.to) - startDay + 1;
  const markets = opts.markets ?? DEMO_MARKETS;
  const missingRate = opts.missingRate ?? 0.03;
  const dayBuf = new Int32Array(n);
  const priceBuf = new Float64Array(n);
  return opts.herbs.map((h) => {
    const rng = seededRng((opts.seed ^ hashString(h.herb)) >>> 0);
    const frames = DEMO_PRICE_KEYFRAMES[h.herb];
    let path: Float64Array;
    let marketNoise: number;
    let premiumRange: number;
    if (frames !== undefined) {
      path = keyframePath(frames, startDay, n);
      addWobble(path, rng, 0.02);
      marketNoise = 0.01;
      premiumRange = 0.015;
    } else {
      path = randomWalkPath(rng, h.basePrice ?? 20 + rng.next() * 80, h.volatility ?? 0.25, n);
      marketNoise = 0.02;
      premiumRange = 0.03;
    }
    const out = markets.map((market) => {
      const premium = (rng.next() * 2 - 1) * premiumRange;
      let c = 0;
      for (let d = 0; d < n; d++) {
        if (rng.next() < missingRate) continue;
        dayBuf[c] = startDay + d;
        // Round to 分 like real quotes; uniform noise keeps the deviation bounded.
        priceBuf[c] = Math.round(Math.exp(path[d]! + premium + (rng.next() * 2 - 1) * marketNoise) * 100) / 100;
        c++;
      }
      return { market, series: { days: dayBuf.slice(0, c), prices: priceBuf.slice(0, c) } };
    });
    return { herb: h.herb, generated: true as const, markets: out };
  });
}

/** Convenience for labels and logs. */
export function demoRangeLabel(opts: Pick<DemoPriceHistoryOptions, 'from' | 'to'>): string {
  return `${dayToIso(toDay(opts.from))}..${dayToIso(toDay(opts.to))} (generated)`;
}
