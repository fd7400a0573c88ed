/**
 * The regulators' queue (issue 13): the kinds of finding and how a line's discrepancy flag
 * becomes one. No I/O.
 */
import type { DiscrepancyKind } from './discrepancies';

export const queueItemKinds = ['overdue', 'discrepancy', 'refusal', 'unlicensed', 'route-deviation', 'broken-verification'] as const;
export type QueueItemKind = (typeof queueItemKinds)[number];

export const queueStatuses = ['open', 'closed'] as const;
export type QueueStatus = (typeof queueStatuses)[number];

/** Licence flags are about the receiver (unlicensed, lapsed, over capacity); the others about the load. */
export function queueKindOf(flag: DiscrepancyKind): Extract<QueueItemKind, 'discrepancy' | 'unlicensed'> {
  switch (flag) {
    case 'weight-mismatch':
    case 'missing-line':
      return 'discrepancy';
    case 'unlicensed-code':
    case 'licence-lapsed':
    case 'over-capacity':
      return 'unlicensed';
  }
}

/** Share of manifests closed on time, as a fraction with 4 decimals (null when none closed). */
export function onTimeShare(closed: number, closedOnTime: number): number | null {
  return closed === 0 ? null : Math.round((closedOnTime / closed) * 10_000) / 10_000;
}
