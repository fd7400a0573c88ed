/**
 * "Firm stops" cascades (issue 14, seed 004 mechanism 2: risk prevention). Some firms stop in
 * year 0 (chosen, or halted by a shock); each year, every firm that stopped the year before
 * takes its flows with it:
 * - an upstream partner (it sent tonnes to the stopped firm) loses an outlet: those tonnes go to
 *   disposal at the stream's current handling cost;
 * - a downstream partner (it received tonnes) loses an input: tonnes to replace.
 * A running firm whose lost inputs exceed its threshold share of all its inputs (outside
 * included; 50 % by default) stops the next year. Only lost inputs propagate a stop: losing an
 * outlet costs money but does not halt production. The cascade ends in the first year in which
 * nobody new stops. The figures are then counted once over the final set of stopped firms, so a
 * flow between two stopped firms is neither displaced nor disposed of.
 */
import { type CascadeNetwork, type CascadeShock, cascadeShockSchema, DEFAULT_STOP_THRESHOLD } from './cascade-input';

/** Adjacency of a cascade network in compressed rows; built once, shared by many runs. */
export interface CompiledCascade {
  ids: string[];
  index: Map<string, number>;
  threshold: Float64Array;
  /** All inputs of each firm, outside included (tonnes per year). */
  totalInput: Float64Array;
  /** Outgoing arcs to other inside firms: outStart[i] … outStart[i + 1] − 1. */
  outStart: Int32Array;
  outTo: Int32Array;
  outTonnes: Float64Array;
  outRow: Int32Array;
  /** Incoming arcs from other inside firms, with the sender's handling cost. */
  inStart: Int32Array;
  inFrom: Int32Array;
  inTonnes: Float64Array;
  inCost: Float64Array;
  inRow: Int32Array;
}

function csr(n: number, keys: Int32Array): Int32Array {
  const start = new Int32Array(n + 1);
  for (const k of keys) start[k + 1]! += 1;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  return start;
}

/** Input must be parsed (`parseCascadeNetwork`): ids unique and known. */
export function compileCascade(network: CascadeNetwork): CompiledCascade {
  const n = network.firms.length;
  const index = new Map<string, number>();
  network.firms.forEach((firm, i) => index.set(firm.id, i));
  const threshold = Float64Array.from(network.firms, (firm) => firm.threshold ?? DEFAULT_STOP_THRESHOLD);
  const totalInput = new Float64Array(n);
  const rows: number[] = [];
  for (let r = 0; r < network.flows.length; r++) {
    const flow = network.flows[r]!;
    if (!(flow.tonnes > 0) || flow.to === null) continue;
    const to = index.get(flow.to)!;
    totalInput[to]! += flow.tonnes;
    if (flow.from !== null && flow.from !== flow.to) rows.push(r);
  }
  const m = rows.length;
  const from = Int32Array.from(rows, (r) => index.get(network.flows[r]!.from!)!);
  const to = Int32Array.from(rows, (r) => index.get(network.flows[r]!.to!)!);
  const outStart = csr(n, from);
  const inStart = csr(n, to);
  const outFill = outStart.slice(0, n);
  const inFill = inStart.slice(0, n);
  const outTo = new Int32Array(m);
  const outTonnes = new Float64Array(m);
  const outRow = new Int32Array(m);
  const inFrom = new Int32Array(m);
  const inTonnes = new Float64Array(m);
  const inCost = new Float64Array(m);
  const inRow = new Int32Array(m);
  for (let a = 0; a < m; a++) {
    const flow = network.flows[rows[a]!]!;
    const o = outFill[from[a]!]!++;
    outTo[o] = to[a]!;
    outTonnes[o] = flow.tonnes;
    outRow[o] = rows[a]!;
    const p = inFill[to[a]!]!++;
    inFrom[p] = from[a]!;
    inTonnes[p] = flow.tonnes;
    inCost[p] = flow.handlingCostPerTonne;
    inRow[p] = rows[a]!;
  }
  return { ids: network.firms.map((f) => f.id), index, threshold, totalInput, outStart, outTo, outTonnes, outRow, inStart, inFrom, inTonnes, inCost, inRow };
}

/** What one run leaves in the runner's arrays until the next run resets them. */
export interface CascadeRun {
  /** Stopped firms in the order they stopped, and the year each stopped. */
  stopped: number[];
  years: number[];
  /** Running firms that lost an outlet or an input. */
  affected: number[];
  displacedTonnes: number;
  extraDisposalCost: number;
}

/**
 * Reusable state for many cascades over one network (criticality runs one per firm): arrays are
 * allocated once and only the entries a run touched are cleared, so a run costs the flows of
 * the firms it stops, not the size of the network.
 */
export class CascadeRunner {
  readonly stoppedFlag: Uint8Array;
  readonly lostInput: Float64Array;
  readonly lostOutlet: Float64Array;
  readonly extraCost: Float64Array;
  private readonly touched: number[] = [];
  private readonly touchedFlag: Uint8Array;

  constructor(readonly network: CompiledCascade) {
    const n = network.ids.length;
    this.stoppedFlag = new Uint8Array(n);
    this.lostInput = new Float64Array(n);
    this.lostOutlet = new Float64Array(n);
    this.extraCost = new Float64Array(n);
    this.touchedFlag = new Uint8Array(n);
  }

  private touch(i: number): void {
    if (this.touchedFlag[i] === 0) {
      this.touchedFlag[i] = 1;
      this.touched.push(i);
    }
  }

  private exceeds(i: number): boolean {
    return this.lostInput[i]! > this.network.threshold[i]! * this.network.totalInput[i]!;
  }

  run(stop: readonly number[], inputLoss: readonly (readonly [number, number])[] = []): CascadeRun {
    this.reset();
    const g = this.network;
    const stopped: number[] = [];
    const years: number[] = [];
    const halt = (i: number, year: number): void => {
      this.stoppedFlag[i] = 1;
      this.touch(i);
      stopped.push(i);
      years.push(year);
    };
    for (const [i, tonnes] of inputLoss) {
      this.lostInput[i]! += tonnes;
      this.touch(i);
    }
    for (const i of stop) if (this.stoppedFlag[i] === 0) halt(i, 0);
    for (const [i] of inputLoss) if (this.stoppedFlag[i] === 0 && this.exceeds(i)) halt(i, 0);

    let from = 0;
    for (let year = 1; from < stopped.length; year++) {
      const until = stopped.length;
      for (let k = from; k < until; k++) {
        const s = stopped[k]!;
        for (let a = g.outStart[s]!; a < g.outStart[s + 1]!; a++) {
          const d = g.outTo[a]!;
          if (this.stoppedFlag[d] === 1) continue;
          this.lostInput[d]! += g.outTonnes[a]!;
          this.touch(d);
        }
      }
      // Decided after the whole year's losses are in, so the order within a year does not matter.
      for (let k = from; k < until; k++) {
        const s = stopped[k]!;
        for (let a = g.outStart[s]!; a < g.outStart[s + 1]!; a++) {
          const d = g.outTo[a]!;
          if (this.stoppedFlag[d] === 0 && this.exceeds(d)) halt(d, year);
        }
      }
      from = until;
    }

    // A firm still running at the end ran all along, so it received the lost input of every
    // stopped partner above exactly once. Lost outlets are counted now, over the final set:
    // tonnes sent to a firm that stopped later are lost too, those of a sender that stopped are not.
    let displacedTonnes = 0;
    let extraDisposalCost = 0;
    for (const s of stopped) {
      for (let a = g.inStart[s]!; a < g.inStart[s + 1]!; a++) {
        const u = g.inFrom[a]!;
        if (this.stoppedFlag[u] === 1) continue;
        this.lostOutlet[u]! += g.inTonnes[a]!;
        this.extraCost[u]! += g.inTonnes[a]! * g.inCost[a]!;
        this.touch(u);
      }
    }
    const affected: number[] = [];
    for (const i of this.touched) {
      if (this.stoppedFlag[i] === 1 || (this.lostInput[i] === 0 && this.lostOutlet[i] === 0)) continue;
      affected.push(i);
      displacedTonnes += this.lostInput[i]! + this.lostOutlet[i]!;
      extraDisposalCost += this.extraCost[i]!;
    }
    return { stopped, years, affected, displacedTonnes, extraDisposalCost };
  }

  private reset(): void {
    for (const i of this.touched) {
      this.stoppedFlag[i] = 0;
      this.lostInput[i] = 0;
      this.lostOutlet[i] = 0;
      this.extraCost[i] = 0;
      this.touchedFlag[i] = 0;
    }
    this.touched.length = 0;
  }
}

export interface AffectedFirm {
  firm: string;
  lostOutletT: number;
  lostInputT: number;
  /** lostInputT ÷ all the firm's inputs (null when it has none). */
  lostInputShare: number | null;
  extraDisposalCost: number;
}

/** A flow cut by the cascade: one end stopped, the other running. */
export interface BrokenFlow {
  /** Row of the flow in the input. */
  row: number;
  from: string;
  to: string;
  tonnes: number;
  stream: string | null;
  /** `outlet`: the sender runs and must dispose of the tonnes; `input`: the receiver runs and must replace them. */
  lost: 'outlet' | 'input';
}

export interface CascadeResult {
  stopped: string[];
  /** Firms by the year they stopped (year 0: chosen or shocked). */
  years: { year: number; firms: string[] }[];
  displacedTonnes: number;
  extraDisposalCost: number;
  affected: AffectedFirm[];
  brokenFlows: BrokenFlow[];
}

/** One cascade. Unknown firm ids in the shock are an error (the module validates them first). */
export function cascade(network: CascadeNetwork, shock: CascadeShock): CascadeResult {
  return cascadeOn(new CascadeRunner(compileCascade(network)), network, shock);
}

/** One cascade on a runner built once (the module keeps one per park while the user explores). */
export function cascadeOn(runner: CascadeRunner, network: CascadeNetwork, shockInput: CascadeShock): CascadeResult {
  const g = runner.network;
  const shock = cascadeShockSchema.parse(shockInput);
  const indexOf = (id: string): number => {
    const i = g.index.get(id);
    if (i === undefined) throw new RangeError(`unknown firm "${id}"`);
    return i;
  };
  const run = runner.run(
    shock.stop.map(indexOf),
    shock.inputLoss.map((loss) => [indexOf(loss.firm), loss.tonnes] as const),
  );
  const years: CascadeResult['years'] = [];
  run.stopped.forEach((i, k) => {
    const year = run.years[k]!;
    if (years.at(-1)?.year !== year) years.push({ year, firms: [] });
    years.at(-1)!.firms.push(g.ids[i]!);
  });
  const affected = run.affected
    .map((i) => ({
      firm: g.ids[i]!,
      lostOutletT: runner.lostOutlet[i]!,
      lostInputT: runner.lostInput[i]!,
      lostInputShare: g.totalInput[i]! > 0 ? runner.lostInput[i]! / g.totalInput[i]! : null,
      extraDisposalCost: runner.extraCost[i]!,
    }))
    .sort((a, b) => b.lostOutletT + b.lostInputT - (a.lostOutletT + a.lostInputT) || (a.firm < b.firm ? -1 : 1));
  const brokenFlows: BrokenFlow[] = [];
  for (const s of run.stopped) {
    for (let a = g.outStart[s]!; a < g.outStart[s + 1]!; a++) {
      if (runner.stoppedFlag[g.outTo[a]!] === 0) brokenFlows.push(broken(network, g.outRow[a]!, 'input'));
    }
    for (let a = g.inStart[s]!; a < g.inStart[s + 1]!; a++) {
      if (runner.stoppedFlag[g.inFrom[a]!] === 0) brokenFlows.push(broken(network, g.inRow[a]!, 'outlet'));
    }
  }
  brokenFlows.sort((a, b) => a.row - b.row);
  return { stopped: run.stopped.map((i) => g.ids[i]!), years, displacedTonnes: run.displacedTonnes, extraDisposalCost: run.extraDisposalCost, affected, brokenFlows };
}

function broken(network: CascadeNetwork, row: number, lost: BrokenFlow['lost']): BrokenFlow {
  const flow = network.flows[row]!;
  return { row, from: flow.from!, to: flow.to!, tonnes: flow.tonnes, stream: flow.stream ?? null, lost };
}
