import { ensureServerBuild } from '../scripts/build-server.mjs';

/**
 * CLI tests spawn `node bin/herbloop.js`, which runs the compiled build/ and rebuilds it first
 * when it is stale. Building once here keeps that out of the tests (and out of their timeouts),
 * and keeps concurrent test files from each starting a build.
 */
export default async function setup(): Promise<void> {
  await ensureServerBuild({ quiet: true });
}
