/**
 * Criticality of every firm (what the park loses if it stops alone) and each firm's exposure to
 * the others stopping, for a park risk-sharing fund (seed 004 §2). One cascade per firm on one
 * compiled network and one reusable runner: the cost is the sum of the cascades, not n times
 * the network.
 */
import { CascadeRunner, compileCascade } from './cascade';
import type { CascadeNetwork } from './cascade-input';

export interface FirmCriticality {
  firm: string;
  /** 1-based, by displaced tonnes, then extra disposal cost, then id. */
  rank: number;
  /** Firms stopped in the cascade, the firm itself included. */
  stoppedFirms: number;
  displacedTonnes: number;
  extraDisposalCost: number;
}

export interface FirmExposure {
  firm: string;
  /** In how many of the other firms' single stops this firm stops too. */
  timesStopped: number;
  /** Largest single-scenario losses while running (tonnes per year, 元 per year). */
  worstLostOutletT: number;
  worstLostInputT: number;
  worstExtraDisposalCost: number;
  /** Sum over the scenarios "each other firm stops once", while running. */
  totalLostT: number;
  totalExtraDisposalCost: number;
  /** totalExtraDisposalCost ÷ the sum over all firms: one key for fund contributions; null when nobody bears a cost. */
  costShare: number | null;
}

export interface CriticalityResult {
  ranking: FirmCriticality[];
  exposure: FirmExposure[];
}

export function criticality(network: CascadeNetwork): CriticalityResult {
  const g = compileCascade(network);
  const runner = new CascadeRunner(g);
  const n = g.ids.length;
  const timesStopped = new Int32Array(n);
  const worstOutlet = new Float64Array(n);
  const worstInput = new Float64Array(n);
  const worstCost = new Float64Array(n);
  const totalLost = new Float64Array(n);
  const totalCost = new Float64Array(n);
  const ranking: Omit<FirmCriticality, 'rank'>[] = [];
  for (let f = 0; f < n; f++) {
    const run = runner.run([f]);
    ranking.push({ firm: g.ids[f]!, stoppedFirms: run.stopped.length, displacedTonnes: run.displacedTonnes, extraDisposalCost: run.extraDisposalCost });
    for (let k = 1; k < run.stopped.length; k++) timesStopped[run.stopped[k]!]! += 1;
    for (const i of run.affected) {
      const outlet = runner.lostOutlet[i]!;
      const input = runner.lostInput[i]!;
      const cost = runner.extraCost[i]!;
      if (outlet > worstOutlet[i]!) worstOutlet[i] = outlet;
      if (input > worstInput[i]!) worstInput[i] = input;
      if (cost > worstCost[i]!) worstCost[i] = cost;
      totalLost[i]! += outlet + input;
      totalCost[i]! += cost;
    }
  }
  ranking.sort((a, b) => b.displacedTonnes - a.displacedTonnes || b.extraDisposalCost - a.extraDisposalCost || (a.firm < b.firm ? -1 : 1));
  let costSum = 0;
  for (let i = 0; i < n; i++) costSum += totalCost[i]!;
  const exposure = g.ids.map((firm, i) => ({
    firm,
    timesStopped: timesStopped[i]!,
    worstLostOutletT: worstOutlet[i]!,
    worstLostInputT: worstInput[i]!,
    worstExtraDisposalCost: worstCost[i]!,
    totalLostT: totalLost[i]!,
    totalExtraDisposalCost: totalCost[i]!,
    costShare: costSum !== 0 ? totalCost[i]! / costSum : null,
  }));
  return { ranking: ranking.map((r, k) => ({ ...r, rank: k + 1 })), exposure };
}
