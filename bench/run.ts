/**
 * `npm run bench [filter]`: runs every benchmark in bench/*.bench.ts (or those whose name
 * contains the filter), prints a readable table and writes bench/results/<time>.json.
 * Each file runs in its own child process so peak-memory figures belong to one benchmark set.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Benchmark, BenchResult } from './harness';

const here = import.meta.dirname;

interface Outcome {
  file: string;
  name: string;
  description: string;
  result?: BenchResult;
  error?: string;
}

async function runFile(file: string, filter: string | undefined): Promise<Outcome[]> {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { default: Benchmark[] };
  const outcomes: Outcome[] = [];
  for (const bench of mod.default) {
    if (filter && !bench.name.includes(filter) && !file.includes(filter)) continue;
    process.stderr.write(`running ${bench.name}…\n`);
    try {
      outcomes.push({ file, name: bench.name, description: bench.description, result: await bench.run() });
    } catch (error) {
      outcomes.push({ file, name: bench.name, description: bench.description, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}

function printTable(outcomes: Outcome[]): void {
  for (const o of outcomes) {
    process.stdout.write(`\n${o.name} — ${o.description}\n`);
    if (o.error) {
      process.stdout.write(`  FAILED: ${o.error}\n`);
      continue;
    }
    for (const m of o.result?.metrics ?? []) {
      // JSON carries a non-finite figure (a page that never drew) as null.
      const value = m.value === null ? '—' : Number.isInteger(m.value) ? String(m.value) : m.value.toPrecision(4);
      process.stdout.write(`  ${m.name.padEnd(48)} ${value.padStart(12)} ${m.unit.padEnd(8)} ${m.target ? `(aim ${m.target})` : ''}\n`);
    }
    for (const n of o.result?.notes ?? []) process.stdout.write(`  note: ${n}\n`);
  }
}

const [mode, arg] = process.argv.slice(2);
if (mode === '--child' && arg) {
  // Child: run one file, print JSON on stdout.
  const filter = process.argv[4];
  process.stdout.write(JSON.stringify(await runFile(arg, filter)));
} else {
  const filter = mode;
  const files = fs.readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
  const outcomes: Outcome[] = [];
  for (const file of files) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(here, 'run.ts'), '--child', file, ...(filter ? [filter] : [])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) {
      outcomes.push({ file, name: file, description: 'benchmark process failed', error: `exit ${child.status}` });
      continue;
    }
    outcomes.push(...(JSON.parse(child.stdout) as Outcome[]));
  }
  printTable(outcomes);
  const dir = path.join(here, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify({ machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, outcomes }, null, 2));
  process.stdout.write(`\nresults written to ${path.relative(process.cwd(), out)}\n`);
  if (outcomes.some((o) => o.error)) process.exitCode = 1;
}
