/**
 * Shapes of the API's answers. Where the server exports its Zod schema the type is inferred
 * from it (type-only imports: nothing of the server reaches the bundle), so `tsc -p web`
 * fails when the API changes under the web app instead of the page breaking at run time.
 */
import type { z } from 'zod';
import type { auditPage } from '../../../src/modules/audit/audit.schema';
import type { meResponse, membershipView } from '../../../src/modules/auth/auth.schema';
import type { organisationList, organisationView, siteView, SiteBody, UpdateOrganisationBody } from '../../../src/modules/organisations/organisations.schema';
import type { InvitationView, InviteBody, MemberView, MyInvitationView } from '../../../src/modules/users/users.schema';
import type { createdTokenView, createTokenBody, tokenView } from '../../../src/modules/tokens/tokens.schema';
import type { membershipRoles, organisationTypes } from '../../../src/shared/limits';

export type OrganisationType = (typeof organisationTypes)[number];
export type MembershipRole = (typeof membershipRoles)[number];

export type Me = z.infer<typeof meResponse>;
export type { Capabilities, Capability } from '../../../src/modules/auth/auth.schema';
export type Membership = z.infer<typeof membershipView>;
export type ActingAs = Me['actingAs'];

export type Organisation = z.infer<typeof organisationView>;
export type OrganisationList = z.infer<typeof organisationList>;
export type Site = z.infer<typeof siteView>;
export type { SiteBody, UpdateOrganisationBody, InviteBody, InvitationView, MemberView, MyInvitationView };

export type ApiToken = z.infer<typeof tokenView>;
export type CreatedApiToken = z.infer<typeof createdTokenView>;
export type CreateTokenInput = z.input<typeof createTokenBody>;

export type { HomeSection, HomeView } from '../../../src/modules/home/home.schema';

export type AuditPage = z.infer<typeof auditPage>;
export type AuditEntry = AuditPage['items'][number];

/** RFC 9457 body the server sends for every error (src/server/errors.ts). */
export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  requestId?: string;
  errors?: { field: string; message: string; code?: string; params?: Record<string, string | number> }[];
  retryAfter?: number;
}
