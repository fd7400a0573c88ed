import { describe, expect, it } from 'vitest';
import { DEMO_GRANULE_LINE } from './demo';
import { reconcileBalance } from './reconcile';
import type { BalanceModel, ReconciliationResult } from './types';

/** Largest violation of the substance balances and of substance = concentration × flow. */
function layerViolation(model: BalanceModel, r: ReconciliationResult): number {
  let worst = 0;
  for (const layer of model.layers ?? []) {
    const res = r.layers[layer.id]!;
    for (const f of model.flows) {
      const s = res.flows[f.id]!.value!;
      const c = res.concentrations[f.id]!.value!;
      worst = Math.max(worst, Math.abs(s - c * r.flows[f.id]!.value!) / Math.max(1, Math.abs(s)));
    }
    for (const p of model.processes) {
      if (layer.unbalanced?.includes(p.id)) continue;
      let net = 0;
      for (const f of model.flows) {
        if (f.to === p.id) net += res.flows[f.id]!.value!;
        if (f.from === p.id) net -= res.flows[f.id]!.value!;
      }
      if (res.stocks[p.id]) net -= res.stocks[p.id]!.value!;
      worst = Math.max(worst, Math.abs(net));
    }
  }
  return worst;
}

describe('substance layers (closed form derived for this test)', () => {
  // A dryer: wet feed a (dry matter 0.90) → product b (0.95, unknown mass) + vapour c (0.00).
  // The solids balance gives b = 0.9a/0.95, so the goods balance becomes c = a/19: one
  // redundant equation on the measured a and c, reconciled in closed form.
  const model: BalanceModel = {
    processes: [{ id: 'dryer', name: 'dryer' }],
    layers: [{ id: 'dm', name: 'dry matter' }],
    flows: [
      { id: 'a', from: null, to: 'dryer', value: 100, sd: 2, concentrations: { dm: { value: 0.9 } } },
      { id: 'b', from: 'dryer', to: null, concentrations: { dm: { value: 0.95 } } },
      { id: 'c', from: 'dryer', to: null, value: 10, sd: 1, concentrations: { dm: { value: 0 } } },
    ],
  };
  const r = reconcileBalance(model);
  const g = [1 / 19, -1];
  const q = [4, 1];
  const gqg = g[0]! ** 2 * q[0]! + g[1]! ** 2 * q[1]!;
  const resid = 100 / 19 - 10;
  const a = 100 - (q[0]! * g[0]! * resid) / gqg;
  const c = 10 - (q[1]! * g[1]! * resid) / gqg;

  it('reconciles the goods with the help of the solids balance', () => {
    expect(r.flows.a!.value).toBeCloseTo(a, 10);
    expect(r.flows.c!.value).toBeCloseTo(c, 10);
    expect(r.flows.b!.value).toBeCloseTo((0.9 * a) / 0.95, 10);
    expect(r.flows.a!.sd).toBeCloseTo(Math.sqrt(q[0]! - (q[0]! ** 2 * g[0]! ** 2) / gqg), 10);
    expect(r.chiSquare.degreesOfFreedom).toBe(1);
    expect(r.chiSquare.statistic).toBeCloseTo(resid ** 2 / gqg, 10);
  });

  it('reports substance flows with propagated standard deviations', () => {
    const dm = r.layers.dm!;
    expect(dm.flows.b!.value).toBeCloseTo(0.9 * a, 10);
    expect(dm.flows.b!.sd).toBeCloseTo(0.9 * r.flows.a!.sd!, 10);
    expect(dm.flows.c!.value).toBeCloseTo(0, 12);
    expect(dm.concentrations.b).toMatchObject({ value: 0.95, sd: 0, status: 'fixed' });
    expect(layerViolation(model, r)).toBeLessThan(1e-9);
  });

  it('an unknown concentration is computed from the substance balance', () => {
    const withB: BalanceModel = {
      ...model,
      flows: model.flows.map((f) => (f.id === 'b' ? { ...f, value: 95, sd: 1, concentrations: {} } : f)),
    };
    const u = reconcileBalance(withB);
    // Solids: 0.9a = c_b·b; goods: a = b + c. Nothing redundant is left for c_b.
    expect(u.layers.dm!.concentrations.b!.status).toBe('computed');
    expect(u.layers.dm!.concentrations.b!.value).toBeCloseTo((0.9 * u.flows.a!.value!) / u.flows.b!.value!, 10);
    expect(layerViolation(withB, u)).toBeLessThan(1e-9);
  });

  it('measured concentrations make the model nonlinear; every balance still holds', () => {
    const m: BalanceModel = {
      ...model,
      flows: [
        { id: 'a', from: null, to: 'dryer', value: 100, sd: 2, concentrations: { dm: { value: 0.9, sd: 0.01 } } },
        { id: 'b', from: 'dryer', to: null, value: 93, sd: 1, concentrations: { dm: { value: 0.95, sd: 0.01 } } },
        { id: 'c', from: 'dryer', to: null, value: 10, sd: 1, concentrations: { dm: { value: 0 } } },
      ],
    };
    const n = reconcileBalance(m);
    expect(n.converged).toBe(true);
    expect(n.iterations).toBeGreaterThan(1);
    expect(layerViolation(m, n)).toBeLessThan(1e-9);
    expect(Math.abs(n.flows.a!.value! - n.flows.b!.value! - n.flows.c!.value!)).toBeLessThan(1e-9);
    expect(n.chiSquare.degreesOfFreedom).toBe(2);
    expect(n.chiSquare.tested).toBe(true);
  });

  it('a process unbalanced on a layer does not constrain it', () => {
    const u = reconcileBalance({ ...model, layers: [{ id: 'dm', name: 'dry matter', unbalanced: ['dryer'] }] });
    // Without the solids balance b is only a − c: no redundancy remains.
    expect(u.chiSquare.degreesOfFreedom).toBe(0);
    // χ² = 0 with nothing redundant tests nothing: never reported as a passed test.
    expect(u.chiSquare).toMatchObject({ statistic: 0, tested: false });
    expect(u.flows.b!.value).toBeCloseTo(90, 12);
  });

  it('rejects concentrations of unknown layers', () => {
    expect(() =>
      reconcileBalance({ ...model, flows: [{ ...model.flows[0]!, concentrations: { nope: { value: 1 } } }, ...model.flows.slice(1)] }),
    ).toThrow(/unknown layer nope/);
  });
});

describe('demo granule line with its dry-matter layer', () => {
  const r = reconcileBalance(DEMO_GRANULE_LINE);

  it('closes goods and dry-matter balances and determines the unanalysed solids', () => {
    expect(r.converged).toBe(true);
    expect(layerViolation(DEMO_GRANULE_LINE, r)).toBeLessThan(1e-9);
    expect(r.layers.dryMatter!.concentrations.residue!.status).toBe('computed');
    expect(r.layers.dryMatter!.concentrations.fines!.status).toBe('computed');
    expect(r.undetermined).toEqual([]);
    expect(r.chiSquare.passed).toBe(true);
    expect(r.layers.dryMatter!.stocks.concentration!.status).toBe('measured');
  });
});
