import { flagOverdue, regulationConfig, scanQueue } from '../modules/manifests';
import { systemServiceContext } from '../platform/viewer';
import type { DemoStep } from './step';

/**
 * The regulators' queue of the demo manifests: what the overdue and queue jobs would find on
 * their first run (discrepancies, refusals, unlicensed receivers, any load past its deadline),
 * so the queue page has items before the first job slot.
 */
export const manifestRegulationStep: DemoStep = {
  id: 'manifest-regulation',
  name: 'Manifests: overdue flags and the regulators’ queue',
  async load(trx, report) {
    const ctx = systemServiceContext('demo:manifest-regulation');
    await flagOverdue(trx, ctx, regulationConfig({}));
    report(1, 2);
    await scanQueue(trx, ctx);
    report(2, 2);
  },
};
