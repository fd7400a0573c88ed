import type { Command } from 'commander';
import { listDuties, listTransfers } from '../../modules/manifests';
import { systemServiceContext } from '../../platform/viewer';
import { CliError, withDatabase } from '../context';
import { printJson, printTable } from '../output';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const STATUSES = ['applied', 'destination-agreed', 'approved', 'refused'] as const;
type Status = (typeof STATUSES)[number];

/**
 * The law manifests follow, read from the CLI: `duties` (every edition per waste class, the one in
 * force on `--on`) and `transfers` (cross-province hazardous applications, `--status`). The CLI acts
 * as the system; editing goes through the API (platform admins, audited).
 */
export function registerManifestLawCommands(group: Command): void {
  group
    .command('duties')
    .description('Duties per waste class: every edition with its rule, the one in force marked')
    .option('--on <date>', 'the day whose editions are in force (YYYY-MM-DD); default today')
    .option('--json', 'print JSON: {items:[…]}')
    .action(async (opts: { on?: string; json?: boolean }) => {
      if (opts.on !== undefined && !DAY.test(opts.on)) throw new CliError(`--on: a day YYYY-MM-DD, got ${opts.on}`);
      await withDatabase('manifest duties', async (h) => {
        const items = await listDuties(h.db, opts.on);
        if (opts.json) printJson({ items });
        else printTable(items.map((d) => ({ list: d.wasteList, category: d.category || '*', from: d.inForceFrom, inForce: d.inForce, maxCategories: d.maxCategories ?? '-', retentionYears: d.retentionYears, permits: d.permits.join(','), unverified: d.unverified, edition: d.edition })));
      });
    });

  group
    .command('transfers')
    .description('Cross-province hazardous waste transfer applications and their decisions')
    .option('--status <status>', STATUSES.join(', '))
    .option('--json', 'print JSON: {items:[…]}')
    .action(async (opts: { status?: string; json?: boolean }) => {
      if (opts.status !== undefined && !(STATUSES as readonly string[]).includes(opts.status)) throw new CliError(`--status: one of ${STATUSES.join(', ')}, got ${opts.status}`);
      await withDatabase('manifest transfers', async (h) => {
        const items = await listTransfers(h.db, systemServiceContext('cli:manifest transfers'), opts.status as Status | undefined);
        if (opts.json) printJson({ items });
        else printTable(items.map((a) => ({ status: a.status, generator: a.generator.nameZh, receiver: a.receiver.nameZh, route: `${a.originProvince}->${a.destinationProvince}`, codes: a.wasteCodes.join(','), tonnes: a.quantity, left: a.remaining, until: a.validUntil })));
      });
    });
}
