import type { QueryClient } from '@tanstack/react-query';

/**
 * Marks the document `data-fetching` while any query of the app is loading, so a script driving
 * the app (the page walk, test/pages) waits for the page's own signal of having settled instead of
 * guessing from the network and fixed sleeps. The client's own cache events, not React hooks: it
 * costs the first load nothing.
 */
export function signalFetching(queryClient: QueryClient): void {
  queryClient.getQueryCache().subscribe(() => {
    document.documentElement.toggleAttribute('data-fetching', queryClient.isFetching() > 0);
  });
}
