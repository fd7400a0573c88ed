import type { MembershipRole, OrganisationType } from '../db/database';

/**
 * Who is acting: a user (through a session) or a machine (through an API token), always on
 * behalf of exactly one organisation. Every policy decision is made on this value.
 */
export interface Actor {
  kind: 'user' | 'token';
  userId: string | null;
  tokenId: string | null;
  organisationId: string;
  organisationType: OrganisationType;
  regionCode: string;
  parkId: string | null;
  role: MembershipRole;
}

/**
 * Region codes follow GB/T 2260 (6 digits): `340000` a province, `341600` a city, `341602` a
 * county. A region covers another when the other's code starts with its significant prefix.
 */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function regionCovers(outer: string, inner: string): boolean {
  return inner.startsWith(regionPrefix(outer));
}
