/**
 * Public API of the manifests' side engines (issue 13): EPCIS 2.0 export and import, sensor
 * readings and route checks, the JT/T 808 adapter; load labels in `./label` (lazy). Pure functions over the
 * engines' own types (`interchange.ts`), no I/O. See README.md.
 */
export { custodySteps, type CustodyEvent, type CustodyStep, type GenealogyKind, type GenealogyLoad, type GenealogyOperation, type LineQuantity, type LineRefusal, type ManifestLine, type ManifestRecord, type Position } from './interchange';
export { gramsToTonnes, numberToGrams, tonnesToGrams } from './tonnes';
export { genealogyIssues, type GenealogyIssue } from './genealogy';
export { epcisIds, geoUri, parseGeoUri, HERBLOOP_EPCIS_NS, type EpcisIds, type ParsedEpc } from './epcis.ids';
export { stepInEpcis, stepOfObjectEvent, CLOSING_BIZSTEP } from './epcis.vocabulary';
export { EPCIS_CONTEXT, exportGenealogyEpcis, exportManifestEpcis, type EpcisDocument, type EpcisEvent, type EpcisExportOptions } from './epcis';
export { EPCIS_IMPORT_LIMITS } from './epcis.schema';
export { importEpcisDocument, type EpcisImportIssue, type EpcisImportOptions, type EpcisImportResult, type EpcisIssueCode, type ImportedCustodyEvent, type ImportedGenealogyOperation } from './epcis.import';
export {
  acceptGpsBatch,
  compareWeighbridge,
  overtime,
  DEFAULT_OVERTIME_RULE,
  DEFAULT_WEIGHT_TOLERANCE,
  SENSOR_LIMITS,
  type GpsReading,
  type Overtime,
  type OvertimeRule,
  type ReadingBatchResult,
  type ReadingIssue,
  type WeighbridgeReading,
  type WeightComparison,
  type WeightTolerance,
} from './sensors';
export { corridorDeviations, distanceToSegmentKm, longStops, outsideCorridorKm, type Corridor, type Deviation, type Stop, type TrackPoint } from './route';
export { buildFrame, Jt808Error, JT808_ALARMS, parseFrame, parseLocationBody, positionsFromFrame, type Jt808Alarm, type Jt808Frame, type Jt808Location, type Jt808Positions } from './jt808';
// The label (`./label`) loads pdfkit and qrcode: the module imports it lazily where a label is
// asked for, as the bulletins module does with its PDF, so that start-up stays light.
export { hazardCharacteristics, labelTexts, type HazardCharacteristic, type LabelLanguage } from './label.texts';
