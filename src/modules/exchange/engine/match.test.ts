import loadHighs from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from './geo';
import { alternativeWithout, candidatePairs, evenSplitPrice, type Market, matchMarket, pairKey } from './match';
import { randomMarket } from './random-market';
import { solveTransport } from './transport-simplex';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** The same allocation as an LP for HiGHS: maximise Σ v·x under supplies and capacities. */
function highsOptimum(market: Market): number {
  const pairs = candidatePairs(market);
  if (pairs.listing.length === 0) return 0;
  const terms: string[] = [];
  const byListing = new Map<number, string[]>();
  const byDemand = new Map<number, string[]>();
  for (let a = 0; a < pairs.listing.length; a++) {
    terms.push(`${pairs.valuePerTonne[a]!.toPrecision(17)} x${a}`);
    const i = pairs.listing[a]!;
    const j = pairs.demand[a]!;
    byListing.set(i, [...(byListing.get(i) ?? []), `x${a}`]);
    byDemand.set(j, [...(byDemand.get(j) ?? []), `x${a}`]);
  }
  const rows = [
    ...[...byListing].map(([i, xs]) => ` s${i}: ${xs.join(' + ')} <= ${market.listings[i]!.tonnes}`),
    ...[...byDemand].map(([j, xs]) => ` c${j}: ${xs.join(' + ')} <= ${market.demands[j]!.capacity}`),
  ];
  const lp = `Maximize\n obj: ${terms.join(' + ')}\nSubject To\n${rows.join('\n')}\nEnd\n`;
  const result = highs.solve(lp, { output_flag: false });
  expect(result.Status).toBe('Optimal');
  return result.ObjectiveValue;
}

function expectFeasible(market: Market, result: ReturnType<typeof matchMarket>) {
  const sold = new Map<string, number>();
  const bought = new Map<string, number>();
  for (const p of result.proposals) {
    expect(p.tonnes).toBeGreaterThan(0);
    expect(p.valuePerTonne).toBeGreaterThan(0);
    sold.set(p.listing, (sold.get(p.listing) ?? 0) + p.tonnes);
    bought.set(p.demand, (bought.get(p.demand) ?? 0) + p.tonnes);
  }
  for (const l of market.listings) {
    const s = sold.get(l.id) ?? 0;
    expect(s).toBeLessThanOrEqual(l.tonnes * (1 + 1e-12));
    expect((result.unmatched.listings[l.id] ?? 0) + s).toBeCloseTo(l.tonnes, 9);
  }
  for (const d of market.demands) {
    const b = bought.get(d.id) ?? 0;
    expect(b).toBeLessThanOrEqual(d.capacity * (1 + 1e-12));
    expect((result.unmatched.demands[d.id] ?? 0) + b).toBeCloseTo(d.capacity, 9);
  }
  const objective = result.proposals.reduce((sum, p) => sum + p.tonnes * p.valuePerTonne, 0);
  expect(result.objective).toBeCloseTo(objective, 6);
}

describe('exchange matching by delivered value', () => {
  const transport = { costPerTonneKm: { bulk: 0.5, liquid: 0.8, hazardous: 2 }, roadFactor: 1.3 };

  it('values a pair as price for the grade − reserve − road distance × rate, and splits it evenly', () => {
    // 亳州 (33.84 N, 115.78 E) to 阜阳 (32.89 N, 115.81 E): about 106 km by the great circle.
    const market: Market = {
      transport,
      listings: [{ id: 'L1', tonnes: 100, lat: 33.84, lon: 115.78, class: 'cellulose-rich', grade: 'B', reservePrice: 50, loadType: 'bulk' }],
      demands: [{ id: 'D1', capacity: 60, lat: 32.89, lon: 115.81, accepts: ['cellulose-rich'], minGrade: 'C', prices: { A: 400, B: 300 }, maxDistanceKm: 300 }],
    };
    const road = haversineKm(33.84, 115.78, 32.89, 115.81) * 1.3;
    const result = matchMarket(market);
    expect(result.proposals).toEqual([{ listing: 'L1', demand: 'D1', tonnes: 60, valuePerTonne: 300 - 50 - road * 0.5, distanceKm: road }]);
    expect(result.objective).toBeCloseTo(60 * (250 - road * 0.5), 9);
    expect(result.unmatched).toEqual({ listings: { L1: 40 }, demands: {} });
    expect(evenSplitPrice(50, 250 - road * 0.5)).toBeCloseTo(50 + (250 - road * 0.5) / 2, 9);
  });

  it('leaves out pairs that are not eligible: class, grade below the minimum or not priced, too far, no value', () => {
    const base = { lat: 33.84, lon: 115.78, tonnes: 10, reservePrice: null, loadType: 'bulk' as const };
    const market: Market = {
      transport,
      listings: [
        { ...base, id: 'class', class: 'lipid-rich', grade: 'A' },
        { ...base, id: 'grade', class: 'cellulose-rich', grade: 'C' },
        { ...base, id: 'unpriced', class: 'cellulose-rich', grade: 'B' },
        { ...base, id: 'far', class: 'cellulose-rich', grade: 'A', lat: 40, lon: 116.4 },
        { ...base, id: 'loss', class: 'cellulose-rich', grade: 'A', reservePrice: 500 },
        { ...base, id: 'ok', class: 'cellulose-rich', grade: 'A' },
      ],
      demands: [{ id: 'D', capacity: 1000, lat: 33.9, lon: 115.8, accepts: ['cellulose-rich'], minGrade: 'B', prices: { A: 400 }, maxDistanceKm: 200 }],
    };
    const result = matchMarket(market);
    expect(result.proposals.map((p) => p.listing)).toEqual(['ok']);
    expect(Object.keys(result.unmatched.listings).sort()).toEqual(['class', 'far', 'grade', 'loss', 'unpriced']);
  });

  it('prefers the allocation of most total value, not the best pair first', () => {
    // Greedy would give L1 to D1 (value 100) and leave L2 unsold: 100·10. The optimum gives L1 to
    // D2 and L2 to D1: 90·10 + 80·10.
    const at = { lat: 33.84, lon: 115.78 };
    const market: Market = {
      transport: { costPerTonneKm: { bulk: 0, liquid: 0, hazardous: 0 }, roadFactor: 1.3 },
      listings: [
        { ...at, id: 'L1', tonnes: 10, class: 'cellulose-rich', grade: 'A', reservePrice: 0, loadType: 'bulk' },
        { ...at, id: 'L2', tonnes: 10, class: 'cellulose-rich', grade: 'B', reservePrice: 0, loadType: 'bulk' },
      ],
      demands: [
        { ...at, id: 'D1', capacity: 10, accepts: ['cellulose-rich'], minGrade: 'B', prices: { A: 100, B: 80 }, maxDistanceKm: 10 },
        { ...at, id: 'D2', capacity: 10, accepts: ['cellulose-rich'], minGrade: 'A', prices: { A: 90 }, maxDistanceKm: 10 },
      ],
    };
    const result = matchMarket(market);
    expect(result.objective).toBe(1700);
    // Without L1 → D2, L1 goes to D1 and L2 finds no buyer: 1 000, so the pair is worth 700.
    expect(alternativeWithout(market, result.objective, 'L1', 'D2')).toEqual({
      objective: 1000,
      valueLost: 700,
      listingPartners: [{ demand: 'D1', tonnes: 10 }],
      demandPartners: [],
    });
    expect(result.proposals.map((p) => [p.listing, p.demand, p.tonnes])).toEqual([
      ['L1', 'D2', 10],
      ['L2', 'D1', 10],
    ]);
  });

  it('never proposes a declined pair again', () => {
    const at = { lat: 33.84, lon: 115.78 };
    const market: Market = {
      transport,
      listings: [{ ...at, id: 'L1', tonnes: 10, class: 'cellulose-rich', grade: 'A', reservePrice: 0, loadType: 'bulk' }],
      demands: [
        { ...at, id: 'D1', capacity: 10, accepts: ['cellulose-rich'], minGrade: 'C', prices: { A: 100 }, maxDistanceKm: 10 },
        { ...at, id: 'D2', capacity: 10, accepts: ['cellulose-rich'], minGrade: 'C', prices: { A: 90 }, maxDistanceKm: 10 },
      ],
    };
    expect(matchMarket(market).proposals.map((p) => p.demand)).toEqual(['D1']);
    expect(matchMarket(market, { exclude: new Set([pairKey('L1', 'D1')]) }).proposals.map((p) => p.demand)).toEqual(['D2']);
  });

  it('reaches the optimum HiGHS finds on seeded random markets, with a feasible allocation', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const size = 5 + (seed % 8) * 9;
      const market = randomMarket(seed, { listings: size, demands: Math.max(3, Math.round(size * 0.8)), spanDegrees: 3 });
      const result = matchMarket(market);
      expectFeasible(market, result);
      const optimum = highsOptimum(market);
      expect(Math.abs(result.objective - optimum), `seed ${seed}`).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(optimum)));
    }
  });

  it('solves degenerate markets (equal supplies and capacities, equal values) exactly', () => {
    const n = 30;
    const supply = Array.from({ length: n }, () => 5);
    const capacity = Array.from({ length: n }, () => 5);
    const from: number[] = [];
    const to: number[] = [];
    const value: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if ((i + j) % 3 === 0) continue;
        from.push(i);
        to.push(j);
        value.push(10);
      }
    }
    const solution = solveTransport({ supply, capacity, from, to, value });
    expect(solution.objective).toBe(n * 5 * 10);
  });

  it('refuses a problem it cannot solve, naming what is wrong', () => {
    expect(() => solveTransport({ supply: [1], capacity: [1], from: [0], to: [1], value: [1] })).toThrow(/pair 0/);
    expect(() => solveTransport({ supply: [0], capacity: [1], from: [], to: [], value: [] })).toThrow(/listing 0/);
    expect(() => solveTransport({ supply: [1], capacity: [1], from: [0], to: [0], value: [Infinity] })).toThrow(/pair 0/);
  });
});
