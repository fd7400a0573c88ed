import type { Command } from 'commander';
import { systemServiceContext } from '../../platform/viewer';
import { createOrganisation, findParkByCode, listOrganisations } from '../../modules/organisations';
import { createOrganisationBody, listOrganisationsQuery } from '../../modules/organisations/organisations.schema';
import { CliError, parseInput, withDatabase, withOptionNames } from '../context';
import { printJson, printTable } from '../output';

const optionNames = { code: '--code', nameZh: '--name-zh', nameEn: '--name-en', type: '--type', regionCode: '--region', parkId: '--park', creditCode: '--credit-code', contactPhone: '--phone' };

export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('Organisations');

  org
    .command('create')
    .description('Create an organisation')
    .requiredOption('--code <code>', 'stable code, e.g. BZ-MFR-ACME')
    .requiredOption('--name-zh <name>', 'Chinese name')
    .requiredOption('--name-en <name>', 'English name')
    .requiredOption('--type <type>', 'manufacturer | utilizer | transporter | service-provider | park-admin | regulator | supply-monitor | statistics-office | platform-admin')
    .requiredOption('--region <code>', '6-digit region code (GB/T 2260), e.g. 341602')
    .option('--park <code>', 'park code, e.g. BZ-TCM-PARK')
    .option('--credit-code <code>', '18-character unified social credit code')
    .option('--phone <phone>', 'contact phone')
    .option('--json', 'print JSON')
    .action(async (opts: { code: string; nameZh: string; nameEn: string; type: string; region: string; park?: string; creditCode?: string; phone?: string; json?: boolean }) => {
      // Check the input before opening the database: a typo fails fast, even while the server runs.
      const body = parseInput(
        createOrganisationBody,
        { code: opts.code, nameZh: opts.nameZh, nameEn: opts.nameEn, type: opts.type, regionCode: opts.region, parkId: null, creditCode: opts.creditCode ?? null, contactPhone: opts.phone ?? null },
        optionNames,
      );
      const row = await withDatabase('org create', async (h) => {
        if (opts.park) {
          const park = await findParkByCode(h.db, opts.park);
          if (!park) throw new CliError(`--park: no park with code ${opts.park}`);
          body.parkId = park.id;
        }
        return withOptionNames(optionNames, () => h.db.transaction().execute((trx) => createOrganisation(trx, systemServiceContext('cli:org create'), body)));
      });
      if (opts.json) printJson({ id: row.id, code: row.code, nameZh: row.name_zh, nameEn: row.name_en, type: row.type, regionCode: row.region_code, parkId: row.park_id });
      else process.stdout.write(`Created ${row.code} ${row.name_zh} (${row.id})\n`);
    });

  org
    .command('list')
    .description('List organisations')
    .option('--type <type>', 'only this organisation type')
    .option('--region <code>', 'only this region and below')
    .option('--json', 'print JSON')
    .action(async (opts: { type?: string; region?: string; json?: boolean }) => {
      const filter = parseInput(listOrganisationsQuery, { type: opts.type, regionCode: opts.region, limit: 500 }, { type: '--type', regionCode: '--region' });
      const { rows, total } = await withDatabase('org list', (h) => listOrganisations(h.db, { type: filter.type, regionCode: filter.regionCode }, 100_000, 0));
      const items = rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, type: r.type, regionCode: r.region_code, parkId: r.park_id }));
      if (opts.json) printJson({ items, total });
      else printTable(items.map((i) => ({ code: i.code, type: i.type, region: i.regionCode, name: i.nameZh })));
    });
}
