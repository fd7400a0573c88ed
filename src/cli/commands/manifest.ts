import { type Command, CommanderError } from 'commander';
import type { Executor } from '../../db/database';
import { systemServiceContext } from '../../platform/viewer';
import { checkpointHeads, createManifest, createManifestBody, getManifest, listManifests, listManifestsQuery, manifestsDeps, signEvent, signEventBody, verifyAll, verifyManifest, type VerifyView } from '../../modules/manifests';
import { findOrganisationByCode, listSites } from '../../modules/organisations';
import { loadConfig } from '../../config';
import { CliError, parseInput, withDatabase } from '../context';
import { printJson, printTable } from '../output';
import { registerManifestLedgerCommands } from './manifest-ledgers';
import { registerManifestRegulationCommands } from './manifest-regulation';
import { registerManifestEpcisCommands } from './manifest-epcis';
import { registerManifestLawCommands } from './manifest-law';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function orgIdOf(db: Executor, code: string, option: string): Promise<string> {
  const org = await findOrganisationByCode(db, code);
  if (!org) throw new CliError(`${option}: no organisation with code ${code}`);
  return org.id;
}

async function firstSite(db: Executor, organisationId: string, option: string): Promise<string> {
  const [site] = await listSites(db, organisationId);
  if (!site) throw new CliError(`${option}: the organisation has no site`);
  return site.id;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const idArgument = (id: string) => {
  if (!UUID.test(id)) throw new CliError(`<id>: not a manifest id: ${id}`);
  return id;
};

function printVerify(view: VerifyView, json: boolean | undefined): void {
  if (json) printJson(view);
  else {
    process.stdout.write(`${view.checked} manifests, ${view.events} events checked; ${view.broken.length} broken\n`);
    if (view.broken.length > 0) printTable(view.broken);
  }
  // Exit status 1 when anything is broken (scripts and monitoring test it), after the report.
  if (view.broken.length > 0) throw new CommanderError(1, 'manifest.broken', '');
}

/**
 * `herbloop manifest create|sign|show|list|verify|checkpoint` (and `export-epcis|import-epcis|genealogy`, manifest-epcis.ts). The CLI acts as the system (the
 * operator on the server): it signs an event for the party whose turn it is, with that party's
 * key, recorded with the method `system`.
 */
export function registerManifestCommands(program: Command): void {
  const group = program.command('manifest').description('Electronic manifests (联单): custody events, signatures, tamper-evident trail');
  const ctx = (what: string) => systemServiceContext(`cli:manifest ${what}`);
  const deps = () => manifestsDeps(loadConfig().dataDir);

  group
    .command('create')
    .description('Create a manifest; parties by organisation code, each at its first site')
    .requiredOption('--generator <code>', 'the generating organisation')
    .requiredOption('--receiver <code>', 'the receiving organisation')
    .requiredOption('--transporter <code:plate:driver>', 'a transporter in order (repeat for each)', collect)
    .requiredOption('--line <wasteCode:quantity:unit:description>', 'a line, quantity estimated (repeat for each)', collect)
    .option('--licence <id>', "the receiver's licence id")
    .option('--json', 'print JSON')
    .action(async (opts: { generator: string; receiver: string; transporter: string[]; line: string[]; licence?: string; json?: boolean }) => {
      const view = await withDatabase('manifest create', async (h) => {
        const generatorId = await orgIdOf(h.db, opts.generator, '--generator');
        const receiverId = await orgIdOf(h.db, opts.receiver, '--receiver');
        const transporters = [];
        for (const t of opts.transporter) {
          const [code = '', plate = '', driverName = ''] = t.split(':');
          transporters.push({ organisationId: await orgIdOf(h.db, code, '--transporter'), plate, driverName });
        }
        const lines = opts.line.map((l) => {
          const [wasteCode, quantity, unit, ...description] = l.split(':');
          return { wasteCode, quantity, unit, measure: 'estimated', description: description.join(':') };
        });
        const body = parseInput(
          createManifestBody,
          { generatorId, generatorSiteId: await firstSite(h.db, generatorId, '--generator'), receiverId, transporters, lines, ...(opts.licence ? { licenceId: opts.licence } : {}) },
          { transporters: '--transporter', lines: '--line', licenceId: '--licence' },
        );
        return h.db.transaction().execute((trx) => createManifest(trx, ctx('create'), deps(), body));
      });
      if (opts.json) printJson(view);
      else process.stdout.write(`Manifest ${view.number} (${view.id}) created\n`);
    });

  group
    .command('sign')
    .description('Sign the next custody event for the party whose turn it is')
    .argument('<id>', 'manifest id')
    .requiredOption('--kind <kind>', 'sealed, picked-up, handed-over, delivered, received, processed, closed, cancelled, returned, rerouted')
    .option('--data <json>', 'the event\'s other fields as JSON, e.g. {"to":2} or {"lines":[…]}')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { kind: string; data?: string; json?: boolean }) => {
      idArgument(id);
      let data: unknown = {};
      if (opts.data) {
        try {
          data = JSON.parse(opts.data);
        } catch {
          throw new CliError('--data: not JSON');
        }
      }
      const body = parseInput(signEventBody, { ...(data as object), kind: opts.kind }, { kind: '--kind' });
      const view = await withDatabase('manifest sign', (h) => h.db.transaction().execute((trx) => signEvent(trx, ctx('sign'), deps(), id, body)));
      if (opts.json) printJson(view);
      else process.stdout.write(`Manifest ${view.number}: ${view.status}\n`);
    });

  group
    .command('show')
    .description('One manifest with its custody timeline')
    .argument('<id>', 'manifest id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const view = await withDatabase('manifest show', (h) => getManifest(h.db, ctx('show'), idArgument(id)));
      if (opts.json) printJson(view);
      else printTable(view.events.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at, signer: e.signer.nameZh, method: e.method, hash: e.hash.slice(0, 16) })));
    });

  group
    .command('list')
    .description('Manifests, newest first')
    .option('--status <status>', 'only this status')
    .option('--limit <n>', 'at most n (1–200)', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string; limit: string; json?: boolean }) => {
      const q = parseInput(listManifestsQuery, { limit: opts.limit, ...(opts.status ? { status: opts.status } : {}) }, { limit: '--limit', status: '--status' });
      const items = await withDatabase('manifest list', (h) => listManifests(h.db, ctx('list'), q));
      if (opts.json) printJson({ items });
      else printTable(items.map((m) => ({ number: m.number, status: m.status, generator: m.generator.nameZh, receiver: m.receiver.nameZh, tonnes: m.tonnes, discrepancies: m.discrepancies })));
    });

  group
    .command('verify')
    .description('Recompute hash chains and signatures; names the first broken event of each manifest (exit 1 when any)')
    .argument('[id]', 'manifest id')
    .option('--all', 'every manifest')
    .option('--no-signatures', 'hashes only (faster)')
    .option('--json', 'print JSON: {checked, events, broken:[{manifest, event, seq, reason}]}')
    .action(async (id: string | undefined, opts: { all?: boolean; signatures: boolean; json?: boolean }) => {
      if (!id === !opts.all) throw new CliError('give a manifest id or --all');
      const view = await withDatabase('manifest verify', (h) => (id ? verifyManifest(h.db, ctx('verify'), idArgument(id), { signatures: opts.signatures }) : verifyAll(h.db, ctx('verify'), { signatures: opts.signatures })));
      printVerify(view, opts.json);
    });

  group
    .command('checkpoint')
    .description('Append the heads of manifests that moved to the global checkpoint chain')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const made = await withDatabase('manifest checkpoint', (h) => h.db.transaction().execute((trx) => checkpointHeads(trx, ctx('checkpoint'), deps())));
      if (opts.json) printJson(made);
      else process.stdout.write(made ? `Checkpoint ${made.seq}: ${made.heads} heads, ${made.hash}\n` : 'Nothing moved since the last checkpoint\n');
    });

  registerManifestRegulationCommands(group);
  registerManifestLedgerCommands(group);
  registerManifestEpcisCommands(group);
  registerManifestLawCommands(group);
}
