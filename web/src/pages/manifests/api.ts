/**
 * Client of the manifests APIs (src/modules/manifests/manifests.contract.ts) and of the few
 * others the create form reads (organisations, sites, streams): every call goes through the
 * route's contract.
 */
import type { z } from 'zod';
import { fillPath, type ResponseOf } from '../../../../src/shared/contract';
import * as epcisRoutes from '../../../../src/modules/manifests/manifests.epcis.contract';
import * as routes from '../../../../src/modules/manifests/manifests.contract';
import * as orgRoutes from '../../../../src/modules/organisations/organisations.contract';
import * as streamRoutes from '../../../../src/modules/byproducts/byproducts.contract';
import type { createManifestBody, listManifestsQuery, signEventBody } from '../../../../src/modules/manifests/manifests.schema';
import { call } from '../../api/call';

export type Manifest = ResponseOf<typeof routes.getManifest>;
export type ManifestSummary = ResponseOf<typeof routes.listManifests>['items'][number];
export type ManifestLine = Manifest['lines'][number];
export type ManifestEvent = Manifest['events'][number];
export type Signable = Manifest['signable'][number];
export type Verification = ResponseOf<typeof routes.verifyManifest>;
export type CreateManifestInput = z.input<typeof createManifestBody>;
export type SignInput = z.input<typeof signEventBody>;
export type ListQuery = z.input<typeof listManifestsQuery>;
export type OrgRef = { id: string; nameZh: string; nameEn: string };

export const manifestsApi = {
  list: (query: ListQuery) => call(routes.listManifests, { query }),
  get: (id: string) => call(routes.getManifest, { params: { id } }),
  verify: (id: string) => call(routes.verifyManifest, { params: { id } }),
  sign: (id: string, body: SignInput) => call(routes.signEvent, { params: { id }, body }),
  create: (body: CreateManifestInput) => call(routes.createManifest, { body }),
  codes: () => call(routes.listWasteCodes),
  licences: (organisationId: string) => call(routes.listLicences, { query: { organisationId } }),
  grantors: () => call(routes.listSigningGrantors),
  organisations: (type: 'transporter' | 'utilizer' | 'service-provider' | 'manufacturer') => call(orgRoutes.listOrganisations, { query: { type, limit: 500 } }),
  sites: (organisationId: string) => call(orgRoutes.listSites, { params: { id: organisationId } }),
  streams: (organisation: string) => call(streamRoutes.listStreams, { query: { organisation, limit: 200 } }),
  /** The EPCIS 2.0 download (a link: the browser saves the JSON-LD file the route answers). */
  epcisUrl: (id: string, genealogy = false) => `${fillPath(epcisRoutes.exportManifestEpcis.path, { id })}${genealogy ? '?genealogy=true' : ''}`,
};

export const manifestStatuses = ['draft', 'sealed', 'in-transit', 'delivered', 'received', 'processed', 'closed', 'cancelled', 'returned', 'rerouted'] as const;
export const manifestRoles = ['generator', 'transporter', 'receiver'] as const;

export const STATUS_COLOR: Record<ManifestSummary['status'], string> = {
  draft: 'default',
  sealed: 'purple',
  'in-transit': 'blue',
  delivered: 'cyan',
  received: 'geekblue',
  processed: 'green',
  closed: 'green',
  cancelled: 'default',
  returned: 'orange',
  rerouted: 'gold',
};

/** A stored quantity ("12.400") as people read it: no trailing zeros. */
export function qty(v: string | null): string {
  if (v === null) return '—';
  return v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
}
