import { Command, CommanderError } from 'commander';
import { version } from '../version';
import { registerAccountsCommands } from './commands/accounts';
import { registerBalanceCommands } from './commands/balance';
import { registerBulletinsCommands } from './commands/bulletins';
import { registerByproductsCommands } from './commands/byproducts';
import { registerDbCommands } from './commands/db';
import { registerDemoCommands } from './commands/demo';
import { registerOrgCommands } from './commands/org';
import { registerRegionCommands } from './commands/region';
import { registerServeCommand } from './commands/serve';
import { registerSupplyCommands } from './commands/supply';
import { registerTokenCommands } from './commands/token';
import { registerUserCommands } from './commands/user';
import { registerWarningsCommands } from './commands/warnings';
import { describeError } from './context';

/**
 * herbloop's command line. Every command works on the same database as the server
 * (DATABASE_URL, or the embedded one in HERBLOOP_DATA_DIR, default ./data), has --help, and
 * prints data as JSON with --json. Modules add their command groups in `register*` files.
 */
export function buildProgram(): Command {
  const program = new Command()
    .name('herbloop')
    .description('herbloop: circular economy and supply security for the Chinese herbal-medicine industry')
    .version(version)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerServeCommand(program);
  registerDbCommands(program);
  registerDemoCommands(program);
  registerRegionCommands(program);
  registerOrgCommands(program);
  registerUserCommands(program);
  registerTokenCommands(program);
  registerAccountsCommands(program);
  registerBalanceCommands(program);
  registerSupplyCommands(program);
  registerByproductsCommands(program);
  registerWarningsCommands(program);
  registerBulletinsCommands(program);
  for (const cmd of program.commands) cmd.showHelpAfterError('(add --help for usage)');
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  for (const cmd of program.commands) {
    cmd.exitOverride();
    for (const sub of cmd.commands) sub.exitOverride();
  }
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message (or the help/version text).
      return error.exitCode;
    }
    const { message, expected } = describeError(error);
    process.stderr.write(`herbloop: ${message}\n`);
    return expected ? 1 : 70;
  }
}

const exitCode = await main(process.argv);
// `serve` keeps running and sets the exit code itself when it stops.
if (exitCode !== 0 || !process.argv.slice(2).some((a) => a === 'serve')) process.exitCode = exitCode;
