import { listAudit } from '../../../src/modules/audit/audit.contract';
import { getHome } from '../../../src/modules/home/home.contract';
import * as organisations from '../../../src/modules/organisations/organisations.contract';
import * as tokens from '../../../src/modules/tokens/tokens.contract';
import * as users from '../../../src/modules/users/users.contract';
import type { QueryIn } from '../../../src/shared/contract';
import { call } from './call';

// The session's calls live in auth.ts so the first load does not carry every contract here.
export { authApi } from './auth';
import type { InviteBody, CreateTokenInput, MembershipRole, SiteBody, UpdateOrganisationBody } from './types';


export const homeApi = {
  get: () => call(getHome),
};

export type OrganisationFilter = NonNullable<QueryIn<typeof organisations.listOrganisations>>;

export const organisationsApi = {
  list: (filter: OrganisationFilter = {}) => call(organisations.listOrganisations, { query: filter }),
  get: (id: string) => call(organisations.getOrganisation, { params: { id } }),
  update: (id: string, body: UpdateOrganisationBody) => call(organisations.updateOrganisation, { params: { id }, body }),
  sites: (id: string) => call(organisations.listSites, { params: { id } }),
  createSite: (id: string, body: SiteBody) => call(organisations.createSite, { params: { id }, body }),
  updateSite: (siteId: string, body: SiteBody) => call(organisations.updateSite, { params: { id: siteId }, body }),
  deleteSite: (siteId: string) => call(organisations.deleteSite, { params: { id: siteId } }),
};

export const referenceApi = {
  parks: () => call(organisations.listParks),
  regions: () => call(organisations.listRegions),
};

export const membersApi = {
  list: (orgId: string) => call(users.listMembers, { params: { id: orgId } }),
  invite: (orgId: string, body: InviteBody) => call(users.inviteMember, { params: { id: orgId }, body }),
  invitations: (orgId: string) => call(users.listInvitations, { params: { id: orgId } }),
  revokeInvitation: (orgId: string, invitationId: string) => call(users.revokeInvitation, { params: { id: orgId, invitationId } }),
  changeRole: (orgId: string, userId: string, role: MembershipRole) => call(users.changeMemberRole, { params: { id: orgId, userId }, body: { role } }),
  remove: (orgId: string, userId: string) => call(users.removeMember, { params: { id: orgId, userId } }),
};

/** The logged-in person's own invitations. */
export const invitationsApi = {
  mine: () => call(users.myInvitations),
  accept: (id: string) => call(users.acceptInvitation, { params: { id } }),
  decline: (id: string) => call(users.declineInvitation, { params: { id } }),
};

export const tokensApi = {
  list: (orgId: string) => call(tokens.listTokens, { params: { id: orgId } }),
  create: (orgId: string, body: CreateTokenInput) => call(tokens.createToken, { params: { id: orgId }, body }),
  revoke: (tokenId: string) => call(tokens.revokeToken, { params: { id: tokenId } }),
};

export type AuditFilter = NonNullable<QueryIn<typeof listAudit>>;

export const auditApi = {
  list: (filter: AuditFilter) => call(listAudit, { query: filter }),
};
