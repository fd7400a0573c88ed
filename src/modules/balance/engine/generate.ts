import type { BalanceFlow, BalanceModel, BalanceProcess, BalanceRelation } from './types';

/** Deterministic PRNG (mulberry32): generated models must be identical across runs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export interface GeneratedBalanceOptions {
  processes: number;
  flows: number;
  seed?: number;
  /** Share of flows left unknown. Default 0.08. */
  unknownShare?: number;
  /** Relative sd of measurements. Default 0.03. */
  relativeSd?: number;
  /** Number of measured transfer coefficients (make the problem nonlinear). Default processes/30. */
  transfers?: number;
  /** Add measurement noise drawn from the stated sd. Default true. */
  noise?: boolean;
}

/**
 * A synthetic park or plant network for tests and benchmarks: processes on a line, each flow
 * going a few positions downstream (some upstream: recycling loops), one boundary flow per
 * process closing its balance. Real material-flow networks are local like this (production
 * lines, neighbouring firms); the exact true values are returned for checking.
 */
export function generateBalanceModel(options: GeneratedBalanceOptions): {
  model: BalanceModel;
  truth: Record<string, number>;
} {
  const rand = seededRandom(options.seed ?? 1);
  const np = options.processes;
  const internal = Math.max(0, options.flows - np);
  const unknownShare = options.unknownShare ?? 0.08;
  const relSd = options.relativeSd ?? 0.03;
  const noise = options.noise ?? true;
  const processes: BalanceProcess[] = [];
  for (let i = 0; i < np; i++) processes.push({ id: `P${i}`, name: `process ${i}` });
  const truth: Record<string, number> = {};
  const net = new Float64Array(np);
  const edges: { id: string; from: number; to: number; value: number }[] = [];
  for (let k = 0; k < internal; k++) {
    if (np < 2) break;
    const from = Math.floor(rand() * np);
    const span = 1 + Math.floor(rand() * Math.min(6, np - 1));
    let to = rand() < 0.1 ? from - span : from + span;
    if (to < 0 || to >= np) to = from + span < np ? from + span : from - span;
    if (to < 0 || to >= np) to = from === 0 ? 1 : from - 1;
    const value = 10 + 90 * rand();
    const id = `F${k}`;
    edges.push({ id, from, to, value });
    net[to] = net[to]! + value;
    net[from] = net[from]! - value;
  }
  const flows: BalanceFlow[] = [];
  const measure = (id: string, from: string | null, to: string | null, value: number): BalanceFlow => {
    truth[id] = value;
    if (rand() < unknownShare) return { id, from, to };
    const sd = Math.max(relSd * value, 0.01);
    return { id, from, to, value: noise ? value + sd * gaussian(rand) : value, sd };
  };
  for (const e of edges) flows.push(measure(e.id, `P${e.from}`, `P${e.to}`, e.value));
  for (let i = 0; i < np; i++) {
    const n = net[i]!;
    // Inputs exceed outputs: the rest leaves the system (product, emission); otherwise it enters.
    if (n >= 0) flows.push(measure(`X${i}`, `P${i}`, null, n));
    else flows.push(measure(`M${i}`, null, `P${i}`, -n));
  }
  const relations: BalanceRelation[] = [];
  const transfers = options.transfers ?? Math.floor(np / 30);
  const outOf = new Map<number, string[]>();
  const inOf = new Map<number, string[]>();
  for (const f of flows) {
    if (f.from !== null) {
      const i = Number(f.from.slice(1));
      (outOf.get(i) ?? outOf.set(i, []).get(i)!).push(f.id);
    }
    if (f.to !== null) {
      const i = Number(f.to.slice(1));
      (inOf.get(i) ?? inOf.set(i, []).get(i)!).push(f.id);
    }
  }
  // Transfer coefficients on processes with several outputs, spread along the line. With a
  // single output the coefficient would be 1 by the balance itself: a degenerate relation.
  const step = Math.max(1, Math.floor(np / Math.max(1, transfers)));
  let owed = 0;
  for (let p = 0; p < np && relations.length < transfers; p++) {
    if (p % step === 0) owed++;
    const outs = outOf.get(p);
    const ins = inOf.get(p);
    if (owed === 0 || !outs || !ins || outs.length < 2) continue;
    const target = outs[0]!;
    const total = ins.reduce((s, id) => s + truth[id]!, 0);
    if (total <= 0) continue;
    const tc = truth[target]! / total;
    const sd = 0.02 * tc + 1e-6;
    owed--;
    relations.push({ id: `T${p}`, kind: 'transfer', flow: target, of: ins, value: noise ? tc + sd * gaussian(rand) : tc, sd });
  }
  return { model: { processes, flows, relations }, truth };
}
