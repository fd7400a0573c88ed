import fs from 'node:fs';
import type { Command } from 'commander';
import { type NetworkFigures, networkFigures, parseNetwork } from '../../modules/symbiosis/engine';
import { CliError } from '../context';
import { printJson, printTable } from '../output';
import { registerParkCommands } from './symbiosis-park';

/**
 * `herbloop symbiosis …`. Subcommands over a file (no database) are registered by
 * `registerFileCommands`; the commands over stored parks (map, gaps, stop, criticality,
 * evaluate) are registered next to them by the symbiosis module, each in a function of its own.
 */
export const SYMBIOSIS_DESCRIPTION = 'Park symbiosis: network figures, firm-stops cascades, chain gaps, evaluation';

const figure = (x: number | null) => (x === null ? '–' : Number(x.toPrecision(6)));

/** Reads a JSON file; errors name the file, never a stack trace. */
function readJsonFile(file: string): unknown {
  if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function printFigures(f: NetworkFigures): void {
  printTable([
    { figure: 'nodes', value: f.nodes },
    { figure: 'links', value: f.links },
    { figure: 'connectance', value: figure(f.connectance) },
    { figure: 'link density', value: figure(f.linkDensity) },
    { figure: "Finn's cycling index", value: f.finnCyclingIndex === null ? `– (${f.finnCyclingIndexStatus})` : figure(f.finnCyclingIndex) },
    { figure: 'elementary cycles', value: `${f.cycles.count}${f.cycles.truncated ? '+' : ''}` },
    { figure: 'total system throughflow', value: figure(f.totalSystemThroughflow) },
  ]);
  process.stdout.write('\n');
  printTable(
    Object.entries(f.perNode).map(([id, node]) => ({ node: id, in: figure(node.in), out: figure(node.out), degree: node.degree, 'largest partner share': figure(node.largestPartnerShare) })),
  );
}

function registerFileCommands(symbiosis: Command): void {
  symbiosis
    .command('analyse')
    .description('Network figures of a material (or energy, or water) network in a file; stores nothing, needs no database')
    .requiredOption('--file <file>', 'network JSON: {nodes: [{id, type}], flows: [{from, to, tonnes}]} (from/to null = outside the park)')
    .option('--json', 'print JSON: {nodes, links, connectance, linkDensity, finnCyclingIndex, finnCyclingIndexStatus, cycles, totalSystemThroughflow, perNode}')
    .action((opts: { file: string; json?: boolean }) => {
      const parsed = parseNetwork(readJsonFile(opts.file));
      if (!parsed.ok) throw new CliError(parsed.errors.map((e) => `${opts.file}: ${e.field}: ${e.message}`).join('\n'));
      const figures = networkFigures(parsed.value);
      if (opts.json) printJson(figures);
      else printFigures(figures);
    });
}

export function registerSymbiosisCommands(program: Command): void {
  const symbiosis = program.command('symbiosis').description(SYMBIOSIS_DESCRIPTION);
  registerFileCommands(symbiosis);
  registerParkCommands(symbiosis);
}
