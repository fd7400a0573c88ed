/** Bulletin enumerations shared by the server's schemas and the web app's editor. */
export const bulletinLevels = ['blue', 'yellow', 'orange', 'red'] as const;
export const bulletinStatuses = ['draft', 'published', 'withdrawn'] as const;
export const recommendationCodes = ['price-subsidy', 'raise-price-cap', 'release-reserves', 'other'] as const;
export const bulletinAudiences = ['authorities', 'media', 'enterprises'] as const;

const SEVERITY_RANK: Readonly<Record<(typeof bulletinLevels)[number], number>> = { blue: 1, yellow: 2, orange: 3, red: 4 };

/**
 * The bulletin level its products' measured levels give: the highest severity among them
 * ('above-yellow' → yellow), or null when every product is inside its band (a pre-warning, where
 * only the lowest level, blue, goes without the monitor's confirmation).
 */
export function measuredBulletinLevel(productLevels: readonly string[]): (typeof bulletinLevels)[number] | null {
  let best: (typeof bulletinLevels)[number] | null = null;
  for (const l of productLevels) {
    const m = /^(?:above|below)-(blue|yellow|orange|red)$/.exec(l);
    const sev = m?.[1] as (typeof bulletinLevels)[number] | undefined;
    if (sev !== undefined && (best === null || SEVERITY_RANK[sev] > SEVERITY_RANK[best])) best = sev;
  }
  return best;
}

/** Whether a bulletin's level contradicts its products' measured levels (then the monitor must confirm it). */
export function levelContradicts(level: (typeof bulletinLevels)[number], productLevels: readonly string[]): boolean {
  const measured = measuredBulletinLevel(productLevels);
  return measured === null ? level !== 'blue' : level !== measured;
}
