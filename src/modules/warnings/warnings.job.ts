import type { Job } from '../../platform/jobs';
import { systemServiceContext } from '../../platform/viewer';
import { SCAN_LOCK } from './warnings.repository';
import { openWarningCases } from './warnings.service';

/**
 * Prices arrive about daily; a scan holds one transaction for a few seconds (the embedded
 * database serves one transaction at a time), so four runs a day are enough.
 */
const SCAN_EVERY_MS = 6 * 3_600_000;

/**
 * The scheduled scan. Its name is the scan lock's name, so the scheduler's job lock and the lock
 * an on-demand scan waits for are the same: each slot is scanned once by one of the server
 * processes, and an API scan during a scheduled one waits and then finds nothing new.
 */
export function warningsScanJob(everyMs = SCAN_EVERY_MS): Job {
  return {
    name: SCAN_LOCK,
    everyMs,
    async run(trx) {
      await openWarningCases(trx, systemServiceContext('job:warnings-scan'));
    },
  };
}
