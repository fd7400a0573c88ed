import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { generalLedger, generalLedgerQuery, hazardousDeclaration, hazardousLedgerQuery, hazardousPlan, nationalManifest, nationalManifestQuery, nationalPeriod, nationalPeriodQuery, nationalWorkbook } from '../../modules/ledgers';
import { findOrganisationByCode } from '../../modules/organisations';
import { systemServiceContext } from '../../platform/viewer';
import { CliError, parseInput, withDatabase } from '../context';
import { printJson } from '../output';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const kinds = ['general', 'hazardous-plan', 'hazardous-declaration'] as const;
type LedgerKind = (typeof kinds)[number];

interface PeriodOptions {
  org: string;
  year?: string;
  from?: string;
  to?: string;
  lang: string;
}

const names = { organisationId: '--org', year: '--year', from: '--from', to: '--to', lang: '--lang', format: '--xlsx', wasteList: '--waste-list' };
const period = (o: PeriodOptions) => ({ ...(o.year !== undefined ? { year: o.year } : {}), ...(o.from !== undefined ? { from: o.from } : {}), ...(o.to !== undefined ? { to: o.to } : {}) });

/**
 * `herbloop manifest ledger` writes a firm's statutory ledger (.xlsx) and `herbloop manifest
 * national` a manifest or a firm's period in the national system's transfer-manifest layout.
 * The CLI acts as the system: any firm, named by its code.
 */
export function registerManifestLedgerCommands(group: Command): void {
  const ctx = (what: string) => systemServiceContext(`cli:manifest ${what}`);

  group
    .command('ledger')
    .description("A firm's statutory ledger as .xlsx: the general industrial solid-waste ledger, or the hazardous-waste plan or annual declaration")
    .requiredOption('--org <code>', "the firm's organisation code")
    .option('--kind <kind>', 'general, hazardous-plan or hazardous-declaration', 'general')
    .option('--year <year>', 'the calendar year (China Standard Time)')
    .option('--from <YYYY-MM>', 'first month (general ledger, with --to)')
    .option('--to <YYYY-MM>', 'last month (general ledger, with --from)')
    .option('--lang <lang>', 'zh or en headers', 'zh')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .action(async (opts: PeriodOptions & { kind: string; out: string }) => {
      if (!kinds.includes(opts.kind as LedgerKind)) throw new CliError(`--kind: one of ${kinds.join(', ')}, got ${opts.kind}`);
      const kind = opts.kind as LedgerKind;
      const written = await withDatabase('manifest ledger', async (h) => {
        const org = await findOrganisationByCode(h.db, opts.org);
        if (!org) throw new CliError(`--org: no organisation with code ${opts.org}`);
        switch (kind) {
          case 'general':
            return generalLedger(h.db, ctx('ledger'), parseInput(generalLedgerQuery, { organisationId: org.id, ...period(opts), lang: opts.lang }, names));
          case 'hazardous-plan':
            return hazardousPlan(h.db, ctx('ledger'), parseInput(hazardousLedgerQuery, { organisationId: org.id, year: opts.year, lang: opts.lang }, names));
          case 'hazardous-declaration':
            return hazardousDeclaration(h.db, ctx('ledger'), parseInput(hazardousLedgerQuery, { organisationId: org.id, year: opts.year, lang: opts.lang }, names));
        }
      });
      await writeFile(opts.out, written.file);
      process.stdout.write(`Ledger written to ${opts.out}\n`);
    });

  group
    .command('national [id]')
    .description("A manifest (by id), or a firm's manifests picked up in a period (--org with --year or --from/--to), in the national system's hazardous-waste transfer-manifest layout")
    .option('--org <code>', "the firm's organisation code (as generator)")
    .option('--year <year>', 'the calendar year')
    .option('--from <YYYY-MM>', 'first month')
    .option('--to <YYYY-MM>', 'last month')
    .option('--waste-list <list>', 'hazardous (manifests with a hazardous line) or all', 'hazardous')
    .option('--lang <lang>', 'zh or en headers in the .xlsx', 'zh')
    .option('--xlsx <file>', 'write an .xlsx instead of printing JSON')
    .action(async (id: string | undefined, opts: Partial<PeriodOptions> & { lang: string; wasteList: string; xlsx?: string }) => {
      if ((id === undefined) === (opts.org === undefined)) throw new CliError('give a manifest id or --org, not both');
      if (id !== undefined && !UUID.test(id)) throw new CliError(`id: a manifest id (UUID), got ${id}`);
      const lang = parseInput(nationalManifestQuery, { lang: opts.lang }, names).lang;
      const view = await withDatabase('manifest national', async (h) => {
        if (id !== undefined) return nationalManifest(h.db, ctx('national'), id);
        const org = await findOrganisationByCode(h.db, opts.org!);
        if (!org) throw new CliError(`--org: no organisation with code ${opts.org}`);
        const q = parseInput(nationalPeriodQuery, { organisationId: org.id, ...period({ ...opts, org: opts.org!, lang }), wasteList: opts.wasteList }, names);
        return nationalPeriod(h.db, ctx('national'), q);
      });
      if (opts.xlsx) {
        await writeFile(opts.xlsx, await nationalWorkbook(view, lang));
        process.stdout.write(`${view.rows.length} line(s) written to ${opts.xlsx}\n`);
      } else printJson(view);
    });
}
