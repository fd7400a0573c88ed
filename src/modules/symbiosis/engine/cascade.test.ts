import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cascade } from './cascade';
import { type CascadeNetwork, parseCascadeNetwork } from './cascade-input';
import { criticality } from './criticality';

/**
 * A manufacturer M feeding two utilisers; U1's product feeds U3, which trades with W.
 *
 *   outside → M 1000        M → U1 300 (landfill 150 元/t)   M → U2 100 (150 元/t)
 *   outside → U1 100        U2 → U1 30 (100 元/t)            U1 → U3 200 (50 元/t)
 *   outside → U2 200        outside → U3 100                 U3 → W 50 (60 元/t)
 *   outside → W 500         W → U3 40 (80 元/t)
 *
 * Inputs: M 1000, U1 300 + 100 + 30 = 430, U2 100 + 200 = 300, U3 200 + 100 + 40 = 340, W 550.
 */
const park: CascadeNetwork = {
  firms: [{ id: 'M' }, { id: 'U1' }, { id: 'U2' }, { id: 'U3' }, { id: 'W' }],
  flows: [
    { from: null, to: 'M', tonnes: 1000, handlingCostPerTonne: 0 },
    { from: 'M', to: 'U1', tonnes: 300, handlingCostPerTonne: 150, stream: 's-m-residue' },
    { from: 'M', to: 'U2', tonnes: 100, handlingCostPerTonne: 150, stream: 's-m-residue' },
    { from: null, to: 'U1', tonnes: 100, handlingCostPerTonne: 0 },
    { from: 'U2', to: 'U1', tonnes: 30, handlingCostPerTonne: 100, stream: 's-u2' },
    { from: null, to: 'U2', tonnes: 200, handlingCostPerTonne: 0 },
    { from: 'U1', to: 'U3', tonnes: 200, handlingCostPerTonne: 50 },
    { from: null, to: 'U3', tonnes: 100, handlingCostPerTonne: 0 },
    { from: 'U3', to: 'W', tonnes: 50, handlingCostPerTonne: 60 },
    { from: null, to: 'W', tonnes: 500, handlingCostPerTonne: 0 },
    { from: 'W', to: 'U3', tonnes: 40, handlingCostPerTonne: 80, stream: 's-w' },
  ],
};

describe('a firm stops: a cascade worked by hand', () => {
  it('M stops; U1 and then U3 follow; U2 and W lose outlets and inputs', () => {
    // Year 1: U1 loses 300 of 430 (69.8 % > 50 %) and stops; U2 loses 100 of 300 (33 %) and runs.
    // Year 2: U3 loses U1's 200 of 340 (58.8 %) and stops. Year 3: W loses 50 of 550 (9 %): runs.
    // Running firms: U2 lost input 100 (from M) and outlet 30 (to U1: 30 × 100 = 3 000 元);
    // W lost input 50 (from U3) and outlet 40 (to U3: 40 × 80 = 3 200 元). Flows among M, U1 and
    // U3 vanish with them. Displaced 100 + 30 + 50 + 40 = 220 t; extra disposal 6 200 元.
    const result = cascade(park, { stop: ['M'] });
    expect(result.stopped).toEqual(['M', 'U1', 'U3']);
    expect(result.years).toEqual([
      { year: 0, firms: ['M'] },
      { year: 1, firms: ['U1'] },
      { year: 2, firms: ['U3'] },
    ]);
    expect(result.displacedTonnes).toBe(220);
    expect(result.extraDisposalCost).toBe(6200);
    expect(result.affected).toEqual([
      { firm: 'U2', lostOutletT: 30, lostInputT: 100, lostInputShare: 100 / 300, extraDisposalCost: 3000 },
      { firm: 'W', lostOutletT: 40, lostInputT: 50, lostInputShare: 50 / 550, extraDisposalCost: 3200 },
    ]);
    expect(result.brokenFlows).toEqual([
      { row: 2, from: 'M', to: 'U2', tonnes: 100, stream: 's-m-residue', lost: 'input' },
      { row: 4, from: 'U2', to: 'U1', tonnes: 30, stream: 's-u2', lost: 'outlet' },
      { row: 8, from: 'U3', to: 'W', tonnes: 50, stream: null, lost: 'input' },
      { row: 10, from: 'W', to: 'U3', tonnes: 40, stream: 's-w', lost: 'outlet' },
    ]);
  });

  it("a firm's own threshold holds it: U3 at 60 % survives losing 58.8 %", () => {
    const sturdy = { ...park, firms: park.firms.map((f) => (f.id === 'U3' ? { ...f, threshold: 0.6 } : f)) };
    const result = cascade(sturdy, { stop: ['M'] });
    expect(result.stopped).toEqual(['M', 'U1']);
    // U2 as before (130 t, 3 000 元); U3 lost U1's 200 t of input, keeps trading with W.
    expect(result.affected.map((a) => [a.firm, a.lostOutletT, a.lostInputT])).toEqual([
      ['U3', 0, 200],
      ['U2', 30, 100],
    ]);
    expect(result.displacedTonnes).toBe(330);
    expect(result.extraDisposalCost).toBe(3000);
  });

  it('a herb shortage halts M when it removes more than half its input; exactly half does not stop U2', () => {
    const shortage = cascade(park, { inputLoss: [{ firm: 'M', tonnes: 600 }] });
    expect(shortage.stopped).toEqual(['M', 'U1', 'U3']);
    expect(shortage.years[0]).toEqual({ year: 0, firms: ['M'] });
    const half = cascade(park, { inputLoss: [{ firm: 'M', tonnes: 500 }] });
    expect(half.stopped).toEqual([]);
    expect(half.affected).toEqual([{ firm: 'M', lostOutletT: 0, lostInputT: 500, lostInputShare: 0.5, extraDisposalCost: 0 }]);
    // U2 loses 50 t of herbs and M's 100 t: 150 of 300 = 50 %, not more: it runs.
    const both = cascade(park, { stop: ['M'], inputLoss: [{ firm: 'U2', tonnes: 50 }] });
    expect(both.stopped).toEqual(['M', 'U1', 'U3']);
    expect(both.affected.find((a) => a.firm === 'U2')).toMatchObject({ lostInputT: 150, lostInputShare: 0.5 });
  });

  it('losing an outlet never stops a firm: W stopping costs U3 an outlet only', () => {
    const result = cascade(park, { stop: ['W'] });
    // U3 loses W's 40 t input (40 of 340) and its 50 t outlet to W (50 × 60 = 3 000 元).
    expect(result.stopped).toEqual(['W']);
    expect(result.affected).toEqual([{ firm: 'U3', lostOutletT: 50, lostInputT: 40, lostInputShare: 40 / 340, extraDisposalCost: 3000 }]);
  });

  it('refuses unknown firms', () => {
    expect(() => cascade(park, { stop: ['X'] })).toThrow('unknown firm "X"');
    const parsed = parseCascadeNetwork({ firms: [{ id: 'A' }], flows: [{ from: 'A', to: 'B', tonnes: 1, handlingCostPerTonne: 0 }] });
    expect(parsed).toEqual({ ok: false, errors: [{ field: 'flows[0].to', message: 'unknown firm "B"' }] });
  });
});

describe('criticality and exposure', () => {
  it('ranks U1 above M (it costs M its outlet) and gives each firm the losses of every other firm stopping', () => {
    const result = criticality(park);
    // U1 stops: U3 loses 200 of 340 and stops; M loses its 300 t outlet (45 000 元), U2 its 30 t
    // (3 000 元), W 50 t of input and a 40 t outlet (3 200 元): 420 t, 51 200 元.
    // U3 stops: U1 loses its 200 t outlet (10 000 元), W as above: 290 t, 13 200 元. M: 220 t (above).
    // U2 stops: M loses a 100 t outlet (15 000 元), U1 30 t of input (7 %): 130 t. W stops: U3 loses
    // a 50 t outlet (3 000 元) and 40 t of input: 90 t.
    expect(result.ranking).toEqual([
      { firm: 'U1', rank: 1, stoppedFirms: 2, displacedTonnes: 420, extraDisposalCost: 51200 },
      { firm: 'U3', rank: 2, stoppedFirms: 1, displacedTonnes: 290, extraDisposalCost: 13200 },
      { firm: 'M', rank: 3, stoppedFirms: 3, displacedTonnes: 220, extraDisposalCost: 6200 },
      { firm: 'U2', rank: 4, stoppedFirms: 1, displacedTonnes: 130, extraDisposalCost: 15000 },
      { firm: 'W', rank: 5, stoppedFirms: 1, displacedTonnes: 90, extraDisposalCost: 3000 },
    ]);
    // Every firm's row equals its own cascade.
    for (const row of result.ranking) {
      const alone = cascade(park, { stop: [row.firm] });
      expect([row.stoppedFirms, row.displacedTonnes, row.extraDisposalCost]).toEqual([alone.stopped.length, alone.displacedTonnes, alone.extraDisposalCost]);
    }
    // M is exposed to U1 (its 300 t outlet, 45 000 元) and U2 (100 t, 15 000 元) stopping.
    expect(result.exposure.find((e) => e.firm === 'M')).toEqual({
      firm: 'M', timesStopped: 0, worstLostOutletT: 300, worstLostInputT: 0, worstExtraDisposalCost: 45000,
      totalLostT: 400, totalExtraDisposalCost: 60000, // The scenarios' costs sum to the ranking's: 51 200 + 13 200 + 6 200 + 15 000 + 3 000.
      costShare: 60000 / 88600,
    });
    // U3 stops when M or U1 stops; W is never stopped.
    const u3 = result.exposure.find((e) => e.firm === 'U3')!;
    expect(u3.timesStopped).toBe(2);
    expect(result.exposure.find((e) => e.firm === 'W')!.timesStopped).toBe(0);
    const shares = result.exposure.map((e) => e.costShare ?? 0);
    expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
  });
});

const randomPark = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc
    .record({
      thresholds: fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true })), { minLength: n, maxLength: n }),
      flows: fc.array(
        fc.record({
          from: fc.option(fc.integer({ min: 0, max: n - 1 }), { freq: 4 }),
          to: fc.option(fc.integer({ min: 0, max: n - 1 }), { freq: 4 }),
          tonnes: fc.integer({ min: 0, max: 500 }),
          cost: fc.integer({ min: -50, max: 400 }),
        }),
        { maxLength: 30 },
      ),
    })
    .map(({ thresholds, flows }) => ({
      firms: thresholds.map((t, i) => (t === null ? { id: `f${i}` } : { id: `f${i}`, threshold: t })),
      flows: flows
        .filter((r) => r.from !== null || r.to !== null)
        .map((r) => ({ from: r.from === null ? null : `f${r.from}`, to: r.to === null ? null : `f${r.to}`, tonnes: r.tonnes, handlingCostPerTonne: r.cost })),
    })),
);

describe('cascade invariants (property tests)', () => {
  it('the stopped set is closed under the rule and the totals are the broken flows', () => {
    fc.assert(
      fc.property(randomPark, fc.integer({ min: 0, max: 7 }), (network, pick) => {
        const chosen = network.firms[pick % network.firms.length]!.id;
        const result = cascade(network, { stop: [chosen] });
        const stopped = new Set(result.stopped);
        for (const firm of network.firms) {
          const inputs = network.flows.filter((f) => f.to === firm.id).reduce((s, f) => s + f.tonnes, 0);
          const lost = network.flows.filter((f) => f.to === firm.id && f.from !== null && f.from !== firm.id && stopped.has(f.from)).reduce((s, f) => s + f.tonnes, 0);
          const threshold = firm.threshold ?? 0.5;
          // A running firm lost no more than its threshold; a firm stopped by the cascade lost more.
          if (!stopped.has(firm.id)) expect(lost).toBeLessThanOrEqual(threshold * inputs + 1e-9);
          else if (firm.id !== chosen) expect(lost).toBeGreaterThan(threshold * inputs);
        }
        const brokenT = result.brokenFlows.reduce((s, f) => s + f.tonnes, 0);
        expect(result.displacedTonnes).toBeCloseTo(brokenT, 9);
        const cost = result.brokenFlows.filter((f) => f.lost === 'outlet').reduce((s, f) => s + f.tonnes * network.flows[f.row]!.handlingCostPerTonne, 0);
        expect(result.extraDisposalCost).toBeCloseTo(cost, 9);
        for (const f of result.brokenFlows) expect(stopped.has(f.from) !== stopped.has(f.to)).toBe(true);
      }),
      { numRuns: 400, seed: 24 },
    );
  });

  it('monotone: more firms stopped or lower thresholds never stop fewer', () => {
    fc.assert(
      fc.property(randomPark, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), (network, a, b) => {
        const ids = network.firms.map((f) => f.id);
        const one = new Set(cascade(network, { stop: [ids[a % ids.length]!] }).stopped);
        const two = new Set(cascade(network, { stop: [ids[a % ids.length]!, ids[b % ids.length]!] }).stopped);
        for (const id of one) expect(two.has(id)).toBe(true);
        const fragile = { ...network, firms: network.firms.map((f) => ({ id: f.id, threshold: (f.threshold ?? 0.5) / 2 })) };
        const more = new Set(cascade(fragile, { stop: [ids[a % ids.length]!] }).stopped);
        for (const id of one) expect(more.has(id)).toBe(true);
      }),
      { numRuns: 300, seed: 25 },
    );
  });

  it('criticality equals one fresh cascade per firm (the reused runner forgets each run)', () => {
    fc.assert(
      fc.property(randomPark, (network) => {
        const { ranking } = criticality(network);
        for (const row of ranking) {
          const alone = cascade(network, { stop: [row.firm] });
          expect(row.stoppedFirms).toBe(alone.stopped.length);
          expect(row.displacedTonnes).toBeCloseTo(alone.displacedTonnes, 9);
          expect(row.extraDisposalCost).toBeCloseTo(alone.extraDisposalCost, 9);
        }
      }),
      { numRuns: 200, seed: 26 },
    );
  });
});
