import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { fileChunks, importLimits, readImport, type ImportSpec, type TableFormat } from '../../platform/import/index';
import { systemServiceContext } from '../../platform/viewer';
import * as service from '../../modules/supply';
import { areaUnit, floorPriceQuery, forecastQuery, isoDate, shockFactor } from '../../modules/supply/supply.schema';
import { CliError, parseInput, withDatabase } from '../context';
import { printJson, printTable } from '../output';
import { createProgressBar } from '../progress';

const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '' : `${(x * 100).toFixed(1)} %`);
const yuan = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '' : x.toFixed(4));

function checkReadable(file: string): void {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function tableFormat(file: string): TableFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  throw new CliError(`${file}: unsupported file type; use .csv or .xlsx`);
}

/** A local file through the same import definition (caps, columns, field schemas) as the HTTP upload. */
async function readFileRows<T>(file: string, spec: ImportSpec<T>) {
  const format = tableFormat(file);
  checkReadable(file);
  return (await readImport({ source: fileChunks(file, importLimits().maxBytes), format }, spec)).rows;
}

function dateOption(value: string | undefined, option: string): string | undefined {
  return value === undefined ? undefined : parseInput(isoDate, value, { '': option });
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The CLI acts as the system viewer (it sees every formula), as before the Viewer type. */
const cli = systemServiceContext('cli');

async function importFormulaJson(file: string, label: string) {
  checkReadable(file);
  const inputs = service.formulasFromJson(fs.readFileSync(file, 'utf8'));
  return withDatabase('supply import-formulas', (h) =>
    h.db.transaction().execute((trx) => service.importFormulas(trx, cli, inputs, { label, fieldOf: (i, key) => `formula ${inputs[i]!.code}: ${key}` })),
  );
}

export function registerSupplyCommands(program: Command): void {
  const supply = program.command('supply').description('Supply early warning: herb prices, formula cost Y/P against the price cap, signals, forecasts');

  supply
    .command('import-prices')
    .description('Import herb prices from CSV or .xlsx (columns in README "Supply data formats"); all-or-nothing, idempotent')
    .argument('<file>', '.csv or .xlsx file')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const rows = await readFileRows(file, service.priceImport);
      const bar = createProgressBar('prices', !opts.json);
      const outcome = await withDatabase('supply import-prices', (h) =>
        h.db.transaction().execute((trx) => service.importPriceFile(trx, cli, rows, { label: path.basename(file), onProgress: (done, total) => bar.update(done, total) })),
      ).finally(() => bar.stop());
      if (opts.json) printJson(outcome);
      else
        process.stdout.write(
          `${outcome.rows} rows: ${outcome.inserted} new, ${outcome.updated} changed, ${outcome.unchanged} unchanged; ${outcome.held} held for confirmation; ${outcome.specsCreated} new specs\n`,
        );
    });

  supply
    .command('import-formulas')
    .description('Import formulas from JSON ({formulas:[…]} or an array) or CSV/.xlsx (one row per ingredient)')
    .argument('<file>', '.json, .csv or .xlsx file')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const label = path.basename(file);
      const outcome = file.toLowerCase().endsWith('.json')
        ? await importFormulaJson(file, label)
        : await (async () => {
            const rows = await readFileRows(file, service.formulaImport);
            return withDatabase('supply import-formulas', (h) => h.db.transaction().execute((trx) => service.importFormulaFile(trx, cli, rows, label)));
          })();
      if (opts.json) printJson(outcome);
      else process.stdout.write(`${outcome.formulas} formulas: ${outcome.created} new, ${outcome.replaced} replaced\n`);
    });

  supply
    .command('ratio')
    .description('Daily cost Y, price cap P, Y/P and level of a formula, with the signal episodes')
    .argument('<formula>', 'formula code or Chinese name, e.g. 复方丹参片')
    .option('--from <date>', 'first day (YYYY-MM-DD)')
    .option('--to <date>', 'last day (YYYY-MM-DD)')
    .option('--json', 'print JSON: {formula, band, series:[{date,cost,priceCap,ratio,level}], episodes:[…]}')
    .action(async (formula: string, opts: { from?: string; to?: string; json?: boolean }) => {
      const from = dateOption(opts.from, '--from');
      const to = dateOption(opts.to, '--to');
      const r = await withDatabase('supply ratio', (h) => service.ratio(h.db, cli, formula, { from, to, resolution: 'day' }));
      if (opts.json) {
        // Exactly the keys of issue 3 (the API adds the formula code).
        printJson({ formula: r.formula, band: r.band, series: r.series, episodes: r.episodes });
        return;
      }
      process.stdout.write(`${r.formula} (${r.code}), band ${pct(r.band[0])} – ${pct(r.band[1])}; first day of each month shown (--json for every day)\n`);
      printTable(
        r.series.filter((s, i) => i === 0 || s.date.endsWith('-01') || i === r.series.length - 1).map((s) => ({ date: s.date, cost: yuan(s.cost), priceCap: s.priceCap, ratio: pct(s.ratio), level: s.level })),
      );
      process.stdout.write('\nSignal episodes\n');
      printTable(r.episodes.map((e) => ({ start: e.start, end: e.end ?? '(open)', peakDate: e.peakDate, peakRatio: pct(e.peakRatio), level: e.level, direction: e.direction })));
    });

  supply
    .command('attribution')
    .description('Each herb’s contribution (元 per pack) to the change of Y between two dates')
    .argument('<formula>', 'formula code or Chinese name')
    .requiredOption('--from <date>', 'first date (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'second date (YYYY-MM-DD)')
    .option('--json', 'print JSON: {from, to, costFrom, costTo, contributions:{herb: 元}}')
    .action(async (formula: string, opts: { from: string; to: string; json?: boolean }) => {
      const from = dateOption(opts.from, '--from')!;
      const to = dateOption(opts.to, '--to')!;
      const r = await withDatabase('supply attribution', (h) => service.attribution(h.db, cli, formula, from, to));
      if (opts.json) printJson(r);
      else {
        process.stdout.write(`Y ${yuan(r.costFrom)} 元 (${r.from}) → ${yuan(r.costTo)} 元 (${r.to})\n`);
        printTable(Object.entries(r.contributions).map(([herb, c]) => ({ herb, contribution: yuan(c) })));
      }
    });

  supply
    .command('whatif')
    .description('Y, Y/P, level and cost shares with some herb prices (元/kg) replaced')
    .argument('<formula>', 'formula code or Chinese name')
    .option('--price <herb=price>', 'a herb price in 元/kg, e.g. 三七=300 (repeatable)', collect, [])
    .option('--price-cap <yuan>', 'replace the price cap P (元 per pack)')
    .option('--date <date>', 'base day for the other prices (default: the last day with prices)')
    .option('--json', 'print JSON: {cost, priceCap, ratio, level, shares:{herb: fraction}}')
    .action(async (formula: string, opts: { price: string[]; priceCap?: string; date?: string; json?: boolean }) => {
      const prices: Record<string, number> = {};
      for (const p of opts.price) {
        const m = /^(.+?)=(\d+(?:\.\d+)?)$/.exec(p.trim());
        if (!m) throw new CliError(`--price ${p}: expected HERB=PRICE, e.g. 三七=300`);
        prices[m[1]!.trim()] = Number(m[2]);
      }
      const priceCap = opts.priceCap === undefined ? undefined : parseInput(z.coerce.number().positive(), opts.priceCap, { '': '--price-cap' });
      const date = dateOption(opts.date, '--date');
      const r = await withDatabase('supply whatif', (h) => service.whatIfFormula(h.db, cli, formula, { prices, priceCap, date }));
      if (opts.json) printJson({ cost: r.cost, priceCap: r.priceCap, ratio: r.ratio, level: r.level, shares: r.shares });
      else {
        process.stdout.write(`${r.date}: Y ${yuan(r.cost)} 元, P ${r.priceCap} 元, Y/P ${pct(r.ratio)} (${r.level})\n`);
        printTable(Object.entries(r.shares).map(([herb, s]) => ({ herb, share: pct(s) })));
      }
    });

  supply
    .command('floor-price')
    .description('Cost-floor price (元/kg) of a cultivated herb from its growth cycle, input, yield and target profit')
    .requiredOption('--cycle-years <n>', 'growth cycle in years')
    .requiredOption('--annual-input <yuan>', 'input per area unit per year (元)')
    .requiredOption('--yield <kg>', 'harvest per area unit per growth cycle (kg)')
    .requiredOption('--annual-profit <yuan>', 'target profit per profit-area unit per year (元)')
    .option('--area-unit <unit>', 'mu (亩) or hm2 for input and yield', 'mu')
    .option('--profit-area-unit <unit>', 'mu (亩) or hm2 for the profit', 'mu')
    .option('--formula <formula>', 'also give Y/P of this formula with the herb at its floor price')
    .option('--herb <herb>', 'the herb (with --formula)')
    .option('--json', 'print JSON: {floorPrice} plus {ratio} with --formula')
    .action(async (opts: { cycleYears: string; annualInput: string; yield: string; annualProfit: string; areaUnit: string; profitAreaUnit: string; formula?: string; herb?: string; json?: boolean }) => {
      const input = parseInput(
        floorPriceQuery.extend({ areaUnit, profitAreaUnit: areaUnit }),
        { cycleYears: opts.cycleYears, annualInput: opts.annualInput, yield: opts.yield, annualProfit: opts.annualProfit, areaUnit: opts.areaUnit, profitAreaUnit: opts.profitAreaUnit, formula: opts.formula, herb: opts.herb },
        { cycleYears: '--cycle-years', annualInput: '--annual-input', yield: '--yield', annualProfit: '--annual-profit', areaUnit: '--area-unit', profitAreaUnit: '--profit-area-unit', formula: '--formula', herb: '--herb' },
      );
      if ((input.formula === undefined) !== (input.herb === undefined)) throw new CliError('--formula and --herb go together');
      const r =
        input.formula === undefined ? await service.floorPrice(null as never, cli, input) : await withDatabase('supply floor-price', (h) => service.floorPrice(h.db, cli, input));
      if (opts.json) printJson(r.ratio === undefined ? { floorPrice: r.floorPrice } : { floorPrice: r.floorPrice, ratio: r.ratio });
      else {
        process.stdout.write(`Floor price: ${r.floorPrice.toFixed(2)} 元/kg\n`);
        if ('ratio' in r && r.ratio !== undefined) process.stdout.write(`${r.formula} with ${r.herb} at the floor price (${r.date}): Y/P ${pct(r.ratio)}\n`);
      }
    });

  supply
    .command('exposure')
    .description('Every formula using a herb and how +1 % of its price moves each formula’s Y/P')
    .argument('<herb>', 'herb code, Chinese name or alias')
    .option('--shock <factor>', 'also list formulas pushed out of their band when the price is multiplied by this (e.g. 1.5)')
    .option('--json', 'print JSON')
    .action(async (herb: string, opts: { shock?: string; json?: boolean }) => {
      const shock = opts.shock === undefined ? undefined : parseInput(shockFactor, opts.shock, { '': '--shock' });
      const r = await withDatabase('supply exposure', (h) => service.exposure(h.db, cli, herb, shock));
      if (opts.json) {
        printJson(r);
        return;
      }
      process.stdout.write(`${r.herb}, prices of ${r.date ?? '(none)'}\n`);
      printTable(r.formulas.map((f) => ({ formula: f.formula, code: f.code, ratio: pct(f.ratio), 'Y/P points per +1 %': (f.ratioPointsPerPercent * 100).toFixed(3), 'relative per +1 %': pct(f.relativePerPercent) })));
      if (r.shock) {
        process.stdout.write(`\nPushed out of band by ×${r.shock.factor}\n`);
        printTable(r.shock.pushedOutOfBand.map((o) => ({ formula: o.formula, before: pct(o.before.ratio), after: pct(o.after.ratio), level: o.after.level })));
      }
    });

  supply
    .command('forecast')
    .description('Forecast of a formula’s Y/P (ETS per herb chosen by AICc, Monte-Carlo) and the pre-warning')
    .argument('<formula>', 'formula code or Chinese name')
    .requiredOption('--weeks <n>', 'horizon in weeks (1–52)')
    .option('--json', 'print JSON')
    .action(async (formula: string, opts: { weeks: string; json?: boolean }) => {
      const { weeks } = parseInput(forecastQuery, { weeks: opts.weeks }, { weeks: '--weeks' });
      const r = await withDatabase('supply forecast', (h) => service.forecast(h.db, cli, formula, weeks));
      if (opts.json) {
        printJson(r);
        return;
      }
      process.stdout.write(
        `${r.formula} as of ${r.asOf}: Y/P ${pct(r.currentRatio)}, band ${pct(r.band[0])} – ${pct(r.band[1])}; P(leaves the band within ${weeks} weeks) ${pct(r.probabilityLeaveBand)}${r.preWarning ? ' — PRE-WARNING' : ''}\n`,
      );
      printTable(r.weeks.map((w) => ({ week: w.week, date: w.date, p05: pct(w.p05), p50: pct(w.p50), p95: pct(w.p95), 'P(outside)': pct(w.probabilityOutside) })));
    });
}
