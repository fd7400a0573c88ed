import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
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
import type { TableClassification } from '../platform/classification';
import type { OrganisationTable, ParkTable, RegionTable, SiteTable } from '../modules/organisations/organisations.tables';
import type { MembershipTable, UserTable } from '../modules/users/users.tables';
import type { ApiTokenTable } from '../modules/tokens/tokens.tables';
import type { AuditLogTable } from '../modules/audit/audit.tables';
import type { FormulaIngredientTable, FormulaTable, HerbAliasTable, HerbTable, MarketTable, PriceCapTable } from '../modules/supply/supply.tables';
import type { ByproductRecordTable, ByproductStreamTable, PathwayKbVersionTable } from '../modules/byproducts/byproducts.tables';

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
    BulletinsTables {}

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
};

export { membershipRoles, organisationTypes } from '../shared/limits';
export type { MembershipRole, OrganisationType } from './column-types';
// Transitional re-exports: a module imports its own types from its tables file.
export type { OrganisationTable, ParkTable, RegionTable, SiteTable } from '../modules/organisations/organisations.tables';
export type { MembershipTable, UserTable } from '../modules/users/users.tables';
export type { SessionTable } from '../modules/auth/auth.tables';
export type { ApiTokenTable } from '../modules/tokens/tokens.tables';
export type { AuditLogTable } from '../modules/audit/audit.tables';
export type { RateLimitTable } from '../platform/platform.tables';
export type { AccountFindingTable, AccountImportTable, EconomicAccountTable, MaterialAccountTable, ResourceKindTable } from '../modules/accounts/accounts.tables';
export type { BalanceModelTable } from '../modules/balance/balance.tables';
export type { FirmReportLineTable, FirmReportTable, ReportStatus } from '../modules/reporting/reporting.tables';
export type { FormulaIngredientTable, FormulaTable, HerbAliasTable, HerbCategory, HerbSpecTable, HerbTable, MarketTable, PriceCapTable, PriceObservationTable, PriceSource, PriceStatus } from '../modules/supply/supply.tables';
export type { ByproductFirmInputTable, ByproductRecordTable, ByproductStreamTable, PathwayKbVersionTable } from '../modules/byproducts/byproducts.tables';
export type { WarningCaseKind, WarningCaseNoteTable, WarningCaseStatus, WarningCaseTable, WarningCause } from '../modules/warnings/warnings.tables';
export type { BulletinCounterTable, BulletinDeliveryRow, BulletinDeliveryTable, BulletinEvent, BulletinLevel, BulletinRow, BulletinStatus, BulletinSubscriptionRow, BulletinSubscriptionTable, BulletinTable, DeliveryStatus } from '../modules/bulletins/bulletins.tables';

export type DB = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Read paths accept either; write paths that lock or audit insist on a `Trx`. */
export type Executor = DB | Trx;

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type SiteRow = Selectable<SiteTable>;
export type UserRow = Selectable<UserTable>;
export type MembershipRow = Selectable<MembershipTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type ParkRow = Selectable<ParkTable>;
export type RegionRow = Selectable<RegionTable>;
export type HerbRow = Selectable<HerbTable>;
export type MarketRow = Selectable<MarketTable>;
export type HerbAliasRow = Selectable<HerbAliasTable>;
export type FormulaRow = Selectable<FormulaTable>;
export type FormulaIngredientRow = Selectable<FormulaIngredientTable>;
export type PriceCapRow = Selectable<PriceCapTable>;
export type ByproductStreamRow = Selectable<ByproductStreamTable>;
export type ByproductRecordRow = Selectable<ByproductRecordTable>;
export type PathwayKbVersionRow = Selectable<PathwayKbVersionTable>;
