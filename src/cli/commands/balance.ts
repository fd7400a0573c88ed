import fs from 'node:fs';
import type { Command } from 'commander';
import { balanceModelSchema, reconcileModel } from '../../modules/balance';
import { AppError } from '../../platform/errors';
import { systemServiceContext } from '../../platform/viewer';
import { CliError, parseInput } from '../context';
import { printJson, printTable } from '../output';

const fmt = (x: number | null) => (x === null ? '—' : x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(3) : Number(x.toPrecision(6)).toString());

export function registerBalanceCommands(program: Command): void {
  const balance = program.command('balance').description('Material balances with data reconciliation');

  balance
    .command('reconcile')
    .description('Reconcile a balance model (JSON, format in the README); needs no database')
    .argument('<file>', 'balance model JSON: {processes, flows, relations?, layers?}')
    .option('--alpha <alpha>', 'significance level of the tests', '0.05')
    .option('--json', 'print JSON: {flows, relations, stocks, undetermined, grossErrors, chiSquare, …}')
    .action((file: string, opts: { alpha: string; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`);
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (error) {
        throw new CliError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      }
      const alpha = Number(opts.alpha);
      if (!(alpha > 0 && alpha < 0.5)) throw new CliError(`--alpha: "${opts.alpha}" must be between 0 and 0.5`);
      const model = parseInput(balanceModelSchema, raw);
      let result: ReturnType<typeof reconcileModel>;
      try {
        result = reconcileModel(systemServiceContext('cli:balance reconcile'), model, { alpha });
      } catch (error) {
        // One line per structural problem (the error's message repeats them all on one line).
        if (error instanceof AppError && error.fields?.length) throw new CliError(['invalid balance model:', ...error.fields.map((f) => `  ${f.message}`)].join('\n'));
        throw error;
      }
      if (opts.json) {
        printJson(result);
        return;
      }
      printTable(
        Object.entries(result.flows).map(([id, e]) => ({ flow: id, status: e.status, measured: e.measured === undefined ? '' : fmt(e.measured), value: fmt(e.value), sd: fmt(e.sd) })),
      );
      const c = result.chiSquare;
      process.stdout.write(
        `\nchi-square ${c.statistic.toFixed(3)} with ${c.degreesOfFreedom} degrees of freedom (critical ${c.critical.toFixed(3)} at α=${c.alpha}): ${!c.tested ? 'nothing could be tested (no redundant measurement)' : c.passed ? 'passed' : 'FAILED'}\n`,
      );
      if (result.grossErrors.length) process.stdout.write(`suspect measurements: ${result.grossErrors.map((g) => `${g.id} (z=${g.normalizedAdjustment.toFixed(2)})`).join(', ')}\n`);
      if (result.undetermined.length) process.stdout.write(`not determinable: ${result.undetermined.join(', ')}\n`);
      for (const x of result.contradictions) process.stdout.write(`contradiction: ${x.message}\n`);
      for (const w of result.warnings) process.stdout.write(`warning: ${w.message}\n`);
    });
}
