import type { Command } from 'commander';
import { systemServiceContext } from '../../platform/viewer';
import { findOrganisationByCode } from '../../modules/organisations';
import { addMember, listMembers, listUsers } from '../../modules/users';
import { addMemberBody } from '../../modules/users/users.schema';
import { CliError, parseInput, withDatabase, withOptionNames } from '../context';
import { printJson, printTable } from '../output';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Users and their memberships');

  user
    .command('create')
    .description('Create a user in an organisation, or add an existing user to it')
    .requiredOption('--org <code>', 'organisation code')
    .requiredOption('--username <name>', 'login name (lower case)')
    .option('--display-name <name>', 'full name (required for a new user)')
    .option('--email <email>', 'e-mail address')
    .option('--role <role>', 'admin | member | driver | reader', 'member')
    .option('--password-stdin', 'read the password from standard input (required for a new user)')
    .option('--json', 'print JSON')
    .action(async (opts: { org: string; username: string; displayName?: string; email?: string; role: string; passwordStdin?: boolean; json?: boolean }) => {
      const password = opts.passwordStdin ? await readStdin() : process.env.HERBLOOP_PASSWORD;
      const optionNames = { username: '--username', displayName: '--display-name', email: '--email', password: '--password-stdin', role: '--role' };
      const body = parseInput(
        addMemberBody,
        { username: opts.username, displayName: opts.displayName, email: opts.email ?? null, password: password || undefined, role: opts.role },
        optionNames,
      );
      const result = await withDatabase('user create', async (h) => {
        const org = await findOrganisationByCode(h.db, opts.org);
        if (!org) throw new CliError(`--org: no organisation with code ${opts.org}`);
        return withOptionNames(optionNames, () => h.db.transaction().execute((trx) => addMember(trx, systemServiceContext('cli:user create'), org.id, body)));
      });
      const out = { id: result.user.id, username: result.user.username, displayName: result.user.display_name, organisation: opts.org, role: result.role, created: result.created };
      if (opts.json) printJson(out);
      else process.stdout.write(`${result.created ? 'Created' : 'Added existing user'} ${out.username} to ${opts.org} as ${out.role}\n`);
    });

  user
    .command('list')
    .description('List users (all, or the members of one organisation)')
    .option('--org <code>', 'only members of this organisation')
    .option('--json', 'print JSON')
    .action(async (opts: { org?: string; json?: boolean }) => {
      const items = await withDatabase('user list', async (h) => {
        if (opts.org) {
          const org = await findOrganisationByCode(h.db, opts.org);
          if (!org) throw new CliError(`--org: no organisation with code ${opts.org}`);
          return (await listMembers(h.db, systemServiceContext('cli:user list'), org.id)).map((m) => ({ id: m.id, username: m.username, displayName: m.display_name, memberships: `${opts.org}:${m.role}`, disabled: m.disabled }));
        }
        return (await listUsers(h.db, 100_000, 0)).rows.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, memberships: u.memberships ?? '', disabled: u.disabled }));
      });
      if (opts.json) printJson({ items });
      else printTable(items.map((i) => ({ username: i.username, name: i.displayName, memberships: i.memberships })));
    });
}
