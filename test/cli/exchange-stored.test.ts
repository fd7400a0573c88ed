import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';

/**
 * `herbloop exchange …` on the stored market (the exchange demo loaded): listings, demands, a
 * match run, proposals, a decision, contracts; and a listing over its stream refused with the
 * option named. One test per backend: each spawn costs seconds.
 */
interface Listings {
  items: { code: string; stream: { code: string } | null; quantityKind: string; windowStart: string; windowEnd: string }[];
  total: number;
}

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe.each(backends)('herbloop exchange (stored market) on %s', (kind: DatabaseKind) => {
  let d: CliDatabase;
  beforeAll(async () => {
    d = await cliDemoDatabase(kind, 'exchange-cli', ['byproducts', 'exchange']);
  }, 300_000);
  afterAll(async () => {
    await d.close();
  });

  it('lists, matches, decides and shows contracts with --json; refuses a listing over its stream', { timeout: 300_000 }, async () => {
    const listings = expectJson<Listings>(await runCli(['exchange', 'listings', 'list', '--status', 'all', '--json'], d.env));
    expect(listings.total).toBeGreaterThan(100);
    const demands = expectJson<{ items: { code: string }[] }>(await runCli(['exchange', 'demands', 'list', '--json'], d.env));
    expect(demands.items.length).toBe(6);

    const stream = listings.items.find((l) => l.stream !== null)!.stream!.code;
    expectFailure(await runCli(['exchange', 'listings', 'create', '--stream', stream, '--tonnes', '1000000', '--monthly', '--from', inDays(1), '--to', inDays(30), '--assays', 'moisture=20,crudeFibre=35,ash=8'], d.env), /--tonnes: at most/);
    expectFailure(await runCli(['exchange', 'listings', 'create', '--stream', stream, '--tonnes', '1', '--from', inDays(1), '--to', 'soon'], d.env), /--to: a date YYYY-MM-DD/);

    const run = expectJson<{ id: string; kind: string; proposals: number }>(await runCli(['exchange', 'match', '--park', 'BZ-TCM-PARK', '--json'], d.env));
    expect(run.kind).toBe('match');
    const pending = expectJson<{ items: { id: string; status: string; valuePerTonne: number; alternative: { valueLost: number } }[] }>(await runCli(['exchange', 'proposals', 'list', '--status', 'pending', '--json'], d.env));
    expect(pending.items.length).toBeGreaterThan(0);
    expect(pending.items.every((p) => p.valuePerTonne > 0 && p.alternative.valueLost >= -1e-6)).toBe(true);
    const id = pending.items[0]!.id;
    expectFailure(await runCli(['exchange', 'proposals', 'accept', id], d.env), /--side seller\|buyer/);
    const seller = expectJson<{ proposal: { sellerDecision: string } }>(await runCli(['exchange', 'proposals', 'accept', id, '--side', 'seller', '--json'], d.env));
    expect(seller.proposal.sellerDecision).toBe('accepted');
    const done = expectJson<{ contractId: string }>(await runCli(['exchange', 'proposals', 'accept', id, '--side', 'buyer', '--json'], d.env));
    const contract = expectJson<{ number: string; deliveries: unknown[]; proposalId: string }>(await runCli(['exchange', 'contracts', 'show', done.contractId, '--json'], d.env));
    expect(contract.proposalId).toBe(id);
    expect(contract.deliveries.length).toBeGreaterThan(0);
    const table = await runCli(['exchange', 'contracts', 'show', contract.number], d.env);
    expect(table.stdout).toContain(contract.number);
    const all = expectJson<{ total: number; loops: { contracts: number } }>(await runCli(['exchange', 'contracts', 'list', '--json'], d.env));
    expect(all.total).toBeGreaterThan(20);
    expect(all.loops.contracts).toBe(1);
  });
});
