import type { Command } from 'commander';
import fs from 'node:fs';
import { currentYear, evaluationReport, exportGaps, parkCriticality, parkEvaluation, parkGaps, parkMap, stopFirms } from '../../modules/symbiosis';
import { loadConfig } from '../../config';
import { systemServiceContext } from '../../platform/viewer';
import { CliError, withDatabase } from '../context';
import { printJson, printTable } from '../output';

/**
 * `herbloop symbiosis map|stop|criticality|evaluate [--format pdf|xlsx] --park P`: the stored park's network, its
 * cascades and evaluation, as the operator of the database (the system viewer: the whole park).
 */
const ctx = (command: string) => systemServiceContext(`cli:symbiosis ${command}`);
const n = (x: number | null) => (x === null ? '–' : Number(x.toPrecision(6)));

function yearOf(text: string | undefined): number {
  if (text === undefined) return currentYear();
  if (!/^\d{4}$/.test(text)) throw new CliError(`--year: expected a year such as 2025, got "${text}"`);
  return Number(text);
}

export function registerParkCommands(symbiosis: Command): void {
  symbiosis
    .command('map')
    .description("A park's symbiosis network for a year: nodes, flows (planned and actual apart) and figures")
    .requiredOption('--park <park>', 'park code or id')
    .option('--year <year>', 'calendar year (default: the current one)')
    .option('--json', 'print the map as JSON (the API answer)')
    .action(async (opts: { park: string; year?: string; json?: boolean }) => {
      const year = yearOf(opts.year);
      const map = await withDatabase('symbiosis map', async (h) => parkMap(h.db, ctx('map'), opts.park, year));
      if (opts.json) return printJson(map);
      printTable(map.figures.map((f) => ({ kind: f.kind, basis: f.basis, unit: f.unit, nodes: f.nodes, links: f.links, connectance: n(f.connectance), 'link density': n(f.linkDensity), FCI: n(f.finnCyclingIndex), cycles: `${f.cycles.count}${f.cycles.truncated ? '+' : ''}`, TST: n(f.totalSystemThroughflow), 'local outlet': n(f.localOutletShare) })));
    });

  symbiosis
    .command('gaps')
    .description('Chain gaps of the park and the attraction list (kinds of firm to attract, size, value, disposal avoided)')
    .requiredOption('--park <park>', 'park code or id')
    .option('--year <year>', 'calendar year (default: the current one)')
    .option('--xlsx <file>', 'also write the attraction list as .xlsx for the investment-promotion team')
    .option('--json', 'print JSON: {gaps, attractions}')
    .action(async (opts: { park: string; year?: string; xlsx?: string; json?: boolean }) => {
      const year = yearOf(opts.year);
      const r = await withDatabase('symbiosis gaps', async (h) => {
        if (opts.xlsx) fs.writeFileSync(opts.xlsx, await exportGaps(h.db, ctx('gaps'), opts.park, year, 'xlsx'));
        return parkGaps(h.db, ctx('gaps'), opts.park, year);
      });
      if (opts.json) return printJson(r);
      printTable(r.attractions.map((a) => ({ rank: a.rank, firm: a.utiliser, pathway: a.pathway, 't/yr': n(a.capacityTonnesPerYear), 'net value 元/yr': n(a.netValuePerYear), viable: a.viable })));
    });

  symbiosis
    .command('stop')
    .description('"Firm stops": the cascade through the park when these firms stop, with alternatives from the exchange')
    .requiredOption('--park <park>', 'park code or id')
    .requiredOption('--firm <firm...>', 'organisation code(s) or id(s) that stop (repeat --firm for several)')
    .option('--year <year>', 'calendar year (default: the current one)')
    .option('--json', 'print JSON: {stopped, displacedTonnes, extraDisposalCost, affected, alternatives}')
    .action(async (opts: { park: string; firm: string[]; year?: string; json?: boolean }) => {
      const year = yearOf(opts.year);
      const r = await withDatabase('symbiosis stop', async (h) => stopFirms(h.db, ctx('stop'), opts.park, { firms: opts.firm, year }));
      if (opts.json) return printJson(r);
      process.stdout.write(`stopped: ${r.stopped.map((f) => f.code).join(' → ')}\ndisplaced: ${n(r.displacedTonnes)} t/yr, extra disposal cost: ${n(r.extraDisposalCost)} 元/yr\n\n`);
      printTable(r.affected.map((a) => ({ firm: a.firm.code, 'lost outlet t': n(a.lostOutletT), 'lost input t': n(a.lostInputT), stopped: a.stopped })));
    });

  symbiosis
    .command('criticality')
    .description('Every firm of the park ranked by the tonnes displaced and the cost if it stopped')
    .requiredOption('--park <park>', 'park code or id')
    .option('--year <year>', 'calendar year (default: the current one)')
    .option('--json', 'print JSON')
    .action(async (opts: { park: string; year?: string; json?: boolean }) => {
      const year = yearOf(opts.year);
      const r = await withDatabase('symbiosis criticality', async (h) => parkCriticality(h.db, ctx('criticality'), opts.park, year));
      if (opts.json) return printJson(r);
      printTable(r.items.map((i) => ({ firm: i.firm.code, 'displaced t': n(i.displacedTonnes), 'extra cost 元': n(i.extraDisposalCost), stopped: i.stoppedCount, exposure: n(i.exposure) })));
    });

  symbiosis
    .command('evaluate')
    .description("The park's scores on the indicator systems over the years, each value with its origin and source")
    .requiredOption('--park <park>', 'park code or id')
    .option('--from <year>', 'first year (default: two years before --to)')
    .option('--to <year>', 'last year (default: the current one)')
    .option('--json', 'print JSON')
    .option('--format <format>', 'write the evaluation report instead: pdf (Chinese, with charts) or xlsx')
    .option('--out <file>', 'the report file to write (with --format; default evaluation-<from>-<to>.<format>)')
    .action(async (opts: { park: string; from?: string; to?: string; json?: boolean; format?: string; out?: string }) => {
      const to = yearOf(opts.to);
      const from = opts.from === undefined ? to - 2 : yearOf(opts.from);
      if (opts.format !== undefined) {
        const format = opts.format;
        if (format !== 'pdf' && format !== 'xlsx') throw new CliError(`--format: expected pdf or xlsx, got "${format}"`);
        const report = await withDatabase('symbiosis evaluate', async (h) => evaluationReport(h.db, ctx('evaluate'), opts.park, { from, to }, format, loadConfig().pdfFont));
        const out = opts.out ?? report.name;
        fs.writeFileSync(out, report.data);
        if (opts.json) return printJson({ file: out, bytes: report.data.length });
        process.stdout.write(`${out} (${report.data.length} bytes)\n`);
        return;
      }
      const r = await withDatabase('symbiosis evaluate', async (h) => parkEvaluation(h.db, ctx('evaluate'), opts.park, { from, to }));
      if (opts.json) return printJson(r);
      for (const s of r.systems) {
        process.stdout.write(`\n${s.code} ${s.edition}\n`);
        printTable(s.indicators.map((d) => ({ indicator: d.code, unit: d.unit, threshold: d.threshold ?? '', ...Object.fromEntries(d.scores.map((x) => [String(x.year), x.value === null ? '' : n(x.value)])), verified: d.verified })));
      }
    });
}
