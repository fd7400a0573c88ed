import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config';
import type { Executor } from '../../db/database';
import { systemServiceContext } from '../../platform/viewer';
import { runJobOnce } from '../../platform/jobs';
import * as service from '../../modules/bulletins';
import { audiences, bulletinInput, listQuery, presentDeliveries, subscriptionInput, withdrawBody } from '../../modules/bulletins';
import { webhookDeliveryJob } from '../../modules/notifications';
import { CliError, parseInput, withDatabase, withOptionNames } from '../context';
import { printJson, printTable } from '../output';

const ctx = systemServiceContext('cli');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function settings(): service.BulletinsSettings {
  const config = loadConfig();
  return { publicUrl: config.publicUrl, webhooks: config.webhooks };
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A bulletin by id or number (`2026-001`), drafts included. */
async function bulletinId(db: Executor, ref: string): Promise<string> {
  return service.bulletinIdOf(db, ctx, ref);
}

type View = Awaited<ReturnType<typeof service.bulletinView>>;

function printBulletin(b: View): void {
  const lines = [
    `${b.number ?? '(draft)'}  ${b.title}`,
    `status ${b.status}, level ${b.level}, audiences ${b.audiences.join(', ')}`,
    `products: ${b.products.map((p) => `${p.nameZh} (${p.code})`).join(', ')}`,
    ...(b.publishedAt ? [`published ${b.publishedAt} by ${b.publisher ?? '-'}`] : []),
    ...(b.withdrawnAt ? [`withdrawn ${b.withdrawnAt}: ${b.withdrawalReason ?? ''}`] : []),
    ...(b.caseIds.length > 0 ? [`warning cases: ${b.caseIds.join(', ')}`] : []),
    '',
    b.analysis,
    '',
    ...b.recommendations.map((r, i) => `${i + 1}. [${r.code}] ${r.text}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (b.snapshot) {
    process.stdout.write(`\nSnapshot ${b.snapshot.date}\n`);
    printTable(
      b.snapshot.products.map((p) => ({ product: p.nameZh, cost: p.cost.toFixed(2), priceCap: p.priceCap, ratio: pct(p.ratio), level: p.level, topShares: p.topShares.map((s) => `${s.herb} ${pct(s.share)}`).join(', ') })),
    );
  }
  if (b.status !== 'draft') process.stdout.write(`\n${b.links.page}\nwebhooks: ${b.deliveries.delivered} delivered, ${b.deliveries.pending} pending, ${b.deliveries.failed} failed\n`);
}

export function registerBulletinsCommands(program: Command): void {
  const bulletins = program.command('bulletins').description('Supply-warning bulletins: drafts, publication (public page, feeds, PDF, signed webhooks), withdrawal');

  bulletins
    .command('list')
    .description('Bulletins, newest first (drafts too)')
    .option('--status <status>', 'draft | published | withdrawn')
    .option('--json', 'print JSON: {items: [bulletin], total}')
    .action(async (opts: { status?: string; json?: boolean }) => {
      const q = parseInput(listQuery, { status: opts.status, limit: 500 }, { status: '--status' });
      const r = await withDatabase('bulletins list', (h) => service.listBulletins(h.db, ctx, q, settings().publicUrl));
      if (opts.json) printJson(r);
      else
        printTable(
          r.items.map((b) => ({ number: b.number ?? '(draft)', status: b.status, level: b.level, title: b.title, products: b.products.map((p) => p.nameZh).join('、'), published: b.publishedAt?.slice(0, 10) ?? '', id: b.id })),
        );
    });

  bulletins
    .command('show')
    .description('One bulletin')
    .argument('<bulletin>', 'id or number (2026-001)')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const b = await withDatabase('bulletins show', (h) => service.getBulletin(h.db, ctx, ref, settings().publicUrl));
      if (opts.json) printJson(b);
      else printBulletin(b);
    });

  bulletins
    .command('create')
    .description('Create a draft from JSON: {title, level, products, analysis, recommendations:[{code,text}], audiences, caseIds?, includeSnapshot?}')
    .argument('<file>', '.json file')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const input = parseInput(bulletinInput, readJson(file));
      const b = await withDatabase('bulletins create', async (h) => {
        const row = await withOptionNames({}, () => h.db.transaction().execute((trx) => service.createBulletin(trx, ctx, input)));
        return service.bulletinView(h.db, row, settings().publicUrl);
      });
      if (opts.json) printJson(b);
      else process.stdout.write(`Draft ${b.id} created from ${path.basename(file)}: ${b.title}\n`);
    });

  bulletins
    .command('publish')
    .description('Publish a draft: numbered, public, PDF and feeds; webhook deliveries queued (sent by the server, or `bulletins deliver`)')
    .argument('<bulletin>', 'id of the draft')
    .option('--confirm-level', 'publish a level that differs from the products’ measured levels (your judgement)')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { json?: boolean; confirmLevel?: boolean }) => {
      const s = settings();
      const b = await withDatabase('bulletins publish', async (h) => {
        const id = await bulletinId(h.db, ref);
        const row = await h.db.transaction().execute((trx) => service.publishBulletin(trx, ctx, id, { settings: s, confirmLevel: opts.confirmLevel === true }));
        return service.bulletinView(h.db, row, s.publicUrl);
      });
      if (opts.json) printJson(b);
      else process.stdout.write(`Published ${b.number}: ${b.title}\n${b.links.page}\n${b.deliveries.pending} webhook deliveries queued\n`);
    });

  bulletins
    .command('withdraw')
    .description('Withdraw a published bulletin (it stays listed as withdrawn)')
    .argument('<bulletin>', 'id or number')
    .requiredOption('--reason <text>', 'why it is withdrawn (shown publicly)')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { reason: string; json?: boolean }) => {
      const { reason } = parseInput(withdrawBody, { reason: opts.reason }, { reason: '--reason' });
      const s = settings();
      const b = await withDatabase('bulletins withdraw', async (h) => {
        const id = await bulletinId(h.db, ref);
        const row = await h.db.transaction().execute((trx) => service.withdrawBulletin(trx, ctx, id, reason, { settings: s }));
        return service.bulletinView(h.db, row, s.publicUrl);
      });
      if (opts.json) printJson(b);
      else process.stdout.write(`Withdrawn ${b.number}: ${reason}\n`);
    });

  bulletins
    .command('pdf')
    .description('Write the PDF of a bulletin (drafts too)')
    .argument('<bulletin>', 'id or number')
    .requiredOption('--out <file>', 'PDF file to write')
    .option('--json', 'print JSON: {file, bytes, font}')
    .action(async (ref: string, opts: { out: string; json?: boolean }) => {
      const config = loadConfig();
      // pdfkit costs ~0.4 s to load: only this command needs it.
      const { renderBulletinPdf, resolvePdfFont } = await service.loadBulletinPdf();
      const font = resolvePdfFont(config.pdfFont);
      const b = await withDatabase('bulletins pdf', (h) => service.getBulletin(h.db, ctx, ref, config.publicUrl));
      const pdf = await renderBulletinPdf(b, font);
      fs.writeFileSync(opts.out, pdf);
      const out = { file: path.resolve(opts.out), bytes: pdf.length, font: `${font.path}${font.member ? `#${font.member}` : ''} (${font.source})` };
      if (opts.json) printJson(out);
      else process.stdout.write(`${out.file}: ${out.bytes} bytes, font ${out.font}\n`);
    });

  bulletins
    .command('deliver')
    .description('Send the due webhook deliveries once (the server does this every 5 s)')
    .option('--json', 'print JSON: {items: [delivery]}')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const items = await withDatabase('bulletins deliver', async (h) => {
        const before = new Date();
        await runJobOnce(h.db, webhookDeliveryJob({ config: config.webhooks }));
        return presentDeliveries(await service.listDeliveries(h.db, ctx, {})).filter((d) => d.lastAttemptAt !== null && Date.parse(d.lastAttemptAt) >= before.getTime() - 1000);
      });
      if (opts.json) printJson({ items });
      else printTable(items.map((d) => ({ delivery: d.id, bulletin: d.bulletinNumber ?? '', subscriber: d.subscription, status: d.status, attempts: d.attempts, lastError: d.lastError ?? '' })));
    });

  const subscribers = bulletins.command('subscribers').description('Webhook subscribers (signed HMAC-SHA256 deliveries; see README)');
  subscribers
    .command('list')
    .description('Subscribers with their delivery counts (never their secrets)')
    .option('--json', 'print JSON: {items: [subscriber]}')
    .action(async (opts: { json?: boolean }) => {
      const items = await withDatabase('bulletins subscribers list', (h) => service.listSubscriptions(h.db, ctx));
      if (opts.json) printJson({ items });
      else
        printTable(
          items.map((s) => ({ id: s.id, name: s.name, url: s.url, audiences: s.audiences.join(','), active: s.active ? 'yes' : 'no', delivered: s.deliveries.delivered, pending: s.deliveries.pending, failed: s.deliveries.failed })),
        );
    });
  subscribers
    .command('add')
    .description('Add a subscriber; prints its signing secret once')
    .requiredOption('--name <name>', 'who receives')
    .requiredOption('--url <url>', 'https URL (http to 127.0.0.1 only with HERBLOOP_WEBHOOK_ALLOW_HTTP_LOOPBACK=1)')
    .option('--audience <audience>', `${audiences.join(' | ')} (repeatable; default all)`, (v: string, prev: string[] = []) => [...prev, v])
    .option('--json', 'print JSON (with the secret)')
    .action(async (opts: { name: string; url: string; audience?: string[]; json?: boolean }) => {
      const input = parseInput(subscriptionInput, { name: opts.name, url: opts.url, audiences: opts.audience ?? [...audiences] }, { name: '--name', url: '--url', audiences: '--audience' });
      const s = settings();
      const created = await withDatabase('bulletins subscribers add', (h) =>
        withOptionNames({ url: '--url', audiences: '--audience' }, () => h.db.transaction().execute((trx) => service.createSubscription(trx, ctx, input, s))),
      );
      if (opts.json) printJson(created);
      else process.stdout.write(`Subscriber ${created.id} (${created.name}) added.\nSigning secret (shown only now): ${created.secret}\n`);
    });
  for (const [name, active] of [
    ['pause', false],
    ['resume', true],
  ] as const) {
    subscribers
      .command(name)
      .description(active ? 'Send to this subscriber again' : 'Stop queueing deliveries for this subscriber')
      .argument('<id>', 'subscriber id')
      .option('--json', 'print JSON')
      .action(async (raw: string, opts: { json?: boolean }) => {
        const id = parseInput(z.uuid(), raw, { '': 'id' });
        const s = await withDatabase(`bulletins subscribers ${name}`, (h) => h.db.transaction().execute((trx) => service.updateSubscription(trx, ctx, id, { active })));
        if (opts.json) printJson(s);
        else process.stdout.write(`${s.name}: ${s.active ? 'active' : 'paused'}\n`);
      });
  }
  subscribers
    .command('remove')
    .description('Remove a subscriber and its deliveries')
    .argument('<id>', 'subscriber id')
    .action(async (raw: string) => {
      const id = parseInput(z.uuid(), raw, { '': 'id' });
      await withDatabase('bulletins subscribers remove', (h) => h.db.transaction().execute((trx) => service.deleteSubscription(trx, ctx, id)));
      process.stdout.write(`Subscriber ${id} removed.\n`);
    });
  // main() applies exitOverride two levels deep; this group has a third.
  for (const sub of subscribers.commands) sub.exitOverride();
}
