import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import { numberingYear } from '../../src/modules/bulletins';
import { verifySignature } from '../../src/modules/notifications';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';
import { extractPdfText } from '../helpers/pdf';

/**
 * `herbloop bulletins …` on the supply and bulletins demo: the demo's 2010 bulletin, a draft
 * from a JSON file, publication, the PDF, a subscriber receiving a signed delivery on
 * 127.0.0.1 through `bulletins deliver`, withdrawal, and errors that name the field.
 */
describe.each(backends)('herbloop bulletins on %s', (kind: DatabaseKind) => {
  let db: CliDatabase;
  let env: Record<string, string>;
  let work: string;
  let server: http.Server;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    db = await cliDemoDatabase(kind, 'bulletins-cli', ['supply', 'bulletins']);
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ({ work } = db);
    env = { ...db.env, HERBLOOP_WEBHOOK_ALLOW_HTTP_LOOPBACK: '1', HERBLOOP_PUBLIC_URL: 'https://herbloop.example.cn' };
  }, 300_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await db?.close();
  });

  it('list, show, create, publish, pdf, subscribers, deliver, withdraw', { timeout: 400_000 }, async () => {
    const list = expectJson<{ items: { number: string | null; status: string; title: string; id: string }[] }>(await runCli(['bulletins', 'list', '--json'], env));
    expect(list.items.map((b) => [b.number, b.status])).toEqual(expect.arrayContaining([['2010-001', 'published'], [null, 'draft']]));
    const demo = expectJson<{ title: string; recommendations: { code: string }[]; snapshot: { date: string; products: { code: string; ratio: number; topShares: { herb: string }[] }[] } }>(
      await runCli(['bulletins', 'show', '2010-001', '--json'], env),
    );
    expect(demo.recommendations.map((r) => r.code)).toEqual(['price-subsidy', 'raise-price-cap']);
    // The figures of its day: 复方丹参片 above its 30 % line in March 2010, 三七 the largest share.
    expect(demo.snapshot.date).toBe('2010-03-19');
    expect(demo.snapshot.products[0]!.ratio).toBeGreaterThan(0.3);
    expect(demo.snapshot.products[0]!.topShares[0]!.herb).toBe('三七');
    const human = await runCli(['bulletins', 'show', '2010-001'], env);
    expect(human.stdout).toContain('关于复方丹参片原料成本突破预警上限的通报');
    expect(human.stdout).toContain('https://herbloop.example.cn/public/bulletins/2010-001');

    const sub = expectJson<{ id: string; secret: string }>(await runCli(['bulletins', 'subscribers', 'add', '--name', '省医保局', '--url', `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, '--audience', 'authorities', '--json'], env));
    expect(sub.secret).toMatch(/^whsec_/);
    const subs = expectJson<{ items: Record<string, unknown>[] }>(await runCli(['bulletins', 'subscribers', 'list', '--json'], env));
    expect(subs.items).toHaveLength(1);
    expect(subs.items[0]!.secret).toBeUndefined();
    expectFailure(await runCli(['bulletins', 'subscribers', 'add', '--name', 'x', '--url', 'http://example.org/hook'], env), /--url: must be an https URL/);

    const file = path.join(work, 'bulletin.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        title: '关于三七伤药片原料成本的预警通报',
        level: 'yellow',
        products: ['SQSYP', '三七片'],
        analysis: '三七价格上涨推高三七伤药片与三七片的原料成本。',
        recommendations: [{ code: 'release-reserves', text: '投放三七储备。' }],
        audiences: ['authorities', 'media'],
      }),
    );
    const created = expectJson<{ id: string; status: string }>(await runCli(['bulletins', 'create', file, '--json'], env));
    expect(created.status).toBe('draft');
    // Yellow while both products are above their band at blue (the demo's figures): refused
    // unless the monitor confirms the level.
    expectFailure(await runCli(['bulletins', 'publish', created.id], env), /measured level is blue, the bulletin says yellow/);
    const published = expectJson<{ number: string; status: string }>(await runCli(['bulletins', 'publish', created.id, '--confirm-level', '--json'], env));
    expect(published.number).toBe(`${numberingYear(new Date())}-001`);

    const out = path.join(work, 'bulletin.pdf');
    const pdf = expectJson<{ file: string; bytes: number; font: string }>(await runCli(['bulletins', 'pdf', published.number, '--out', out, '--json'], env));
    expect(pdf.bytes).toBe(fs.statSync(out).size);
    const text = (await extractPdfText(fs.readFileSync(out))).replace(/\s+/g, '');
    expect(text).toContain('关于三七伤药片原料成本的预警通报');
    expect(text).toContain('三七伤药片（SQSYP）');
    expect(text).toContain('动用储备');

    const sent = expectJson<{ items: { status: string; subscriber?: string }[] }>(await runCli(['bulletins', 'deliver', '--json'], env));
    expect(sent.items.map((d) => d.status)).toEqual(['delivered']);
    expect(received).toHaveLength(1);
    expect(verifySignature(sub.secret, String(received[0]!.headers['x-herbloop-signature']), received[0]!.body)).toBe(true);

    const withdrawn = expectJson<{ status: string; withdrawalReason: string }>(await runCli(['bulletins', 'withdraw', published.number, '--reason', '更正数据', '--json'], env));
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawalReason: '更正数据' });
    expectFailure(await runCli(['bulletins', 'publish', published.number], env), /only drafts can be changed/);

    // Bad input names the field and writes nothing.
    fs.writeFileSync(file, JSON.stringify({ title: 'x', level: 'red', products: ['不存在'], analysis: 'a', audiences: ['media'] }));
    expectFailure(await runCli(['bulletins', 'create', file], env), /products\.0: unknown formula "不存在"/);
    expect(expectJson<{ total: number }>(await runCli(['bulletins', 'list', '--json'], env)).total).toBe(3);

    expect(expectJson<{ active: boolean }>(await runCli(['bulletins', 'subscribers', 'pause', sub.id, '--json'], env)).active).toBe(false);
    expect((await runCli(['bulletins', 'subscribers', 'remove', sub.id], env)).code).toBe(0);
  });
});
