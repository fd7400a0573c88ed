import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import type { ManifestSummary, ManifestView, VerifyView } from './manifests.schema';

/** The demo's manifests: the anomalies it promises are there, and every trail verifies. */
describe.each(backends)('manifests demo (%s)', (kind) => {
  let t: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['manifests'] });
    admin = await t.login('admin');
  }, 300_000);
  afterAll(() => t.close());

  it('holds closed, light, partially refused, returned and in-transit loads, all verifying', async () => {
    const items = (await admin.get('/api/v1/manifests?limit=50')).json<{ items: ManifestSummary[] }>().items;
    expect(items).toHaveLength(5);
    const views = await Promise.all(items.map(async (m) => (await admin.get(`/api/v1/manifests/${m.id}`)).json<ManifestView>()));
    const flags = views.flatMap((v) => v.lines.flatMap((l) => l.discrepancies));
    expect(flags).toContain('weight-mismatch');
    expect(views.some((v) => v.lines.some((l) => l.outcome === 'partially-refused'))).toBe(true);
    expect(views.some((v) => v.events.some((e) => e.kind === 'returned'))).toBe(true);
    expect(views.filter((v) => v.status === 'in-transit').map((v) => v.holder)).toEqual([2]);
    const verified = (await admin.get('/api/v1/manifests/verify')).json<VerifyView>();
    expect(verified).toMatchObject({ checked: 5, broken: [] });
    expect(verified.events).toBe(views.reduce((n, v) => n + v.events.length, 0));
  });
});
