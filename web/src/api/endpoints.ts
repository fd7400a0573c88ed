import { getDashboardSummary } from '../../../src/modules/dashboard/dashboard.contract';
import { call } from './call';
import { api, ApiError, request } from './client';
import type {
  AddMemberBody,
  ApiToken,
  AuditPage,
  CreatedApiToken,
  CreateTokenInput,
  Me,
  MemberView,
  MembershipRole,
  Organisation,
  OrganisationList,
  OrganisationType,
  Site,
  SiteBody,
  UpdateOrganisationBody,
} from './types';

const v1 = '/api/v1';

export const authApi = {
  /** The current session, or null when not logged in (any other failure still throws). */
  me: () =>
    request<Me>('GET', `${v1}/auth/me`, { expectUnauthenticated: true }).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }),
  login: (username: string, password: string) =>
    api.post<Me>(`${v1}/auth/login`, { username, password }, { expectUnauthenticated: true }),
  logout: () => api.post<null>(`${v1}/auth/logout`, undefined, { expectUnauthenticated: true }),
  switchOrganisation: (organisationId: string) => api.post<Me>(`${v1}/auth/switch`, { organisationId }),
};

export const dashboardApi = {
  summary: () => call(getDashboardSummary),
};

export interface OrganisationFilter {
  type?: OrganisationType;
  q?: string;
  limit?: number;
  offset?: number;
}

export const organisationsApi = {
  list: (filter: OrganisationFilter = {}) => api.get<OrganisationList>(`${v1}/organisations`, { ...filter }),
  get: (id: string) => api.get<Organisation>(`${v1}/organisations/${id}`),
  update: (id: string, body: UpdateOrganisationBody) => api.patch<Organisation>(`${v1}/organisations/${id}`, body),
  sites: (id: string) => api.get<{ items: Site[] }>(`${v1}/organisations/${id}/sites`),
  createSite: (id: string, body: SiteBody) => api.post<Site>(`${v1}/organisations/${id}/sites`, body),
  updateSite: (siteId: string, body: SiteBody) => api.patch<Site>(`${v1}/sites/${siteId}`, body),
  deleteSite: (siteId: string) => api.delete(`${v1}/sites/${siteId}`),
};

export const membersApi = {
  list: (orgId: string) => api.get<{ items: MemberView[] }>(`${v1}/organisations/${orgId}/members`),
  add: (orgId: string, body: AddMemberBody) => api.post<MemberView & { created: boolean }>(`${v1}/organisations/${orgId}/members`, body),
  changeRole: (orgId: string, userId: string, role: MembershipRole) => api.patch<null>(`${v1}/organisations/${orgId}/members/${userId}`, { role }),
  remove: (orgId: string, userId: string) => api.delete(`${v1}/organisations/${orgId}/members/${userId}`),
};

export const tokensApi = {
  list: (orgId: string) => api.get<{ items: ApiToken[] }>(`${v1}/organisations/${orgId}/tokens`),
  create: (orgId: string, body: CreateTokenInput) => api.post<CreatedApiToken>(`${v1}/organisations/${orgId}/tokens`, body),
  revoke: (tokenId: string) => api.delete<ApiToken>(`${v1}/tokens/${tokenId}`),
};

export interface AuditFilter {
  organisationId?: string;
  entityType?: string;
  action?: string;
  from?: string;
  to?: string;
  beforeId?: number;
  limit?: number;
}

export const auditApi = {
  list: (filter: AuditFilter) => api.get<AuditPage>(`${v1}/audit`, { ...filter }),
};
