import type { Job } from '../../platform/jobs';
import { systemServiceContext } from '../../platform/viewer';
import { computeRatings } from './ratings.compute.service';

/**
 * The daily rating run: every participant rated from its record as of the slot's run, in the
 * slot's transaction (so the day's ratings, suspensions and their audit commit together, once in
 * the cluster). Records change by the day (deliveries, manifests, decay), so once a day is enough;
 * an admin recomputes on demand after a finding or a dispute.
 */
export function ratingsJob(everyMs = 86_400_000): Job {
  return {
    name: 'ratings-daily',
    everyMs,
    async run(trx) {
      await computeRatings(trx, systemServiceContext('job:ratings-daily'));
    },
  };
}
