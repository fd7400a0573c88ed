import { describe, expect, it } from 'vitest';
import { circularityFigures } from './circularity';
import { classifyStream } from './classify';
import { generateDemoSet } from './demo';

describe('demo data set', () => {
  const demo = generateDemoSet({ seed: 7 });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateDemoSet({ seed: 7 })).toEqual(demo);
    expect(generateDemoSet({ seed: 8 }).streams[0]?.stream).not.toEqual(demo.streams[0]?.stream);
  });

  it('has at least 60 streams across stages, states and classes, with assays and handling', () => {
    const streams = demo.streams.map((s) => s.stream);
    expect(streams.length).toBeGreaterThanOrEqual(60);
    expect(new Set(streams.map((s) => s.id)).size).toBe(streams.length);
    expect(new Set(streams.map((s) => s.stage)).size).toBe(6);
    expect(new Set(streams.map((s) => s.state))).toEqual(new Set(['solid', 'liquid', 'gas']));
    const classes = new Set(streams.flatMap((s) => classifyStream(s).classes.map((c) => c.class)));
    expect(classes.size).toBe(4);
    expect(streams.filter((s) => Object.keys(s.assays).length > 1 || Object.keys(s.assays.constituents).length > 0).length).toBeGreaterThan(40);
    expect(streams.every((s) => s.currentHandling !== null && s.currentHandlingCostPerTonne !== null)).toBe(true);
    for (const firm of demo.manufacturers) expect(demo.streams.some((s) => s.firmId === firm.id)).toBe(true);
  });

  it('has 24 months of balanced records per stream, with utilisation rising', () => {
    expect(demo.records.length).toBe(demo.streams.length * 24);
    for (const r of demo.records) {
      const used = r.utilised.reduce((a, u) => a + u.tonnes, 0);
      const disposed = r.disposed.reduce((a, d) => a + d.tonnes, 0);
      expect(Math.abs(r.generatedT - used - disposed)).toBeLessThan(0.01);
    }
    const first = circularityFigures(demo.records, 'park', demo.parkId, '2024');
    const second = circularityFigures(demo.records, 'park', demo.parkId, '2025');
    expect(second.utilisationRate!).toBeGreaterThan(first.utilisationRate!);
    expect(second.utilisedByModeT['value-added']).toBeGreaterThan(0);
    expect(demo.records.every((r) => r.stage !== undefined && r.compositionClass !== undefined)).toBe(true);
  });

  it('works for a custom manufacturer list', () => {
    const small = generateDemoSet({ seed: 1, manufacturers: [{ id: 'm1', name: '甲' }, { id: 'm2', name: '乙' }], months: 3, startPeriod: '2025-11' });
    expect(small.streams.length).toBeGreaterThanOrEqual(60);
    expect([...new Set(small.records.map((r) => r.period))]).toEqual(['2025-11', '2025-12', '2026-01']);
  });
});
