/** Public API of the credit-rating engine (pure functions, no I/O). The method: README.md. */
export { gradeFloors, gradeOfScore, gradeRank, grades, isGrade, worseGrade, type Grade } from './grades';
export {
  decayWeight,
  DEFAULT_RATING_POLICY,
  dimensions,
  rateParticipant,
  type Dimension,
  type DimensionFigure,
  type Rating,
  type RatingPolicy,
  type RatingReason,
  type RecordEntry,
} from './rating';
export {
  DEFAULT_FULFILMENT_RULES,
  fulfilmentRecord,
  manifestRecord,
  mergeRecords,
  type DeliveryFact,
  type FulfilmentRules,
  type ManifestFact,
} from './record';
