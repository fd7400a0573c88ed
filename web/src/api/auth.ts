import * as auth from '../../../src/modules/auth/auth.contract';
import { call } from './call';
import { ApiError } from './client';

export const authApi = {
  /** The current session, or null when not logged in (any other failure still throws). */
  me: () =>
    call(auth.me, { expectUnauthenticated: true }).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }),
  login: (username: string, password: string) => call(auth.login, { body: { username, password }, expectUnauthenticated: true }),
  logout: () => call(auth.logout, { expectUnauthenticated: true }),
  switchOrganisation: (organisationId: string) => call(auth.switchOrganisation, { body: { organisationId } }),
};
