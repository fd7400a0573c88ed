/**
 * The expert workflow of a warning case (seed 003 §4–5) as a pure state machine:
 *
 *   open ──claim/assign/note──▶ analysing ──decide publish──▶ decided-publish ──bulletin──▶ published
 *                                   └──────decide dismiss──▶ dismissed
 *
 * and `closed` once the episode has ended and the case is settled (dismissed or published), or
 * when nobody took it up and its episode ended long ago (CLOSE_UNTOUCHED_AFTER_DAYS).
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

/**
 * A case nobody took up (still `open`: no note, no claim) whose episode ended this many days
 * before the last day of prices is closed by the scan: the episode is history, and an inbox of
 * years-old cases hides the ones that need someone today. Cases someone works on stay.
 */
export const CLOSE_UNTOUCHED_AFTER_DAYS = 90;

/**
 * Whether a case closes (by the scan, or right after the decision): a settled case (dismissed or
 * published) whose episode has ended, or an untouched one whose episode ended
 * CLOSE_UNTOUCHED_AFTER_DAYS or more days before `asOf` (ISO dates; `asOf` omitted: only the first rule).
 */
export function shouldClose(status: CaseStatus, episodeEnd: string | null, asOf?: string, untouchedAfterDays = CLOSE_UNTOUCHED_AFTER_DAYS): boolean {
  if (episodeEnd === null) return false;
  if (status === 'dismissed' || status === 'published') return true;
  if (status !== 'open' || asOf === undefined) return false;
  const days = (Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${episodeEnd}T00:00:00Z`)) / 86_400_000;
  return days >= untouchedAfterDays;
}
