/** Public entry point of the reporting module (see docs/architecture.md, "Module boundaries"). */
export { loadGeneratedReport, ownReportStatus, submissionBoard } from './reporting.service';
export { reportingRoutes } from './reporting.routes';
export { reportingPolicy } from './reporting.policy';
