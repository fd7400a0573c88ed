import type { Command } from 'commander';
import { systemServiceContext } from '../../platform/viewer';
import { findOrganisationByCode } from '../../modules/organisations';
import { createApiToken, findTokenByPrefix, listTokens, presentToken, revokeApiToken } from '../../modules/tokens';
import { createTokenBody } from '../../modules/tokens/tokens.schema';
import { CliError, parseInput, withDatabase } from '../context';
import { printJson, printTable } from '../output';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens for machines (price feeds, ERP connectors)');

  token
    .command('create')
    .description('Create an API token for an organisation; the secret is printed once')
    .requiredOption('--org <code>', 'organisation code')
    .requiredOption('--name <name>', 'what the token is for, e.g. "Bozhou market price feed"')
    .option('--role <role>', 'member (read and write) | reader', 'member')
    .option('--expires-days <days>', 'days until it expires (default 365; 0 = never)')
    .option('--json', 'print JSON')
    .action(async (opts: { org: string; name: string; role: string; expiresDays?: string; json?: boolean }) => {
      const days = opts.expiresDays === undefined ? 365 : Number(opts.expiresDays);
      const body = parseInput(createTokenBody, { name: opts.name, role: opts.role, expiresInDays: days === 0 ? null : days }, { name: '--name', role: '--role', expiresInDays: '--expires-days' });
      const { row, token: secret } = await withDatabase('token create', async (h) => {
        const org = await findOrganisationByCode(h.db, opts.org);
        if (!org) throw new CliError(`--org: no organisation with code ${opts.org}`);
        return h.db.transaction().execute((trx) => createApiToken(trx, systemServiceContext('cli:token create'), org.id, body));
      });
      if (opts.json) printJson({ ...presentToken(row), token: secret });
      else process.stdout.write(`Token ${row.name} (${row.id}) created. Store it now; it is not shown again:\n${secret}\n`);
    });

  token
    .command('revoke')
    .description('Revoke a token by id or by its prefix')
    .argument('<token>', 'token id (uuid) or prefix (the 8 characters after hlp_)')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const row = await withDatabase('token revoke', async (h) => {
        let id = ref;
        if (!uuid.test(ref)) {
          const matches = await findTokenByPrefix(h.db, ref.replace(/^hlp_/, '').slice(0, 8));
          if (matches.length === 0) throw new CliError(`No token with id or prefix ${ref}`);
          if (matches.length > 1) throw new CliError(`Prefix ${ref} matches ${matches.length} tokens; use the id`);
          id = matches[0]!.id;
        }
        return h.db.transaction().execute((trx) => revokeApiToken(trx, systemServiceContext('cli:token revoke'), id));
      });
      if (opts.json) printJson(presentToken(row));
      else process.stdout.write(`Revoked ${row.name} (${row.id})\n`);
    });

  token
    .command('list')
    .description('List the tokens of an organisation')
    .requiredOption('--org <code>', 'organisation code')
    .option('--json', 'print JSON')
    .action(async (opts: { org: string; json?: boolean }) => {
      const rows = await withDatabase('token list', async (h) => {
        const org = await findOrganisationByCode(h.db, opts.org);
        if (!org) throw new CliError(`--org: no organisation with code ${opts.org}`);
        return listTokens(h.db, systemServiceContext('cli:token list'), org.id);
      });
      const items = rows.map(presentToken);
      if (opts.json) printJson({ items });
      else printTable(items.map((t) => ({ id: t.id, prefix: t.prefix, name: t.name, role: t.role, revoked: t.revokedAt ?? '' })));
    });
}
