/** Public entry point of the accounts module (see docs/architecture.md, "Module boundaries"). */
export { loadCatalogue } from './accounts.repository';
export { accountsImport, importAccountsFile } from './accounts.import.service';
export { loadGeneratedAccounts, regionChange, regionIndicators, regionResolver, regionScenarios, regionsWithAccounts } from './accounts.service';
export { findingCounts, type FindingCounts } from './accounts.findings.service';
export { scenarioBody } from './accounts.schema';
export { accountsRoutes } from './accounts.routes';
export { accountsPolicy } from './accounts.policy';
