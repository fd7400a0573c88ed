/**
 * Public entry point of the warnings module: what other modules (bulletins), the CLI, the demo
 * loader and the server may use. Everything else in this folder is private (lint rule,
 * docs/architecture.md).
 */
export { warningsRoutes } from './warnings.routes';
export { warningsScanJob } from './warnings.job';
export { warningsPolicy } from './warnings.policy';
export {
  actorForUser,
  addNote,
  assignCase,
  caseDetail,
  currentOfCases,
  decideCase,
  listCases,
  markCasesPublished,
  openWarningCases,
  resolveCaseRef,
  DEFAULT_SCAN,
  type CaseFilter,
  type ScanOptions,
} from './warnings.service';
export { workingCaseCounts, type CaseCounts, type CaseCountLevel } from './warnings.counts.service';
export { presentCaseDetail, presentCaseSummary } from './warnings.presenter';
export { decideBody, listCasesQuery, noteBody, scanBody } from './warnings.schema';
