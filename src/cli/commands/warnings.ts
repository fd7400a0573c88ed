import type { Command } from 'commander';
import type { Executor } from '../../db/database';
import { actorViewer, systemServiceContext, type ServiceContext } from '../../platform/viewer';
import * as service from '../../modules/warnings';
import { decideBody, listCasesQuery, noteBody, presentCaseDetail, presentCaseSummary, scanBody } from '../../modules/warnings';
import { CliError, parseInput, withDatabase, withOptionNames } from '../context';
import { printJson, printTable } from '../output';

const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '' : `${(x * 100).toFixed(1)} %`);
const yuan = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '' : x.toFixed(4));

interface AsOptions {
  as?: string;
  org?: string;
}

/**
 * Who the command acts as. Without --as the CLI is the operator of the database (a system
 * context: it sees every case, like the scheduled scan). With --as it acts as that user in one
 * of their organisations and the policies apply exactly as in the API; notes, claims and
 * decisions are signed by a person, so those commands require it.
 */
async function contextFor(db: Executor, opts: AsOptions, command: string): Promise<ServiceContext> {
  if (opts.as === undefined) {
    if (opts.org !== undefined) throw new CliError('--org goes with --as');
    return systemServiceContext(`cli:warnings ${command}`);
  }
  return { viewer: actorViewer(await service.actorForUser(db, opts.as, opts.org)), requestId: `cli:warnings ${command}` };
}

function requireAs(opts: AsOptions, command: string): void {
  if (opts.as === undefined) throw new CliError(`warnings ${command}: name the supply monitor with --as USERNAME (notes and decisions are signed)`);
}

const asOptions = (cmd: Command) =>
  cmd.option('--as <username>', 'act as this user (policies apply as in the API)').option('--org <code>', 'the organisation to act for, when the user has several');

export function registerWarningsCommands(program: Command): void {
  const warnings = program.command('warnings').description('Warning cases of essential medicines: open from signals and pre-warnings, expert notes, decisions');

  asOptions(
    warnings
      .command('scan')
      .description('Open a case for every signal episode and firing pre-warning, update known ones (idempotent)')
      .option('--weeks <n>', 'pre-warning horizon N in weeks (default 8)')
      .option('--threshold <p>', 'pre-warning when P(leave the band within N weeks) reaches this (default 0.5)')
      .option('--close-after <days>', 'close cases nobody took up once their episode ended this many days before the last prices (default 90)')
      .option('--json', 'print JSON: {asOf, formulas, episodes, opened, updated, closed, unchanged, preWarnings, openedIds, durationMs}'),
  ).action(async (opts: AsOptions & { weeks?: string; threshold?: string; closeAfter?: string; json?: boolean }) => {
    const body = parseInput(
      scanBody,
      { preWarningWeeks: opts.weeks, preWarningThreshold: opts.threshold, closeUntouchedAfterDays: opts.closeAfter },
      { preWarningWeeks: '--weeks', preWarningThreshold: '--threshold', closeUntouchedAfterDays: '--close-after' },
    );
    const r = await withDatabase('warnings scan', async (h) => {
      const ctx = await contextFor(h.db, opts, 'scan');
      return h.db.transaction().execute((trx) =>
        service.openWarningCases(trx, ctx, {
          ...(body.preWarningWeeks ? { preWarningWeeks: body.preWarningWeeks } : {}),
          ...(body.preWarningThreshold ? { preWarningThreshold: body.preWarningThreshold } : {}),
          ...(body.closeUntouchedAfterDays ? { closeUntouchedAfterDays: body.closeUntouchedAfterDays } : {}),
        }),
      );
    });
    if (opts.json) printJson(r);
    else
      process.stdout.write(
        `Prices up to ${r.asOf ?? '(none)'}: ${r.formulas} formulas, ${r.episodes} signal episodes; ${r.opened} cases opened, ${r.updated} updated, ${r.closed} closed, ${r.unchanged} unchanged; pre-warnings ${r.preWarnings.firing} of ${r.preWarnings.evaluated} formulas in band (P ≥ ${r.preWarnings.threshold} within ${r.preWarnings.weeks} weeks); ${Math.round(r.durationMs)} ms\n`,
      );
  });

  asOptions(
    warnings
      .command('list')
      .description('The warning inbox')
      .option('--status <list>', 'statuses, comma-separated (open, analysing, decided-publish, dismissed, published, closed)')
      .option('--level <list>', 'peak severities, comma-separated (blue, yellow, orange, red)')
      .option('--kind <kind>', 'signal | pre-warning')
      .option('--formula <formula>', 'formula code or Chinese name')
      .option('--json', 'print JSON: {items: [case summaries as GET /api/v1/warnings/cases]}'),
  ).action(async (opts: AsOptions & { status?: string; level?: string; kind?: string; formula?: string; json?: boolean }) => {
    const query = parseInput(listCasesQuery, { status: opts.status, level: opts.level, kind: opts.kind, formula: opts.formula }, { status: '--status', level: '--level', kind: '--kind', formula: '--formula' });
    const items = await withDatabase('warnings list', async (h) => {
      const ctx = await contextFor(h.db, opts, 'list');
      const rows = await service.listCases(h.db, ctx.viewer, query);
      const current = await service.currentOfCases(h.db, rows);
      return rows.map((r) => presentCaseSummary(r, ctx.viewer, current));
    });
    if (opts.json) {
      printJson({ items });
      return;
    }
    printTable(
      items.map((c) => ({
        id: c.id.slice(0, 8),
        product: c.formula.nameZh,
        kind: c.kind,
        level: c.level === null ? `P ${pct(c.probability)}` : `${c.direction}-${c.level}`,
        start: c.episodeStart,
        end: c.episodeEnd ?? '(open)',
        peak: `${pct(c.peakRatio)} ${c.peakDate}`,
        now: c.current ? `${c.current.level} ${pct(c.current.ratio)}` : '',
        status: c.status,
        assignee: c.assignee?.username ?? '',
        bulletin: c.bulletinNumber ?? '',
      })),
    );
  });

  asOptions(
    warnings
      .command('show')
      .description('One case: figures, analysis (composition, drivers, similar episodes) and notes')
      .argument('<case>', 'case id, a unique id prefix, or FORMULA@EPISODE-START (e.g. 复方丹参片@2010-03-05)')
      .option('--json', 'print JSON (as GET /api/v1/warnings/cases/{id})'),
  ).action(async (ref: string, opts: AsOptions & { json?: boolean }) => {
    const c = await withDatabase('warnings show', async (h) => {
      const ctx = await contextFor(h.db, opts, 'show');
      const id = await service.resolveCaseRef(h.db, ctx.viewer, ref);
      const d = await service.caseDetail(h.db, ctx.viewer, id);
      return presentCaseDetail(d.case, d.notes, ctx.viewer, await service.currentOfCases(h.db, [d.case]));
    });
    if (opts.json) {
      printJson(c);
      return;
    }
    const a = c.analysis;
    process.stdout.write(
      `${c.formula.nameZh} (${c.formula.code}) — ${c.kind} ${c.direction}${c.level ? `-${c.level}` : ''}, ${c.episodeStart} → ${c.episodeEnd ?? '(open)'}; peak ${pct(c.peakRatio)} on ${c.peakDate}; status ${c.status}${c.assignee ? `, assigned to ${c.assignee.username}` : ''}\nid ${c.id}; analysis of ${a.asOf}, band ${pct(a.band[0])} – ${pct(a.band[1])}\n\nCost composition (share of Y)\n`,
    );
    const herbs = Object.keys(a.composition.peak.shares);
    printTable(herbs.map((h) => ({ herb: h, start: pct(a.composition.start.shares[h]), peak: pct(a.composition.peak.shares[h]), latest: pct(a.composition.latest.shares[h]) })));
    process.stdout.write(`\nDrivers: Y ${yuan(a.drivers.costFrom)} 元 (${a.drivers.from}) → ${yuan(a.drivers.costTo)} 元 (${a.drivers.to})\n`);
    printTable(Object.entries(a.drivers.contributions).map(([herb, v]) => ({ herb, contribution: yuan(v) })));
    const s = a.similar;
    process.stdout.write(
      `\nSimilar episodes: same formula ${s.sameFormula.count} (median ${s.sameFormula.medianDays ?? '–'} d, max ${s.sameFormula.maxDays ?? '–'} d); other formulas dominated by ${s.sameHerb.herb ?? '–'}: ${s.sameHerb.count} (median ${s.sameHerb.medianDays ?? '–'} d, max ${s.sameHerb.maxDays ?? '–'} d)\n\nNotes\n`,
    );
    printTable(c.notes.map((n) => ({ at: n.createdAt.slice(0, 16), author: n.author?.username ?? '', cause: n.cause, weeks: n.expectedWeeks ?? '', text: n.text })));
    if (c.decision) process.stdout.write(`\nDecision: ${c.decision} — ${c.decisionReason ?? ''}\n`);
  });

  asOptions(
    warnings
      .command('note')
      .description('Add an expert note to a case (an open case becomes analysing)')
      .argument('<case>', 'case id, prefix or FORMULA@EPISODE-START')
      .requiredOption('--cause <cause>', 'natural-disaster | demand | speculation | policy | other')
      .option('--weeks <n>', 'expected duration in weeks')
      .requiredOption('--text <text>', 'the note')
      .option('--json', 'print JSON (the case after the note)'),
  ).action(async (ref: string, opts: AsOptions & { cause: string; weeks?: string; text: string; json?: boolean }) => {
    requireAs(opts, 'note');
    const body = parseInput(noteBody, { cause: opts.cause, expectedWeeks: opts.weeks, text: opts.text }, { cause: '--cause', expectedWeeks: '--weeks', text: '--text' });
    await runStep(opts, 'note', ref, (trx, ctx, id) => service.addNote(trx, ctx, id, body));
  });

  asOptions(
    warnings
      .command('claim')
      .description('Take a case (assign it to yourself) or, with --to, assign it to another supply monitor')
      .argument('<case>', 'case id, prefix or FORMULA@EPISODE-START')
      .option('--to <username>', 'assign to this supply-monitor member')
      .option('--json', 'print JSON (the case after the step)'),
  ).action(async (ref: string, opts: AsOptions & { to?: string; json?: boolean }) => {
    requireAs(opts, 'claim');
    await runStep(opts, 'claim', ref, (trx, ctx, id) => service.assignCase(trx, ctx, id, opts.to));
  });

  asOptions(
    warnings
      .command('decide')
      .description('Decide a case: --publish or --dismiss, with a reason')
      .argument('<case>', 'case id, prefix or FORMULA@EPISODE-START')
      .option('--publish', 'decide to publish (a bulletin will report it)')
      .option('--dismiss', 'dismiss the signal')
      .requiredOption('--reason <text>', 'why')
      .option('--json', 'print JSON (the case after the decision)'),
  ).action(async (ref: string, opts: AsOptions & { publish?: boolean; dismiss?: boolean; reason: string; json?: boolean }) => {
    requireAs(opts, 'decide');
    if (opts.publish === opts.dismiss) throw new CliError('warnings decide: give exactly one of --publish and --dismiss');
    const body = parseInput(decideBody, { decision: opts.publish ? 'publish' : 'dismiss', reason: opts.reason }, { reason: '--reason' });
    await runStep(opts, 'decide', ref, (trx, ctx, id) => service.decideCase(trx, ctx, id, body));
  });
}

/** One workflow step in a transaction, then the case as the acting user sees it. */
async function runStep(
  opts: AsOptions & { json?: boolean },
  command: string,
  ref: string,
  step: (trx: Parameters<typeof service.addNote>[0], ctx: ServiceContext, id: string) => Promise<unknown>,
): Promise<void> {
  const c = await withDatabase(`warnings ${command}`, async (h) => {
    const ctx = await contextFor(h.db, opts, command);
    const id = await service.resolveCaseRef(h.db, ctx.viewer, ref);
    await withOptionNames({ cause: '--cause', expectedWeeks: '--weeks', text: '--text', reason: '--reason', assignee: '--to' }, () => h.db.transaction().execute((trx) => step(trx, ctx, id)));
    const d = await service.caseDetail(h.db, ctx.viewer, id);
    return presentCaseDetail(d.case, d.notes, ctx.viewer, await service.currentOfCases(h.db, [d.case]));
  });
  if (opts.json) printJson(c);
  else process.stdout.write(`${c.formula.nameZh} ${c.episodeStart} (${c.id.slice(0, 8)}): status ${c.status}${c.assignee ? `, assigned to ${c.assignee.username}` : ''}${c.decision ? `, decision ${c.decision}` : ''}; ${c.notes.length} note(s)\n`);
}
