import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';

interface Duty {
  wasteList: string;
  category: string;
  inForceFrom: string;
  inForce: boolean;
  unverified: boolean;
}

/** `herbloop manifest duties|transfers`: the editions in force by day, and the (empty) list of applications. */
describe.each(backends)('herbloop manifest duties and transfers on %s', (kind: DatabaseKind) => {
  let db: CliDatabase;

  beforeAll(async () => {
    db = await cliDemoDatabase(kind, 'manifest-law-cli', ['platform']);
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it('lists the duties with the edition in force on a day, and the transfer applications', { timeout: 300_000 }, async () => {
    const now = expectJson<{ items: Duty[] }>(await runCli(['manifest', 'duties', '--json'], db.env));
    expect(now.items.filter((d) => d.inForce).map((d) => [d.wasteList, d.inForceFrom]).sort()).toEqual([
      ['general', '2021-12-31'],
      ['hazardous', '2022-01-01'],
    ]);
    expect(now.items.every((d) => d.unverified)).toBe(true);
    const then = expectJson<{ items: Duty[] }>(await runCli(['manifest', 'duties', '--on', '2020-01-01', '--json'], db.env));
    expect(then.items.filter((d) => d.inForce).map((d) => [d.wasteList, d.inForceFrom])).toEqual([['hazardous', '1999-10-01']]);
    expectFailure(await runCli(['manifest', 'duties', '--on', 'yesterday'], db.env), /--on/);
    expect(expectJson<{ items: unknown[] }>(await runCli(['manifest', 'transfers', '--json'], db.env)).items).toEqual([]);
    expectFailure(await runCli(['manifest', 'transfers', '--status', 'maybe'], db.env), /--status/);
  });
});
