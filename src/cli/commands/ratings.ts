import type { Command } from 'commander';
import type { Executor } from '../../db/database';
import { findOrganisationByCode } from '../../modules/organisations';
import { computeRatings, listRatings, showRating } from '../../modules/ratings';
import { grades, isGrade } from '../../modules/ratings/engine';
import { systemServiceContext } from '../../platform/viewer';
import { CliError, withDatabase } from '../context';
import { printJson, printTable } from '../output';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function organisationId(db: Executor, ref: string): Promise<string> {
  if (UUID.test(ref)) return ref;
  const o = await findOrganisationByCode(db, ref);
  if (!o) throw new CliError(`No organisation with code ${ref}`);
  return o.id;
}

/**
 * `herbloop ratings`: the credit ratings as the database operator sees them (the system viewer:
 * every firm with its score and reasons, as a platform administrator would).
 */
export function registerRatingsCommands(program: Command): void {
  const ratings = program.command('ratings').description('Credit ratings of participants: grades AAA…C with reasons, suspensions from auctions, appeals');

  ratings
    .command('list')
    .description('Every rated participant, worst first')
    .option('--region <code>', 'only this region (six digits; 341600 covers its districts)')
    .option('--grade <grade>', `only this grade (${grades.join(', ')})`)
    .option('--suspended', 'only firms suspended from auctions')
    .option('--json', 'print JSON: {items: [{organisation, grade, suspended, ratedOn, score, reasons, openAppeal}], suspendBelow, policyEdition}')
    .action(async (opts: { region?: string; grade?: string; suspended?: boolean; json?: boolean }) => {
      if (opts.region !== undefined && !/^\d{6}$/.test(opts.region)) throw new CliError('--region: a six-digit region code');
      if (opts.grade !== undefined && !isGrade(opts.grade)) throw new CliError(`--grade: one of ${grades.join(', ')}`);
      const grade = opts.grade !== undefined && isGrade(opts.grade) ? opts.grade : undefined;
      const out = await withDatabase('ratings list', (h) => listRatings(h.db, systemServiceContext('cli:ratings list').viewer, { region: opts.region, grade, suspended: opts.suspended ? true : undefined }));
      if (opts.json) return printJson(out);
      printTable(
        out.items.map((i) => ({ name: i.organisation.nameZh, type: i.organisation.type, grade: i.grade, score: i.score ?? '', suspended: i.suspended ? 'yes' : '', ratedOn: i.ratedOn, first: i.reasons?.[0]?.code.replace('ratings.reason.', '') ?? '' })),
        ['name', 'type', 'grade', 'score', 'suspended', 'ratedOn', 'first'],
      );
    });

  ratings
    .command('show')
    .argument('<organisation>', 'organisation code (or id)')
    .description('One participant: grade, score, figures per dimension, reasons, suspension, history, appeals')
    .option('--json', 'print JSON: {organisation, current, suspension, appealHolds, history, appeals, findings, disputes, can}')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const out = await withDatabase('ratings show', async (h) => showRating(h.db, systemServiceContext('cli:ratings show').viewer, await organisationId(h.db, ref)));
      if (opts.json) return printJson(out);
      const c = out.current;
      console.log(`${out.organisation.nameZh} (${out.organisation.nameEn})`);
      if (!c) return console.log('not rated yet');
      console.log(`grade ${c.grade}  score ${c.score ?? ''}  rated on ${c.ratedOn}  method ${c.policyEdition}${out.suspension ? `  SUSPENDED from auctions since ${out.suspension.since.slice(0, 10)}` : ''}`);
      printTable((c.dimensions ?? []).map((d) => ({ dimension: d.dimension, rate: d.rate.toFixed(3), met: d.met, missed: d.missed })));
      for (const r of c.reasons ?? []) console.log(`- ${r.code} ${JSON.stringify(r.params)}`);
    });

  ratings
    .command('recompute')
    .description('Rate every participant now (what the daily job does)')
    .option('--json', 'print JSON: {ratedOn, organisations, belowGrade, suspensionsStarted, suspensionsLifted}')
    .action(async (opts: { json?: boolean }) => {
      const out = await withDatabase('ratings recompute', (h) => h.db.transaction().execute((trx) => computeRatings(trx, systemServiceContext('cli:ratings recompute'))));
      if (opts.json) return printJson(out);
      console.log(`${out.organisations} participants rated on ${out.ratedOn}; ${out.belowGrade} below the suspension grade; suspensions started ${out.suspensionsStarted}, lifted ${out.suspensionsLifted}`);
    });
}
