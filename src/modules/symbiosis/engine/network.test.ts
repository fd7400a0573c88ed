import fc from 'fast-check';
import { Matrix, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { countElementaryCycles } from './cycles';
import { networkFigures } from './network';
import { compileNetwork, parseNetwork, type Network } from './network-input';
import { nodeThroughflows } from './network';
import { outletFigures } from './outlets';

function parsed(input: unknown): Network {
  const result = parseNetwork(input);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  return result.value;
}

describe('network figures on networks worked by hand', () => {
  it('a two-node loop feeding a third node: FCI = 0.25', () => {
    // outside → A 100; A → B 150; B → A 50; B → C 100; C → outside 100.
    // T_A = max(100 + 50, 150) = 150, T_B = max(150, 50 + 100) = 150, T_C = 100; TST = 400.
    // P_AB = 150/150 = 1, P_BA = 50/150 = 1/3, P_BC = 100/150 = 2/3. Components {A, B} and {C}.
    // On {A, B}: I − P = [[1, −1], [−1/3, 1]], det = 2/3, N = [[3/2, 3/2], [1/2, 3/2]],
    // so N_AA = N_BB = 3/2 and (N_ii − 1)/N_ii = 1/3 each; C is on no cycle (N_CC = 1).
    // Cycled throughflow = 150/3 + 150/3 = 100; FCI = 100 / 400 = 0.25.
    const figures = networkFigures(
      parsed({
        nodes: [
          { id: 'A', type: 'manufacturer' },
          { id: 'B', type: 'utilizer' },
          { id: 'C', type: 'utilizer' },
        ],
        flows: [
          { from: null, to: 'A', tonnes: 100 },
          { from: 'A', to: 'B', tonnes: 150 },
          { from: 'B', to: 'A', tonnes: 50 },
          { from: 'B', to: 'C', tonnes: 100 },
          { from: 'C', to: null, tonnes: 100 },
        ],
      }),
    );
    expect(figures.finnCyclingIndex).toBeCloseTo(0.25, 12);
    expect(figures.finnCyclingIndexStatus).toBe('computed');
    expect(figures.totalSystemThroughflow).toBe(400);
    // Links A→B, B→A, B→C: L = 3, n = 3: connectance 3 / 6, density 1.
    expect(figures.links).toBe(3);
    expect(figures.connectance).toBe(0.5);
    expect(figures.linkDensity).toBe(1);
    expect(figures.cycles).toEqual({ count: 1, truncated: false });
    // A exchanges 150 + 50 = 200 t with B of its 150 in + 150 out: share 2/3.
    expect(figures.perNode.A).toEqual({ in: 150, out: 150, degree: 1, largestPartnerShare: 200 / 300 });
    // B: 200 t with A, 100 t with C, of 150 + 150.
    expect(figures.perNode.B).toEqual({ in: 150, out: 150, degree: 2, largestPartnerShare: 200 / 300 });
    expect(figures.perNode.C).toEqual({ in: 100, out: 100, degree: 1, largestPartnerShare: 0.5 });
  });

  it('a three-firm ring, a self-loop, repeated pairs and a zero flow: FCI = 33/305', () => {
    // outside → A 90; A → B 60 + 40 (one pair: 100); B → C 80; B → D 20; C → A 10; C → outside 70;
    // D → D 5 (on-site reuse); D → outside 20; C → D 0 (no link).
    // T_A = max(90 + 10, 100) = 100, T_B = 100, T_C = 80, T_D = max(20 + 5, 5 + 20) = 25; TST = 305.
    // Component {A, B, C} is one simple cycle with weight P_AB·P_BC·P_CA = 1 · 0.8 · 0.125 = 0.1,
    // so every closed walk from a node on it is k turns of the ring: N_ii = 1/(1 − 0.1) and
    // (N_ii − 1)/N_ii = 0.1: cycled 0.1 · (100 + 100 + 80) = 28.
    // D alone with its self-loop: P_DD = 5/25 = 0.2, N_DD = 1/0.8, (N_DD − 1)/N_DD = 0.2: cycled 5.
    // FCI = (28 + 5) / 305.
    const figures = networkFigures(
      parsed({
        nodes: [
          { id: 'A', type: 'manufacturer' },
          { id: 'B', type: 'manufacturer' },
          { id: 'C', type: 'utilizer' },
          { id: 'D', type: 'utilizer' },
        ],
        flows: [
          { from: null, to: 'A', tonnes: 90 },
          { from: 'A', to: 'B', tonnes: 60 },
          { from: 'A', to: 'B', tonnes: 40 },
          { from: 'B', to: 'C', tonnes: 80 },
          { from: 'B', to: 'D', tonnes: 20 },
          { from: 'C', to: 'A', tonnes: 10 },
          { from: 'C', to: null, tonnes: 70 },
          { from: 'D', to: 'D', tonnes: 5 },
          { from: 'D', to: null, tonnes: 20 },
          { from: 'C', to: 'D', tonnes: 0 },
        ],
      }),
    );
    expect(figures.finnCyclingIndex).toBeCloseTo(33 / 305, 12);
    expect(figures.totalSystemThroughflow).toBe(305);
    // Links A→B, B→C, B→D, C→A (the self-loop and the zero flow are not links): 4 of 4·3.
    expect(figures.links).toBe(4);
    expect(figures.connectance).toBeCloseTo(1 / 3, 15);
    expect(figures.linkDensity).toBe(1);
    expect(figures.cycles).toEqual({ count: 1, truncated: false });
    expect(figures.perNode.D).toEqual({ in: 25, out: 25, degree: 1, largestPartnerShare: 20 / 50 });
    expect(figures.perNode.B).toEqual({ in: 100, out: 100, degree: 3, largestPartnerShare: 0.5 });
    expect(figures.perNode.C).toEqual({ in: 80, out: 80, degree: 2, largestPartnerShare: 0.5 });
  });

  it('a loop that loses nothing makes I − P singular: FCI null', () => {
    const figures = networkFigures(
      parsed({
        nodes: [
          { id: 'A', type: 'manufacturer' },
          { id: 'B', type: 'utilizer' },
        ],
        flows: [
          { from: 'A', to: 'B', tonnes: 10 },
          { from: 'B', to: 'A', tonnes: 10 },
        ],
      }),
    );
    expect(figures.finnCyclingIndex).toBeNull();
    expect(figures.finnCyclingIndexStatus).toBe('singular');
    expect(figures.cycles.count).toBe(1);
  });

  it('a firm that only reuses its own residue is a closed loop; a component past the size limit is not inverted', () => {
    // D → D 5 and nothing else: T_D = 5, P_DD = 1, I − P = 0.
    const closed = networkFigures(parsed({ nodes: [{ id: 'D', type: 'utilizer' }], flows: [{ from: 'D', to: 'D', tonnes: 5 }] }));
    expect([closed.finnCyclingIndex, closed.finnCyclingIndexStatus]).toEqual([null, 'singular']);
    const ring = parsed({
      nodes: ['A', 'B', 'C'].map((id) => ({ id, type: 'firm' })),
      flows: [
        { from: null, to: 'A', tonnes: 10 },
        { from: 'A', to: 'B', tonnes: 10 },
        { from: 'B', to: 'C', tonnes: 10 },
        { from: 'C', to: 'A', tonnes: 5 },
        { from: 'C', to: null, tonnes: 5 },
      ],
    });
    // Past the dense size the iterative method gives the same index; past its work budget, none.
    expect(networkFigures(ring, { denseMax: 2 }).finnCyclingIndex).toBeCloseTo(1 / 3, 9);
    expect(networkFigures(ring, { denseMax: 2, maxIterativeWork: 10 }).finnCyclingIndexStatus).toBe('component-too-large');
    // Under the limit: T_A = max(10 + 5, 10) = 15, T_B = T_C = 10; ring weight
    // P_AB·P_BC·P_CA = (10/15) · 1 · (5/10) = 1/3, so each node cycles a third of its throughflow.
    expect(networkFigures(ring).finnCyclingIndex).toBeCloseTo(1 / 3, 12);
  });

  it('Finn over a component past the dense size: a ring of 1 100 firms, solved iteratively', () => {
    // The three-firm ring above stretched: outside → F0 10 t, F_k → F_k+1 10 t, the last sends
    // 5 t back to F0 and 5 t out. T_0 = 15, the others 10; the ring's weight is
    // (10/15) · 1 ⋯ 1 · (5/10) = 1/3, so N_ii = 3/2 and every node cycles a third.
    const n = 1100;
    const ids = Array.from({ length: n }, (_, k) => `F${k}`);
    const flows = [{ from: null, to: 'F0', tonnes: 10 }, ...ids.slice(0, -1).map((id, k) => ({ from: id, to: ids[k + 1]!, tonnes: 10 })), { from: ids[n - 1]!, to: 'F0', tonnes: 5 }, { from: ids[n - 1]!, to: null, tonnes: 5 }];
    const figures = networkFigures(parsed({ nodes: ids.map((id) => ({ id, type: 'firm' })), flows }));
    expect(figures.finnCyclingIndexStatus).toBe('computed');
    expect(figures.finnCyclingIndex).toBeCloseTo(1 / 3, 9);
    expect(figures.cycles).toEqual({ count: 1, truncated: false });
  });

  it('an empty park and a park without flows', () => {
    const empty = networkFigures(parsed({ nodes: [], flows: [] }));
    expect(empty).toMatchObject({ nodes: 0, links: 0, connectance: null, linkDensity: null, finnCyclingIndex: null, finnCyclingIndexStatus: 'no-throughflow', totalSystemThroughflow: 0 });
    const lone = networkFigures(parsed({ nodes: [{ id: 'A', type: 'manufacturer' }], flows: [] }));
    expect(lone.connectance).toBeNull();
    expect(lone.linkDensity).toBe(0);
    expect(lone.perNode.A).toEqual({ in: 0, out: 0, degree: 0, largestPartnerShare: 0 });
  });

  it('counts every elementary cycle of a complete digraph, and stops at the cap', () => {
    // K4 has C(4,2)·1 + C(4,3)·2 + C(4,4)·3! = 6 + 8 + 6 = 20 elementary cycles.
    const k = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => j).filter((j) => j !== i));
    expect(countElementaryCycles(k(4))).toEqual({ count: 20, truncated: false });
    // K7: Σ_{m=2..7} C(7,m)·(m−1)! = 21 + 70 + 210 + 504 + 840 + 720 = 2365.
    expect(countElementaryCycles(k(7))).toEqual({ count: 2365, truncated: false });
    expect(countElementaryCycles(k(9), 10_000)).toEqual({ count: 10_000, truncated: true });
  });

  it('an id that is a property of Object.prototype stays a plain key', () => {
    const figures = networkFigures(parsed({ nodes: [{ id: '__proto__', type: 'x' }], flows: [{ from: null, to: '__proto__', tonnes: 3 }] }));
    expect(Object.keys(figures.perNode)).toEqual(['__proto__']);
    expect(JSON.parse(JSON.stringify(figures.perNode))).toEqual({ ['__proto__']: { in: 3, out: 0, degree: 0, largestPartnerShare: 0 } });
  });
});

describe('validation names the row', () => {
  it('reports every error with its row and field', () => {
    const result = parseNetwork({
      nodes: [
        { id: 'A', type: 'manufacturer' },
        { id: 'A', type: 'utilizer' },
      ],
      flows: [
        { from: 'A', to: 'X', tonnes: 1 },
        { from: null, to: null, tonnes: 1 },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'nodes[1].id', message: 'duplicate id "A" (also nodes[0])' },
      { field: 'flows[0].to', message: 'unknown node "X"' },
      { field: 'flows[1]', message: 'from and to are both null (outside): a flow needs one end inside the park' },
    ]);
  });

  it('refuses negative, non-finite and mistyped tonnes and unknown fields', () => {
    const result = parseNetwork({ nodes: [{ id: 'A', type: 't' }], flows: [{ from: 'A', to: null, tonnes: -1 }, { from: 'A', to: null, tonnes: '5' }, { from: 'A', to: null, tonne: 5 }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['flows[0].tonnes', 'flows[1].tonnes', 'flows[2].tonnes', 'flows[2]']);
  });
});

describe('outlets and the disposal mix', () => {
  it('counts tonnes to inside users as local outlets, not those to a landfill or the outside', () => {
    const outlets = outletFigures(
      parsed({
        nodes: [
          { id: 'M', type: 'manufacturer' },
          { id: 'U', type: 'utilizer' },
          { id: 'L', type: 'landfill' },
        ],
        flows: [
          { from: null, to: 'M', tonnes: 500 },
          { from: 'M', to: 'U', tonnes: 60, kind: 'utilisation' },
          { from: 'M', to: 'L', tonnes: 30, kind: 'landfill' },
          { from: 'M', to: null, tonnes: 10, kind: 'incineration' },
          { from: 'M', to: 'M', tonnes: 20, kind: 'utilisation' },
          { from: 'U', to: null, tonnes: 40 },
        ],
      }),
    );
    // From inside nodes: 60 + 30 + 10 + 20 + 40 = 160 t; local outlets U 60 and M's own reuse 20.
    expect(outlets.byproductTonnes).toBe(160);
    expect(outlets.localOutletTonnes).toBe(80);
    expect(outlets.localOutletShare).toBe(0.5);
    expect(outlets.disposalMix).toEqual([
      { kind: 'utilisation', tonnes: 80, share: 0.5 },
      { kind: 'unspecified', tonnes: 40, share: 0.25 },
      { kind: 'landfill', tonnes: 30, share: 0.1875 },
      { kind: 'incineration', tonnes: 10, share: 0.0625 },
    ]);
  });
});

/** A small random network: up to 7 nodes, flows among them and the outside, integer tonnes. */
const smallNetwork = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc
    .array(
      fc.record({
        from: fc.option(fc.integer({ min: 0, max: n - 1 }), { freq: 4 }),
        to: fc.option(fc.integer({ min: 0, max: n - 1 }), { freq: 4 }),
        tonnes: fc.integer({ min: 0, max: 1000 }),
      }),
      { maxLength: 30 },
    )
    .map((rows) => ({
      nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: 'firm' })),
      flows: rows.filter((r) => r.from !== null || r.to !== null).map((r) => ({ from: r.from === null ? null : `n${r.from}`, to: r.to === null ? null : `n${r.to}`, tonnes: r.tonnes })),
    })),
);

/** FCI straight from its definition: one inverse of the whole I − P, no components. */
function denseFci(network: Network): number | null {
  const compiled = compileNetwork(network);
  const { throughflow } = nodeThroughflows(compiled);
  const active = [...throughflow.keys()].filter((i) => throughflow[i]! > 0);
  if (active.length === 0) return null;
  const pos = new Map(active.map((i, k) => [i, k]));
  const m = Matrix.eye(active.length, active.length);
  for (let a = 0; a < compiled.arcFrom.length; a++) {
    const i = pos.get(compiled.arcFrom[a]!)!;
    const j = pos.get(compiled.arcTo[a]!)!;
    m.set(i, j, m.get(i, j) - compiled.arcTonnes[a]! / throughflow[compiled.arcFrom[a]!]!);
  }
  const nInv = inverse(m);
  let cycled = 0;
  let total = 0;
  active.forEach((i, k) => {
    cycled += ((nInv.get(k, k) - 1) / nInv.get(k, k)) * throughflow[i]!;
    total += throughflow[i]!;
  });
  return cycled / total;
}

/** Every elementary cycle by brute force: paths from each cycle's smallest node. */
function bruteForceCycles(network: Network): number {
  const compiled = compileNetwork(network);
  const n = compiled.ids.length;
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (let a = 0; a < compiled.arcFrom.length; a++) if (compiled.arcFrom[a] !== compiled.arcTo[a]) succ[compiled.arcFrom[a]!]!.push(compiled.arcTo[a]!);
  let count = 0;
  const walk = (start: number, v: number, seen: Set<number>): void => {
    for (const w of succ[v]!) {
      if (w === start && seen.size >= 2) count += 1;
      else if (w > start && !seen.has(w)) {
        seen.add(w);
        walk(start, w, seen);
        seen.delete(w);
      }
    }
  };
  for (let s = 0; s < n; s++) walk(s, s, new Set([s]));
  return count;
}

describe('network figure invariants (property tests)', () => {
  it('FCI per component equals FCI from the whole inverse, and lies in [0, 1]', () => {
    fc.assert(
      fc.property(smallNetwork, (input) => {
        const network = parsed(input);
        const figures = networkFigures(network);
        if (figures.finnCyclingIndexStatus !== 'computed') return;
        expect(figures.finnCyclingIndex!).toBeGreaterThanOrEqual(-1e-12);
        expect(figures.finnCyclingIndex!).toBeLessThanOrEqual(1 + 1e-12);
        expect(figures.finnCyclingIndex!).toBeCloseTo(denseFci(network)!, 9);
        // The iterative method (every component of two or more nodes) agrees with the LU.
        const iterative = networkFigures(network, { denseMax: 1 });
        expect(iterative.finnCyclingIndexStatus).toBe('computed');
        expect(iterative.finnCyclingIndex!).toBeCloseTo(figures.finnCyclingIndex!, 8);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it("Johnson's count equals a brute-force enumeration", () => {
    fc.assert(
      fc.property(smallNetwork, (input) => {
        const network = parsed(input);
        expect(networkFigures(network).cycles).toEqual({ count: bruteForceCycles(network), truncated: false });
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it('bounds and balances: connectance in [0, 1], degree < n, shares in [0, 1], tonnes conserved', () => {
    fc.assert(
      fc.property(smallNetwork, (input) => {
        const network = parsed(input);
        const f = networkFigures(network);
        const n = network.nodes.length;
        if (f.connectance !== null) expect(f.connectance).toBeLessThanOrEqual(1);
        const fromOutside = network.flows.filter((r) => r.from === null).reduce((s, r) => s + r.tonnes, 0);
        const toOutside = network.flows.filter((r) => r.to === null).reduce((s, r) => s + r.tonnes, 0);
        let inSum = 0;
        let outSum = 0;
        for (const node of Object.values(f.perNode)) {
          expect(node.degree).toBeLessThan(n);
          expect(node.largestPartnerShare).toBeGreaterThanOrEqual(0);
          expect(node.largestPartnerShare).toBeLessThanOrEqual(1);
          inSum += node.in;
          outSum += node.out;
        }
        // Inside flows are counted once as someone's in and once as someone's out.
        expect(inSum - fromOutside).toBeCloseTo(outSum - toOutside, 9);
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('does not depend on the order of rows, on splitting a row, or on the unit', () => {
    fc.assert(
      fc.property(smallNetwork, fc.integer({ min: 1, max: 1000 }), (input, seed) => {
        const base = networkFigures(parsed(input));
        const shuffled = [...input.flows].sort((a, b) => ((a.tonnes * 7919 + seed) % 101) - ((b.tonnes * 7919 + seed) % 101));
        const split = shuffled.flatMap((r) => [{ ...r, tonnes: r.tonnes / 4 }, { ...r, tonnes: (3 * r.tonnes) / 4 }]);
        const reordered = networkFigures(parsed({ nodes: [...input.nodes].reverse(), flows: split }));
        const scaled = networkFigures(parsed({ nodes: input.nodes, flows: input.flows.map((r) => ({ ...r, tonnes: r.tonnes * 1000 })) }));
        for (const other of [reordered, scaled]) {
          expect(other.links).toBe(base.links);
          expect(other.cycles).toEqual(base.cycles);
          expect(other.finnCyclingIndexStatus).toBe(base.finnCyclingIndexStatus);
          if (base.finnCyclingIndex !== null) expect(other.finnCyclingIndex!).toBeCloseTo(base.finnCyclingIndex, 9);
          for (const [id, node] of Object.entries(base.perNode)) {
            expect(other.perNode[id]!.degree).toBe(node.degree);
            expect(other.perNode[id]!.largestPartnerShare).toBeCloseTo(node.largestPartnerShare, 9);
          }
        }
        expect(reordered.totalSystemThroughflow).toBeCloseTo(base.totalSystemThroughflow, 6);
        expect(scaled.totalSystemThroughflow).toBeCloseTo(base.totalSystemThroughflow * 1000, 3);
      }),
      { numRuns: 200, seed: 17 },
    );
  });
});
