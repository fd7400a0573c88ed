import os from 'node:os';
import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Four tiers, run together by `npm test` and alone by `npm run test:<tier>`:
 *
 * - unit: pure code, no database, no server, no child process; runs in seconds. Engine tests
 *   (`src/modules/<m>/engine/**`), web unit tests (`web/src/**`), and any `*.unit.test.ts`.
 * - api: the database and the HTTP API in-process (PGlite, or PostgreSQL when
 *   HERBLOOP_TEST_DATABASE_URL is set). Every other test under src/ (a module's tests beside it,
 *   e.g. `src/modules/<m>/<m>.test.ts` or `<m>.api.test.ts`), test/api and test/db.
 * - cli: `herbloop` as a user runs it, in child processes (test/cli).
 * - browser: the web app in Chromium (test/browser).
 *
 * A test beside a module is an API test unless it lives under `engine/` or is named
 * `*.unit.test.ts`; the files listed in `pureModuleTests` predate that rule.
 */
const pureModuleTests = ['src/modules/bulletins/bulletins.test.ts', 'src/platform/table-writer.test.ts'];
const unitTests = ['src/**/engine/**/*.test.ts', 'src/**/*.unit.test.ts', 'test/pages/*.unit.test.ts', 'web/src/**/*.test.ts', ...pureModuleTests];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files run one after another in a worker that keeps its loaded modules (and its PGlite
    // instance): importing the app again for every file cost seconds of CPU per file. Test files
    // keep their state in their own describe blocks and close what they open in afterAll.
    isolate: false,
    // On the 2-core reference machine vitest would run one file at a time; CLI, server and
    // browser tests spend much of their time waiting on child processes, so two overlap well.
    maxWorkers: 2,
    // The demo loader signs its manifests with keys in the directory its own settings name, the
    // test apps sign with keys in theirs (data dir memory://): one directory for both, or signing
    // on a demo manifest finds no key.
    env: { HERBLOOP_MANIFEST_KEY_DIR: process.env.HERBLOOP_MANIFEST_KEY_DIR ?? path.join(os.tmpdir(), 'herbloop-test-manifest-keys') },
    projects: [
      { extends: true, test: { name: 'unit', include: unitTests } },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['src/**/*.test.ts', 'test/api/**/*.test.ts', 'test/db/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...unitTests],
          globalSetup: ['test/global-setup.ts'],
        },
      },
      { extends: true, test: { name: 'cli', include: ['test/cli/**/*.test.ts'], globalSetup: ['test/global-setup.ts', 'test/server-build-setup.ts'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/global-setup.ts'] } },
    ],
  },
});
