import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { setCsrfToken } from '../api/client';
import { authApi } from '../api/auth';
import type { Me } from '../api/types';

export const meKey = ['session', 'me'] as const;

/** Everything cached belongs to the acting organisation; only the session itself survives a switch. */
const isSessionQuery = (key: readonly unknown[]) => key[0] === 'session';

async function fetchMe(): Promise<Me | null> {
  const me = await authApi.me();
  setCsrfToken(me?.csrfToken ?? null);
  return me;
}

/**
 * Asks who is logged in at start-up, while the texts and the shell load, instead of after the
 * first render: the page's own chunk and data wait for this answer.
 */
export function prefetchSession(queryClient: QueryClient): void {
  void queryClient.prefetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Infinity, retry: false });
}

export function useSession() {
  const query = useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Infinity, retry: false });
  return { me: query.data ?? null, loading: query.isPending, error: query.error };
}

export function useSessionActions() {
  const queryClient = useQueryClient();

  const adopt = useCallback(
    (me: Me | null) => {
      setCsrfToken(me?.csrfToken ?? null);
      queryClient.removeQueries({ predicate: (q) => !isSessionQuery(q.queryKey) });
      queryClient.setQueryData(meKey, me);
    },
    [queryClient],
  );

  const login = useCallback(async (username: string, password: string) => adopt(await authApi.login(username, password)), [adopt]);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      // Even when the server is unreachable the page must stop showing the old session.
      adopt(null);
    }
  }, [adopt]);

  const switchOrganisation = useCallback(async (organisationId: string) => adopt(await authApi.switchOrganisation(organisationId)), [adopt]);

  /** The server said 401 on a normal request: the session expired or was revoked elsewhere. */
  const sessionLost = useCallback(() => adopt(null), [adopt]);

  return { login, logout, switchOrganisation, sessionLost };
}
