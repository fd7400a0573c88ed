import type { AppConfig } from '../config';
import { connectDatabase, type DatabaseHandle } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { demoLogins, isDatabaseEmpty, loadDemo } from '../demo/load';
import { webhookDeliveryJob } from '../modules/notifications';
import { auctionCloseJob, listingCloseJob, priceIndexJob, sealingKey } from '../modules/exchange';
import { housekeepingJob } from '../platform/housekeeping';
import { startScheduler } from '../platform/jobs';
import { warningsScanJob } from '../modules/warnings';
import { manifestsCheckpointJob, manifestsDeps, manifestsOverdueJob, manifestsQueueJob, regulationConfig, sensorFindings, trackRetentionJob } from '../modules/manifests';
import { ratingsJob } from '../modules/ratings';
import { type AppInstance, buildApp } from './app';

export interface ServeOptions {
  demo: boolean;
  /** pretty logs for a person at a terminal, JSON otherwise */
  pretty: boolean;
}

export interface RunningServer {
  app: AppInstance;
  handle: DatabaseHandle;
  url: string;
  shutdown(signal?: string): Promise<void>;
}

export async function startServer(config: AppConfig, options: ServeOptions): Promise<RunningServer> {
  const started = performance.now();
  let app: AppInstance | undefined;
  const handle = await connectDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    command: 'herbloop serve',
    // Queries run beside the requests, not in their thread (src/db/pglite-thread.ts).
    pglite: 'thread',
    onIdleConnectionError: (error) => app?.log.warn({ err: error }, 'an idle database connection broke; the next query opens a new one'),
  });
  try {
    const applied = await migrateToLatest(handle.db);
    let demoLoaded = false;
    if (options.demo && (await isDatabaseEmpty(handle.db))) {
      await loadDemo(handle.db);
      demoLoaded = true;
    }
    app = await buildApp({
      db: handle.db,
      dbKind: handle.kind,
      config,
      logger: options.pretty
        ? { level: config.logLevel, transport: { target: 'pino-pretty' } }
        : { level: config.logLevel },
    });
    const url = await app.listen({ host: config.host, port: config.port });
    const jobs = [
      housekeepingJob(config.sessionIdleHours, config.jobs.housekeepingSeconds * 1000),
      warningsScanJob(config.jobs.warningsScanSeconds * 1000),
      webhookDeliveryJob({ config: config.webhooks }, config.jobs.webhookSeconds * 1000),
      auctionCloseJob(sealingKey(config), config.jobs.auctionCloseSeconds * 1000),
      priceIndexJob(config.jobs.priceIndexSeconds * 1000),
      listingCloseJob(config.jobs.listingCloseSeconds * 1000),
      // Every minute: the heads of manifests that moved go into the global checkpoint chain.
      manifestsCheckpointJob(manifestsDeps(config.dataDir), 60_000),
      ratingsJob(),
      manifestsOverdueJob(regulationConfig()),
      manifestsQueueJob(regulationConfig(), sensorFindings),
      // Hourly: GPS tracks past HERBLOOP_TRACK_RETENTION_DAYS are deleted (PIPL).
      trackRetentionJob(config.trackRetentionDays),
    ];
    const log = app.log;
    const scheduler = startScheduler(handle.db, jobs, (job, error) => log.error({ err: error, job: job.name }, 'scheduled job failed'), {
      // Debug level: one line per job slot and process; the cluster test (test/cluster) reads them.
      onSlot: (job, slot, outcome, ms) => log.debug({ job: job.name, slot: slot.toISOString(), outcome, ms: Math.round(ms) }, 'scheduled job slot'),
    });
    const where = config.databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : `embedded PGlite at ${config.dataDir}`;
    app.log.info(
      { migrationsApplied: applied, demoLoaded, readyMs: Math.round(performance.now() - started) },
      `herbloop listening on ${url} — database: ${where}`,
    );
    const readyApp = app;
    let closing: Promise<void> | undefined;
    const shutdown = (signal?: string) => {
      closing ??= (async () => {
        readyApp.log.info({ signal }, 'shutting down: draining requests');
        await scheduler.stop();
        // Fastify stops accepting, waits for in-flight requests, then runs onClose hooks.
        await readyApp.close();
        await handle.close();
      })();
      return closing;
    };
    return { app: readyApp, handle, url, shutdown };
  } catch (error) {
    await app?.close();
    await handle.close();
    throw error;
  }
}

export function printBanner(url: string, demo: boolean): void {
  const lines = [`\n  herbloop is running at ${url.replace('127.0.0.1', 'localhost')}`, `  API docs: ${url}/api/docs\n`];
  if (demo) {
    lines.push('  Demo logins (password for all: herbloop-demo):');
    for (const login of demoLogins()) lines.push(`    ${login.username.padEnd(22)} ${login.role}`);
    lines.push('');
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
