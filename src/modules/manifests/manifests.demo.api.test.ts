import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { DEMO_PASSWORD } from '../../demo/platform.dataset';
import { orgId } from '../../../test/helpers/fixtures';
import type { ManifestSummary, ManifestView, VerifyView } from './manifests.schema';

/**
 * The demo's manifests (src/demo/manifests.step.ts): two years of loads under the exchange's
 * contracts with the anomalies it promises, the spot loads, and every trail verifying.
 */
describe.each(backends)('manifests demo (%s)', (kind) => {
  let t: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['byproducts', 'exchange', 'manifests'] });
    admin = await t.login('admin');
  }, 600_000);
  afterAll(() => t.close());

  it('follows the contracts: every delivery received in the last two years is under a manifest of its pair', async () => {
    const { rows } = await sql<{ deliveries: number; linked: number; mismatched: number; first: string }>`
      select count(*)::int as deliveries, count(m.id)::int as linked,
        count(*) filter (where m.id is not null and (m.generator_id <> d.from_organisation_id or m.contract_id <> d.contract_id or m.delivery_id <> d.id))::int as mismatched,
        (select min(created_at) from manifests)::date::text as first
      from exchange_contract_deliveries d left join manifests m on m.id = d.manifest_id
      where d.status = 'delivered' and d.planned_on >= current_date - 700`.execute(t.db);
    const r = rows[0]!;
    expect(r.deliveries).toBeGreaterThan(1000);
    expect(r.linked).toBe(r.deliveries);
    expect(r.mismatched).toBe(0);
    expect(Date.now() - Date.parse(r.first)).toBeGreaterThan(720 * 86_400_000);
  });

  it('holds about 3 % weight discrepancies, partial refusals, late receipts, overdue loads, a reroute and the spot loads', async () => {
    const { rows } = await sql<{ received: number; light: number; partial: number; refused: number; rerouted: number; returned: number }>`
      select count(*) filter (where l.received is not null)::int as received,
        count(*) filter (where 'weight-mismatch' = any(l.discrepancies))::int as light,
        count(*) filter (where l.outcome = 'partially-refused')::int as partial,
        count(*) filter (where l.outcome = 'refused')::int as refused,
        (select count(*)::int from manifests where status = 'rerouted') as rerouted,
        (select count(*)::int from manifest_events where kind = 'returned') as returned
      from manifest_lines l`.execute(t.db);
    const r = rows[0]!;
    expect(r.light / r.received).toBeGreaterThan(0.02);
    expect(r.light / r.received).toBeLessThan(0.045);
    expect(r.partial).toBeGreaterThan(5);
    expect(r.refused).toBe(1);
    expect(r.rerouted).toBe(1);
    expect(r.returned).toBe(1);
    // Received more than 48 hours after pickup, and loads on the road for days now.
    const late = await sql<{ late: number; stuck: number }>`
      select count(*) filter (where r.at - p.at > interval '48 hours')::int as late,
        count(*) filter (where r.at is null and m.status = 'in-transit' and p.at < now() - interval '48 hours')::int as stuck
      from manifests m join manifest_events p on p.manifest_id = m.id and p.kind = 'picked-up'
      left join manifest_events r on r.manifest_id = m.id and r.kind = 'received'`.execute(t.db);
    expect(late.rows[0]!.late).toBeGreaterThan(3);
    expect(late.rows[0]!.stuck).toBe(2);
    // The reroute: the delivery follows the load to its new manifest.
    const rerouted = (await admin.get('/api/v1/manifests?status=rerouted')).json<{ items: ManifestSummary[] }>().items;
    expect(rerouted).toHaveLength(1);
    const old = (await admin.get(`/api/v1/manifests/${rerouted[0]!.id}`)).json<ManifestView>();
    const next = (await admin.get(`/api/v1/manifests/${old.reroutedTo!}`)).json<ManifestView>();
    expect(next.status).toBe('closed');
    expect(next.deliveryId).toBe(old.deliveryId);
    const delivery = await t.db.selectFrom('exchange_contract_deliveries').select('manifest_id').where('id', '=', old.deliveryId!).executeTakeFirstOrThrow();
    expect(delivery.manifest_id).toBe(next.id);
    // The spot loads: the one in transit with two transporters is with the second.
    const spot = (await admin.get('/api/v1/manifests?status=in-transit&limit=50')).json<{ items: ManifestSummary[] }>().items;
    const holders = await Promise.all(spot.map(async (m) => (await admin.get(`/api/v1/manifests/${m.id}`)).json<ManifestView>().holder));
    expect(holders).toContain(2);
  });

  it('a manifest made for a contract delivery is written back on the delivery, and the contract shows it', async () => {
    const huatuo = await t.login('huatuo-ops');
    const hu = (await orgId(t.db, 'BZ-MFR-HUATUO'));
    const planned = await t.db
      .selectFrom('exchange_contract_deliveries as d')
      .innerJoin('exchange_contracts as c', 'c.id', 'd.contract_id')
      .select(['d.id', 'd.contract_id', 'd.seq', 'c.buyer_organisation_id'])
      .where('d.from_organisation_id', '=', hu)
      .where('d.status', '=', 'planned')
      .where('d.manifest_id', 'is', null)
      .orderBy('d.planned_on')
      .executeTakeFirstOrThrow();
    const site = await t.db.selectFrom('sites').select('id').where('organisation_id', '=', hu).executeTakeFirstOrThrow();
    const tongda = (await orgId(t.db, 'BZ-TRN-TONGDA'));
    const body = {
      generatorId: hu,
      generatorSiteId: site.id,
      receiverId: planned.buyer_organisation_id,
      transporters: [{ organisationId: tongda, plate: '皖S·2307', driverName: '马强' }],
      lines: [{ wasteCode: 'SW13', description: '中药渣（湿）', quantity: '10', unit: 't', measure: 'estimated' }],
      contractId: planned.contract_id,
      password: DEMO_PASSWORD,
    };
    // Another firm's delivery: refused naming the field, nothing written.
    const other = await t.db.selectFrom('exchange_contract_deliveries').select('id').where('from_organisation_id', '!=', hu).where('contract_id', '=', planned.contract_id).executeTakeFirst();
    const before = await t.db.selectFrom('manifests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const wrong = await huatuo.post('/api/v1/manifests', { ...body, deliveryId: other?.id ?? '00000000-0000-4000-8000-000000000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ errors: { field: string; code: string }[] }>().errors.map((e) => [e.field, e.code])).toContainEqual(['deliveryId', 'manifests.unknownDelivery']);
    expect(await t.db.selectFrom('manifests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(before);

    const made = await huatuo.post('/api/v1/manifests', { ...body, deliveryId: planned.id });
    expect(made.statusCode, made.body).toBe(201);
    const m = made.json<ManifestView>();
    expect(m).toMatchObject({ contractId: planned.contract_id, deliveryId: planned.id });
    const contract = (await huatuo.get(`/api/v1/exchange/contracts/${planned.contract_id}`)).json<{ deliveries: { id: string; manifestId: string | null }[] }>();
    expect(contract.deliveries.find((d) => d.id === planned.id)!.manifestId).toBe(m.id);
  });

  it('verifies every trail', async () => {
    const verified = (await admin.get('/api/v1/manifests/verify')).json<VerifyView>();
    const counts = await t.db.selectFrom('manifests').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('event_count').as('events')]).executeTakeFirstOrThrow();
    expect(verified).toMatchObject({ checked: Number(counts.n), broken: [] });
    expect(verified.events).toBe(Number(counts.events));
  }, 300_000);
});
