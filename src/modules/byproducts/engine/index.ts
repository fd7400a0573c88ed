/**
 * By-product engine (issue 4): taxonomy, stream parsing, classification, pathway knowledge base,
 * advisor (seven criteria + TOPSIS), cascade plans, seed 000 Table 1 check, circularity figures
 * and the demo data generator. Pure functions over plain data: no I/O.
 */
export * from './taxonomy';
export { CONSTITUENTS, findConstituent, constituentClass } from './constituents';
export type { ConstituentEntry } from './constituents';
export { HERBS, findHerb } from './herbs';
export type { HerbKnowledge, HerbClassRule } from './herbs';
export { parseStream, monthlyQuantities, assumedMoisture, dryTonnesPerYear } from './stream';
export { STREAM_LIMITS } from './limits';
export type { ByproductStream, StreamAssays, FieldError, ParseResult } from './stream';
export { classifyStream, deriveClasses, CLASS_THRESHOLDS, MIN_CLASS_SCORE } from './classify';
export type { ClassScore, Classification, ClassBasis } from './classify';
export {
  pathwaySchema,
  pathwayConditionsSchema,
  pathwayKnowledgeBaseSchema,
  validatePathway,
  validatePathwayKnowledgeBase,
  defaultPathwayKnowledgeBase,
  defaultPathways,
} from './pathway';
export type { Pathway, PathwayConditions, PathwayKnowledgeBase } from './pathway';
export {
  CRITERIA,
  CRITERION_IDS,
  PROCESS_PROFILE,
  PRODUCT_USE_SOCIAL_WEIGHT,
  DEFAULT_HANDLING_COST_PER_TONNE,
  CAPITAL_RECOVERY_FACTOR,
  DISCOUNT_RATE,
  CAPEX_LIFETIME_YEARS,
  checkConditions,
  evaluatePathway,
  capexPerTonneAtScale,
  currentHandlingCostPerTonne,
} from './criteria';
export type { CriterionId, CriterionInfo, ConditionFailure, Feasibility, PathwayEvaluation } from './criteria';
export { topsis, topsisNormalised, topsisFromNormalised, normaliseWeights } from './topsis';
export type { TopsisResult, CriterionDirection } from './topsis';
export { adviseStream, adviceOutput, parseWeights, sensitivityOfTopChoice, WEIGHT_PRESETS, WEIGHT_PRESET_IDS } from './advisor';
export type { Advice, AdviceOutput, AdviceOption, AdviseOptions, CriterionWeights, ExcludedPathway, SensitivityEntry, WeightPresetId } from './advisor';
export { planCascade, cascadeSankey, HARMLESS_TREATMENT_COST_PER_TONNE } from './cascade';
export type { CascadePlan, CascadeStep, CascadeOptions, MassBalance, SankeyData } from './cascade';
export { SEED_TABLE_1, TABLE1_LEVEL_ORDINAL, TABLE1_LEVEL_LABEL, modeProfiles, compareModesWithTable1, referenceStreamFor } from './modes';
export type { Table1Level, Table1Comparison, ModeProfile } from './modes';
export {
  EMISSION_FACTORS,
  landfillFactorPerWetTonne,
  dischargeFactorPerWetTonne,
  disposalFactorPerWetTonne,
  circularityFigures,
  monthlyCircularitySeries,
  generationBreakdown,
  periodContains,
  materialCircularityIndicator,
  firmMaterialCircularity,
  firmInputsForPeriod,
} from './circularity';
export type { StreamPeriodRecord, GenerationDimension, CircularityFigures, ScopeLevel, UtilisationMode, MciInputs, MciResult, FirmMciInputs, FirmMci, FirmMciReason, FirmMciAssumption } from './circularity';
export { generateDemoSet, seededRandom, DEFAULT_DEMO_MANUFACTURERS } from './demo';
export type { DemoSet, DemoStream, DemoManufacturer, DemoOptions } from './demo';
export { outflowTotal, compareWithBalance } from './balance-link';
export type { BalanceOutflowInput, OutflowTotal, BalanceComparison, BalanceComparisonReason } from './balance-link';
export { estimateMissingMonths, reportedRecord, accountedPlausible } from './estimate';
export type { EstimateInput, ReportedMonth } from './estimate';
