import { z } from 'zod';
import { defineRoute } from '../../shared/contract';

/**
 * Route contracts of the supply module (shared with the web: no server-only imports here).
 * Routes not yet listed are still declared inline in the route plugins.
 */

/** The engine's severity lines relative to a formula's band (engine/levels.ts, DEFAULT_SEVERITY_THRESHOLDS). */
export const severityLevelsView = z.object({
  /** Yellow, orange, red start at R_high·(1 + x) for these x (blue right above R_high). */
  above: z.tuple([z.number(), z.number(), z.number()]),
  /** Yellow, orange, red start at R_low·(1 − x) for these x (blue right under R_low). */
  below: z.tuple([z.number(), z.number(), z.number()]),
  /** Y/P ≥ 1 (cost at or above the price cap) is red. */
  redAtCostInversion: z.boolean(),
});
export type SeverityLevelsView = z.infer<typeof severityLevelsView>;

export const getSeverityLevels = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/levels',
  summary: 'The severity lines (yellow, orange, red) relative to a formula’s band, as the engine classifies Y/P',
  tags: ['supply'],
  responses: { 200: severityLevelsView },
});
