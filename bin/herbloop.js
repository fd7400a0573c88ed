#!/usr/bin/env node
// The CLI and the server run from JavaScript compiled out of src/ (see docs/architecture.md):
// rebuilt here first when a source is newer than the build, so a stale copy never runs.
import v8 from 'node:v8';
import { ensureServerBuild } from '../scripts/build-server.mjs';

// The embedded database is PostgreSQL compiled to WebAssembly. V8 compiles it quickly (Liftoff)
// and then again, optimised, on background threads; a command that lasts seconds never earns
// the second compilation back (it is ~40 % of the CPU time of `herbloop org list` on 2 cores,
// and `demo load` runs faster without it). The server, which runs for days, keeps it.
if (process.argv[2] !== 'serve') v8.setFlagsFromString('--liftoff-only');

await ensureServerBuild();
// Stack traces of unexpected errors name the TypeScript sources.
process.setSourceMapsEnabled(true);
await import('../build/cli/main.js');
