import { supplyApi } from './api';

/** The formula the product page shows without `?formula=`. */
export const DEFAULT_FORMULA = 'FFDSP';

// Plain objects rather than TanStack's queryOptions(): that helper would join the first load's script.

/** The whole history of a formula's Y/P, weekly: what the product page's chart draws first. */
export const weeklyRatioQuery = (code: string) => ({ queryKey: ['supply', 'ratio', code, 'week'], queryFn: () => supplyApi.ratio(code) });

/** The engine's severity lines relative to a band (the chart waits for them). */
export const levelsQuery = { queryKey: ['supply', 'levels'], queryFn: supplyApi.levels, staleTime: Infinity };
