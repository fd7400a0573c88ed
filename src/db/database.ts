import type { Kysely, Transaction } from 'kysely';
import { organisationsClassification, type OrganisationsTables } from '../modules/organisations/organisations.tables';
import { usersClassification, type UsersTables } from '../modules/users/users.tables';
import { authClassification, type AuthTables } from '../modules/auth/auth.tables';
import { tokensClassification, type TokensTables } from '../modules/tokens/tokens.tables';
import { auditClassification, type AuditTables } from '../modules/audit/audit.tables';
import { platformClassification, type PlatformTables } from '../platform/platform.tables';
import { accountsClassification, type AccountsTables } from '../modules/accounts/accounts.tables';
import { balanceClassification, type BalanceTables } from '../modules/balance/balance.tables';
import { reportingClassification, type ReportingTables } from '../modules/reporting/reporting.tables';
import { supplyClassification, type SupplyTables } from '../modules/supply/supply.tables';
import { byproductsClassification, type ByproductsTables } from '../modules/byproducts/byproducts.tables';
import { warningsClassification, type WarningsTables } from '../modules/warnings/warnings.tables';
import { bulletinsClassification, type BulletinsTables } from '../modules/bulletins/bulletins.tables';
import { exchangeClassification, type ExchangeTables } from '../modules/exchange/exchange.tables';
import { delegationsClassification, type DelegationsTables } from '../modules/delegations/delegations.tables';
import { notificationsClassification, type NotificationsTables } from '../modules/notifications/notifications.tables';
import { exchangeAuctionsClassification, type ExchangeAuctionsTables } from '../modules/exchange/exchange.auctions.tables';
import { manifestsClassification, type ManifestsTables } from '../modules/manifests/manifests.tables';
import { manifestsFieldClassification, type ManifestsFieldTables } from '../modules/manifests/manifests.field.tables';
import { manifestRegulationClassification, type ManifestRegulationTables } from '../modules/manifests/manifests.regulation.tables';
import { manifestSensorsClassification, type ManifestSensorsTables } from '../modules/manifests/manifests.sensors.tables';
import { manifestGenealogyClassification, type ManifestGenealogyTables } from '../modules/manifests/manifests.genealogy.tables';
import { manifestLawClassification, type ManifestLawTables } from '../modules/manifests/manifests.law.tables';
import { symbiosisClassification, type SymbiosisTables } from '../modules/symbiosis/symbiosis.tables';
import { ratingsClassification, type RatingsTables } from '../modules/ratings/ratings.tables';
import type { TableClassification } from '../platform/classification';

/**
 * Every table of herbloop, combined from the modules' own `<module>.tables.ts` (as in Kysely's
 * example app): each module owns its table interfaces and their column classification; this
 * file only gathers them. A module adds its `*Tables` and `*Classification` here.
 */
export interface Database
  extends OrganisationsTables,
    UsersTables,
    AuthTables,
    TokensTables,
    AuditTables,
    PlatformTables,
    AccountsTables,
    BalanceTables,
    ReportingTables,
    SupplyTables,
    ByproductsTables,
    WarningsTables,
    BulletinsTables,
    ExchangeTables,
    DelegationsTables,
    NotificationsTables,
    ExchangeAuctionsTables,
    ManifestsTables,
    SymbiosisTables,
    RatingsTables,
    ManifestsFieldTables,
    ManifestRegulationTables,
    ManifestSensorsTables,
    ManifestGenealogyTables,
    ManifestLawTables {}

/**
 * The classification registry of every column. Its type makes the compiler insist that each
 * column of each table carries a level, so a new column cannot leak by default.
 */
export const dataClassification: TableClassification<Database> = {
  ...organisationsClassification,
  ...usersClassification,
  ...authClassification,
  ...tokensClassification,
  ...auditClassification,
  ...platformClassification,
  ...accountsClassification,
  ...balanceClassification,
  ...reportingClassification,
  ...supplyClassification,
  ...byproductsClassification,
  ...warningsClassification,
  ...bulletinsClassification,
  ...exchangeClassification,
  ...delegationsClassification,
  ...notificationsClassification,
  ...exchangeAuctionsClassification,
  ...manifestsClassification,
  ...manifestsFieldClassification,
  ...manifestRegulationClassification,
  ...manifestSensorsClassification,
  ...manifestGenealogyClassification,
  ...manifestLawClassification,
  ...symbiosisClassification,
  ...ratingsClassification,
};

export { membershipRoles, organisationTypes } from '../shared/limits';
export type { MembershipRole, OrganisationType } from './column-types';

export type DB = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Read paths accept either; write paths that lock or audit insist on a `Trx`. */
export type Executor = DB | Trx;

