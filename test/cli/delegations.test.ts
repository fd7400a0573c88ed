import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';

/** `herbloop delegations list|grant|revoke --json`: the park acting for a firm, errors naming the option. */
describe.each(backends)('herbloop delegations on %s', (kind: DatabaseKind) => {
  let db: CliDatabase;

  beforeAll(async () => {
    db = await cliDemoDatabase(kind, 'delegations-cli', ['platform']);
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it('grants, lists both directions, revokes; refuses unknown organisations and scopes', { timeout: 300_000 }, async () => {
    const granted = expectJson<{ id: string; status: string; scopes: string[]; grantor: { nameZh: string }; grantee: { nameZh: string } }>(
      await runCli(['delegations', 'grant', '--org', 'BZ-MFR-HUATUO', '--to', 'BZ-PARK-ADMIN', '--scope', 'exchange.list,manifests.sign', '--note', '园区代办', '--json'], db.env),
    );
    expect(granted).toMatchObject({ status: 'active', scopes: ['exchange.list', 'manifests.sign'], grantor: { nameZh: '亳州华佗本草制药有限公司' }, grantee: { nameZh: '亳州现代中药产业园管理委员会' } });
    const received = expectJson<{ items: { id: string }[] }>(await runCli(['delegations', 'list', '--org', 'BZ-PARK-ADMIN', '--direction', 'received', '--json'], db.env));
    expect(received.items.map((d) => d.id)).toEqual([granted.id]);
    expect(expectJson<{ items: unknown[] }>(await runCli(['delegations', 'list', '--org', 'BZ-PARK-ADMIN', '--direction', 'granted', '--json'], db.env)).items).toHaveLength(0);

    expectFailure(await runCli(['delegations', 'grant', '--org', 'BZ-MFR-HUATUO', '--to', 'NOPE', '--scope', 'exchange.list'], db.env), /--to: no organisation with code NOPE/);
    expectFailure(await runCli(['delegations', 'grant', '--org', 'BZ-MFR-HUATUO', '--to', 'BZ-PARK-ADMIN', '--scope', 'exchange.all'], db.env), /--scope/);
    expectFailure(await runCli(['delegations', 'revoke', 'abc'], db.env), /not a delegation id/);

    const revoked = expectJson<{ status: string }>(await runCli(['delegations', 'revoke', granted.id, '--reason', '到期', '--json'], db.env));
    expect(revoked.status).toBe('revoked');
    expect(expectJson<{ items: unknown[] }>(await runCli(['delegations', 'list', '--json'], db.env)).items).toHaveLength(0);
    expect(expectJson<{ items: { status: string }[] }>(await runCli(['delegations', 'list', '--include-revoked', '--json'], db.env)).items.map((d) => d.status)).toEqual(['revoked']);
  });
});
