import { Command, CommanderError, Help } from 'commander';
import { version } from '../version';
import { invokedCommand, type TopLevelCommand, topLevelCommands } from './groups';

/**
 * herbloop's command line. Every command works on the same database as the server
 * (DATABASE_URL, or the embedded one in HERBLOOP_DATA_DIR, default ./data), has --help, and
 * prints data as JSON with --json. Modules add their command groups in `commands/<group>.ts`,
 * listed in `groups.ts`.
 *
 * Only the groups in `load` are registered for real; the others are stand-ins with the same
 * name and description, which is all the overview, `herbloop help` and the "unknown command"
 * suggestions need.
 */
export async function buildProgram(load: readonly TopLevelCommand[] = topLevelCommands): Promise<Command> {
  const program = new Command()
    .name('herbloop')
    .description('herbloop: circular economy and supply security for the Chinese herbal-medicine industry')
    .version(version)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // Keyed by loader: one file may register several top-level commands (byproducts).
  const loaders = [...new Set(load.map((c) => c.load))];
  const registers = new Map(await Promise.all(loaders.map(async (loader) => [loader, await loader()] as const)));
  const standInTerms = new Map<Command, string>();
  for (const command of topLevelCommands) {
    const register = registers.get(command.load);
    if (register) {
      // The first of its commands registers them all.
      register(program);
      registers.delete(command.load);
      continue;
    }
    if (loaders.includes(command.load)) continue;
    standInTerms.set(program.command(command.name).description(command.description), command.term ?? command.name);
  }
  program.configureHelp({
    subcommandTerm(cmd) {
      return standInTerms.get(cmd) ?? Help.prototype.subcommandTerm.call(this, cmd);
    },
  });
  for (const cmd of program.commands) cmd.showHelpAfterError('(add --help for usage)');
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const invoked = invokedCommand(argv.slice(2));
  const program = await buildProgram(invoked ? [invoked] : []);
  // Every level (`exchange auction create` is three deep): commander would otherwise end the
  // process itself on --help or a usage error instead of returning the exit code.
  const overrideExit = (command: Command): void => {
    command.exitOverride();
    for (const sub of command.commands) overrideExit(sub);
  };
  overrideExit(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message (or the help/version text).
      return error.exitCode;
    }
    const { describeError } = await import('./context');
    const { message, expected } = await describeError(error);
    process.stderr.write(`herbloop: ${message}\n`);
    return expected ? 1 : 70;
  }
}
