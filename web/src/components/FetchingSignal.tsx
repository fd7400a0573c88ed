import { useIsFetching, useIsMutating } from '@tanstack/react-query';
import { useEffect } from 'react';

/**
 * Marks the document `data-fetching` while the app loads or saves data (any React Query query or
 * mutation in flight), so a script driving the app (the page walk, test/pages) waits for the page's
 * own signal of having settled instead of guessing from the network and fixed sleeps.
 */
export function FetchingSignal(): null {
  const fetching = useIsFetching() + useIsMutating() > 0;
  useEffect(() => {
    document.documentElement.toggleAttribute('data-fetching', fetching);
  }, [fetching]);
  return null;
}
