import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { organisationTypes } from '../../shared/limits';
import { requireActor } from '../../server/context';

/** Aggregates only: counts are public-level figures even where the rows behind them are not. */
export const dashboardSummary = z.object({
  organisations: z.number().int(),
  organisationsByType: z.record(z.enum(organisationTypes), z.number().int()),
  sites: z.number().int(),
  users: z.number().int(),
  parks: z.number().int(),
  myOrganisation: z.object({ sites: z.number().int(), members: z.number().int() }),
});

export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/dashboard/summary',
    { schema: { tags: ['dashboard'], summary: 'Platform counts for the dashboard', response: { 200: dashboardSummary } } },
    async (request) => {
      const actor = requireActor(request);
      const count = sql<number>`count(*)::int8`.as('n');
      const [byType, sites, users, parks, mySites, myMembers] = await Promise.all([
        app.db.selectFrom('organisations').select(['type', count]).groupBy('type').execute(),
        app.db.selectFrom('sites').select(count).executeTakeFirstOrThrow(),
        app.db.selectFrom('users').select(count).executeTakeFirstOrThrow(),
        app.db.selectFrom('parks').select(count).executeTakeFirstOrThrow(),
        app.db.selectFrom('sites').select(count).where('organisation_id', '=', actor.organisationId).executeTakeFirstOrThrow(),
        app.db.selectFrom('memberships').select(count).where('organisation_id', '=', actor.organisationId).executeTakeFirstOrThrow(),
      ]);
      const organisationsByType = Object.fromEntries(organisationTypes.map((t) => [t, 0])) as Record<(typeof organisationTypes)[number], number>;
      for (const row of byType) organisationsByType[row.type] = row.n;
      return {
        organisations: byType.reduce((sum, r) => sum + r.n, 0),
        organisationsByType,
        sites: sites.n,
        users: users.n,
        parks: parks.n,
        myOrganisation: { sites: mySites.n, members: myMembers.n },
      };
    },
  );
};
