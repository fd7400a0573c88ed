/**
 * Public entry point of the symbiosis module (issue 14): what the CLI, the demo loader, the
 * server and other modules may use. Everything else in this folder is private (lint rule,
 * docs/architecture.md); the pure engines are reachable as `./engine`.
 */
export { symbiosisRoutes } from './symbiosis.routes';
export { symbiosisPolicy, parkAccess, type ParkAccess } from './symbiosis.policy';
export { parkMap, currentYear } from './symbiosis.map.service';
export { parkEvaluation, enterValue, listIndicatorSystems, reviseIndicatorSystem } from './symbiosis.evaluation.service';
export { addCityNode, addDeclaredFlow, setFirmSettings } from './symbiosis.declarations.service';
export { stopFirms, parkCriticality } from './symbiosis.risk.service';
export { parkGaps, exportGaps } from './symbiosis.gaps.service';
export { evaluationReport, type ReportFormat } from './symbiosis.report.service';
