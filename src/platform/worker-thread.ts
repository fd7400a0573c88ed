import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Where a worker's code is, and whether it is TypeScript (then tsx is registered inside it). */
export interface WorkerEntry {
  url: URL;
  typescript: boolean;
}

/**
 * Where a worker's code is: `<name>.js` beside the calling module once compiled, or
 * `<name>.ts` when running from the sources (tsx, vitest), which a worker can only load after
 * tsx's loader is registered inside it.
 */
export function workerEntry(name: string, base: string | URL): WorkerEntry {
  const compiled = new URL(`./${name}.js`, base);
  if (fs.existsSync(fileURLToPath(compiled))) return { url: compiled, typescript: false };
  const source = new URL(`./${name}.ts`, base);
  if (fs.existsSync(fileURLToPath(source))) return { url: source, typescript: true };
  throw new Error(`The worker ${name}.js is missing beside ${String(base)}.`);
}

/** tsx's ESM registration module, found from this file so it works from any working directory. */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
  const target = pkg.exports['./esm/api']?.import?.default;
  if (!target) throw new Error('tsx does not export ./esm/api');
  return pathToFileURL(path.join(path.dirname(manifest), target)).href;
}

/** Starts a worker thread from compiled JavaScript, or from TypeScript through tsx. */
export function startWorker(entry: WorkerEntry, options: WorkerOptions): Worker {
  if (!entry.typescript) return new Worker(entry.url, options);
  const bootstrap = `import(${JSON.stringify(tsxEsmApi())}).then((api) => { api.register(); return import(${JSON.stringify(entry.url.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
