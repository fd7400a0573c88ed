import { describe, expect, it } from 'vitest';
import { param, readUrlState, type UrlValues, writeUrlState } from './urlState';

const schema = {
  q: param.text(),
  region: param.optional(),
  tab: param.oneOf(['herbs', 'markets'] as const, 'herbs'),
  finding: param.optionalOneOf(['open', 'resolved'] as const),
  page: param.int(1, { min: 1 }),
  year: param.int(undefined, { min: 1900, max: 2200 }),
  level: param.list(['red', 'orange', 'yellow', 'blue'] as const),
  status: param.list(['open', 'analysing', 'closed'] as const, ['open', 'analysing']),
};

describe('URL state', () => {
  it('reads the defaults from an empty URL', () => {
    expect(readUrlState(schema, new URLSearchParams(''))).toEqual({ q: '', region: undefined, tab: 'herbs', finding: undefined, page: 1, year: undefined, level: [], status: ['open', 'analysing'] });
  });

  it('reads typed values, repeated lists, and falls back to the default for what does not parse', () => {
    const s = readUrlState(schema, new URLSearchParams('q=%E4%B8%B9%E5%8F%82&region=340000&tab=markets&finding=open&page=3&year=2021&level=red&level=nope&level=blue'));
    expect(s).toEqual({ q: '丹参', region: '340000', tab: 'markets', finding: 'open', page: 3, year: 2021, level: ['red', 'blue'], status: ['open', 'analysing'] });
    const bad = readUrlState(schema, new URLSearchParams('tab=other&finding=x&page=0&year=20x1&region='));
    expect(bad).toEqual({ q: '', region: undefined, tab: 'herbs', finding: undefined, page: 1, year: undefined, level: [], status: ['open', 'analysing'] });
    expect(readUrlState(schema, new URLSearchParams('year=1800')).year).toBeUndefined();
  });

  it('writes only what changed, leaves defaults out and keeps other parameters', () => {
    const start = new URLSearchParams('id=abc&q=old&level=red');
    const next = writeUrlState(schema, start, { q: '', level: ['orange', 'yellow'], page: 2, tab: 'herbs' });
    expect(next.toString()).toBe('id=abc&level=orange&level=yellow&page=2');
    expect(start.toString()).toBe('id=abc&q=old&level=red'); // the input is not modified
  });

  it('a list with a default: absent is the default, an empty choice is kept as empty', () => {
    const cleared = writeUrlState(schema, new URLSearchParams(), { status: [] });
    expect(cleared.toString()).toBe('status=-');
    expect(readUrlState(schema, cleared).status).toEqual([]);
    expect(writeUrlState(schema, cleared, { status: ['open', 'analysing'] }).toString()).toBe('');
    expect(readUrlState(schema, new URLSearchParams('status=closed&status=bogus')).status).toEqual(['closed']);
  });

  it('round-trips: what is written reads back the same', () => {
    const values: UrlValues<typeof schema> = { q: 'a b&c', region: '341600', tab: 'markets', finding: 'resolved', page: 7, year: 2019, level: ['blue'], status: ['closed'] };
    const written = writeUrlState(schema, new URLSearchParams(), values);
    expect(readUrlState(schema, new URLSearchParams(written.toString()))).toEqual(values);
  });
});
