import fs from 'node:fs';
import type { Command } from 'commander';
import { marketFile, matchMarket } from '../../modules/exchange';
import { CliError, parseInput } from '../context';
import { printJson, printTable } from '../output';
import { registerAuctionCommands } from './exchange-auctions';

const yuan = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 2 });

export function registerExchangeCommands(program: Command): void {
  const exchange = program.command('exchange').description('By-product exchange: optimal matching of listings and demands by delivered value');
  registerAuctionCommands(exchange);

  exchange
    .command('match')
    .description('Optimal allocation of a market described in a file (format in the README); stores nothing, needs no database')
    .requiredOption('--file <file>', 'market JSON: {transport: {costPerTonneKm, roadFactor}, listings: [...], demands: [...]}')
    .option('--json', 'print JSON: {objective, proposals: [{listing, demand, tonnes, valuePerTonne, distanceKm}], unmatched: {listings, demands}}')
    .action((opts: { file: string; json?: boolean }) => {
      if (!fs.existsSync(opts.file)) throw new CliError(`${opts.file}: no such file`);
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(opts.file, 'utf8'));
      } catch (error) {
        throw new CliError(`${opts.file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      }
      const { objective, proposals, unmatched } = matchMarket(parseInput(marketFile, raw));
      if (opts.json) {
        printJson({ objective, proposals, unmatched });
        return;
      }
      printTable(
        proposals.map((p) => ({
          listing: p.listing,
          demand: p.demand,
          tonnes: Number(p.tonnes.toPrecision(6)),
          'value 元/t': yuan(p.valuePerTonne),
          'road km': Number(p.distanceKm.toFixed(1)),
          'value 元': yuan(p.tonnes * p.valuePerTonne),
        })),
      );
      const rest = (r: Record<string, number>) => Object.entries(r).map(([id, t]) => `${id} ${Number(t.toPrecision(6))} t`).join(', ') || 'none';
      process.stdout.write(`\ntotal value ${yuan(objective)} 元 over ${proposals.length} proposals\nunsold: ${rest(unmatched.listings)}\nunfilled demand: ${rest(unmatched.demands)}\n`);
    });
}
