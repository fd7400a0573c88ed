// `npm test`: the checks, then the whole vitest suite, keeping both cores of the reference
// machine busy. Lint is the longest check (type-aware, one core); the typechecks and the web build
// (when web/dist is stale) run one after another beside it, and vitest starts as soon as they have
// passed, while lint may still run (lint took about 1.8 times as long as the typechecks and the
// build together on the loaded reference machine: waiting for it left one core idle meanwhile). A
// failed typecheck or build stops the run before vitest; a lint failure fails it at the end (its
// output is printed when it ends, and again after vitest's). Arguments go to `vitest run`.
import { spawn } from 'node:child_process';
import { runBuffered } from './npm-script.mjs';

/** Runs a command with the terminal as its output (vitest's progress shows as it happens). */
function runInherited(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('close', (code) => resolve(code === 0));
  });
}

// Two at a time, lint first (the longest); vitest starts once the others have passed.
const queue = ['lint', 'typecheck:server', 'typecheck:web', 'build:web:stale'];
/** @type {Map<string, Promise<{ ok: boolean, text: string }>>} */
const runs = new Map();
let wake = () => undefined;
const slots = Array.from({ length: 2 }, async () => {
  for (let script = queue.shift(); script !== undefined; script = queue.shift()) {
    const run = runBuffered(script);
    runs.set(script, run);
    wake();
    await run;
  }
});
while (runs.size < 4) await new Promise((resolve) => (wake = resolve));
const checks = await Promise.all(['typecheck:server', 'typecheck:web', 'build:web:stale'].map((s) => runs.get(s)));
let passed = checks.every((c) => c.ok);
if (passed) passed = await runInherited(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)]);
await Promise.all(slots);
const linted = await runs.get('lint');
if (!linted.ok) process.stdout.write(`\n${linted.text}`);
process.exit(passed && linted.ok ? 0 : 1);
