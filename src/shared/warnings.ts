/**
 * Enumerations and limits of warning cases (issue 3 stages 3–4), shared by the server's Zod
 * schemas and the web app's forms.
 */
export const warningCaseStatuses = ['open', 'analysing', 'decided-publish', 'dismissed', 'published', 'closed'] as const;
export const warningCaseKinds = ['signal', 'pre-warning'] as const;
/** Coded causes of a price signal (seed 003 §6.3: 自然灾害、需求增加、游资炒作 …). */
export const warningCauses = ['natural-disaster', 'demand', 'speculation', 'policy', 'other'] as const;
export const warningSeverities = ['blue', 'yellow', 'orange', 'red'] as const;

export const warningLimits = {
  noteText: { min: 1, max: 4000 },
  expectedWeeks: { min: 0, max: 520 },
  reason: { min: 3, max: 2000 },
} as const;
