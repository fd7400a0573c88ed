import type { Migration } from 'kysely/migration';
import * as platform from './20261122T0600_platform';
import * as provinces from './20261122T0610_provinces';

/**
 * Every migration, by timestamped name. A static list (not a directory scan) so the set is
 * the same under tsx, vitest and a bundler. Add new files here in time order.
 */
export const migrations: Record<string, Migration> = {
  '20261122T0600_platform': platform,
  '20261122T0610_provinces': provinces,
};
