import { describe, expect, it } from 'vitest';
import { acceptReadings, futureReadings } from './readings';

const same = (a: { readingId: string; at: string; tag: string }, b: { readingId: string; at: string; tag: string }) => a.at === b.at && a.tag === b.tag;
const now = '2026-11-02T12:00:00.000Z';

describe('idempotent reading batches', () => {
  it('stores new readings, counts repeats as duplicates and names a conflicting row', () => {
    const known = new Map([['r1', { readingId: 'r1', at: '2026-11-02T10:00:00.000Z', tag: 'A' }]]);
    const batch = [
      { readingId: 'r1', at: '2026-11-02T10:00:00.000Z', tag: 'A' },
      { readingId: 'r2', at: '2026-11-02T10:05:00.000Z', tag: 'B' },
      { readingId: 'r2', at: '2026-11-02T10:05:00.000Z', tag: 'B' },
    ];
    expect(acceptReadings(batch, known, same, now)).toEqual({ accepted: [batch[1]], duplicates: ['r1', 'r2'], issues: [] });
    const conflict = acceptReadings([...batch, { readingId: 'r1', at: '2026-11-02T10:00:00.000Z', tag: 'C' }], known, same, now);
    expect(conflict).toEqual({ accepted: [], duplicates: [], issues: [{ index: 3, field: 'readingId', code: 'manifests.reading-conflict' }] });
  });

  it('refuses readings from the future beyond five minutes of clock allowance', () => {
    const batch = [
      { readingId: 'a', at: '2026-11-02T12:04:00.000Z', tag: 'A' },
      { readingId: 'b', at: '2026-11-02T12:06:00.000Z', tag: 'A' },
    ];
    expect(futureReadings(batch, now)).toEqual([{ index: 1, field: 'at', code: 'manifests.reading-time' }]);
    expect(acceptReadings(batch, new Map(), same, now).issues).toEqual([{ index: 1, field: 'at', code: 'manifests.reading-time' }]);
  });
});
