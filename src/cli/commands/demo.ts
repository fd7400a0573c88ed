import type { Command } from 'commander';
import { demoLogins, demoSteps, loadDemo } from '../../demo/load';
import { CliError, withDatabase } from '../context';
import { printJson, printTable } from '../output';
import { createProgressBar } from '../progress';

export function registerDemoCommands(program: Command): void {
  const demo = program.command('demo').description('The demo data set');
  demo
    .command('load')
    .description('Load the demo data set into an empty database (one transaction)')
    .option('--steps <ids>', `only these steps, comma-separated (platform is always loaded): ${demoSteps.map((s) => s.id).join(', ')}`)
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean; steps?: string }) => {
      const steps = opts.steps?.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = steps?.filter((id) => !demoSteps.some((s) => s.id === id)) ?? [];
      if (unknown.length > 0) throw new CliError(`--steps: unknown step ${unknown.join(', ')}; known: ${demoSteps.map((s) => s.id).join(', ')}`);
      const bar = createProgressBar('demo', !opts.json);
      await withDatabase('demo load', (h) => loadDemo(h.db, (step, done, total) => bar.update(done, total, step), steps ? { steps } : {}));
      bar.stop();
      const logins = demoLogins();
      if (opts.json) printJson({ loaded: true, password: 'herbloop-demo', logins });
      else {
        process.stdout.write('Demo loaded. Logins (password herbloop-demo):\n');
        printTable(logins);
      }
    });
}
