import { describe, expect, it } from 'vitest';
import { cityCodes, quantityBand } from './public';

describe('public page facts', () => {
  it('puts a load in its quantity band, edges inclusive from below', () => {
    expect(quantityBand('0')).toEqual({ from: 0, to: 1 });
    expect(quantityBand('0.999')).toEqual({ from: 0, to: 1 });
    expect(quantityBand('1')).toEqual({ from: 1, to: 5 });
    expect(quantityBand('12.4')).toEqual({ from: 10, to: 20 });
    expect(quantityBand('49.999')).toEqual({ from: 20, to: 50 });
    expect(quantityBand('50')).toEqual({ from: 50, to: null });
    expect(quantityBand('123456')).toEqual({ from: 50, to: null });
  });

  it('names no place finer than the city', () => {
    expect(cityCodes('341602')).toEqual(['341600', '340000']);
    expect(cityCodes('341600')).toEqual(['341600', '340000']);
    expect(cityCodes('340000')).toEqual(['340000']);
    expect(cityCodes('34')).toEqual([]);
  });
});
