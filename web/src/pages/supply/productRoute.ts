import type { QueryClient } from '@tanstack/react-query';
import { preloadCharts } from '../../components/Chart';
import { DEFAULT_FORMULA, levelsQuery, weeklyRatioQuery } from './queries';

/** The route's page (nav.ts loads it through this module, so the prefetch below adds no chunk of its own). */
export { default } from './ProductPage';

/**
 * Opened directly on the product page, the app starts what the first chart needs as soon as this
 * chunk is in, alongside the session check: the weekly Y/P series and the severity lines (into the
 * query cache the page reads, so each is requested once) and ECharts. Otherwise they would wait
 * for the session, the shell and the page to render. Without a session or the right to read costs
 * the answers are refused and the page is not shown.
 */
export function prefetch(queryClient: QueryClient): void {
  void queryClient.prefetchQuery(weeklyRatioQuery(new URLSearchParams(location.search).get('formula') ?? DEFAULT_FORMULA));
  void queryClient.prefetchQuery(levelsQuery);
  preloadCharts();
}
