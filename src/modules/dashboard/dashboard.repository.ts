import { sql } from 'kysely';
import type { Executor, OrganisationType } from '../../db/database';

const count = sql<number>`count(*)::int8`.as('n');

export async function countOrganisationsByType(db: Executor): Promise<{ type: OrganisationType; n: number }[]> {
  return db.selectFrom('organisations').select(['type', count]).groupBy('type').execute();
}

export async function countPlatform(db: Executor): Promise<{ sites: number; users: number; parks: number }> {
  const [sites, users, parks] = await Promise.all([
    db.selectFrom('sites').select(count).executeTakeFirstOrThrow(),
    db.selectFrom('users').select(count).executeTakeFirstOrThrow(),
    db.selectFrom('parks').select(count).executeTakeFirstOrThrow(),
  ]);
  return { sites: sites.n, users: users.n, parks: parks.n };
}

export async function countOrganisationFootprint(db: Executor, organisationId: string): Promise<{ sites: number; members: number }> {
  const [sites, members] = await Promise.all([
    db.selectFrom('sites').select(count).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow(),
    db.selectFrom('memberships').select(count).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow(),
  ]);
  return { sites: sites.n, members: members.n };
}
