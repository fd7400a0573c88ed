import type { Command } from 'commander';
import { demoLogins, loadDemo } from '../../demo/load';
import { withDatabase } from '../context';
import { printJson, printTable } from '../output';
import { createProgressBar } from '../progress';

export function registerDemoCommands(program: Command): void {
  const demo = program.command('demo').description('The demo data set');
  demo
    .command('load')
    .description('Load the demo data set into an empty database (one transaction)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const bar = createProgressBar('demo', !opts.json);
      await withDatabase('demo load', (h) => loadDemo(h.db, (step, done, total) => bar.update(done, total, step)));
      bar.stop();
      const logins = demoLogins();
      if (opts.json) printJson({ loaded: true, password: 'herbloop-demo', logins });
      else {
        process.stdout.write('Demo loaded. Logins (password herbloop-demo):\n');
        printTable(logins);
      }
    });
}
