// Runs npm scripts side by side: `node scripts/parallel.mjs typecheck:server typecheck:web lint`.
// tsc and eslint each use one core, so on the 2-core reference machine two at a time take about
// half the time of one after another. Each script's output is printed whole when it ends (not
// interleaved); the exit code is non-zero when any of them fails.
import { spawn } from 'node:child_process';
import os from 'node:os';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  process.stderr.write('usage: node scripts/parallel.mjs <npm script>…\n');
  process.exit(2);
}
const slots = Math.max(2, os.availableParallelism());

/** @param {string} script */
function run(script) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {Buffer[]} */
    const output = [];
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      process.stdout.write(`${ok ? '✓' : '✗'} ${script} (${seconds} s)${ok ? '' : `: exit ${code ?? signal}`}\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(ok);
    });
  });
}

const queue = [...scripts];
let failed = false;
await Promise.all(
  Array.from({ length: Math.min(slots, scripts.length) }, async () => {
    for (let script = queue.shift(); script !== undefined; script = queue.shift()) {
      if (!(await run(script))) failed = true;
    }
  }),
);
process.exit(failed ? 1 : 0);
