import type { Migration } from 'kysely/migration';
import * as platform from './20261122T0600_platform';
import * as provinces from './20261122T0610_provinces';
import * as accounts from './20261122T0700_accounts';
import * as directReporting from './20261122T0720_direct_reporting';
import * as supply from './20261122T0800_supply';
import * as supplyMonitor from './20261202T0500_supply_monitor';
import * as byproducts from './20261122T0810_byproducts';
import * as warnings from './20261201T1900_warnings';
import * as bulletins from './20261201T1910_bulletins';
import * as byproductsInputs from './20261201T1930_byproducts_inputs';
import * as accountsAdmin from './20261201T1940_accounts_admin';
import * as jobRuns from './20261202T0400_job_runs';
import * as membershipInvitations from './20261202T0500_membership_invitations';
import * as regionalResourceKinds from './20261202T0510_regional_resource_kinds';
import * as catalogueEnglishNames from './20261202T0600_catalogue_english_names';
import * as delegationsNotifications from './20261202T0600_delegations_notifications';
import * as exchange from './20261202T0600_exchange';
import * as webhooks from './20261202T0610_webhooks';
import * as exchangeAuctions from './20261202T0640_exchange_auctions';
import * as manifests from './20261202T1500_manifests';
import * as symbiosis from './20261202T1520_symbiosis';
import * as ratings from './20261202T2010_ratings';
import * as manifestField from './20261202T2030_manifest_field';
import * as manifestSensors from './20261203T0810_manifest_sensors';
import * as manifestRegulation from './20261202T2000_manifest_regulation';
import * as manifestPublic from './20261203T0830_manifest_public';
import * as manifestGenealogy from './20261203T0820_manifest_genealogy';
import * as manifestDuties from './20261203T0800_manifest_duties';

/**
 * Every migration, by timestamped name. A static list (not a directory scan) so the set is
 * the same under tsx, vitest and a bundler. Add new files here in time order.
 */
export const migrations: Record<string, Migration> = {
  '20261122T0600_platform': platform,
  '20261122T0610_provinces': provinces,
  '20261122T0700_accounts': accounts,
  '20261122T0720_direct_reporting': directReporting,
  '20261122T0800_supply': supply,
  '20261122T0810_byproducts': byproducts,
  '20261201T1900_warnings': warnings,
  '20261201T1910_bulletins': bulletins,
  '20261201T1930_byproducts_inputs': byproductsInputs,
  '20261201T1940_accounts_admin': accountsAdmin,
  '20261202T0400_job_runs': jobRuns,
  '20261202T0500_supply_monitor': supplyMonitor,
  '20261202T0500_membership_invitations': membershipInvitations,
  '20261202T0510_regional_resource_kinds': regionalResourceKinds,
  '20261202T0600_catalogue_english_names': catalogueEnglishNames,
  '20261202T0600_delegations_notifications': delegationsNotifications,
  '20261202T0600_exchange': exchange,
  '20261202T0610_webhooks': webhooks,
  '20261202T0640_exchange_auctions': exchangeAuctions,
  '20261202T1500_manifests': manifests,
  '20261202T1520_symbiosis': symbiosis,
  '20261202T2010_ratings': ratings,
  '20261202T2030_manifest_field': manifestField,
  '20261202T2000_manifest_regulation': manifestRegulation,
  '20261203T0810_manifest_sensors': manifestSensors,
  '20261203T0830_manifest_public': manifestPublic,
  '20261203T0820_manifest_genealogy': manifestGenealogy,
  '20261203T0800_manifest_duties': manifestDuties,
};
