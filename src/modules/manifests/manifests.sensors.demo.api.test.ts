import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import type { QueueItemView } from './manifests.regulation.schema';
import type { ManifestSummary } from './manifests.schema';
import type { SensorsView } from './manifests.sensors.schema';

/** The demo's sensor data: tracks and weighbridge readings of recent loads, one detour and one long stop, in the queue. */
describe.each(backends)('manifest sensors demo (%s)', (kind) => {
  let t: TestApp;
  let regulator: TestClient;

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['manifests', 'manifest-regulation', 'manifest-sensors'] });
    regulator = await t.login('bz-eeb');
  }, 300_000);
  afterAll(() => t.close());

  it('draws tracks with one deviation and one long stop, and weighs both ends', async () => {
    const items = (await regulator.get('/api/v1/manifests?limit=100')).json<{ items: ManifestSummary[] }>().items;
    const views = await Promise.all(items.map(async (m) => (await regulator.get(`/api/v1/manifests/${m.id}/sensors`)).json<SensorsView>()));
    const tracked = views.filter((v) => v.track.length > 0);
    expect(tracked.length).toBeGreaterThanOrEqual(3);
    expect(views.flatMap((v) => v.deviations)).toHaveLength(1);
    expect(views.flatMap((v) => v.stops)).toHaveLength(1);
    expect(tracked.every((v) => v.weighings.length === 2 && v.weight.status !== 'incomplete')).toBe(true);
    // The load weighed 8 % light on receipt is light at the destination's weighbridge too.
    expect(views.filter((v) => v.weight.status === 'mismatch').length).toBeGreaterThanOrEqual(1);
    const queue = (await regulator.get('/api/v1/manifests/queue?limit=500')).json<{ items: QueueItemView[] }>().items;
    expect(queue.filter((i) => i.kind === 'route-deviation').map((i) => i.detail.reason).sort()).toEqual(['long-stop', 'route-deviation']);
    expect(queue.some((i) => i.kind === 'discrepancy' && i.detail.reason === 'weight-mismatch')).toBe(true);
  });
});
