import type { Job } from '../../platform/jobs';
import { systemServiceContext } from '../../platform/viewer';
import type { ManifestsDeps } from './manifests.keys.service';
import { checkpointHeads } from './manifests.verify.service';

/** The name of the job that appends the moved manifest heads to the global checkpoint chain. */
export const MANIFESTS_CHECKPOINT_JOB = 'manifests-checkpoint';

/** Every `everyMs`, one checkpoint of the heads that moved (nothing when none did). */
export function manifestsCheckpointJob(deps: ManifestsDeps, everyMs: number): Job {
  return {
    name: MANIFESTS_CHECKPOINT_JOB,
    everyMs,
    async run(trx) {
      await checkpointHeads(trx, systemServiceContext(MANIFESTS_CHECKPOINT_JOB), deps);
    },
  };
}
