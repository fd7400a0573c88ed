import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobOnce } from '../../platform/jobs';
import { actorViewer, systemServiceContext, type ServiceContext } from '../../platform/viewer';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem, makeMember, makeToken, orgId, userId } from '../../../test/helpers/fixtures';
import { notify, type NotifyInput } from './notifications.service';
import { verifySignature, webhookDeliveryJob, type WebhookConfig } from './notifications.webhooks';

/**
 * The notification service through HTTP on both databases: inbox rows written with the change
 * (and gone with its rollback), visible and markable only by their own user; organisations'
 * webhooks to their events signed and retried like the bulletins' (same outbox, same job).
 */
const webhookConfig: WebhookConfig = { allowHttpLoopback: true, maxAttempts: 3, backoffSeconds: 30, timeoutMs: 3000 };

async function startReceiver() {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
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
  return { url: `http://127.0.0.1:${port}/hook`, received, script, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

interface Item {
  id: string;
  event: string;
  params: Record<string, string | number>;
  link: string | null;
  organisationId: string | null;
  readAt: string | null;
  subject: { type: string; id: string };
}
interface Page {
  items: Item[];
  unread: number;
  nextCursor: string | null;
}

describe.each(backends)('notifications API (%s)', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let huatuoOps: TestClient;
  let lvyuan: TestClient;
  let huatuoId: string;
  let lvyuanId: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const system = systemServiceContext('test');
  const emit = (input: NotifyInput, ctx: ServiceContext = system) => t.db.transaction().execute((trx) => notify(trx, ctx, input));
  const proposal = (id: string, over: Partial<NotifyInput> = {}): NotifyInput => ({
    event: 'exchange.proposal.made',
    subject: { type: 'exchange_proposals', id },
    recipients: { organisationIds: [huatuoId, lvyuanId] },
    params: { listing: '丹参药渣', tonnes: 12.5 },
    link: `/exchange/proposals/${id}`,
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp({ kind, config: { webhooks: webhookConfig } });
    huatuo = await t.login('huatuo');
    huatuoOps = await t.login('huatuo-ops');
    lvyuan = await t.login('lvyuan');
    huatuoId = await orgId(t.db, 'BZ-MFR-HUATUO');
    lvyuanId = await orgId(t.db, 'BZ-UTL-LVYUAN');
    receiver = await startReceiver();
  }, 120_000);
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('writes one row per member of each addressed organisation in the change’s transaction; a rollback leaves none', async () => {
    const id = crypto.randomUUID();
    const out = await emit(proposal(id));
    // huatuo has two members, lvyuan one.
    expect(out).toEqual({ inbox: 3, webhooks: 0 });
    const page = (await huatuo.get('/api/v1/notifications')).json<Page>();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ event: 'exchange.proposal.made', params: { listing: '丹参药渣', tonnes: 12.5 }, link: `/exchange/proposals/${id}`, organisationId: huatuoId, readAt: null, subject: { type: 'exchange_proposals', id } });
    expect(page.unread).toBe(1);

    const rolledBack = crypto.randomUUID();
    await expect(
      t.db.transaction().execute(async (trx) => {
        await notify(trx, system, proposal(rolledBack));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await t.db.selectFrom('notifications').select('id').where('subject_id', '=', rolledBack).execute()).toHaveLength(0);

    // The acting user is not told of their own act; their colleagues are. A user addressed twice gets one row.
    const own = crypto.randomUUID();
    const actor = { kind: 'user' as const, userId: await userId(t.db, 'huatuo'), tokenId: null, organisationId: huatuoId, organisationType: 'manufacturer' as const, regionCode: '341602', parkId: null, role: 'admin' as const };
    await emit(proposal(own, { recipients: { organisationIds: [huatuoId], userIds: [await userId(t.db, 'huatuo-ops')] } }), { viewer: actorViewer(actor), requestId: 'test' });
    const rows = await t.db.selectFrom('notifications').select(['user_id', 'organisation_id']).where('subject_id', '=', own).execute();
    expect(rows).toEqual([{ user_id: await userId(t.db, 'huatuo-ops'), organisation_id: huatuoId }]);
    // A link must be a path of the web app.
    await expect(emit(proposal(crypto.randomUUID(), { link: 'https://evil.example/x' }))).rejects.toThrow(/path of the web app/);
  });

  it('the inbox is its user’s only: others cannot read or mark it; tokens and anonymous callers have none', async () => {
    const mine = (await huatuoOps.get('/api/v1/notifications')).json<Page>().items[0]!;
    expectProblem(await lvyuan.post('/api/v1/notifications/read', { ids: [mine.id] }), 404, 'not_found');
    expect((await lvyuan.get('/api/v1/notifications')).json<Page>().items.map((i) => i.id)).not.toContain(mine.id);
    expectProblem(await t.anonymous().get('/api/v1/notifications'), 401, 'unauthenticated');
    const token = await makeToken(t.db, huatuoId);
    expectProblem(await t.anonymous({ authorization: `Bearer ${token.token}` }).get('/api/v1/notifications/unread'), 403, 'forbidden');
    expectProblem(await huatuoOps.post('/api/v1/notifications/read', { ids: ['not-a-uuid'] }), 400, 'validation');
    expect((await huatuoOps.get('/api/v1/notifications/read')).statusCode).toBe(404);
    expect(await t.db.selectFrom('notifications').select('read_at').where('id', '=', mine.id).executeTakeFirstOrThrow()).toEqual({ read_at: null });
  });

  it('marks read one by one or all, counts unread, and pages newest first with a cursor', async () => {
    const member = await makeMember(t.db, lvyuanId, 'member');
    const client = await t.login(member.username, 'fixture-password-1');
    const base = Date.now();
    for (let i = 0; i < 5; i++) await emit(proposal(crypto.randomUUID(), { params: { n: i }, recipients: { userIds: [member.userId] }, at: new Date(base + i) }));
    expect((await client.get('/api/v1/notifications/unread')).json()).toEqual({ unread: 5 });
    const first = (await client.get('/api/v1/notifications?limit=2')).json<Page>();
    expect(first.items.map((i) => i.params.n)).toEqual([4, 3]);
    const second = (await client.get(`/api/v1/notifications?limit=2&cursor=${first.nextCursor!}`)).json<Page>();
    const third = (await client.get(`/api/v1/notifications?limit=2&cursor=${second.nextCursor!}`)).json<Page>();
    expect([...second.items, ...third.items].map((i) => i.params.n)).toEqual([2, 1, 0]);
    expect(third.nextCursor).toBeNull();
    expectProblem(await client.get('/api/v1/notifications?cursor=garbage'), 400, 'validation');

    expect((await client.post('/api/v1/notifications/read', { ids: [first.items[0]!.id] })).json()).toEqual({ marked: 1, unread: 4 });
    // Marking again changes nothing.
    expect((await client.post('/api/v1/notifications/read', { ids: [first.items[0]!.id] })).json()).toEqual({ marked: 0, unread: 4 });
    expect((await client.get('/api/v1/notifications?unread=true')).json<Page>().items.map((i) => i.params.n)).toEqual([3, 2, 1, 0]);
    expect((await client.post('/api/v1/notifications/read-all')).json()).toEqual({ marked: 4, unread: 0 });
    expect((await client.get('/api/v1/notifications')).json<Page>().items.every((i) => i.readAt !== null)).toBe(true);
  });

  it('an organisation’s admin subscribes a webhook to its events: signed, retried, delivered once; others cannot see it', async () => {
    const input = { name: '绿源 ERP', url: receiver.url, events: ['exchange.proposal.made', 'exchange.contract.created'] };
    expectProblem(await huatuo.post(`/api/v1/organisations/${lvyuanId}/webhooks`, input), 403, 'forbidden');
    const bulletinEvent = expectProblem(await lvyuan.post(`/api/v1/organisations/${lvyuanId}/webhooks`, { ...input, events: ['bulletin.published'] }), 400, 'validation');
    expect(bulletinEvent.errors?.[0]?.field).toBe('body.events.0');
    expectProblem(await lvyuan.post(`/api/v1/organisations/${lvyuanId}/webhooks`, { ...input, url: 'http://hooks.example.cn/x' }), 400, 'validation');
    const created = await lvyuan.post(`/api/v1/organisations/${lvyuanId}/webhooks`, input);
    expect(created.statusCode).toBe(201);
    const sub = created.json<{ id: string; secret: string; events: string[] }>();
    expect(sub.secret).toMatch(/^whsec_/);
    const listed = (await lvyuan.get(`/api/v1/organisations/${lvyuanId}/webhooks`)).json<{ items: Record<string, unknown>[] }>().items;
    expect(listed.map((s) => s.id)).toEqual([sub.id]);
    expect(listed[0]!.secret).toBeUndefined();
    expectProblem(await huatuo.get(`/api/v1/organisations/${lvyuanId}/webhooks`), 403, 'forbidden');
    expectProblem(await huatuo.patch(`/api/v1/webhooks/${sub.id}`, { active: false }), 404, 'not_found');
    const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', sub.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['notifications.webhook.create']);
    expect(JSON.stringify(audit[0]!.after)).not.toContain(sub.secret);

    // An event addressed to lvyuan queues one delivery; one not subscribed to, or to others, none.
    const id = crypto.randomUUID();
    expect((await emit(proposal(id, { data: { proposalId: id, valuePerTonne: 160 } }))).webhooks).toBe(1);
    expect((await emit(proposal(crypto.randomUUID(), { event: 'exchange.bid.placed' }))).webhooks).toBe(0);
    expect((await emit(proposal(crypto.randomUUID(), { recipients: { organisationIds: [huatuoId] } }))).webhooks).toBe(0);

    receiver.script.push(503);
    let clock = new Date(Date.now() + 1000);
    const job = () => webhookDeliveryJob({ config: webhookConfig, now: () => clock });
    expect(await runJobOnce(t.db, job())).toBe(true);
    let [d] = (await lvyuan.get(`/api/v1/organisations/${lvyuanId}/webhooks/deliveries`)).json<{ items: { status: string; attempts: number; lastStatusCode: number; subject: { id: string } }[] }>().items;
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 503, subject: { id } });
    clock = new Date(clock.getTime() + 30_000);
    await runJobOnce(t.db, job());
    [d] = (await lvyuan.get(`/api/v1/organisations/${lvyuanId}/webhooks/deliveries`)).json<{ items: { status: string; attempts: number; lastStatusCode: number; subject: { id: string } }[] }>().items;
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
    expect(receiver.received).toHaveLength(2);
    const r = receiver.received[1]!;
    expect(r.headers['x-herbloop-event']).toBe('exchange.proposal.made');
    expect(r.headers['x-herbloop-delivery']).toBe(receiver.received[0]!.headers['x-herbloop-delivery']);
    expect(verifySignature(sub.secret, String(r.headers['x-herbloop-signature']), r.body, { now: clock })).toBe(true);
    expect(JSON.parse(r.body)).toMatchObject({ event: 'exchange.proposal.made', subject: { type: 'exchange_proposals', id }, link: `/exchange/proposals/${id}`, data: { proposalId: id, valuePerTonne: 160 } });
    // Nothing left to send: a further run sends nothing.
    clock = new Date(clock.getTime() + 3600_000);
    await runJobOnce(t.db, job());
    expect(receiver.received).toHaveLength(2);

    // Paused: no more deliveries; deleted: gone with its deliveries.
    expect((await lvyuan.patch(`/api/v1/webhooks/${sub.id}`, { active: false })).json()).toMatchObject({ active: false });
    expect((await emit(proposal(crypto.randomUUID()))).webhooks).toBe(0);
    expect((await lvyuan.delete(`/api/v1/webhooks/${sub.id}`)).statusCode).toBe(204);
    expect((await lvyuan.get(`/api/v1/organisations/${lvyuanId}/webhooks/deliveries`)).json<{ items: unknown[] }>().items).toHaveLength(0);
  });
});
