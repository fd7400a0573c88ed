import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { accountsImport, importAccountsFile, regionChange, regionIndicators, regionScenarios, scenarioBody } from '../../modules/accounts';
import { systemServiceContext } from '../../platform/viewer';
import { CliError, parseInput, withDatabase } from '../context';
import { readImportFile } from '../import-file';
import { printJson, printTable } from '../output';
import { createProgressBar } from '../progress';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function year(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const y = Number(value);
  if (!Number.isInteger(y) || y < 1949 || y > 2200) throw new CliError(`${option}: "${value}" is not a year`);
  return y;
}

function basisOption(value: string | undefined): 'primaryEquivalent' | 'tonnes' {
  if (value === undefined || value === 'primary') return 'primaryEquivalent';
  if (value === 'tonnes') return 'tonnes';
  throw new CliError(`--basis: "${value}" is not primary or tonnes`);
}

export function registerAccountsCommands(program: Command): void {
  const accounts = program.command('accounts').description('Regional material-flow accounts and resource productivity');

  accounts
    .command('import')
    .description('Import material accounts or economy rows from CSV/.xlsx (columns in the README); all or nothing')
    .argument('<file>', '.csv or .xlsx')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const table = await readImportFile(file, accountsImport);
      const bar = createProgressBar('import', !opts.json);
      const outcome = await withDatabase('accounts import', (h) =>
        h.db.transaction().execute((trx) => importAccountsFile(trx, systemServiceContext('cli:accounts import'), { name: path.basename(file), ...table }, (d, t) => bar.update(d, t, 'rows'))),
      );
      bar.stop();
      if (opts.json) printJson(outcome);
      else {
        process.stdout.write(`Imported ${outcome.rows} ${outcome.kind} rows for ${outcome.regions.join(', ')}; ${outcome.findings.length} quality finding(s).\n`);
        if (outcome.findings.length) printTable(outcome.findings.slice(0, 50).map((f) => ({ severity: f.severity, rule: f.rule, region: f.region, year: f.year, kind: f.kind ?? '', row: f.fileRow ?? '', message: f.message })));
      }
    });

  accounts
    .command('indicators')
    .description('DMI, DMC, per-capita DMC, productivity and circularity by year')
    .requiredOption('--region <region>', 'region code (330000) or name (浙江)')
    .option('--from <year>', 'first year')
    .option('--to <year>', 'last year')
    .option('--basis <basis>', 'primary (primary-resource equivalents, default) | tonnes')
    .option('--json', 'print JSON')
    .action(async (opts: { region: string; from?: string; to?: string; basis?: string; json?: boolean }) => {
      const span = { from: year(opts.from, '--from'), to: year(opts.to, '--to') };
      const basis = basisOption(opts.basis);
      const result = await withDatabase('accounts indicators', async (h) => regionIndicators(h.db, systemServiceContext('cli:accounts indicators'), opts.region, span, basis, '--region'));
      if (opts.json) printJson(result);
      else
        printTable(
          result.indicators.map((i) => ({
            year: i.year,
            'DMI (Mt)': (i.dmi / 1e6).toFixed(1),
            'DMC (Mt)': (i.dmc / 1e6).toFixed(1),
            't/person': i.dmcPerCapita.toFixed(2),
            'GDP (亿元)': i.gdpConstant.toFixed(0),
            '元/t DMC': i.productivityDmc.toFixed(0),
            CMU: pct(i.circularMaterialUseRate),
          })),
        );
    });

  accounts
    .command('change')
    .description('Change of resource productivity between two years, decomposed into GDP and resource use')
    .requiredOption('--region <region>', 'region code or name')
    .requiredOption('--from <year>', 'start year')
    .requiredOption('--to <year>', 'end year')
    .option('--basis <basis>', 'primary | tonnes')
    .option('--json', 'print JSON: {region, from, to, gdpChange, dmcChange, dmiChange, productivityChange} as fractions')
    .action(async (opts: { region: string; from: string; to: string; basis?: string; json?: boolean }) => {
      const from = year(opts.from, '--from')!;
      const to = year(opts.to, '--to')!;
      const basis = basisOption(opts.basis);
      const result = await withDatabase('accounts change', async (h) => regionChange(h.db, systemServiceContext('cli:accounts change'), opts.region, from, to, basis, '--region'));
      if (opts.json) printJson(result);
      else
        process.stdout.write(
          `${result.region} ${from}→${to}: GDP ${pct(result.gdpChange)}, DMC ${pct(result.dmcChange)}, DMI ${pct(result.dmiChange)}, productivity ${pct(result.productivityChange)}\n` +
            `  ln-decomposition: GDP growth explains ${pct(result.decomposition.gdpShare)}, resource use ${pct(result.decomposition.resourceShare)}\n`,
        );
    });

  accounts
    .command('scenario')
    .description('Project scenarios to a target year (a JSON file, or options with the region’s trend scenarios)')
    .argument('[file]', 'JSON: {region, baseYear?, targetYear, scenarios?: [{name, gdpGrowth, intensityChange: {biomass, metalOres, nonMetallicMinerals, fossilEnergy}}], targetChange?|targetProductivity?}')
    .option('--region <region>', 'region code or name')
    .option('--target-year <year>', 'year to project to')
    .option('--base-year <year>', 'base year (default: latest with data)')
    .option('--target-change <fraction>', 'productivity target as a change over the base year, e.g. 0.2')
    .option('--json', 'print JSON')
    .action(async (file: string | undefined, opts: { region?: string; targetYear?: string; baseYear?: string; targetChange?: string; json?: boolean }) => {
      let input: unknown;
      if (file) {
        if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`);
        try {
          input = JSON.parse(fs.readFileSync(file, 'utf8'));
        } catch (error) {
          throw new CliError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
        }
      } else {
        if (!opts.region || !opts.targetYear) throw new CliError('give a FILE, or --region and --target-year');
        input = {
          region: opts.region,
          targetYear: year(opts.targetYear, '--target-year'),
          ...(opts.baseYear ? { baseYear: year(opts.baseYear, '--base-year') } : {}),
          ...(opts.targetChange ? { targetChange: Number(opts.targetChange) } : {}),
        };
      }
      const body = parseInput(scenarioBody, input, { region: '--region', targetYear: '--target-year', baseYear: '--base-year', targetChange: '--target-change' });
      const result = await withDatabase('accounts scenario', async (h) => regionScenarios(h.db, systemServiceContext('cli:accounts scenario'), body, '--region'));
      if (opts.json) printJson(result);
      else {
        printTable(result.projections.map((p) => ({ scenario: p.name, from: p.baseYear, to: p.targetYear, 'productivity change': pct(p.productivityChange), 'per year': pct(p.annualProductivityGrowth), 'meets target': p.meetsTarget === undefined ? '' : p.meetsTarget ? 'yes' : 'no' })));
        if (result.roadmap) process.stdout.write(`Required improvement: ${pct(result.roadmap.requiredAnnualImprovement)} a year\n`);
      }
    });
}
