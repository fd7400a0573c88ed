/**
 * Balance model and reconciliation result: the JSON contract of `herbloop balance reconcile`.
 *
 * A quantity (flow, stock change, transfer coefficient) is
 * - measured: `value` and `sd > 0` (or `sdRelative > 0`), adjusted by reconciliation;
 * - fixed: `value` without uncertainty, never adjusted;
 * - unknown: no `value`, computed from the balances when the model determines it.
 */

export interface BalanceProcess {
  id: string;
  name: string;
  /**
   * Change of stock over the balance period (inputs − outputs = stock change). Absent: the
   * process holds no stock, so inputs = outputs. `{}` declares an unknown stock change.
   */
  stock?: QuantityInput;
  /** false: no mass balance for this process (STAN's "Balancing" tick). Default true. */
  balanced?: boolean;
  /** Change of stock of a layer's substance, by layer id (same convention as `stock`). */
  layerStocks?: Record<string, QuantityInput>;
}

/**
 * A substance layer (dry matter, a marker constituent): every flow carries the substance at a
 * mass fraction (its concentration), and the substance is balanced per process like the goods.
 */
export interface SubstanceLayer {
  id: string;
  name: string;
  /** Processes whose substance balance does not hold (the substance is formed or destroyed). */
  unbalanced?: string[];
}

export interface QuantityInput {
  value?: number;
  /** Absolute standard uncertainty. */
  sd?: number;
  /** Relative standard uncertainty as a fraction of |value| (0.05 = 5 %). */
  sdRelative?: number;
}

export interface BalanceFlow extends QuantityInput {
  id: string;
  /** Process id, or null for the outside of the system boundary (an import). */
  from: string | null;
  /** Process id, or null for the outside (an export). */
  to: string | null;
  name?: string;
  /** Role of the flow outside the balance (by-product feed); the reconciliation ignores it. */
  kind?: 'product' | 'byproduct' | 'loss';
  /**
   * Mass fraction of each layer's substance in the flow (kg/kg), by layer id. Absent for a
   * layer: the concentration is unknown.
   */
  concentrations?: Record<string, QuantityInput>;
}

/** flow = value × Σ of — the transfer coefficient may itself be measured (sd) or unknown. */
export interface TransferRelation extends QuantityInput {
  id: string;
  kind: 'transfer';
  flow: string;
  of: string[];
}

/** flows[0] = factor × flows[1]; factor defaults to 1 and is exact. */
export interface EqualRelation {
  id: string;
  kind: 'equal';
  flows: [string, string];
  factor?: number;
}

export type BalanceRelation = TransferRelation | EqualRelation;

export interface BalanceModel {
  /** Mass unit of the values (default t); the reconciliation is unit-free. */
  unit?: 'kg' | 't';
  /** Balance period, YYYY-MM or YYYY. */
  period?: string;
  processes: BalanceProcess[];
  flows: BalanceFlow[];
  relations?: BalanceRelation[];
  /** Optional substance layers on top of the goods layer. */
  layers?: SubstanceLayer[];
}

export interface ReconcileOptions {
  /** Significance level of the chi-square and measurement tests. Default 0.05. */
  alpha?: number;
  /** Iteration limit of the linearisation loop. Default 50. */
  maxIterations?: number;
  /**
   * Change (relative to the largest mass; absolute for coefficients and fractions) below which
   * the linearisation has converged. Default 1e-10.
   */
  tolerance?: number;
  /** Skip standard deviations (faster for very large models). Default false. */
  skipUncertainty?: boolean;
  /** When the chi-square test fails, set suspects aside one by one. Default true. */
  serialElimination?: boolean;
  /** Most measurements serial elimination may set aside. Default 3. */
  maxGrossErrors?: number;
}

export type EstimateStatus = 'measured' | 'fixed' | 'computed' | 'undetermined';

export interface Estimate {
  /** null when the model does not determine the quantity. */
  value: number | null;
  sd: number | null;
  status: EstimateStatus;
  /** Measured quantities: the value before reconciliation. */
  measured?: number;
  measuredSd?: number;
}

export interface GrossErrorTest {
  /** Flow, relation or `stock:<processId>` id of the measurement. */
  id: string;
  measured: number;
  reconciled: number;
  adjustment: number;
  /** adjustment / sd(adjustment): standard normal when the measurement has no gross error. */
  normalizedAdjustment: number;
  /** Two-sided p-value of the measurement test. */
  pValue: number;
  /** |normalizedAdjustment| exceeds the Šidák-corrected critical value. */
  suspect: boolean;
}

export interface ChiSquareTest {
  /** Weighted sum of squared adjustments Σ ((m − x̂)/σ)². */
  statistic: number;
  degreesOfFreedom: number;
  critical: number;
  pValue: number;
  alpha: number;
  /** statistic ≤ critical: the adjustments are compatible with the stated uncertainties. */
  passed: boolean;
  /**
   * Whether anything could be tested: false with 0 degrees of freedom (no redundant measurement,
   * e.g. a new model with one measured flow per balance), where χ² = 0 says nothing and the
   * result must not be called "passed".
   */
  tested: boolean;
}

/** Values a coded message quotes (ids, numbers unformatted). */
export type NoteParams = Record<string, string | number>;

export interface Contradiction {
  /** Equations (process balances `balance:<id>`, relations `relation:<id>`) that conflict. */
  equations: string[];
  /** Signed violation of the combined equation by the fixed values. */
  residual: number;
  /**
   * Stable code: `violatedByFixed` (one equation broken by fixed values), `combinedViolatedByFixed`
   * (several combined), `inconsistentEquations` (no adjustment of the measurements satisfies them).
   */
  code: 'violatedByFixed' | 'combinedViolatedByFixed' | 'inconsistentEquations';
  params: NoteParams;
  /** The message in English. */
  message: string;
}

/** A warning of the reconciliation, with a stable code for translation and its English text. */
export interface ReconciliationWarning {
  code: 'notConverged' | 'equallySuspect' | 'negativeFlow' | 'chiSquareFailed';
  params: NoteParams;
  message: string;
}

export interface LayerResult {
  /** Substance flow = concentration × goods flow, by flow id. */
  flows: Record<string, Estimate>;
  concentrations: Record<string, Estimate>;
  stocks: Record<string, Estimate>;
}

export interface ReconciliationResult {
  flows: Record<string, Estimate>;
  relations: Record<string, Estimate>;
  stocks: Record<string, Estimate>;
  /** Results per substance layer id. */
  layers: Record<string, LayerResult>;
  /**
   * Unknown quantities the model does not determine: flow and relation ids, `stock:<process>`,
   * and for layers `<layer>:flow:<id>`, `<layer>:concentration:<id>`, `<layer>:stock:<process>`.
   */
  undetermined: string[];
  /** Measured quantities that no balance checks: they pass through unchanged. */
  nonRedundant: string[];
  /** Measurements whose test flags a probable gross error, most suspect first. */
  grossErrors: GrossErrorTest[];
  /** Every testable measurement, sorted by |normalizedAdjustment|, most suspect first. */
  measurementTests: GrossErrorTest[];
  chiSquare: ChiSquareTest;
  contradictions: Contradiction[];
  /**
   * Present when the chi-square test failed: the measurements set aside one by one (most
   * suspect first) and the test on the remaining data. If it passes, the removed readings are
   * the likely gross errors; the main results above still use every measurement.
   */
  serialElimination?: { removed: string[]; chiSquare: ChiSquareTest };
  iterations: number;
  converged: boolean;
  warnings: ReconciliationWarning[];
}
