import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // On the 2-core reference machine vitest would run one file at a time; CLI, server and
    // browser tests spend much of their time waiting on child processes, so two overlap well.
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
  },
});
