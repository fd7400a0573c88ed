/**
 * Public entry point of the organisations module: what other modules, the CLI and the demo
 * loader may use. Everything else in this folder is private (lint rule, docs/architecture.md).
 */
export {
  findOrganisation,
  findOrganisationByCode,
  findPark,
  findRegion,
  findSite,
  listOrganisations,
  listParks,
  listRegions,
  listSites,
} from './organisations.repository';
export { organisationRoutes } from './organisations.routes';
