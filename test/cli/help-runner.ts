/**
 * Runs `herbloop <command…> --help` for every command of the real program in one process and
 * prints one JSON line of results: a process per command would cost a start-up each. Spawned by
 * cli.test.ts; it loads the compiled program from build/ (the one `herbloop` runs), which the
 * test setup has just built.
 */
import type { Command } from 'commander';
import type * as Program from '../../src/cli/program';

const { buildProgram, main } = (await import(new URL('../../build/cli/program.js', import.meta.url).href)) as typeof Program;

const write = process.stdout.write.bind(process.stdout);
const writeErr = process.stderr.write.bind(process.stderr);

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((c) => {
    const path = [...prefix, c.name()];
    return [path, ...commandPaths(c, path)];
  });
}

const results: { command: string; exitCode: number; output: string }[] = [];
for (const path of [[], ...commandPaths(await buildProgram())]) {
  let output = '';
  const capture = (chunk: string | Uint8Array) => {
    output += chunk.toString();
    return true;
  };
  process.stdout.write = capture;
  process.stderr.write = capture;
  let exitCode: number;
  try {
    exitCode = await main(['node', 'herbloop', ...path, '--help']);
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
  results.push({ command: path.join(' '), exitCode, output });
}
process.exitCode = 0;
write(`\nHELP-RESULTS ${JSON.stringify(results)}\n`);
