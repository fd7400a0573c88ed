export {
  DEFAULT_RESOURCE_CATALOGUE,
  MATERIAL_CATEGORIES,
  UNIT_FACTORS,
  catalogueIndex,
  kindAppliesTo,
  kindFor,
  unitConversionFactor,
  type MaterialCategory,
  type ResourceKind,
} from './catalogue';
export {
  AccountsDataError,
  decomposeProductivityChange,
  gdpAtConstantPrices,
  indicatorSeries,
  indicatorTable,
  materialIndicators,
  productivityChange,
  relativeChange,
  type IndicatorOptions,
  type YearOnYear,
} from './indicators';
export {
  productivityRoadmap,
  projectScenarios,
  requiredAnnualImprovement,
  type ProductivityRoadmap,
  type RoadmapRow,
  type ScenarioDefinition,
  type ScenarioProjection,
  type ScenarioYear,
} from './scenarios';
export {
  checkAccountsQuality,
  type FindingStatus,
  type MessageParams,
  type QualityFinding,
  type QualityMessageCode,
  type QualityOptions,
  type QualityReport,
  type QualityRule,
  type QualityScore,
  type RowReference,
  type Severity,
} from './quality';
export { PROVINCES_31, ZHEJIANG, ZHEJIANG_2010_2013, generateDemoAccounts, type DemoAccountsOptions } from './demo';
export type {
  AccountsDataSet,
  CategoryIndicators,
  EconomicAccountRow,
  MaterialAccountRow,
  MaterialIndicators,
  ProductivityChange,
  ProductivityDecomposition,
  TonnageBasis,
} from './types';
