/** Public entry point of the audit module (see docs/architecture.md, "Module boundaries"). */
export { auditRoutes } from './audit.routes';
export { auditPolicy } from './audit.policy';
export { auditActivity } from './audit.service';
