import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Executor } from '../../db/database';
import { systemServiceContext } from '../../platform/viewer';
import * as service from '../../modules/byproducts';
import { figuresQuery } from '../../modules/byproducts';
import { adviceOutput, adviseStream, parseStream, type ByproductStream } from '../../modules/byproducts/engine';
import { CliError, parseInput, withDatabase } from '../context';
import { readImportFile } from '../import-file';
import { printJson, printTable } from '../output';
import { createProgressBar } from '../progress';

const money = (yuan: number) => `${(yuan / 1e4).toFixed(1)} 万元`;
const t = (x: number) => Number(x.toPrecision(6)).toString();

function readJson(file: string): unknown {
  if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The stream to work on: a stored one (id or code) or one described in a JSON file (not stored). */
async function streamFrom(db: Executor, ref: string | undefined, file: string | undefined): Promise<ByproductStream> {
  if ((ref === undefined) === (file === undefined)) throw new CliError('give a STREAM (id or code) or --file STREAM.json, not both');
  if (file !== undefined) {
    const parsed = parseStream(readJson(file));
    if (!parsed.ok) throw new CliError(`${file}: the stream is invalid\n${parsed.errors.map((e) => `  ${e.field}: ${e.message}`).join('\n')}`);
    return parsed.value;
  }
  return service.toEngineStream(await service.getStream(db, systemServiceContext('cli:byproducts'), ref!));
}

function weightsOption(spec: string | undefined) {
  try {
    return service.weightsOrThrow(spec, '--weights');
  } catch (error) {
    const e = error as { message: string; fields?: { field: string; message: string }[] };
    throw new CliError([e.message, ...(e.fields ?? []).map((f) => `  ${f.field}: ${f.message}`)].join('\n'));
  }
}

export function registerByproductsCommands(program: Command): void {
  const byproducts = program.command('byproducts').description('By-product streams: classes, ranked utilisation options, cascades');

  byproducts
    .command('import')
    .description('Import streams from CSV/.xlsx (columns in the README, "By-product data formats"); all or nothing')
    .argument('<file>', '.csv or .xlsx; a row with an existing code updates that stream')
    .option('--json', 'print JSON: {rows, created, updated, codes}')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { rows } = await readImportFile(file, service.streamImport);
      const bar = createProgressBar('import', !opts.json);
      const outcome = await withDatabase('byproducts import', (h) =>
        h.db.transaction().execute((trx) => service.importStreams(trx, systemServiceContext('cli:byproducts import'), { name: path.basename(file), rows }, (d, n) => bar.update(d, n, 'rows'))),
      );
      bar.stop();
      if (opts.json) printJson(outcome);
      else process.stdout.write(`Imported ${outcome.rows} stream(s): ${outcome.created} created, ${outcome.updated} updated.\n`);
    });

  byproducts
    .command('import-records')
    .description('Import monthly records (one row per stream and month; columns in the README) from CSV/.xlsx; all or nothing; a month already reported is replaced')
    .argument('<file>', '.csv or .xlsx')
    .option('--json', 'print JSON: {rows, created, updated, streams}')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { rows } = await readImportFile(file, service.recordImport);
      const bar = createProgressBar('import', !opts.json);
      const outcome = await withDatabase('byproducts import-records', (h) =>
        h.db.transaction().execute((trx) => service.importRecords(trx, systemServiceContext('cli:byproducts import-records'), { name: path.basename(file), rows }, (d, n) => bar.update(d, n, 'rows'))),
      );
      bar.stop();
      if (opts.json) printJson(outcome);
      else process.stdout.write(`Imported ${outcome.rows} monthly record(s) of ${outcome.streams} stream(s): ${outcome.created} new, ${outcome.updated} replaced.\n`);
    });

  byproducts
    .command('list')
    .description('List streams (all, or of one organisation, park or region)')
    .option('--org <code>', 'organisation code or id')
    .option('--park <code>', 'park code or id')
    .option('--region <code>', 'GB/T 2260 region code')
    .option('--json', 'print JSON: [{id, code, organisationCode, name, herb, part, residue, stage, state, tonnesPerYear, …}]')
    .action(async (opts: { org?: string; park?: string; region?: string; json?: boolean }) => {
      const ctx = systemServiceContext('cli:byproducts list');
      const rows = await withDatabase('byproducts list', async (h) => (await service.listStreams(h.db, ctx, { organisation: opts.org, park: opts.park, region: opts.region, limit: 100_000, offset: 0 })).rows);
      const items = rows.map((r) => service.presentStreamFor(ctx.viewer, r));
      if (opts.json) printJson(items);
      else
        printTable(
          items.map((i) => ({ code: i.code, firm: i.organisationCode, name: i.name, stage: i.stage, state: i.state, 't/yr': i.tonnesPerYear ?? '', handling: i.currentHandling ?? '' })),
        );
    });

  byproducts
    .command('classify')
    .description('Composition classes of a stream, with the rule that fired')
    .argument('[stream]', 'stream id or code')
    .option('--file <stream.json>', 'a stream described in JSON (not stored)')
    .option('--json', 'print JSON: {classes: [{class, score, rule, basis, source}], override, derived}')
    .action(async (ref: string | undefined, opts: { file?: string; json?: boolean }) => {
      const stream = await withDatabase('byproducts classify', (h) => streamFrom(h.db, ref, opts.file));
      const c = service.classify(stream);
      if (opts.json) printJson(c);
      else {
        printTable(c.classes.map((x) => ({ class: x.class, score: x.score.toFixed(2), basis: x.basis, rule: x.rule.zh })));
        if (c.override) process.stdout.write(`(override; derived: ${c.derived.map((d) => d.class).join(', ') || 'none'})\n`);
      }
    });

  byproducts
    .command('advise')
    .description('Ranked utilisation options (TOPSIS over seed 000’s seven criteria) with reasons and excluded pathways')
    .argument('[stream]', 'stream id or code')
    .option('--file <stream.json>', 'a stream described in JSON (not stored): {herb, part, residue, stage, state, tonnesPerYear, moisture, assays, contamination, hazardous}')
    .option('--weights <spec>', 'balanced | economic-first | ecological-first, and/or k=v pairs (economic=3,ecological=1)')
    .option('--json', 'print JSON: {classes: [{class, score, rule}], options: [{rank, pathway, product, mode, score, netValuePerYear, reasons}], excluded: [{pathway, why}]}')
    .action(async (ref: string | undefined, opts: { file?: string; weights?: string; json?: boolean }) => {
      const weights = weightsOption(opts.weights);
      const { stream, pathways } = await withDatabase('byproducts advise', async (h) => ({ stream: await streamFrom(h.db, ref, opts.file), pathways: await service.currentPathways(h.db) }));
      const advice = adviseStream(stream, pathways, weights, { sensitivity: !opts.json });
      const out = adviceOutput(advice);
      if (opts.json) {
        printJson(out);
        return;
      }
      process.stdout.write(`classes: ${out.classes.map((c) => `${c.class} ${c.score.toFixed(2)}`).join(', ') || 'none'}\n\n`);
      printTable(out.options.map((o) => ({ rank: o.rank, pathway: o.pathway, product: o.product.zh, mode: o.mode, score: o.score.toFixed(3), 'net/yr': money(o.netValuePerYear) })));
      const top = out.options[0];
      if (top) process.stdout.write(`\n#1 ${top.pathway}: ${top.reasons.en}\n`);
      const flips = advice.sensitivity.filter((s) => s.delta !== null).sort((a, b) => Math.abs(a.delta!) - Math.abs(b.delta!));
      if (flips[0]) process.stdout.write(`sensitivity: changing the weight of ${flips[0].criterion} by ${flips[0].delta} makes ${flips[0].newTop} first\n`);
      process.stdout.write(`${out.excluded.length} pathway(s) excluded (--json lists why)\n`);
    });

  byproducts
    .command('cascade')
    .description('Cascade plan (梯度化综合利用): high-value extraction first, then conversion, low-value use, harmless disposal; mass balance closes')
    .argument('[stream]', 'stream id or code')
    .option('--file <stream.json>', 'a stream described in JSON (not stored)')
    .option('--weights <spec>', 'weights for the choice within a mode')
    .option('--json', 'print JSON: {steps, disposal, balance: {unit, in, out, residue, losses, closes}, handlingAvoided, totalNetValue, sankey}')
    .action(async (ref: string | undefined, opts: { file?: string; weights?: string; json?: boolean }) => {
      const weights = weightsOption(opts.weights);
      const { stream, pathways } = await withDatabase('byproducts cascade', async (h) => ({ stream: await streamFrom(h.db, ref, opts.file), pathways: await service.currentPathways(h.db) }));
      const plan = service.cascade(stream, pathways, weights);
      if (opts.json) {
        printJson(plan);
        return;
      }
      printTable(plan.steps.map((s) => ({ step: s.order, pathway: s.pathway, mode: s.mode, 'in t': t(s.inputKg / 1000), 'product t': t(s.productKg / 1000), 'residue t': t(s.residueKg / 1000), 'loss t': t(s.lossKg / 1000), net: money(s.netValue) })));
      const b = plan.balance;
      process.stdout.write(
        `\nmass balance (kg): in ${b.in} = out ${b.out} + residue ${b.residue} + losses ${b.losses} — ${b.closes ? 'closes' : 'DOES NOT CLOSE'}\n` +
          `harmless treatment ${t(plan.disposal.kg / 1000)} t; total net value ${money(plan.totalNetValue)} a year\n`,
      );
    });

  const pathways = program.command('pathways').description('The pathway knowledge base (versioned)');

  pathways
    .command('list')
    .description('Pathways of the current knowledge base')
    .option('--version <semver>', 'an earlier version')
    .option('--json', 'print JSON: {version, updated, revision, pathways: [...]}')
    .action(async (opts: { version?: string; json?: boolean }) => {
      const kb = await withDatabase('pathways list', (h) => service.currentKnowledgeBase(h.db, opts.version));
      if (opts.json) printJson(kb);
      else {
        process.stdout.write(`knowledge base ${kb.version} (${kb.updated}), ${kb.pathways.length} pathways\n`);
        printTable(kb.pathways.map((p) => ({ id: p.id, name: p.name.zh, process: p.process, mode: p.mode, trl: p.trl, utiliser: p.utiliser })));
      }
    });

  pathways
    .command('show')
    .description('One pathway: conditions, process, product, figures and source')
    .argument('<id>', 'pathway id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const kb = await withDatabase('pathways show', (h) => service.currentKnowledgeBase(h.db));
      const p = kb.pathways.find((x) => x.id === id);
      if (!p) throw new CliError(`no pathway ${id} in knowledge base ${kb.version} (herbloop pathways list)`);
      if (opts.json) printJson(p);
      else process.stdout.write(`${JSON.stringify(p, null, 2)}\n`);
    });

  pathways
    .command('import')
    .description('Store a knowledge-base JSON file {version, updated, pathways} as a new version (above the current one)')
    .argument('<file>', 'JSON file')
    .option('--note <text>', 'what changed')
    .option('--json', 'print JSON: {version, revision, pathways}')
    .action(async (file: string, opts: { note?: string; json?: boolean }) => {
      const input = readJson(file);
      const kb = await withDatabase('pathways import', (h) => h.db.transaction().execute((trx) => service.importKnowledgeBase(trx, systemServiceContext('cli:pathways import'), input, opts.note)));
      if (opts.json) printJson({ version: kb.version, revision: kb.revision, pathways: kb.pathways.length });
      else process.stdout.write(`Stored knowledge base ${kb.version} (${kb.pathways.length} pathways).\n`);
    });

  pathways
    .command('export')
    .description('Write the knowledge base as JSON (to FILE, or stdout)')
    .argument('[file]', 'output file')
    .option('--version <semver>', 'an earlier version')
    .action(async (file: string | undefined, opts: { version?: string }) => {
      const { revision: _revision, ...kb } = await withDatabase('pathways export', (h) => service.currentKnowledgeBase(h.db, opts.version));
      const text = `${JSON.stringify(kb, null, 2)}\n`;
      if (file) fs.writeFileSync(file, text);
      else process.stdout.write(text);
    });

  program
    .command('figures')
    .description('Circularity figures of a firm, park or region for a year or month')
    .requiredOption('--scope <scope>', 'firm | park | region (also stream | site)')
    .argument('<id>', 'organisation code, park code or region code')
    .requiredOption('--period <period>', 'YYYY or YYYY-MM')
    .option('--json', 'print JSON: {scope, id, name, period, streams, estimatedRecords, figures, series, byStage, byClass, emissionFactors, mci, balance, balanceReasonCode, disclosure}')
    .action(async (id: string, opts: { scope: string; period: string; json?: boolean }) => {
      const query = parseInput(figuresQuery, { scope: opts.scope, id, period: opts.period }, { scope: '--scope', period: '--period', id: 'ID' });
      const r = await withDatabase('figures', (h) => service.figures(h.db, systemServiceContext('cli:figures'), query, new Date()));
      if (opts.json) {
        printJson(r);
        return;
      }
      const f = r.figures;
      // The CLI runs as the system, which is entitled to every firm: suppression is for public viewers.
      if (f === null) {
        process.stdout.write(`${r.name} (${r.scope}) ${r.period}: suppressed (${r.disclosure.suppressed.figures})\n`);
        return;
      }
      const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
      process.stdout.write(
        `${r.name} (${r.scope}) ${r.period}: ${r.streams} stream(s)${r.estimatedRecords ? `, ${r.estimatedRecords} month(s) estimated from declarations` : ''}\n` +
          `  generated ${t(f.generatedT)} t, utilised ${t(f.utilisedT)} t (${pct(f.utilisationRate)}): ` +
          Object.entries(f.utilisedByModeT ?? {}).map(([m, v]) => `${m} ${t(v)}`).join(', ') +
          `\n  value created ${money(f.valueCreatedYuan)}; disposed ${t(f.disposedT)} t: ` +
          Object.entries(f.disposalMix ?? {}).map(([k, v]) => `${k} ${pct(v.share)}`).join(', ') +
          `\n  CO2e avoided ${t(f.co2eAvoidedT)} t, from disposal ${t(f.co2eFromDisposalT)} t\n`,
      );
      if (r.mci) {
        const m = r.mci;
        process.stdout.write(
          m.value === null
            ? `  MCI: not available — ${m.reason}\n`
            : `  MCI ${m.value.toFixed(3)} (inputs of ${m.inputs?.period ?? r.period}: M ${t(m.terms!.M)} t, F_R ${pct(m.terms!.FR)}, C_R ${pct(m.terms!.CR)}, C_U ${pct(m.terms!.CU)}, X ${t(m.terms!.X)})` +
                `${m.assumptions.length ? `; assumed: ${m.assumptions.join(', ')}` : ''}\n`,
        );
      }
      if (r.scope === 'firm') process.stdout.write(balanceText(r.balance, r.balanceReasonCode));
    });
}

type FiguresResult = service.FiguresResult;

const comparisonReasons = {
  'period-nominal': 'the model has a nominal period (e.g. one batch): not compared, not scaled',
  'period-mismatch': 'the model is for another period: not compared',
  'no-byproduct-flows': 'the model marks no flow as by-product',
  undetermined: 'a by-product flow is not determined by the model',
} as const;

/** The firm's reconciled balance beside its figures (issue 5), as lines of the figures report. */
function balanceText(b: FiguresResult['balance'], reason: FiguresResult['balanceReasonCode']): string {
  if (!b) return `  balance: none (${reason === 'not-permitted' ? 'not permitted' : 'the firm has no balance model'})\n`;
  const pm = (x: { tonnes: number | null; sdTonnes: number | null; flows: number }) =>
    x.flows === 0 ? '—' : x.tonnes === null || x.sdTonnes === null ? 'not determined' : `${t(x.tonnes)} ± ${t(x.sdTonnes)} t`;
  const c = b.comparison;
  return (
    `  balance "${b.modelName}" (period ${b.period ?? 'nominal'}; chi-square ${b.chiSquarePassed ? 'passed' : 'FAILED'}${b.contradictions ? `, ${b.contradictions} contradiction(s)` : ''}): ` +
    `by-products ${pm(b.byproducts)}, losses ${pm(b.losses)}\n` +
    (c
      ? `  declared ${t(c.declaredT)} t vs balance ${t(c.balanceT)} ± ${t(c.sdT)} t: difference ${t(c.differenceT)} t, ${c.withinTwoSd ? 'within' : 'OUTSIDE'} 2 sd\n`
      : `  comparison: ${b.comparisonReasonCode ? comparisonReasons[b.comparisonReasonCode] : '—'}\n`)
  );
}
