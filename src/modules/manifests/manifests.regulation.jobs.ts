import type { Job } from '../../platform/jobs';
import { systemServiceContext } from '../../platform/viewer';
import { flagOverdue } from './manifests.overdue.service';
import type { RegulationConfig } from './manifests.regulation.config';
import { noRouteData, type RouteDeviationSource, scanQueue } from './manifests.queue.service';

export const MANIFESTS_OVERDUE_JOB = 'manifests-overdue';
export const MANIFESTS_QUEUE_JOB = 'manifests-queue';

/** Flags manifests past their receipt or processing deadline (once each) and notifies the parties. */
export function manifestsOverdueJob(config: RegulationConfig, clock: () => Date = () => new Date()): Job {
  return {
    name: MANIFESTS_OVERDUE_JOB,
    everyMs: config.everyMs,
    async run(trx) {
      await flagOverdue(trx, systemServiceContext(MANIFESTS_OVERDUE_JOB), config, clock());
    },
  };
}

/** Opens queue items for new findings and verifies the next batch of trails. */
export function manifestsQueueJob(config: RegulationConfig, routes: RouteDeviationSource = noRouteData): Job {
  return {
    name: MANIFESTS_QUEUE_JOB,
    everyMs: config.everyMs,
    async run(trx) {
      await scanQueue(trx, systemServiceContext(MANIFESTS_QUEUE_JOB), { routes });
    },
  };
}
