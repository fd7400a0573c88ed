import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { demoOrganisations } from '../../demo/platform.dataset';
import { printBanner, startServer } from '../../server/serve';
import { CliError } from '../context';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the web app and the API (migrates; loads the demo into an empty database unless --no-demo)')
    .option('--no-demo', 'do not load the demo data set into an empty database')
    .option('--port <port>', 'port to listen on (default PORT or 8080)')
    .option('--host <host>', 'address to listen on (default HOST or 127.0.0.1)')
    .action(async (opts: { demo: boolean; port?: string; host?: string }) => {
      const config = loadConfig();
      if (opts.port !== undefined) {
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: "${opts.port}" is not a port number`);
        config.port = port;
      }
      if (opts.host !== undefined) config.host = opts.host;
      const server = await startServer(config, { demo: opts.demo, pretty: process.stdout.isTTY });
      // Offer the demo logins only when the demo is there: serve on a database of real data
      // (the demo is skipped, it is not empty) must not advertise accounts that do not exist.
      const codes = demoOrganisations.map((o) => o.code);
      const demoPresent = opts.demo && (await server.handle.db
          .selectFrom('organisations')
          .select('code')
          .where('code', 'in', codes)
          .execute()
          .then((rows) => rows.length === codes.length, () => false));
      printBanner(server.url, demoPresent);
      const stop = (signal: string) => {
        server.shutdown(signal).then(
          () => process.exit(0),
          (error: unknown) => {
            server.app.log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
