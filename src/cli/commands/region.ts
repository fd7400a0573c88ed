import type { Command } from 'commander';
import { z } from 'zod';
import { systemServiceContext } from '../../platform/viewer';
import { limits } from '../../shared/limits';
import { addRegion, findRegion, listRegions } from '../../modules/organisations';
import { CliError, parseInput, withDatabase } from '../context';
import { printJson, printTable } from '../output';

const regionInput = z.object({
  code: z.string().regex(limits.regionCode.pattern, 'a 6-digit GB/T 2260 code'),
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(60),
  level: z.enum(['city', 'county']),
  parent: z.string().regex(limits.regionCode.pattern, 'a 6-digit GB/T 2260 code'),
});

export function registerRegionCommands(program: Command): void {
  const region = program.command('region').description('Administrative regions (GB/T 2260); provinces are built in');

  region
    .command('add')
    .description('Add a city or county under an existing region')
    .requiredOption('--code <code>', '6-digit code, e.g. 341602')
    .requiredOption('--name-zh <name>', 'Chinese name')
    .requiredOption('--name-en <name>', 'English name')
    .requiredOption('--level <level>', 'city | county')
    .requiredOption('--parent <code>', 'code of the province or city it belongs to')
    .option('--json', 'print JSON')
    .action(async (opts: { code: string; nameZh: string; nameEn: string; level: string; parent: string; json?: boolean }) => {
      const input = parseInput(regionInput, opts, { code: '--code', nameZh: '--name-zh', nameEn: '--name-en', level: '--level', parent: '--parent' });
      await withDatabase('region add', async (h) => {
        if (!(await findRegion(h.db, input.parent))) throw new CliError(`--parent: no region ${input.parent}`);
        if (await findRegion(h.db, input.code)) throw new CliError(`--code: region ${input.code} exists already`);
        const row = { code: input.code, name_zh: input.nameZh, name_en: input.nameEn, level: input.level, parent_code: input.parent };
        await h.db.transaction().execute((trx) => addRegion(trx, systemServiceContext('cli:region add'), row));
      });
      if (opts.json) printJson(input);
      else process.stdout.write(`Added ${input.code} ${input.nameZh}\n`);
    });

  region
    .command('list')
    .description('List regions')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withDatabase('region list', (h) => listRegions(h.db));
      const items = rows.map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en, level: r.level, parentCode: r.parent_code }));
      if (opts.json) printJson({ items });
      else printTable(items.map((i) => ({ code: i.code, level: i.level, name: i.nameZh, parent: i.parentCode ?? '' })));
    });
}
