// Shared by scripts/test.mjs and scripts/parallel.mjs.
import { spawn } from 'node:child_process';

/**
 * Runs an npm script with its output kept until it ends; resolves to whether it passed and what it printed.
 * @param {string} script
 * @returns {Promise<{ ok: boolean, text: string }>}
 */
export function runBuffered(script) {
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
      const text = `${ok ? '✓' : '✗'} ${script} (${seconds} s)${ok ? '' : `: exit ${code ?? signal}`}\n${Buffer.concat(output).toString()}`;
      process.stdout.write(text);
      resolve({ ok, text });
    });
  });
}
