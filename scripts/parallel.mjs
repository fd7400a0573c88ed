// Runs npm scripts side by side: `node scripts/parallel.mjs typecheck:server typecheck:web lint`.
// tsc and eslint each use one core, so on the 2-core reference machine two at a time take about
// half the time of one after another. Each script's output is printed whole when it ends (not
// interleaved); the exit code is non-zero when any of them fails.
import os from 'node:os';
import { runBuffered } from './npm-script.mjs';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  process.stderr.write('usage: node scripts/parallel.mjs <npm script>…\n');
  process.exit(2);
}
const slots = Math.max(2, os.availableParallelism());

const queue = [...scripts];
let failed = false;
await Promise.all(
  Array.from({ length: Math.min(slots, scripts.length) }, async () => {
    for (let script = queue.shift(); script !== undefined; script = queue.shift()) {
      if (!(await runBuffered(script)).ok) failed = true;
    }
  }),
);
process.exit(failed ? 1 : 0);
