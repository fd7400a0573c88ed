/**
 * The expert workflow of a warning case (seed 003 §4–5) as a pure state machine:
 *
 *   open ──claim/assign/note──▶ analysing ──decide publish──▶ decided-publish ──bulletin──▶ published
 *                                   └──────decide dismiss──▶ dismissed
 *
 * and `closed` once the episode has ended and the case is settled (dismissed or published).
 * A decision needs someone to have taken the case up (status analysing); publishing also needs
 * at least one expert note (cause and expected duration are what a bulletin reports). Notes may
 * be added until the case is closed. Every refusal names the status, for the `illegal_transition`
 * problem.
 */
import type { warningCaseStatuses, warningCauses } from '../../../shared/warnings';
import { assertNever } from '../../supply/engine';

export type CaseStatus = (typeof warningCaseStatuses)[number];
export type Cause = (typeof warningCauses)[number];

export type CaseAction =
  | { kind: 'note' }
  | { kind: 'assign' }
  | { kind: 'decide'; decision: 'publish' | 'dismiss'; notes: number }
  | { kind: 'publish' };

export type TransitionResult = { ok: true; next: CaseStatus } | { ok: false; reason: string };

const refuse = (reason: string): TransitionResult => ({ ok: false, reason });

export function nextStatus(status: CaseStatus, action: CaseAction): TransitionResult {
  if (status === 'closed') return refuse('the case is closed');
  switch (action.kind) {
    case 'note':
      return { ok: true, next: status === 'open' ? 'analysing' : status };
    case 'assign':
      if (status === 'open' || status === 'analysing') return { ok: true, next: 'analysing' };
      return refuse(`the case is ${status}; it is no longer assigned`);
    case 'decide':
      if (status === 'open') return refuse('the case is open: claim it or add a note before deciding');
      if (status !== 'analysing') return refuse(`the case is ${status}; it has been decided already`);
      if (action.decision === 'publish' && action.notes === 0) return refuse('publishing needs at least one expert note (cause and expected duration)');
      return { ok: true, next: action.decision === 'publish' ? 'decided-publish' : 'dismissed' };
    case 'publish':
      if (status === 'decided-publish') return { ok: true, next: 'published' };
      return refuse(`the case is ${status}; only cases decided for publication go into a bulletin`);
    default:
      return assertNever(action);
  }
}

/** A settled case whose episode has ended is closed (by the scan, or right after the decision). */
export function shouldClose(status: CaseStatus, episodeEnd: string | null): boolean {
  return episodeEnd !== null && (status === 'dismissed' || status === 'published');
}
