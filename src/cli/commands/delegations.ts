import type { Command } from 'commander';
import { systemServiceContext } from '../../platform/viewer';
import { delegationScopes, grantBody, grantDelegation, listDelegations, revokeDelegation } from '../../modules/delegations';
import { findOrganisationByCode } from '../../modules/organisations';
import type { Executor } from '../../db/database';
import { CliError, parseInput, withDatabase } from '../context';
import { printJson, printTable } from '../output';

async function orgIdOf(db: Executor, code: string, option: string): Promise<string> {
  const org = await findOrganisationByCode(db, code);
  if (!org) throw new CliError(`${option}: no organisation with code ${code}`);
  return org.id;
}

type Row = Awaited<ReturnType<typeof listDelegations>>[number];
const tableRow = (d: Row) => ({ id: d.id, grantor: d.grantor.nameZh, grantee: d.grantee.nameZh, scopes: d.scopes.join(','), status: d.status, from: d.validFrom, until: d.validUntil ?? '' });

export function registerDelegationsCommands(program: Command): void {
  const group = program.command('delegations').description('Delegations: one organisation acting for another within scopes (the park for its firms)');

  group
    .command('list')
    .description("List an organisation's delegations (granted and received), or every organisation's")
    .option('--org <code>', 'organisation code (default: all organisations)')
    .option('--direction <d>', 'granted | received | both', 'both')
    .option('--include-revoked', 'also list revoked delegations')
    .option('--json', 'print JSON')
    .action(async (opts: { org?: string; direction: string; includeRevoked?: boolean; json?: boolean }) => {
      if (!['granted', 'received', 'both'].includes(opts.direction)) throw new CliError('--direction: granted, received or both');
      const items = await withDatabase('delegations list', async (h) =>
        listDelegations(h.db, systemServiceContext('cli:delegations list'), {
          organisationId: opts.org ? await orgIdOf(h.db, opts.org, '--org') : null,
          direction: opts.direction as 'granted' | 'received' | 'both',
          includeRevoked: opts.includeRevoked ?? false,
        }),
      );
      if (opts.json) printJson({ items });
      else printTable(items.map(tableRow));
    });

  group
    .command('grant')
    .description('Let the --to organisation act for the --org organisation within the scopes')
    .requiredOption('--org <code>', 'the granting organisation')
    .requiredOption('--to <code>', 'the organisation that will act for it')
    .requiredOption('--scope <scopes>', 'comma-separated scopes, e.g. exchange.list,manifests.sign')
    .option('--from <iso>', 'start of validity (default: now)')
    .option('--until <iso>', 'end of validity (default: until revoked)')
    .option('--note <text>', 'why (shown to both organisations)')
    .option('--json', 'print JSON')
    .action(async (opts: { org: string; to: string; scope: string; from?: string; until?: string; note?: string; json?: boolean }) => {
      const scopes = opts.scope.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = scopes.filter((s) => !(delegationScopes as readonly string[]).includes(s));
      if (unknown.length > 0 || scopes.length === 0) throw new CliError(`--scope: unknown ${unknown.join(', ') || '(none given)'}; one or more of ${delegationScopes.join(', ')}`);
      const view = await withDatabase('delegations grant', async (h) => {
        const grantorId = await orgIdOf(h.db, opts.org, '--org');
        const granteeId = await orgIdOf(h.db, opts.to, '--to');
        const body = parseInput(
          grantBody,
          {
            granteeId,
            scopes,
            ...(opts.from ? { validFrom: opts.from } : {}),
            ...(opts.until ? { validUntil: opts.until } : {}),
            ...(opts.note ? { note: opts.note } : {}),
          },
          { granteeId: '--to', scopes: '--scope', validFrom: '--from', validUntil: '--until', note: '--note' },
        );
        return h.db.transaction().execute((trx) => grantDelegation(trx, systemServiceContext('cli:delegations grant'), grantorId, body));
      });
      if (opts.json) printJson(view);
      else process.stdout.write(`Delegation ${view.id}: ${view.grantee.nameZh} acts for ${view.grantor.nameZh} (${view.scopes.join(', ')})\n`);
    });

  group
    .command('revoke')
    .description('Revoke a delegation; what was done under it keeps showing it')
    .argument('<id>', 'delegation id')
    .option('--reason <text>', 'why')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { reason?: string; json?: boolean }) => {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new CliError(`<id>: not a delegation id: ${id}`);
      const view = await withDatabase('delegations revoke', (h) => h.db.transaction().execute((trx) => revokeDelegation(trx, systemServiceContext('cli:delegations revoke'), id, opts.reason ?? null)));
      if (opts.json) printJson(view);
      else process.stdout.write(`Revoked ${view.id}\n`);
    });
}
