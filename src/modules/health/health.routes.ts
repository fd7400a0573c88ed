import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { knownMigrations, migrationStatus } from '../../db/migrate';
import { version } from '../../version';

const health = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['pglite', 'postgres']),
  version: z.string(),
  migrations: z.object({ applied: z.number().int(), known: z.number().int(), latest: z.string().nullable(), pending: z.array(z.string()) }),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/health', { schema: { tags: ['health'], summary: 'Liveness and database state', response: { 200: health, 503: health } } }, async (_request, reply) => {
    const known = knownMigrations();
    let applied: string[] = [];
    let ok = true;
    try {
      await sql`select 1`.execute(app.db);
      applied = (await migrationStatus(app.db)).filter((m) => m.executedAt).map((m) => m.name);
    } catch (error) {
      app.log.error({ err: error }, 'health check failed');
      ok = false;
    }
    const pending = known.filter((name) => !applied.includes(name));
    const body = {
      status: ok && pending.length === 0 ? ('ok' as const) : ('degraded' as const),
      db: app.dbKind,
      version,
      migrations: { applied: applied.length, known: known.length, latest: applied.at(-1) ?? null, pending },
    };
    return reply.code(body.status === 'ok' ? 200 : 503).send(body);
  });
};
