import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateBalanceModel } from './generate';
import { reconcileBalance } from './reconcile';
import type { BalanceModel } from './types';

/**
 * Independent dense reference for linear models: the Lagrange (KKT) system of
 *   min Σ (x_i − m_i)²/σ_i²  subject to  C·x = d
 * over measured and unknown flows, K = [[W, Cᵀ], [C, 0]] with W = diag(1/σ²) (0 for unknowns).
 * When K is regular, x̂ is its solution and Cov(x̂) is the x-block of K⁻¹ (from K·K⁻¹ = I:
 * W·S + Cᵀ·Tᵀ = I and C·S = 0 give S·W·S = S). No elimination, no sparsity, no projection —
 * nothing shared with the engine.
 */
function denseReference(model: BalanceModel): { values: Map<string, number>; sd: Map<string, number> } | null {
  const free = model.flows.filter((f) => f.value === undefined || (f.sd ?? 0) > 0);
  const index = new Map(free.map((f, i) => [f.id, i]));
  const n = free.length;
  const rows: { coef: Map<number, number>; rhs: number }[] = [];
  for (const p of model.processes) {
    const coef = new Map<number, number>();
    let rhs = 0;
    for (const f of model.flows) {
      const sign = (f.to === p.id ? 1 : 0) - (f.from === p.id ? 1 : 0);
      if (sign === 0) continue;
      const i = index.get(f.id);
      if (i === undefined) rhs -= sign * f.value!;
      else coef.set(i, (coef.get(i) ?? 0) + sign);
    }
    if (coef.size > 0) rows.push({ coef, rhs });
  }
  const m = rows.length;
  const size = n + m;
  const K: number[][] = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const b = new Array<number>(size).fill(0);
  free.forEach((f, i) => {
    if (f.value !== undefined) {
      const w = 1 / f.sd! ** 2;
      K[i]![i] = w;
      b[i] = w * f.value;
    }
  });
  rows.forEach((r, k) => {
    for (const [i, a] of r.coef) {
      K[n + k]![i] = a;
      K[i]![n + k] = a;
    }
    b[n + k] = r.rhs;
  });
  const inv = invert(K);
  if (!inv) return null;
  const values = new Map<string, number>();
  const sd = new Map<string, number>();
  free.forEach((f, i) => {
    let v = 0;
    for (let j = 0; j < size; j++) v += inv[i]![j]! * b[j]!;
    values.set(f.id, v);
    sd.set(f.id, Math.sqrt(Math.max(0, inv[i]![i]!)));
  });
  return { values, sd };
}

/** Gauss–Jordan inverse with partial pivoting; null when (numerically) singular. */
function invert(a: number[][]): number[][] | null {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  const scale = Math.max(1, ...a.flat().map(Math.abs));
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-10 * scale) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const pivot = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j] = m[c]![j]! / pivot;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      if (f === 0) continue;
      for (let j = 0; j < 2 * n; j++) m[r]![j] = m[r]![j]! - f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

describe('sparse engine against a dense KKT reference (linear models)', () => {
  it('values and standard deviations agree on random networks; singular KKT ⇔ undetermined', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 25 }), fc.double({ min: 0, max: 0.3, noNaN: true }), (seed, np, unknownShare) => {
        const { model } = generateBalanceModel({ processes: np, flows: np * 3, seed, unknownShare, transfers: 0 });
        const reference = denseReference(model);
        const r = reconcileBalance(model);
        if (!reference) {
          // Every generated process has its own boundary flow, so its balances are
          // independent: a singular K can only mean an undetermined unknown.
          expect(r.undetermined.length).toBeGreaterThan(0);
          return;
        }
        compared++;
        expect(r.undetermined).toEqual([]);
        for (const [id, v] of reference.values) {
          const est = r.flows[id]!;
          expect(Math.abs(est.value! - v)).toBeLessThan(1e-8 * (1 + Math.abs(v)));
          const s = reference.sd.get(id)!;
          expect(Math.abs(est.sd! - s)).toBeLessThan(1e-6 * (1 + s));
        }
      }),
      { numRuns: 80 },
    );
    expect(compared).toBeGreaterThan(20);
  });
});
