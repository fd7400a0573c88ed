/**
 * Public entry point of the organisations module: what other modules, the CLI and the demo
 * loader may use. Everything else in this folder is private (lint rule, docs/architecture.md).
 */
export {
  countOrganisations,
  findOrganisation,
  findOrganisationByCode,
  findPark,
  findParkByCode,
  findRegion,
  findSite,
  insertPark,
  insertRegions,
  listOrganisations,
  listParks,
  listRegions,
  listSites,
  parksOfOrganisations,
  regulatorsCovering,
} from './organisations.repository';
export { organisationRoutes } from './organisations.routes';
export { addRegion, createOrganisation, createSite } from './organisations.service';
export { organisationPolicy, sitePolicy } from './organisations.policy';
export { ownerOf } from './organisations.presenter';
export type { OrganisationRow, RegionRow, SiteRow } from './organisations.tables';
