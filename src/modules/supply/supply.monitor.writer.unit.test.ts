import { describe, expect, it } from 'vitest';
import { chunksByDay } from './supply.monitor.writer';

describe('monitor writer head', () => {
  it('splits ticks into one chunk per day, keeping their order within a day', () => {
    const chunks = chunksByDay([1, 2, 3, 4, 5], [10, 11, 12, 13, 14], [7, 5, 7, 5, 9], [1.5, 2.5, 3.5, 4.5, 5.5]);
    expect(chunks.map((c) => ({ day: c.day, spec: [...c.spec], market: [...c.market], price: [...c.price] }))).toEqual([
      { day: 5, spec: [2, 4], market: [11, 13], price: [2.5, 4.5] },
      { day: 7, spec: [1, 3], market: [10, 12], price: [1.5, 3.5] },
      { day: 9, spec: [5], market: [14], price: [5.5] },
    ]);
    expect(chunksByDay([], [], [], [])).toEqual([]);
  });
});
