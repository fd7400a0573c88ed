import { describe, expect, it } from 'vitest';
import { networkFigures } from './network';
import { parseNetwork } from './network-input';
import { randomRegion } from './random-region';
import { parkLevelNetwork, parkNetworks, type Region } from './region';

/**
 * Two parks: in P, a → b 100 and b → a 20; in Q, c → d 50; between them b → c 30 and d → a 10;
 * outside → a 200.
 */
const region: Region = {
  nodes: [
    { id: 'a', type: 'manufacturer', park: 'P' },
    { id: 'b', type: 'utilizer', park: 'P' },
    { id: 'c', type: 'manufacturer', park: 'Q' },
    { id: 'd', type: 'utilizer', park: 'Q' },
  ],
  flows: [
    { from: null, to: 'a', tonnes: 200 },
    { from: 'a', to: 'b', tonnes: 100 },
    { from: 'b', to: 'a', tonnes: 20 },
    { from: 'c', to: 'd', tonnes: 50 },
    { from: 'b', to: 'c', tonnes: 30 },
    { from: 'd', to: 'a', tonnes: 10 },
  ],
};

describe('a region read per park and as a network of parks', () => {
  it("each park sees the other park's end of a flow as the outside", () => {
    const parks = parkNetworks(region);
    expect([...parks.keys()]).toEqual(['P', 'Q']);
    expect(parks.get('P')!.flows).toEqual([
      { from: null, to: 'a', tonnes: 200 },
      { from: 'a', to: 'b', tonnes: 100 },
      { from: 'b', to: 'a', tonnes: 20 },
      { from: 'b', to: null, tonnes: 30 },
      { from: null, to: 'a', tonnes: 10 },
    ]);
    expect(parks.get('Q')!.flows).toEqual([
      { from: 'c', to: 'd', tonnes: 50 },
      { from: null, to: 'c', tonnes: 30 },
      { from: 'd', to: null, tonnes: 10 },
    ]);
    for (const network of parks.values()) expect(parseNetwork(network).ok).toBe(true);
  });

  it('the network of parks: one link each way, internal flows as self-loops', () => {
    // P: in 200 (outside) + 120 (own) + 10 (from Q) = 330, out 120 + 30 = 150: T_P = 330.
    // Q: in 50 + 30 = 80, out 50 + 10 = 60: T_Q = 80. TST = 410.
    // P_PP = 120/330, P_PQ = 30/330, P_QP = 10/80, P_QQ = 50/80. I − P = [[210/330, −30/330],
    // [−10/80, 30/80]]; det = (210·30 − 30·10)/(330·80) = 6000/26400 = 5/22.
    // N_PP = (30/80)/(5/22) = 33/20, N_QQ = (210/330)/(5/22) = 14/5.
    // FCI = ((13/33)·330 + (9/14)·80) / 410 = (130 + 360/7) / 410.
    const figures = networkFigures(parkLevelNetwork(region));
    expect(figures).toMatchObject({ nodes: 2, links: 2, connectance: 1, cycles: { count: 1, truncated: false }, totalSystemThroughflow: 410 });
    expect(figures.finnCyclingIndex).toBeCloseTo((130 + 360 / 7) / 410, 12);
  });

  it('a seeded random region has the asked size, shares and no bad reference', () => {
    const a = randomRegion(7, { parks: 5, firmsPerPark: 20, flows: 2000 });
    const b = randomRegion(7, { parks: 5, firmsPerPark: 20, flows: 2000 });
    expect(a).toEqual(b);
    expect(a.region.nodes).toHaveLength(100);
    expect(a.region.flows).toHaveLength(2000);
    const park = new Map(a.region.nodes.map((n) => [n.id, n.park]));
    const between = a.region.flows.filter((f) => f.from !== null && f.to !== null && park.get(f.from) !== park.get(f.to)).length;
    expect(between / 2000).toBeGreaterThan(0.03);
    expect(between / 2000).toBeLessThan(0.07);
    expect(parseNetwork({ nodes: a.region.nodes.map(({ id, type }) => ({ id, type })), flows: a.region.flows }).ok).toBe(true);
  });
});
