import type { Executor } from '../../db/database';
import { errors } from '../../platform/errors';
import { findOrganisation, findOrganisationByCode, findPark, listParks, listSites } from '../organisations';
import { isUuid } from './byproducts.repository';

/** Organisations, parks and sites named by code, id or name, with errors that name the field. */

export type Organisation = NonNullable<Awaited<ReturnType<typeof findOrganisation>>>;
export type Site = Awaited<ReturnType<typeof listSites>>[number];
export type Park = NonNullable<Awaited<ReturnType<typeof findPark>>>;

/** An organisation by id or code, or undefined. */
export async function findOrganisationRef(db: Executor, ref: string): Promise<Organisation | undefined> {
  return (isUuid(ref) ? await findOrganisation(db, ref) : await findOrganisationByCode(db, ref)) ?? undefined;
}

export async function resolveOrganisation(db: Executor, ref: string, field = 'organisation'): Promise<Organisation> {
  const org = await findOrganisationRef(db, ref);
  if (!org) throw errors.validation(`Unknown organisation ${ref}.`, [{ field, message: `unknown organisation ${ref} (give its code or id)` }]);
  return org;
}

/** A site of the organisation by id or name; its first site when none is named. */
export async function resolveSite(db: Executor, org: Organisation, ref: string | undefined, field = 'site'): Promise<Site> {
  const sites = await listSites(db, org.id);
  const site = ref === undefined ? sites[0] : sites.find((s) => s.id === ref || s.name === ref);
  if (!site) {
    throw errors.validation(ref === undefined ? `${org.code} has no site.` : `Unknown site ${ref}.`, [
      { field, message: ref === undefined ? `${org.code} has no site; add one first` : `no site "${ref}" of ${org.code}; its sites: ${sites.map((s) => s.name).join(', ') || '(none)'}` },
    ]);
  }
  return site;
}

/** A park by id or code, or undefined. */
export async function findParkRef(db: Executor, ref: string): Promise<Park | undefined> {
  return (isUuid(ref) ? await findPark(db, ref) : (await listParks(db)).find((p) => p.code === ref)) ?? undefined;
}

export function manufacturerOnly(org: Organisation): void {
  if (org.type !== 'manufacturer') {
    throw errors.validation(`${org.code} is not a manufacturer.`, [{ field: 'organisation', message: 'by-product streams belong to manufacturers' }]);
  }
}
