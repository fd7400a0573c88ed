export { reconcileBalance, validateBalanceModel, BalanceModelError } from './reconcile';
export type { ModelProblem } from './model';
export { generateBalanceModel, seededRandom, type GeneratedBalanceOptions } from './generate';
export { DEMO_GRANULE_LINE } from './demo';
export { chiSquareQuantile, chiSquareSurvival, normalQuantile, normalTwoSidedP } from './statistics';
export type {
  BalanceFlow,
  BalanceModel,
  BalanceProcess,
  BalanceRelation,
  ChiSquareTest,
  Contradiction,
  EqualRelation,
  Estimate,
  EstimateStatus,
  GrossErrorTest,
  LayerResult,
  NoteParams,
  ReconciliationWarning,
  QuantityInput,
  ReconcileOptions,
  ReconciliationResult,
  SubstanceLayer,
  TransferRelation,
} from './types';
