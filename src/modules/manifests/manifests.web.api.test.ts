import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/platform.dataset';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { orgId } from '../../../test/helpers/fixtures';
import type { ManifestSummary, ManifestView } from './manifests.schema';

/**
 * What the web pages need of the API, through HTTP on both databases, over the demo's
 * manifests: the list's filters (role in the manifest, status, period, waste code,
 * discrepancy), "what may I sign now" (own organisation or under a delegation), and who signed
 * each event for which organisation.
 */
describe.each(backends)('manifests API for the web pages (%s)', (kind) => {
  let t: TestApp;
  let tongda: TestClient;
  let shunan: TestClient;
  let zhaoneng: TestClient;
  let regulator: TestClient;
  let park: TestClient;
  let reader: TestClient;
  let ids: { tongda: string; shunan: string; park: string; jiuzhou: string };

  const list = async (client: TestClient, query = '') => {
    const res = await client.get(`/api/v1/manifests${query}`);
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<{ items: ManifestSummary[] }>().items;
  };
  const inTransit = async () => (await list(tongda, '?status=in-transit'))[0]!;

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['manifests'] });
    [tongda, shunan, zhaoneng, regulator, park] = (await Promise.all(['tongda', 'shunan', 'zhaoneng', 'bz-eeb', 'park'].map((u) => t.login(u)))) as [TestClient, TestClient, TestClient, TestClient, TestClient];
    const [td, sh, pk, jz] = await Promise.all(['BZ-TRN-TONGDA', 'BZ-TRN-SHUNAN', 'BZ-PARK-ADMIN', 'BZ-MFR-JIUZHOU'].map((c) => orgId(t.db, c)));
    ids = { tongda: td!, shunan: sh!, park: pk!, jiuzhou: jz! };
    reader = await t.login('tongda-driver');
  }, 180_000);
  afterAll(() => t.close());

  it('filters the list by the viewer’s role, status, period, waste code and discrepancy', async () => {
    const all = await list(tongda);
    expect(all).toHaveLength(4);
    expect(await list(tongda, '?role=transporter')).toHaveLength(4);
    expect(await list(tongda, '?role=generator')).toHaveLength(0);
    expect(await list(zhaoneng, '?role=receiver')).toHaveLength(1);
    expect((await list(tongda, '?status=closed')).map((m) => m.status)).toEqual(['closed', 'closed', 'closed']);
    expect(await list(tongda, '?wasteCode=SW13')).toHaveLength(4);
    expect(await list(tongda, '?wasteCode=SW59')).toHaveLength(0);
    // The demo's 8 % light load is the one weight discrepancy of Tongda's.
    const flagged = await list(tongda, '?discrepancy=true');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.discrepancies).toBeGreaterThan(0);
    expect(await list(tongda, '?discrepancy=false')).toHaveLength(3);
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    expect(await list(tongda, `?from=${day(6)}`)).toHaveLength(2);
    expect(await list(tongda, `?to=${day(10)}`)).toHaveLength(2);
    // Regulators see their region's, whatever role is asked (they are no party).
    expect(await list(regulator, '?role=generator')).toHaveLength(5);
    const bad = await tongda.get('/api/v1/manifests?from=2026-13-45');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('from');
  });

  it('says what the viewer may sign now, for whom, and signs under a delegation', async () => {
    const summary = await inTransit();
    const m = (await shunan.get(`/api/v1/manifests/${summary.id}`)).json<ManifestView>();
    expect(m.holder).toBe(2);
    expect(m.signable.map((s) => [s.kind, s.organisation.id, s.organisation.nameEn, s.delegated, s.to])).toEqual([['delivered', ids.shunan, 'Shunan Logistics Co.', false, null]]);
    // Tongda passed the load on: nothing is its to sign; the generator may reroute or take it back.
    expect((await tongda.get(`/api/v1/manifests/${summary.id}`)).json<ManifestView>().signable).toEqual([]);
    // The park administration may sign nothing and sees nothing until Shunan delegates signing to it.
    expect((await park.get(`/api/v1/manifests/${summary.id}`)).statusCode).toBe(404);
    const shunanAdmin = await t.login('shunan');
    const grant = await shunanAdmin.post(`/api/v1/organisations/${ids.shunan}/delegations`, { granteeId: ids.park, scopes: ['manifests.sign'] });
    expect(grant.statusCode).toBe(201);
    expect((await park.get('/api/v1/manifests/grantors')).json<{ items: { organisation: { id: string } }[] }>().items.map((g) => g.organisation.id)).toEqual([ids.shunan]);
    const asPark = (await park.get(`/api/v1/manifests/${summary.id}`)).json<ManifestView>();
    expect(asPark.signable.map((s) => [s.kind, s.organisation.id, s.delegated])).toEqual([['delivered', ids.shunan, true]]);
    const res = await park.post(`/api/v1/manifests/${summary.id}/events?view=full`, { kind: 'delivered', password: DEMO_PASSWORD, note: '代顺安物流签收' });
    expect(res.statusCode).toBe(201);
    const after = res.json<{ manifest: ManifestView }>().manifest;
    const last = after.events.at(-1)!;
    expect(last).toMatchObject({ kind: 'delivered', method: 'delegated', signer: { id: ids.shunan }, actingOrganisation: { id: ids.park }, signedBy: '曹磊（园区管委会）' });
    // Events the system signed (the demo) name no person.
    expect(after.events[0]!.signedBy).toBeNull();
    expect(after.events[0]!.actingOrganisation).toBeNull();
  });

  it('offers nothing to sign to a role that does not sign, and nothing to an overseer', async () => {
    const summary = (await list(zhaoneng))[0]!;
    expect((await regulator.get(`/api/v1/manifests/${summary.id}`)).json<ManifestView>().signable).toEqual([]);
    // The driver of the first transporter signs pickups; on a delivered manifest there is nothing for Tongda.
    const delivered = (await list(reader, '?status=delivered'))[0]!;
    expect((await reader.get(`/api/v1/manifests/${delivered.id}`)).json<ManifestView>().signable).toEqual([]);
    expect((await t.anonymous().get('/api/v1/manifests/grantors')).statusCode).toBe(401);
  });
});
