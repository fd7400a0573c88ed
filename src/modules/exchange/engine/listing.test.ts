import { describe, expect, it } from 'vitest';
import { availableForListing, chinaDate, deliverySchedule, windowDays, windowsOverlap } from './listing';

const flat = new Array<number>(12).fill(100);
/** Harvest stream: 400 t in October, 10 t in the other months. */
const harvest = flat.map((_, m) => (m === 9 ? 400 : 10));

describe('how much of a stream a listing may offer', () => {
  it('a monthly listing gets its leanest month, less what other listings take from it', () => {
    expect(availableForListing(harvest, 'monthly', '2026-09-01', '2026-11-30', []).tonnes).toBe(10);
    expect(availableForListing(harvest, 'monthly', '2026-10-01', '2026-10-31', []).tonnes).toBe(400);
    const others = [{ kind: 'monthly' as const, tonnes: 60, start: '2026-10-15', end: '2026-12-31' }];
    expect(availableForListing(flat, 'monthly', '2026-10-01', '2026-10-31', others)).toEqual({ tonnes: 40, generated: 100, listed: 60 });
    // Months the other listing does not touch are free.
    expect(availableForListing(flat, 'monthly', '2027-01-01', '2027-02-28', others).tonnes).toBe(100);
  });

  it('a one-off lot gets the window’s days of generation, each month spread over its days', () => {
    expect(availableForListing(flat, 'one-off', '2026-01-01', '2026-03-31', []).tonnes).toBeCloseTo(300, 9);
    // Half of April (15 of 30 days).
    expect(availableForListing(flat, 'one-off', '2026-04-01', '2026-04-15', []).tonnes).toBeCloseTo(50, 9);
    // Another lot spread over all of April takes half its tonnes from the first half.
    const lot = [{ kind: 'one-off' as const, tonnes: 60, start: '2026-04-01', end: '2026-04-30' }];
    expect(availableForListing(flat, 'one-off', '2026-04-01', '2026-04-15', lot).tonnes).toBeCloseTo(20, 9);
    // A monthly listing of 30 t takes 30/30 t a day.
    const monthly = [{ kind: 'monthly' as const, tonnes: 30, start: '2026-04-01', end: '2026-04-30' }];
    expect(availableForListing(flat, 'one-off', '2026-04-01', '2026-04-15', monthly).tonnes).toBeCloseTo(35, 9);
  });

  it('never offers less than nothing', () => {
    const full = [{ kind: 'monthly' as const, tonnes: 150, start: '2026-01-01', end: '2026-01-31' }];
    expect(availableForListing(flat, 'monthly', '2026-01-01', '2026-01-31', full).tonnes).toBe(0);
  });
});

describe('windows, schedules and the market’s date', () => {
  it('counts both ends of a window; an open end overlaps everything after its start', () => {
    expect(windowDays('2026-02-01', '2026-02-28')).toBe(28);
    expect(windowsOverlap('2026-01-01', '2026-01-31', '2026-01-31', null)).toBe(true);
    expect(windowsOverlap('2026-01-01', '2026-01-31', '2026-02-01', null)).toBe(false);
    expect(windowsOverlap('2026-03-01', null, '2026-01-01', '2026-02-28')).toBe(false);
  });

  it('delivers a monthly quantity on the same day of each month, capped by short months; a lot once', () => {
    expect(deliverySchedule('monthly', 30, '2026-01-31', '2026-04-30').map((d) => d.date)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    expect(deliverySchedule('one-off', 12, '2026-05-02', '2026-06-30')).toEqual([{ date: '2026-05-02', tonnes: 12 }]);
  });

  it('collects a monthly quantity weekly, each month receiving exactly its tonnes over its collections', () => {
    const weekly = deliverySchedule('monthly', 30, '2026-01-27', '2026-03-10', 'weekly');
    expect(weekly.map((d) => d.date)).toEqual(['2026-01-27', '2026-02-03', '2026-02-10', '2026-02-17', '2026-02-24', '2026-03-03', '2026-03-10']);
    const byMonth = new Map<string, number>();
    for (const d of weekly) byMonth.set(d.date.slice(0, 7), (byMonth.get(d.date.slice(0, 7)) ?? 0) + d.tonnes);
    expect([...byMonth.values()].map((t) => Math.round(t * 1e9) / 1e9)).toEqual([30, 30, 30]);
    expect(weekly[1]!.tonnes).toBe(7.5);
    expect(deliverySchedule('one-off', 12, '2026-05-02', '2026-06-30', 'weekly')).toEqual([{ date: '2026-05-02', tonnes: 12 }]);
  });

  it('takes the date in China (UTC+8)', () => {
    expect(chinaDate(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
    expect(chinaDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
  });
});
