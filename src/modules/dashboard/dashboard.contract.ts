import { z } from 'zod';
import { organisationTypes } from '../../shared/limits';
import { defineRoute } from '../../shared/contract';

/** Aggregates only: counts are public-level figures even where the rows behind them are not. */
const dashboardSummary = z.object({
  organisations: z.number().int(),
  organisationsByType: z.record(z.enum(organisationTypes), z.number().int()),
  sites: z.number().int(),
  users: z.number().int(),
  parks: z.number().int(),
  myOrganisation: z.object({ sites: z.number().int(), members: z.number().int() }),
});
export type DashboardSummary = z.infer<typeof dashboardSummary>;

export const getDashboardSummary = defineRoute({
  method: 'GET',
  path: '/api/v1/dashboard/summary',
  summary: 'Platform counts for the dashboard',
  tags: ['dashboard'],
  responses: { 200: dashboardSummary },
});
