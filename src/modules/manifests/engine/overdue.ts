/**
 * Overdue manifests (issue 13): a load not received N hours after pickup, or not processed N
 * hours after receipt. N is data per waste list (`manifest_deadline_rules`, each value with its
 * source and whether it was checked against the published text) with a deployment default; a
 * manifest carrying both lists follows the stricter (shorter) deadline. No clock: `now` is given.
 */
import type { ManifestStatus } from './custody';

export const deadlineKinds = ['receipt', 'processing'] as const;
export type DeadlineKind = (typeof deadlineKinds)[number];

export const overdueRules = ['not-received', 'not-processed'] as const;
export type OverdueRule = (typeof overdueRules)[number];

export type WasteList = 'general' | 'hazardous';

export interface DeadlineRule {
  wasteList: WasteList;
  deadline: DeadlineKind;
  hours: number;
  source: string;
  verified: boolean;
}

export interface Deadlines {
  rules: readonly DeadlineRule[];
  /** The deployment's defaults, for a list without a rule. */
  defaults: Record<DeadlineKind, number>;
  defaultSource: string;
}

export interface Deadline {
  hours: number;
  source: string;
  verified: boolean;
}

/** The deadline for a load of these lists: the shortest of the lists' rules (defaults where a list has none). */
export function deadlineFor(kind: DeadlineKind, lists: readonly WasteList[], d: Deadlines): Deadline {
  const candidates = (lists.length > 0 ? lists : (['general'] as const)).map((list): Deadline => {
    const rule = d.rules.find((r) => r.wasteList === list && r.deadline === kind);
    return rule ? { hours: rule.hours, source: rule.source, verified: rule.verified } : { hours: d.defaults[kind], source: d.defaultSource, verified: true };
  });
  return candidates.reduce((a, b) => (b.hours < a.hours ? b : a));
}

export interface OverdueFacts {
  status: ManifestStatus;
  allRefused: boolean;
  lists: readonly WasteList[];
  pickedUpAt: Date | null;
  receivedAt: Date | null;
}

export interface OverdueFinding {
  rule: OverdueRule;
  dueAt: Date;
  hours: number;
  source: string;
}

const HOUR = 3_600_000;

/** The deadlines the manifest has passed at `now` in its current status. */
export function overdueFindings(f: OverdueFacts, d: Deadlines, now: Date): OverdueFinding[] {
  const out: OverdueFinding[] = [];
  if ((f.status === 'in-transit' || f.status === 'delivered') && f.pickedUpAt) {
    const dl = deadlineFor('receipt', f.lists, d);
    const dueAt = new Date(f.pickedUpAt.getTime() + dl.hours * HOUR);
    if (now > dueAt) out.push({ rule: 'not-received', dueAt, hours: dl.hours, source: dl.source });
  }
  if (f.status === 'received' && !f.allRefused && f.receivedAt) {
    const dl = deadlineFor('processing', f.lists, d);
    const dueAt = new Date(f.receivedAt.getTime() + dl.hours * HOUR);
    if (now > dueAt) out.push({ rule: 'not-processed', dueAt, hours: dl.hours, source: dl.source });
  }
  return out;
}

/** The shortest deadline of a kind over every list: the job's cut-off for candidates. */
export function shortestHours(kind: DeadlineKind, d: Deadlines): number {
  return Math.min(d.defaults[kind], ...d.rules.filter((r) => r.deadline === kind).map((r) => r.hours));
}
