import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../db/connect';
import { systemServiceContext } from '../../platform/viewer';
import { advisoryKey, runJobOnce } from '../../platform/jobs';
import * as service from './bulletins.service';
import { webhookDeliveryJob, verifySignature, WEBHOOK_JOB, type WebhookConfig } from '../notifications';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { countRows, expectProblem, makeToken, orgId } from '../../../test/helpers/fixtures';
import { extractPdfText } from '../../../test/helpers/pdf';

/**
 * Bulletins (issue 3, stage 4) through HTTP on the supply demo: lifecycle and numbering,
 * permissions, audit, the public endpoints (published and withdrawn only), the feeds as parsed
 * XML, the PDF's text, and signed webhooks delivered to a local 127.0.0.1 receiver with retries,
 * backoff, a maximum of attempts and the job's advisory lock.
 */

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 answering each request with the next scripted status (then 200). */
async function startReceiver() {
  const received: Received[] = [];
  const script: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = script.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    script,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Well-formedness by a strict XML parser; returns the text of every element by name. */
function parseXml(xml: string): Map<string, string[]> {
  const parser = new SaxesParser({ xmlns: true });
  const texts = new Map<string, string[]>();
  const stack: { name: string; text: string }[] = [];
  const attrs: Record<string, string>[] = [];
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    stack.push({ name: tag.local, text: '' });
    if (tag.local === 'link') attrs.push(Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])));
  });
  parser.on('text', (t) => {
    if (stack.length > 0) stack[stack.length - 1]!.text += t;
  });
  parser.on('closetag', () => {
    const el = stack.pop()!;
    texts.set(el.name, [...(texts.get(el.name) ?? []), el.text]);
  });
  parser.write(xml).close();
  texts.set('@links', attrs.map((a) => `${a.rel ?? ''} ${a.type ?? ''} ${a.href ?? ''}`));
  return texts;
}

/** These tests set levels freely: the monitor confirms them (the refusal has its own test). */
const CONFIRM = { confirmLevel: true };

const webhookConfig: WebhookConfig = { allowHttpLoopback: true, maxAttempts: 3, backoffSeconds: 30, timeoutMs: 3000 };
const PUBLIC_URL = 'https://herbloop.example.cn';

describe.each(backends)('bulletins API (%s)', (kind) => {
  let t: TestApp;
  let monitor: TestClient;
  let otherMonitor: TestClient;
  let maker: TestClient;
  let admin: TestClient;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const year = service.numberingYear(new Date());

  const draft = (over: Record<string, unknown> = {}) => ({
    title: '关于复方丹参片原料成本超出预警上限的通报 <A&B> "quoted" \'single\'',
    level: 'red',
    products: ['复方丹参片'],
    analysis: '三七价格上升的原因主要是由自然灾害、需求增加、游资炒作等多个因素引起的。\n建议采取长效的价格调整机制。',
    recommendations: [
      { code: 'price-subsidy', text: '对复方丹参片生产企业给予价格补贴。' },
      { code: 'raise-price-cap', text: '适当提高复方丹参片最高零售价。' },
    ],
    audiences: ['authorities', 'enterprises'],
    ...over,
  });
  const auditActions = async (entityId: string) =>
    (await t.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity_id', '=', entityId).orderBy('id').execute()).map((r) => r.action);
  const job = (now: () => Date, config = webhookConfig) => webhookDeliveryJob({ config, now });

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['supply', 'warnings'], config: { publicUrl: PUBLIC_URL, webhooks: webhookConfig } });
    monitor = await t.login('ah-tcm');
    otherMonitor = await t.login('bz-price');
    maker = await t.login('huatuo');
    admin = await t.login('admin');
    receiver = await startReceiver();
  }, 120_000);
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('drafts, publishes with a number and a snapshot, refuses changes after publication, withdraws with a reason; all audited', async () => {
    // The warnings demo decided to publish 复方丹参片's 2010 case: the bulletin reports on it.
    const cases = (await monitor.get('/api/v1/warnings/cases?status=decided-publish&formula=复方丹参片')).json<{ items: { id: string }[] }>().items;
    expect(cases).toHaveLength(1);
    const caseId = cases[0]!.id;
    const created = await monitor.post('/api/v1/bulletins', draft({ caseIds: [caseId] }));
    expect(created.statusCode, created.body).toBe(201);
    const b = created.json<{ id: string; status: string; number: string | null; products: { code: string; nameZh: string }[]; caseIds: string[]; links: { page: string } }>();
    expect(b).toMatchObject({ status: 'draft', number: null, caseIds: [caseId] });
    expect(b.products).toEqual([expect.objectContaining({ code: 'FFDSP', nameZh: '复方丹参片' })]);

    // Another supply monitor may edit the draft; a draft is not public.
    const patched = await otherMonitor.patch(`/api/v1/bulletins/${b.id}`, { products: ['FFDSP', '复方丹参滴丸'], level: 'orange' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<{ products: unknown[]; level: string }>()).toMatchObject({ level: 'orange' });
    expect(patched.json<{ products: unknown[] }>().products).toHaveLength(2);
    await monitor.patch(`/api/v1/bulletins/${b.id}`, { products: ['FFDSP'], level: 'red' });
    expectProblem(await t.anonymous().get(`/api/v1/public/bulletins/${b.id}`), 404, 'not_found');
    expectProblem(await t.anonymous().get(`/api/v1/public/bulletins/${b.id}/pdf`), 404, 'not_found');
    expect((await t.anonymous().get('/api/v1/public/bulletins')).json<{ items: { id: string }[] }>().items.map((x) => x.id)).not.toContain(b.id);

    // A bulletin on a case nobody has decided to publish is refused and stays a draft.
    const undecided = (await monitor.get('/api/v1/warnings/cases?status=open')).json<{ items: { id: string }[] }>().items[0]!;
    const early = (await monitor.post('/api/v1/bulletins', draft({ title: '未决案件', caseIds: [undecided.id] }))).json<{ id: string }>();
    expectProblem(await monitor.post(`/api/v1/bulletins/${early.id}/publish`, CONFIRM), 409, 'illegal_transition');
    expect((await monitor.get(`/api/v1/bulletins/${early.id}`)).json<{ status: string }>().status).toBe('draft');

    // Red while 复方丹参片's measured level is not red: refused unless the monitor confirms it.
    const measured = (await monitor.get('/api/v1/supply/formulas/FFDSP')).json<{ level: string }>().level;
    expect(measured).not.toBe('above-red');
    const contradicted = expectProblem(await monitor.post(`/api/v1/bulletins/${b.id}/publish`, {}), 409, 'conflict');
    expect(contradicted.errors?.[0]).toMatchObject({ field: 'level', code: 'bulletins.levelContradicts', params: { level: 'red', measured: measured.split('-')[1] } });
    expect((await monitor.get(`/api/v1/bulletins/${b.id}`)).json<{ status: string }>().status).toBe('draft');
    // The measured level itself goes out without a confirmation.
    expect((await monitor.patch(`/api/v1/bulletins/${b.id}`, { level: measured.split('-')[1] })).statusCode).toBe(200);
    const published = await monitor.post(`/api/v1/bulletins/${b.id}/publish`, {});
    expect(published.statusCode, published.body).toBe(200);
    const reported = (await monitor.get(`/api/v1/warnings/cases/${caseId}`)).json<{ status: string; bulletinId: string | null }>();
    // The 2010 episode has ended, so its case closes as soon as it is published.
    expect(reported).toMatchObject({ status: 'closed', bulletinId: b.id });
    const p = published.json<{ status: string; number: string; publishedAt: string; snapshot: { date: string; products: { code: string; ratio: number; band: number[]; level: string; topShares: { herb: string; share: number }[] }[] } }>();
    expect(p.status).toBe('published');
    expect(p.number).toMatch(new RegExp(`^${year}-\\d{3}$`));
    expect(Date.now() - Date.parse(p.publishedAt)).toBeLessThan(60_000);
    const snap = p.snapshot.products[0]!;
    expect(snap).toMatchObject({ code: 'FFDSP', band: [0.1, 0.3] });
    expect(snap.ratio).toBeGreaterThan(0);
    expect(snap.topShares[0]!.herb).toBe('三七');
    expect(snap.topShares.reduce((s, x) => s + x.share, 0)).toBeLessThanOrEqual(1 + 1e-9);

    // Immutable: no edit, no second publication, no deletion.
    expectProblem(await monitor.patch(`/api/v1/bulletins/${b.id}`, { title: 'changed' }), 409, 'conflict');
    expectProblem(await monitor.post(`/api/v1/bulletins/${b.id}/publish`, CONFIRM), 409, 'conflict');
    expectProblem(await monitor.delete(`/api/v1/bulletins/${b.id}`), 409, 'conflict');

    // Public by id and by number, without login.
    const pub = await t.anonymous().get(`/api/v1/public/bulletins/${p.number}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json<{ id: string; links: { page: string; pdf: string } }>()).toMatchObject({ id: b.id, links: { page: `${PUBLIC_URL}/public/bulletins/${p.number}`, pdf: `${PUBLIC_URL}/api/v1/public/bulletins/${p.number}/pdf` } });
    expect(pub.json<Record<string, unknown>>().caseIds).toBeUndefined();

    expectProblem(await monitor.post(`/api/v1/bulletins/${b.id}/withdraw`, {}), 400, 'validation');
    const withdrawn = await monitor.post(`/api/v1/bulletins/${b.id}/withdraw`, { reason: '数据有误，更正后重新发布' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json<{ status: string; withdrawalReason: string; number: string }>()).toMatchObject({ status: 'withdrawn', withdrawalReason: '数据有误，更正后重新发布', number: p.number });
    expectProblem(await monitor.post(`/api/v1/bulletins/${b.id}/withdraw`, { reason: 'again' }), 409, 'conflict');
    const list = (await t.anonymous().get('/api/v1/public/bulletins')).json<{ items: { id: string; status: string }[] }>().items;
    expect(list.find((x) => x.id === b.id)?.status).toBe('withdrawn');

    expect(await auditActions(b.id)).toEqual(['bulletins.create', 'bulletins.update', 'bulletins.update', 'bulletins.update', 'bulletins.publish', 'bulletins.withdraw']);
    const publishAudit = await t.db.selectFrom('audit_log').select(['after', 'actor_user_id']).where('entity_id', '=', b.id).where('action', '=', 'bulletins.publish').executeTakeFirstOrThrow();
    expect(publishAudit.actor_user_id).not.toBeNull();
    expect(publishAudit.after).toMatchObject({ number: p.number, status: 'published' });

    // A draft can be deleted (audited); the next publication takes the next number.
    const scrap = (await monitor.post('/api/v1/bulletins', draft({ title: '作废草稿' }))).json<{ id: string }>();
    expect((await monitor.delete(`/api/v1/bulletins/${scrap.id}`)).statusCode).toBe(204);
    expect(await auditActions(scrap.id)).toEqual(['bulletins.create', 'bulletins.delete']);
    const second = (await monitor.post('/api/v1/bulletins', draft({ title: '第二期通报', level: 'yellow', includeSnapshot: false }))).json<{ id: string }>();
    const n2 = (await monitor.post(`/api/v1/bulletins/${second.id}/publish`, CONFIRM)).json<{ number: string; snapshot: unknown }>();
    expect(Number(n2.number.slice(5))).toBe(Number(p.number.slice(5)) + 1);
    expect(n2.snapshot).toBeNull();
  });

  it('names unknown products and bad fields; only supply monitors and admins write; tokens cannot publish', async () => {
    const bad = expectProblem(await monitor.post('/api/v1/bulletins', draft({ products: ['复方丹参片', '不存在的药'] })), 400, 'validation');
    expect(bad.errors).toEqual([expect.objectContaining({ field: 'products.1' })]);
    const shape = expectProblem(await monitor.post('/api/v1/bulletins', draft({ level: 'purple', audiences: [], recommendations: [{ code: 'bribe', text: 'x' }] })), 400, 'validation');
    expect(shape.errors!.map((e) => e.field).sort()).toEqual(['body.audiences', 'body.level', 'body.recommendations.0.code']);

    expectProblem(await t.anonymous().get('/api/v1/bulletins'), 401, 'unauthenticated');
    expectProblem(await maker.get('/api/v1/bulletins'), 403, 'forbidden');
    expectProblem(await maker.post('/api/v1/bulletins', draft()), 403, 'forbidden');
    expectProblem(await maker.get('/api/v1/bulletins/subscriptions'), 403, 'forbidden');
    const before = await countRows(t.db, 'bulletins');

    const token = (await makeToken(t.db, await orgId(t.db, 'BZ-MON-PRICE'), 'member')).token;
    const bot = t.anonymous({ authorization: `Bearer ${token}` });
    const byBot = await bot.post('/api/v1/bulletins', draft({ title: '监测站自动草稿' }));
    expect(byBot.statusCode, byBot.body).toBe(201);
    expectProblem(await bot.post(`/api/v1/bulletins/${byBot.json<{ id: string }>().id}/publish`, CONFIRM), 403, 'forbidden');
    expect(await countRows(t.db, 'bulletins')).toBe(before + 1);

    // Platform admins may do everything a monitor does.
    const byAdmin = (await admin.post('/api/v1/bulletins', draft({ title: '平台草稿' }))).json<{ id: string }>();
    expect((await admin.post(`/api/v1/bulletins/${byAdmin.id}/publish`, CONFIRM)).statusCode).toBe(200);
    expect((await admin.get('/api/v1/bulletins?status=draft')).json<{ items: { status: string }[] }>().items.every((x) => x.status === 'draft')).toBe(true);
  });

  it('serves Atom and RSS feeds of published bulletins as well-formed, escaped XML with links to the public page', async () => {
    const atom = await t.anonymous().get('/api/v1/public/bulletins/feed.atom');
    expect(atom.statusCode).toBe(200);
    expect(atom.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const a = parseXml(atom.body);
    const published = (await t.anonymous().get('/api/v1/public/bulletins')).json<{ items: { status: string; number: string; title: string }[] }>().items.filter((x) => x.status === 'published');
    expect(a.get('entry')).toHaveLength(published.length);
    // The title with <, &, " and ' comes back intact after parsing.
    const titles = a.get('title')!;
    expect(titles).toContain(`${published.find((x) => x.title.startsWith('第二期'))!.number} 第二期通报`);
    expect(a.get('@links')).toEqual(expect.arrayContaining([`alternate text/html ${PUBLIC_URL}/public/bulletins`, `self application/atom+xml ${PUBLIC_URL}/api/v1/public/bulletins/feed.atom`]));
    for (const b of published) expect(a.get('@links')).toContain(`alternate text/html ${PUBLIC_URL}/public/bulletins/${b.number}`);
    // Withdrawn bulletins are not in the feed.
    expect(a.get('title')!.some((x) => x.includes('<A&B> "quoted"'))).toBe(false);

    const rss = await t.anonymous().get('/api/v1/public/bulletins/feed.rss');
    expect(rss.headers['content-type']).toMatch(/^application\/rss\+xml/);
    const r = parseXml(rss.body);
    expect(r.get('item')).toHaveLength(published.length);
    expect(r.get('link')).toContain(`${PUBLIC_URL}/public/bulletins`);

    // Escaping itself: a published title with every special character parses back unchanged.
    const tricky = (await monitor.post('/api/v1/bulletins', draft({ title: 'Y/P < 30 % & "三七" \'涨价\' ]]> 通报' }))).json<{ id: string }>();
    const tn = (await monitor.post(`/api/v1/bulletins/${tricky.id}/publish`, CONFIRM)).json<{ number: string }>().number;
    const again = parseXml((await t.anonymous().get('/api/v1/public/bulletins/feed.atom')).body);
    expect(again.get('title')).toContain(`${tn} Y/P < 30 % & "三七" '涨价' ]]> 通报`);
    expect(parseXml((await t.anonymous().get('/api/v1/public/bulletins/feed.rss')).body).get('title')).toContain(`${tn} Y/P < 30 % & "三七" '涨价' ]]> 通报`);
  });

  it('renders a PDF whose text is the Chinese title, products and recommendations; drafts only for monitors', async () => {
    const b = (await monitor.post('/api/v1/bulletins', draft({ title: '关于复方丹参片原料成本倒挂的预警通报' }))).json<{ id: string }>();
    const draftPdf = await monitor.get(`/api/v1/bulletins/${b.id}/pdf`);
    expect(draftPdf.statusCode).toBe(200);
    expect(draftPdf.headers['content-type']).toBe('application/pdf');
    expectProblem(await maker.get(`/api/v1/bulletins/${b.id}/pdf`), 403, 'forbidden');
    const number = (await monitor.post(`/api/v1/bulletins/${b.id}/publish`, CONFIRM)).json<{ number: string }>().number;
    const res = await t.anonymous().get(`/api/v1/public/bulletins/${number}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The font is subset: a bulletin stays small although the font file is ~10 MB.
    expect(pdf.length).toBeLessThan(150_000);
    const text = (await extractPdfText(pdf)).replace(/\s+/g, '');
    expect(text).toContain('关于复方丹参片原料成本倒挂的预警通报');
    expect(text).toContain('复方丹参片（FFDSP）');
    expect(text).toContain('价格补贴');
    expect(text).toContain('提高最高零售价');
    expect(text).toContain(`第${number}号`);
    expect(text).toContain('三七');
  });

  it('subscriptions: https or allowed loopback only, secret shown once; a publication queues its deliveries atomically', async () => {
    expectProblem(await monitor.post('/api/v1/bulletins/subscriptions', { name: 'plain', url: 'http://example.org/hook', audiences: ['media'] }), 400, 'validation');
    expectProblem(await monitor.post('/api/v1/bulletins/subscriptions', { name: 'ftp', url: 'ftp://127.0.0.1/hook', audiences: ['media'] }), 400, 'validation');
    const created = await monitor.post('/api/v1/bulletins/subscriptions', { name: '省药监局接口', url: receiver.url('/authorities'), audiences: ['authorities'] });
    expect(created.statusCode, created.body).toBe(201);
    const sub = created.json<{ id: string; secret: string }>();
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    const mediaOnly = (await monitor.post('/api/v1/bulletins/subscriptions', { name: '媒体', url: receiver.url('/media'), audiences: ['media'] })).json<{ id: string }>();
    const paused = (await monitor.post('/api/v1/bulletins/subscriptions', { name: '暂停', url: 'https://hooks.example.cn/x', audiences: ['authorities'], active: false })).json<{ id: string }>();
    const listed = (await monitor.get('/api/v1/bulletins/subscriptions')).json<{ items: Record<string, unknown>[] }>().items;
    expect(listed.length).toBeGreaterThanOrEqual(3);
    for (const s of listed) expect(s.secret).toBeUndefined();
    const audit = await t.db.selectFrom('audit_log').select('after').where('entity_id', '=', sub.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).not.toContain(sub.secret);

    // A publication whose in-transaction hook fails leaves a draft, no number, no deliveries, no audit.
    const b = (await monitor.post('/api/v1/bulletins', draft({ title: '原子性测试', caseIds: ['5b0f9a62-3c55-4d6e-9d2a-3f1f0a6b7c10'] }))).json<{ id: string }>();
    const deliveriesBefore = await countRows(t.db, 'webhook_deliveries');
    const settings = { publicUrl: PUBLIC_URL, webhooks: webhookConfig };
    await expect(
      t.db.transaction().execute((trx) => service.publishBulletin(trx, systemServiceContext('test'), b.id, { settings, confirmLevel: true, hooks: [() => Promise.reject(new Error('case update failed'))] })),
    ).rejects.toThrow('case update failed');
    expect((await t.db.selectFrom('bulletins').select(['status', 'number']).where('id', '=', b.id).executeTakeFirstOrThrow())).toEqual({ status: 'draft', number: null });
    expect(await countRows(t.db, 'webhook_deliveries')).toBe(deliveriesBefore);
    expect(await auditActions(b.id)).toEqual(['bulletins.create']);

    // The hook sees the published bulletin and its queued deliveries in the same transaction.
    let seen: { number: string; caseIds: string[]; status: string; deliveries: number } | undefined;
    await t.db.transaction().execute((trx) =>
      service.publishBulletin(trx, systemServiceContext('test'), b.id, {
        settings,
        confirmLevel: true,
        hooks: [
          async (hookTrx, _ctx, e) => {
            const row = await hookTrx.selectFrom('bulletins').select('status').where('id', '=', e.bulletinId).executeTakeFirstOrThrow();
            const n = await hookTrx.selectFrom('webhook_deliveries').select(sql<number>`count(*)::int8`.as('n')).where('subject_id', '=', e.bulletinId).executeTakeFirstOrThrow();
            seen = { number: e.number, caseIds: e.caseIds, status: row.status, deliveries: n.n };
          },
        ],
      }),
    );
    // Audiences authorities+enterprises: the authorities subscriber gets it, media-only and paused ones do not.
    expect(seen).toMatchObject({ caseIds: ['5b0f9a62-3c55-4d6e-9d2a-3f1f0a6b7c10'], status: 'published' });
    const queued = await t.db.selectFrom('webhook_deliveries').select(['subscription_id', 'status', 'event']).where('subject_id', '=', b.id).execute();
    expect(queued.map((q) => q.subscription_id)).toContain(sub.id);
    expect(queued.map((q) => q.subscription_id)).not.toContain(mediaOnly.id);
    expect(queued.map((q) => q.subscription_id)).not.toContain(paused.id);
    expect(seen!.deliveries).toBe(queued.length);
    expect(queued.every((q) => q.status === 'pending' && q.event === 'bulletin.published')).toBe(true);
  });

  it('sends signed deliveries to 127.0.0.1, retries with exponential backoff up to the maximum, and shows their status', async () => {
    const subs = (await monitor.get('/api/v1/bulletins/subscriptions')).json<{ items: { id: string; name: string }[] }>().items;
    const sub = subs.find((s) => s.name === '省药监局接口')!;
    const secret = (await t.db.selectFrom('webhook_subscriptions').select('secret').where('id', '=', sub.id).executeTakeFirstOrThrow()).secret;
    receiver.received.length = 0;
    let clock = new Date(Date.now() + 1000);

    // Earlier tests queued a delivery; send everything that is due.
    for (let i = 0; i < 5 && (await runJobOnce(t.db, job(() => clock))); i++) {
      const due = await t.db.selectFrom('webhook_deliveries').select('id').where('status', 'in', ['pending', 'sending']).where('next_attempt_at', '<=', clock).execute();
      if (due.length === 0) break;
    }
    expect(receiver.received.length).toBeGreaterThanOrEqual(1);
    for (const r of receiver.received) {
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.headers['x-herbloop-event']).toBe('bulletin.published');
      expect(r.headers['x-herbloop-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers['x-herbloop-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature(secret, String(r.headers['x-herbloop-signature']), r.body, { now: clock })).toBe(true);
      // A changed body or another secret does not verify.
      expect(verifySignature(secret, String(r.headers['x-herbloop-signature']), `${r.body} `, { now: clock })).toBe(false);
      expect(verifySignature('whsec_other', String(r.headers['x-herbloop-signature']), r.body, { now: clock })).toBe(false);
      const body = JSON.parse(r.body) as { event: string; bulletin: { number: string; title: string; links: { page: string } } };
      expect(body.event).toBe('bulletin.published');
      expect(body.bulletin.links.page).toBe(`${PUBLIC_URL}/public/bulletins/${body.bulletin.number}`);
    }
    // Old signatures are refused by the receiver's tolerance.
    const first = receiver.received[0]!;
    expect(verifySignature(secret, String(first.headers['x-herbloop-signature']), first.body, { now: new Date(clock.getTime() + 3600_000) })).toBe(false);

    // A new publication whose receiver fails twice, then accepts: attempts 3, delivered.
    const b = (await monitor.post('/api/v1/bulletins', draft({ title: '重试测试' }))).json<{ id: string }>();
    await monitor.post(`/api/v1/bulletins/${b.id}/publish`, CONFIRM);
    receiver.received.length = 0;
    receiver.script.push(500, 503);
    clock = new Date(Date.now() + 1000);
    expect(await runJobOnce(t.db, job(() => clock))).toBe(true);
    const statusOf = async () =>
      (await monitor.get(`/api/v1/bulletins/deliveries?bulletin=${b.id}`)).json<{ items: { status: string; attempts: number; lastStatusCode: number | null; lastError: string | null; nextAttemptAt: string | null; lastAttemptAt: string }[] }>().items[0]!;
    let d = await statusOf();
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(Date.parse(d.nextAttemptAt!) - Date.parse(d.lastAttemptAt)).toBe(30_000);
    // Not due yet: nothing is sent.
    await runJobOnce(t.db, job(() => new Date(clock.getTime() + 29_000)));
    expect(receiver.received).toHaveLength(1);
    clock = new Date(clock.getTime() + 30_000);
    await runJobOnce(t.db, job(() => clock));
    d = await statusOf();
    expect(d).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: 503 });
    expect(Date.parse(d.nextAttemptAt!) - Date.parse(d.lastAttemptAt)).toBe(60_000);
    clock = new Date(clock.getTime() + 60_000);
    await runJobOnce(t.db, job(() => clock));
    d = await statusOf();
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    // The same delivery id on every retry (receivers dedupe by it).
    expect(new Set(receiver.received.map((r) => r.headers['x-herbloop-delivery'])).size).toBe(1);
    expect(receiver.received).toHaveLength(3);

    // A receiver that always fails: after the maximum of attempts the delivery is failed and never sent again.
    const c = (await monitor.post('/api/v1/bulletins', draft({ title: '失败测试' }))).json<{ id: string }>();
    await monitor.post(`/api/v1/bulletins/${c.id}/publish`, CONFIRM);
    receiver.received.length = 0;
    receiver.script.push(500, 500, 500, 500);
    for (let i = 0; i < 5; i++) {
      clock = new Date(clock.getTime() + 3600_000);
      await runJobOnce(t.db, job(() => clock));
    }
    const failed = (await monitor.get(`/api/v1/bulletins/deliveries?bulletin=${c.id}`)).json<{ items: { status: string; attempts: number }[] }>().items[0]!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(receiver.received).toHaveLength(3);
    receiver.script.length = 0;
    const counts = (await monitor.get(`/api/v1/bulletins/${c.id}`)).json<{ deliveries: { failed: number } }>().deliveries;
    expect(counts.failed).toBe(1);

    // Withdrawal notifies the subscribers too.
    await monitor.post(`/api/v1/bulletins/${b.id}/withdraw`, { reason: '测试撤回' });
    clock = new Date(Date.now() + 1000);
    receiver.received.length = 0;
    await runJobOnce(t.db, job(() => clock));
    expect(receiver.received.map((r) => r.headers['x-herbloop-event'])).toEqual(['bulletin.withdrawn']);
    expect((JSON.parse(receiver.received[0]!.body) as { bulletin: { status: string; withdrawalReason: string } }).bulletin).toMatchObject({ status: 'withdrawn', withdrawalReason: '测试撤回' });
  });

  it('the delivery job takes its advisory lock: while another process holds it nothing is sent; each delivery goes out once', async () => {
    const b = (await monitor.post('/api/v1/bulletins', draft({ title: '锁测试' }))).json<{ id: string }>();
    await monitor.post(`/api/v1/bulletins/${b.id}/publish`, CONFIRM);
    receiver.received.length = 0;
    const clock = () => new Date(Date.now() + 1000);
    if (kind === 'postgres') {
      // Another server process holds the job's lock (its transaction is open): this run skips.
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(t.db)).rows[0]!.s;
      const other: DatabaseHandle = await connectDatabase({ databaseUrl: t.databaseUrl!, schema, poolSize: 2 });
      try {
        let release!: () => void;
        const hold = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const isLocked = new Promise<void>((resolve) => (locked = resolve));
        const holder = other.db.transaction().execute(async (trx) => {
          await sql`select pg_advisory_xact_lock(${advisoryKey(WEBHOOK_JOB)})`.execute(trx);
          locked();
          await hold;
        });
        await isLocked;
        expect(await runJobOnce(t.db, job(clock))).toBe(false);
        expect(receiver.received).toHaveLength(0);
        release();
        await holder;
        // Two processes at once: together they send each delivery exactly once.
        const results = await Promise.all([runJobOnce(t.db, job(clock)), runJobOnce(other.db, job(clock))]);
        expect(results).toContain(true);
      } finally {
        await other.close();
      }
    } else {
      // PGlite is one process: two runs queue on its single connection and never overlap.
      await Promise.all([runJobOnce(t.db, job(clock)), runJobOnce(t.db, job(clock))]);
    }
    const ids = receiver.received.map((r) => String(r.headers['x-herbloop-delivery']));
    expect(ids.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await t.db.selectFrom('webhook_deliveries').select(['id', 'status', 'attempts']).where('subject_id', '=', b.id).execute();
    expect(rows.every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(true);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  });
});

describe.each(backends)('bulletin webhooks without the loopback flag (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind, config: { webhooks: { ...webhookConfig, allowHttpLoopback: false } } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses http even to 127.0.0.1 and names the flag; https is accepted', async () => {
    const monitor = await t.login('ah-tcm');
    const refused = expectProblem(await monitor.post('/api/v1/bulletins/subscriptions', { name: 'local', url: 'http://127.0.0.1:9/hook', audiences: ['media'] }), 400, 'validation');
    expect(refused.errors?.map((e) => e.field)).toEqual(['url']);
    expect(refused.errors?.[0]?.message).toMatch(/HERBLOOP_WEBHOOK_ALLOW_HTTP_LOOPBACK/);
    expectProblem(await monitor.post('/api/v1/bulletins/subscriptions', { name: 'creds', url: 'https://user:pw@hooks.example.cn/x', audiences: ['media'] }), 400, 'validation');
    expect((await monitor.post('/api/v1/bulletins/subscriptions', { name: 'ok', url: 'https://hooks.example.cn/x', audiences: ['media'] })).statusCode).toBe(201);
  });
});
