import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import schema from '../../src/modules/manifests/engine/epcis-2.0.schema.json' with { type: 'json' };
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';

interface Manifest {
  id: string;
  number: string;
  status: string;
  events: { kind: string; method: string }[];
  lines: { received: string | null; refused: string | null }[];
}
interface EpcisDoc {
  epcisBody: { eventList: Record<string, unknown>[] };
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** `herbloop manifest export-epcis|import-epcis`: a closed manifest exported (valid EPCIS 2.0), imported onto a fresh one, refused when bad. */
describe.each(backends)('herbloop manifest export-epcis / import-epcis on %s', (kind: DatabaseKind) => {
  let db: CliDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await cliDemoDatabase(kind, 'manifest-epcis-cli', ['platform']);
    env = { ...db.env, HERBLOOP_MANIFEST_KEY_DIR: path.join(db.work, 'keys') };
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it('exports a manifest to a file and imports its events onto a fresh manifest through the signing command', { timeout: 300_000 }, async () => {
    const create = ['manifest', 'create', '--generator', 'BZ-MFR-HUATUO', '--receiver', 'BZ-UTL-LVYUAN', '--transporter', 'BZ-TRN-TONGDA:皖S·D1234:马强', '--line', 'SW13:8.5:t:白芍药渣', '--json'];
    const m1 = expectJson<Manifest>(await runCli(create, env));
    for (const [kindOf, data] of [
      ['sealed', null],
      ['picked-up', '{"weights":[{"line":1,"quantity":"8.4"}]}'],
      ['delivered', null],
      ['received', '{"lines":[{"line":1,"outcome":"partially-refused","received":"8.4","refused":"0.4","reason":"wet"}]}'],
      ['processed', '{"treatmentCode":"R3"}'],
      ['closed', null],
    ] as const) {
      expectJson<Manifest>(await runCli(['manifest', 'sign', m1.id, '--kind', kindOf, ...(data ? ['--data', data] : []), '--json'], env));
    }
    const out = path.join(db.work, 'm1.jsonld');
    const exported = await runCli(['manifest', 'export-epcis', m1.id, '--out', out], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('7 events written');
    const doc = JSON.parse(await readFile(out, 'utf8')) as EpcisDoc;
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    // Standard output by default, and the batch form.
    expect((JSON.parse((await runCli(['manifest', 'export-epcis', m1.id, '--genealogy'], env)).stdout) as EpcisDoc).epcisBody.eventList).toHaveLength(7);

    const m2 = expectJson<Manifest>(await runCli(create, env));
    const file = path.join(db.work, 'm2.jsonld');
    await writeFile(file, JSON.stringify(doc).replaceAll(m1.number, m2.number));
    const imported = expectJson<{ appended: number; duplicates: number; events: { outcome: string }[] }>(await runCli(['manifest', 'import-epcis', file, '--json'], env));
    expect(imported.events.map((e) => e.outcome)).toEqual(['acknowledged', 'appended', 'appended', 'appended', 'appended', 'appended', 'appended']);
    const shown = expectJson<Manifest>(await runCli(['manifest', 'show', m2.id, '--json'], env));
    expect(shown.status).toBe('closed');
    expect(shown.events.map((e) => e.kind)).toEqual(['created', 'sealed', 'picked-up', 'delivered', 'received', 'processed', 'closed']);
    expect(shown.lines).toMatchObject([{ received: '8.4', refused: '0.4' }]);
    expect((await runCli(['manifest', 'verify', m2.id, '--json'], env)).code).toBe(0);
    // Again: every event a duplicate.
    expect(expectJson<{ appended: number; duplicates: number }>(await runCli(['manifest', 'import-epcis', file, '--json'], env))).toMatchObject({ appended: 0, duplicates: 6 });

    // A bad document names the event; nothing is written.
    const bad = path.join(db.work, 'bad.jsonld');
    const broken = structuredClone(doc);
    broken.epcisBody.eventList[1] = { ...broken.epcisBody.eventList[1], 'herbloop:step': undefined, bizStep: 'picking_up' };
    await writeFile(bad, JSON.stringify(broken));
    expectFailure(await runCli(['manifest', 'import-epcis', bad], env), /eventList\.1\.bizStep/);
    expectFailure(await runCli(['manifest', 'import-epcis', path.join(db.work, 'missing.jsonld')], env), /cannot read/);
  });
});
