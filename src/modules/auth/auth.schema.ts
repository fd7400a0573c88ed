import { z } from 'zod';
import { limits, membershipRoles, organisationTypes } from '../../shared/limits';

export const loginBody = z.object({
  username: z.string().trim().toLowerCase().min(1).max(limits.username.max),
  password: z.string().min(1).max(limits.password.max),
  /** Which of the user's organisations to act for; the first one when omitted. */
  organisationId: z.uuid().optional(),
});
export type LoginBody = z.infer<typeof loginBody>;

export const switchBody = z.object({ organisationId: z.uuid() });

export const membershipView = z.object({
  organisationId: z.uuid(),
  organisationCode: z.string(),
  organisationNameZh: z.string(),
  organisationNameEn: z.string(),
  organisationType: z.enum(organisationTypes),
  role: z.enum(membershipRoles),
});

/**
 * What the viewer may do, as far as the web app needs it to choose menus and buttons. Computed
 * on the server from the modules' policies (auth.capabilities.ts), so the web never restates a
 * policy; the API still decides every request on its own.
 */
const capabilityNames = [
  'manageMembers',
  'manageTokens',
  'manageDelegations',
  'readAudit',
  'readAllAudit',
  'readRegionAudit',
  'runScenarios',
  'readFindings',
  'writeAccounts',
  'openAccountsCatalogue',
  'editAccountsCatalogue',
  'editNationalCatalogue',
  'fileReports',
  'superviseReports',
  'reviewReports',
  'keepBalances',
  'overseeBalances',
  'listRegionBalances',
  'readSupplyCosts',
  'writePrices',
  'confirmTicks',
  'manageCatalog',
  'readWarnings',
  'readAllWarnings',
  'scanWarnings',
  'workWarnings',
  'readBulletinDrafts',
  'writeBulletins',
  'publishBulletins',
  'manageSubscriptions',
  'readStreams',
  'declareStreams',
  'editPathways',
  'useExchange',
  'tradeExchange',
  'matchExchange',
  'readSymbiosis',
  'editIndicatorSystems',
  'enterParkIndicatorValues',
  'enterRegionIndicatorValues',
  'readManifests',
  'createManifests',
  'overseeRatings',
  'ownRating',
  'readManifestQueue',
  'readTransferApprovals',
  'manageManifestDuties',
] as const;
export type Capability = (typeof capabilityNames)[number];
const capabilitiesView = z.record(z.enum(capabilityNames), z.boolean());
export type Capabilities = z.infer<typeof capabilitiesView>;

export const meResponse = z.object({
  user: z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), locale: z.string() }).nullable(),
  actingAs: membershipView.extend({ regionCode: z.string(), parkId: z.uuid().nullable() }),
  memberships: z.array(membershipView),
  via: z.enum(['session', 'token']),
  csrfToken: z.string().nullable(),
  capabilities: capabilitiesView,
});
export type MeResponse = z.infer<typeof meResponse>;
