import { open, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { EPCIS_IMPORT_MAX_BYTES, exportEpcis, importEpcis, manifestsDeps, recordGenealogy, recordGenealogyBody } from '../../modules/manifests';
import { findOrganisationByCode, listSites } from '../../modules/organisations';
import { systemServiceContext } from '../../platform/viewer';
import { CliError, parseInput, withDatabase } from '../context';
import { printJson, printTable } from '../output';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Reads at most the import's cap: a larger file is refused without being read whole. */
async function readCapped(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    throw new CliError(`FILE: cannot read ${file}`);
  }
  try {
    const buffer = Buffer.alloc(EPCIS_IMPORT_MAX_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > EPCIS_IMPORT_MAX_BYTES) throw new CliError(`FILE: larger than ${EPCIS_IMPORT_MAX_BYTES} bytes`);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * `herbloop manifest export-epcis|import-epcis|genealogy`: EPCIS 2.0 documents of a manifest or
 * its batch, a partner's document imported through the signing command (as the system, for the
 * parties the document names), and a transfer station's grouping or splitting.
 */
export function registerManifestEpcisCommands(group: Command): void {
  const ctx = (what: string) => systemServiceContext(`cli:manifest ${what}`);
  const config = () => loadConfig();

  group
    .command('export-epcis')
    .description("A manifest's custody events as an EPCIS 2.0 JSON-LD document")
    .argument('<id>', 'manifest id')
    .option('--genealogy', 'the whole batch through transfer stations')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (id: string, opts: { genealogy?: boolean; out?: string }) => {
      if (!UUID.test(id)) throw new CliError(`<id>: not a manifest id: ${id}`);
      const doc = await withDatabase('manifest export-epcis', (h) => exportEpcis(h.db, ctx('export-epcis'), config().publicUrl, id, { genealogy: opts.genealogy === true }));
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      if (opts.out) {
        await writeFile(opts.out, text);
        process.stdout.write(`${doc.epcisBody.eventList.length} events written to ${opts.out}\n`);
      } else process.stdout.write(text);
    });

  group
    .command('import-epcis')
    .description("Import a partner's EPCIS 2.0 document (all or nothing; each refusal names the event)")
    .argument('<file>', 'the EPCISDocument (JSON-LD)')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      let json: unknown;
      try {
        json = JSON.parse(await readCapped(file));
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError('FILE: not JSON');
      }
      const view = await withDatabase('manifest import-epcis', (h) => h.db.transaction().execute((trx) => importEpcis(trx, ctx('import-epcis'), manifestsDeps(config().dataDir), config().publicUrl, json)));
      if (opts.json) printJson(view);
      else {
        process.stdout.write(`${view.appended} events appended, ${view.operations} operations recorded, ${view.duplicates} duplicates\n`);
        printTable(view.events.map((e) => ({ index: e.index, outcome: e.outcome, manifest: e.manifestId ?? '', seq: e.seq ?? '', operation: e.operationId ?? '' })));
      }
    });

  group
    .command('genealogy')
    .description('Group, split or blend loads at a transfer station (quantities must balance)')
    .requiredOption('--kind <kind>', 'group, split or blend')
    .requiredOption('--operator <code>', "the station's organisation")
    .requiredOption('--input <id>', 'a received load (repeat for each)', collect)
    .requiredOption('--output <id>', 'an outgoing load (repeat for each)', collect)
    .option('--site <id>', "the station's site (default: its first)")
    .option('--json', 'print JSON')
    .action(async (opts: { kind: string; operator: string; input: string[]; output: string[]; site?: string; json?: boolean }) => {
      const view = await withDatabase('manifest genealogy', async (h) => {
        const operator = await findOrganisationByCode(h.db, opts.operator);
        if (!operator) throw new CliError(`--operator: no organisation with code ${opts.operator}`);
        const siteId = opts.site ?? (await listSites(h.db, operator.id))[0]?.id;
        if (!siteId) throw new CliError('--site: the organisation has no site');
        const body = parseInput(
          recordGenealogyBody,
          { kind: opts.kind, operatorId: operator.id, siteId, inputs: opts.input.map((manifestId) => ({ manifestId })), outputs: opts.output.map((manifestId) => ({ manifestId })) },
          { kind: '--kind', siteId: '--site', inputs: '--input', outputs: '--output' },
        );
        return h.db.transaction().execute((trx) => recordGenealogy(trx, ctx('genealogy'), manifestsDeps(config().dataDir), body));
      });
      if (opts.json) printJson(view);
      else process.stdout.write(`Operation ${view.id} (${view.kind}): ${view.inputs.map((l) => l.number).join(', ')} → ${view.outputs.map((l) => l.number).join(', ')}\n`);
    });
}
