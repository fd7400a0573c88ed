import { describe, expect, it } from 'vitest';
import { chainFigures, type ChainFlow, flowChains } from './chains';

const flow = (f: Partial<ChainFlow> & Pick<ChainFlow, 'quantity'>): ChainFlow => ({ kind: 'material', local: true, disposal: null, valuePerUnit: null, mode: null, ...f });

describe('chains', () => {
  it('puts a flow on the chains it belongs to', () => {
    expect(flowChains(flow({ quantity: 1 }))).toEqual(['resource']);
    expect(flowChains(flow({ quantity: 1, valuePerUnit: 50 }))).toEqual(['resource', 'value']);
    expect(flowChains(flow({ quantity: 1, disposal: 'landfill' }))).toEqual(['ecological']);
    expect(flowChains(flow({ quantity: 1, disposal: 'landfill', valuePerUnit: -80 }))).toEqual(['ecological', 'value']);
    expect(flowChains(flow({ kind: 'energy', quantity: 1, valuePerUnit: 100 }))).toEqual(['resource']);
  });

  it('computes the figures of a hand-worked park', () => {
    // Reused: 100 t local at 50 元 (feed), 40 t to the outside at 200 元 (value-added), 10 t
    // local without a price. Disposed: 30 t landfill, 20 t harmless treatment with a 60 元 fee.
    const figures = chainFigures([
      flow({ quantity: 100, valuePerUnit: 50, mode: 'low-value-conversion' }),
      flow({ quantity: 40, local: false, valuePerUnit: 200, mode: 'value-added' }),
      flow({ quantity: 10 }),
      flow({ quantity: 30, disposal: 'landfill', mode: 'disposal' }),
      flow({ quantity: 20, disposal: 'harmless-treatment', valuePerUnit: -60, mode: 'disposal' }),
      flow({ kind: 'energy', quantity: 500 }),
      flow({ kind: 'water', quantity: 1200 }),
      flow({ kind: 'water', quantity: 99, disposal: 'discharge' }),
      flow({ quantity: 0, valuePerUnit: 1000 }),
    ]);
    expect(figures.resource).toEqual({ reusedT: 150, localReusedT: 110, localShare: 110 / 150, energyMWh: 500, waterM3: 1200 });
    // 100·50 + 40·200 − 20·60 = 5 000 + 8 000 − 1 200 = 11 800 元 over 160 t.
    expect(figures.value.value).toBe(11_800);
    expect(figures.value.pricedT).toBe(160);
    expect(figures.value.valuePerTonne).toBeCloseTo(73.75, 12);
    expect(figures.value.byMode).toEqual([
      { mode: 'low-value-conversion', tonnes: 100, value: 5000 },
      { mode: 'value-added', tonnes: 40, value: 8000 },
      { mode: 'disposal', tonnes: 20, value: -1200 },
    ]);
    expect(figures.ecological.disposedT).toBe(50);
    expect(figures.ecological.byHandling).toEqual([
      { handling: 'landfill', tonnes: 30, share: 0.6 },
      { handling: 'harmless-treatment', tonnes: 20, share: 0.4 },
    ]);
    expect(figures.ecological.harmlessShare).toBeCloseTo(0.4, 12);
    expect(figures.ecological.diversionRate).toBeCloseTo(150 / 200, 12);
  });

  it('gives null ratios on an empty network', () => {
    const figures = chainFigures([]);
    expect(figures.resource.localShare).toBeNull();
    expect(figures.value.valuePerTonne).toBeNull();
    expect(figures.ecological.harmlessShare).toBeNull();
    expect(figures.ecological.diversionRate).toBeNull();
  });
});
