/**
 * Issue 5 link: a firm's reconciled material balance next to its declared by-product figures.
 * Pure: the caller passes the balance outflows (from the balance module) and the declared tonnes.
 */

export interface BalanceOutflowInput {
  kind: 'byproduct' | 'loss';
  tonnes: number | null;
  sdTonnes: number | null;
}

export interface OutflowTotal {
  tonnes: number | null;
  sdTonnes: number | null;
  flows: number;
}

export type BalanceComparisonReason = 'period-nominal' | 'period-mismatch' | 'no-byproduct-flows' | 'undetermined';

export interface BalanceComparison {
  declaredT: number;
  balanceT: number;
  sdT: number;
  /** declared − balance */
  differenceT: number;
  withinTwoSd: boolean;
}

/**
 * Sum of the outflows of one kind. The standard deviation is the root sum of squares, which
 * ignores the covariances reconciliation introduces between flows: an approximation the
 * balance module's outflow list does not let us avoid (it gives no covariances). A total is null
 * when any of its flows is not determined: a partial sum would understate the outflow.
 */
export function outflowTotal(outflows: readonly BalanceOutflowInput[], kind: BalanceOutflowInput['kind']): OutflowTotal {
  const of = outflows.filter((o) => o.kind === kind);
  if (of.length === 0) return { tonnes: null, sdTonnes: null, flows: 0 };
  if (of.some((o) => o.tonnes === null || o.sdTonnes === null)) return { tonnes: null, sdTonnes: null, flows: of.length };
  return {
    tonnes: of.reduce((s, o) => s + o.tonnes!, 0),
    sdTonnes: Math.sqrt(of.reduce((s, o) => s + o.sdTonnes! ** 2, 0)),
    flows: of.length,
  };
}

/**
 * Declared by-product generation against the balance's by-product outflows, only when the
 * model's period is the requested one: a nominal period (one batch) or another period is not
 * scaled, because the number of batches in a month is not something the data tells us.
 */
export function compareWithBalance(
  declaredT: number,
  modelPeriod: string | null,
  requestedPeriod: string,
  byproducts: OutflowTotal,
): { comparison: BalanceComparison | null; reasonCode: BalanceComparisonReason | null } {
  if (modelPeriod === null) return { comparison: null, reasonCode: 'period-nominal' };
  if (modelPeriod !== requestedPeriod) return { comparison: null, reasonCode: 'period-mismatch' };
  if (byproducts.flows === 0) return { comparison: null, reasonCode: 'no-byproduct-flows' };
  if (byproducts.tonnes === null || byproducts.sdTonnes === null) return { comparison: null, reasonCode: 'undetermined' };
  const differenceT = declaredT - byproducts.tonnes;
  return {
    comparison: { declaredT, balanceT: byproducts.tonnes, sdT: byproducts.sdTonnes, differenceT, withinTwoSd: Math.abs(differenceT) <= 2 * byproducts.sdTonnes },
    reasonCode: null,
  };
}
