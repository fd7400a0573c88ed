import { z } from 'zod';
import { defineRoute } from '../../shared/contract';

export const healthView = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['pglite', 'postgres']),
  version: z.string(),
  migrations: z.object({ applied: z.number().int(), known: z.number().int(), latest: z.string().nullable(), pending: z.array(z.string()) }),
});

export const getHealth = defineRoute({
  method: 'GET',
  path: '/api/health',
  summary: 'Liveness and database state',
  tags: ['health'],
  responses: { 200: healthView, 503: healthView },
});
