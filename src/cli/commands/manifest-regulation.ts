import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportQueue, figuresQuery, flagOverdue, listQueue, listRevisions, monthlyFigures, queueExportQuery, queueQuery, regulationConfig, scanQueue, sensorFindings } from '../../modules/manifests';
import { findOrganisationByCode } from '../../modules/organisations';
import { systemServiceContext } from '../../platform/viewer';
import { CliError, parseInput, withDatabase } from '../context';
import { printJson, printTable } from '../output';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REGION = /^\d{6}$/;

interface QueueOptions {
  kind?: string;
  status?: string;
  from?: string;
  to?: string;
  firm?: string;
  region?: string;
  limit: string;
  xlsx?: string;
  json?: boolean;
}

/**
 * What a regulator needs from `herbloop manifest`: `queue` (filters as on the page, `--json`,
 * `--xlsx FILE`), `figures --month`, `revisions ID`, and the two jobs on demand (`overdue`,
 * `scan`). The CLI acts as the system: `--region` scopes to a regulator's region.
 */
export function registerManifestRegulationCommands(group: Command): void {
  const ctx = (what: string) => systemServiceContext(`cli:manifest ${what}`);
  const region = (code: string | undefined) => {
    if (code !== undefined && !REGION.test(code)) throw new CliError(`--region: a 6-digit region code, got ${code}`);
    return code;
  };

  group
    .command('queue')
    .description("The regulators' queue: overdue, discrepancies, refusals, unlicensed receivers, route deviations, broken verification")
    .option('--kind <kind>', 'overdue, discrepancy, refusal, unlicensed, route-deviation, broken-verification')
    .option('--status <status>', 'open or closed')
    .option('--from <date>', 'opened on or after (YYYY-MM-DD)')
    .option('--to <date>', 'opened on or before (YYYY-MM-DD)')
    .option('--firm <code>', 'only manifests this organisation is a party to')
    .option('--region <code>', "a regulator's region (6 digits); default every region")
    .option('--limit <n>', 'at most n (1–500)', '100')
    .option('--xlsx <file>', 'write the queue (same filters, up to 10 000 items) to an .xlsx file')
    .option('--json', 'print JSON: {items:[…]}')
    .action(async (opts: QueueOptions) => {
      const names = { kind: '--kind', status: '--status', from: '--from', to: '--to', firm: '--firm', limit: '--limit' };
      await withDatabase('manifest queue', async (h) => {
        let firm: string | undefined;
        if (opts.firm) {
          const org = await findOrganisationByCode(h.db, opts.firm);
          if (!org) throw new CliError(`--firm: no organisation with code ${opts.firm}`);
          firm = org.id;
        }
        const filters = { ...(opts.kind ? { kind: opts.kind } : {}), ...(opts.status ? { status: opts.status } : {}), ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}), ...(firm ? { firm } : {}) };
        if (opts.xlsx) {
          const q = parseInput(queueExportQuery, { ...filters, format: 'xlsx' }, names);
          await writeFile(opts.xlsx, await exportQueue(h.db, ctx('queue'), q, region(opts.region)));
          process.stdout.write(`Queue written to ${opts.xlsx}\n`);
          return;
        }
        const q = parseInput(queueQuery, { ...filters, limit: opts.limit }, names);
        const items = await listQueue(h.db, ctx('queue'), q, region(opts.region));
        if (opts.json) printJson({ items });
        else printTable(items.map((i) => ({ opened: i.openedAt.slice(0, 10), kind: i.kind, status: i.status, manifest: i.manifest.number, generator: i.generator.nameZh, receiver: i.receiver.nameZh })));
      });
    });

  group
    .command('figures')
    .description("A month's figures: manifests, tonnes by waste code and by treatment, share closed on time")
    .requiredOption('--month <YYYY-MM>', 'the month (China Standard Time)')
    .option('--region <code>', "a regulator's region (6 digits); default every region")
    .option('--json', 'print JSON')
    .action(async (opts: { month: string; region?: string; json?: boolean }) => {
      const q = parseInput(figuresQuery, { month: opts.month }, { month: '--month' });
      const f = await withDatabase('manifest figures', (h) => monthlyFigures(h.db, ctx('figures'), q.month, region(opts.region)));
      if (opts.json) printJson(f);
      else {
        const share = f.onTimeShare === null ? '–' : `${(f.onTimeShare * 100).toFixed(1)} %`;
        process.stdout.write(`${f.month}: ${f.manifests} manifests, ${f.closed} closed, ${share} closed on time\n`);
        printTable(f.byCode.map((r) => ({ code: r.wasteCode, manifests: r.manifests, tonnes: r.tonnes })));
        printTable(f.byTreatment.map((r) => ({ treatment: r.treatment ?? '–', manifests: r.manifests, tonnes: r.tonnes })));
      }
    });

  group
    .command('revisions')
    .description("A manifest's versions and revision requests")
    .argument('<id>', 'manifest id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      if (!UUID.test(id)) throw new CliError(`<id>: not a manifest id: ${id}`);
      const view = await withDatabase('manifest revisions', (h) => listRevisions(h.db, ctx('revisions'), id));
      if (opts.json) printJson(view);
      else printTable(view.revisions.map((r) => ({ created: r.createdAt.slice(0, 10), status: r.status, requester: r.requester.nameZh, fields: r.changes.map((c) => c.field).join(', '), version: r.toVersion ?? '' })));
    });

  group
    .command('overdue')
    .description('Flag manifests past their receipt or processing deadline now (what the overdue job does)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const flagged = await withDatabase('manifest overdue', (h) => h.db.transaction().execute((trx) => flagOverdue(trx, ctx('overdue'), regulationConfig())));
      if (opts.json) printJson({ flagged });
      else process.stdout.write(`${flagged.length} manifests flagged overdue\n`);
    });

  group
    .command('scan')
    .description("Open queue items for new findings and verify the next batch of trails (what the queue job does)")
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const result = await withDatabase('manifest scan', (h) => h.db.transaction().execute((trx) => scanQueue(trx, ctx('scan'), { routes: sensorFindings })));
      if (opts.json) printJson(result);
      else process.stdout.write(`${result.opened} items opened, ${result.verified} trails verified\n`);
    });
}
