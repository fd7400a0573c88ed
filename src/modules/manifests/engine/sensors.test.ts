import { describe, expect, it } from 'vitest';
import { buildFrame, Jt808Error, parseFrame, parseLocationBody, positionsFromFrame } from './jt808';
import { corridorDeviations, distanceToSegmentKm, longStops, outsideCorridorKm, type TrackPoint } from './route';
import { acceptGpsBatch, compareWeighbridge, overtime, type GpsReading, type WeighbridgeReading } from './sensors';

/** One degree of great circle on the exchange's Earth (R = 6371.0088 km). */
const DEG_KM = (6371.0088 * Math.PI) / 180;
const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

describe('JT/T 808 location reports', () => {
  /**
   * Built by hand (2013 edition): 0x0200 from terminal 013912345678, serial 0x007D (escaped as
   * 7D 01), alarms bit 1 (overspeed) and bit 23 (route deviation), status ACC on + positioned,
   * 33.844512 N 115.778903 E, 40 m, 60.0 km/h, heading 90, 2026-11-02 09:30:00 GMT+8, odometer
   * item 0x01 = 1234.5 km, XOR checksum 0x9D.
   */
  const frame = hex(`7e 0200 0022 013912345678 007d01
    00800002 00000003 02046d20 06e6a557 0028 0258 005a 261102093000 01 04 00003039
    9d 7e`);

  it('reads the header and the body of a hand-built frame', () => {
    const f = parseFrame(frame);
    expect(f).toMatchObject({ messageId: 0x0200, edition: 2013, terminal: '013912345678', serial: 0x7d });
    expect(parseLocationBody(f.body)).toEqual({
      alarms: ['overspeed', 'route-deviation'],
      alarmFlags: 0x00800002,
      status: { accOn: true, positioned: true, encrypted: false, raw: 3 },
      lat: 33.844512,
      lon: 115.778903,
      altitudeM: 40,
      speedKmh: 60,
      directionDeg: 90,
      at: '2026-11-02T01:30:00.000Z',
      localTime: '261102093000',
      odometerKm: 1234.5,
      recorderSpeedKmh: null,
    });
    expect(positionsFromFrame(frame).readings).toEqual([
      { readingId: 'jt808:013912345678:261102093000', at: '2026-11-02T01:30:00.000Z', lat: 33.844512, lon: 115.778903, speedKmh: 60, headingDeg: 90, altitudeM: 40, alarms: ['overspeed', 'route-deviation'] },
    ]);
  });

  it('names what is wrong with a damaged frame', () => {
    const code = (bytes: Uint8Array) => {
      try {
        parseFrame(bytes);
      } catch (e) {
        return e instanceof Jt808Error ? e.code : 'other';
      }
      return 'none';
    };
    const corrupt = Uint8Array.from(frame);
    corrupt[20] = corrupt[20]! ^ 0x01;
    expect(code(corrupt)).toBe('jt808.checksum');
    expect(code(hex('7e 0200 7d03 7e'))).toBe('jt808.escape');
    expect(code(hex('0200 0000 7e'))).toBe('jt808.frame');
    // Body length in the attributes says 0x21, the frame carries 0x22 bytes.
    const header = hex('0200 0021 013912345678 0001');
    expect(code(buildFrame(Uint8Array.from([...header, ...parseFrame(frame).body])))).toBe('jt808.length');
    const badTime = Uint8Array.from(parseFrame(frame).body);
    badTime.set(hex('261332093000'), 22);
    expect(() => parseLocationBody(badTime)).toThrow(Jt808Error);
  });

  it('reads a 2019-edition batch upload (0x0704), skipping reports without a fix, south and west kept', () => {
    const body = (status: number, lat: number, lon: number, time: string) => {
      const b = new DataView(new ArrayBuffer(28));
      b.setUint32(0, 0);
      b.setUint32(4, status);
      b.setUint32(8, lat);
      b.setUint32(12, lon);
      b.setUint16(16, 5);
      b.setUint16(18, 0);
      b.setUint16(20, 0);
      const bytes = new Uint8Array(b.buffer);
      bytes.set(hex(time), 22);
      return bytes;
    };
    const items = [body(0b1111, 33_500_000, 70_250_000, '260101000000'), body(0b0001, 0, 0, '260101000010')];
    const payload = [0x00, 0x02, 0x01, ...items.flatMap((it) => [0x00, it.length, ...it])];
    const header = [0x07, 0x04, 0x40 | (payload.length >> 8), payload.length & 0xff, 0x01, ...hex('00000000013912345678'), 0x00, 0x09];
    const out = positionsFromFrame(buildFrame(Uint8Array.from([...header, ...payload])));
    expect(out.terminal).toBe('00000000013912345678');
    expect(out.skipped).toBe(1);
    expect(out.readings).toHaveLength(1);
    expect(out.readings[0]).toMatchObject({ lat: -33.5, lon: -70.25, at: '2025-12-31T16:00:00.000Z' });
  });
});

describe('GPS batches are idempotent by reading id', () => {
  const r = (id: string, at: string, lat = 33.8, lon = 115.7): GpsReading => ({ readingId: id, at, lat, lon });
  const known = new Map([['a', r('a', '2026-11-02T01:00:00Z')]]);

  it('keeps new readings in time order and reports repeats as duplicates', () => {
    const out = acceptGpsBatch([r('c', '2026-11-02T01:10:00Z'), r('a', '2026-11-02T01:00:00.000Z'), r('b', '2026-11-02T01:05:00Z'), r('b', '2026-11-02T01:05:00Z')], known);
    expect(out.issues).toEqual([]);
    expect(out.accepted.map((x) => x.readingId)).toEqual(['b', 'c']);
    expect(out.duplicates).toEqual(['a', 'b']);
  });

  it('refuses the whole batch on a conflicting repeat or a bad field, naming each', () => {
    const out = acceptGpsBatch([r('b', '2026-11-02T01:05:00Z'), r('a', '2026-11-02T01:00:00Z', 34), r('d', 'yesterday'), r('e', '2026-11-02T01:00:00Z', 91, 200)], known);
    expect(out.accepted).toEqual([]);
    expect(out.issues).toEqual([
      { index: 1, field: 'readingId', code: 'manifests.reading-conflict' },
      { index: 2, field: 'at', code: 'manifests.reading-time' },
      { index: 3, field: 'lat', code: 'manifests.reading-position' },
      { index: 3, field: 'lon', code: 'manifests.reading-position' },
    ]);
  });
});

describe('route corridor and stops', () => {
  const A = { lat: 0, lon: 0 };
  const B = { lat: 0, lon: 10 };

  it('measures the distance to a segment across, before and past it', () => {
    expect(distanceToSegmentKm({ lat: 1, lon: 5 }, A, B)).toBeCloseTo(DEG_KM, 6);
    expect(distanceToSegmentKm({ lat: 0, lon: -1 }, A, B)).toBeCloseTo(DEG_KM, 6);
    expect(distanceToSegmentKm({ lat: 0, lon: 12 }, A, B)).toBeCloseTo(2 * DEG_KM, 6);
    expect(outsideCorridorKm({ lat: 1, lon: 5 }, { kind: 'straight', from: A, to: B, halfWidthKm: 100 })).toBeCloseTo(DEG_KM - 100, 6);
    expect(outsideCorridorKm({ lat: 1, lon: 5 }, { kind: 'path', path: [A, { lat: 1, lon: 5 }, B], halfWidthKm: 1 })).toBe(0);
  });

  it('a detour corridor is the ellipse of routes at most roadFactor times the straight distance', () => {
    // Sites one degree apart; at the middle the ellipse reaches sqrt((1.3/2)² − (1/2)²) ≈ 0.415°.
    const detour = { kind: 'detour' as const, from: A, to: { lat: 0, lon: 1 }, roadFactor: 1.3, slackKm: 0 };
    expect(outsideCorridorKm({ lat: 0.4, lon: 0.5 }, detour)).toBe(0);
    expect(outsideCorridorKm({ lat: 0.43, lon: 0.5 }, detour)).toBeGreaterThan(0);
    // Along the axis it reaches 0.15° past each site: (1.3 − 1) / 2.
    expect(outsideCorridorKm({ lat: 0, lon: 1.14 }, detour)).toBe(0);
    expect(outsideCorridorKm({ lat: 0, lon: 1.2 }, detour)).toBeCloseTo(0.05 * DEG_KM, 6);
  });

  const at = (min: number) => new Date(Date.UTC(2026, 10, 2, 1, min)).toISOString();
  const track: TrackPoint[] = [
    { at: at(0), lat: 0, lon: 0 },
    { at: at(5), lat: 0.5, lon: 1 }, // one stray fix: noise
    { at: at(10), lat: 0, lon: 2 },
    { at: at(15), lat: 0.5, lon: 3 },
    { at: at(20), lat: 0.6, lon: 3.2 },
    { at: at(30), lat: 0.5, lon: 3.4 },
    { at: at(35), lat: 0, lon: 4 },
  ];

  it('flags episodes outside the corridor long enough, not a stray fix', () => {
    const deviations = corridorDeviations(track, { kind: 'straight', from: A, to: B, halfWidthKm: 20 });
    expect(deviations).toHaveLength(1);
    expect(deviations[0]).toMatchObject({ from: at(15), to: at(30), points: 3 });
    expect(deviations[0]!.maxOutsideKm).toBeCloseTo(0.6 * DEG_KM - 20, 0);
  });

  it('finds long stops away from the sites', () => {
    const stopTrack: TrackPoint[] = [
      { at: at(0), lat: 0, lon: 0 },
      { at: at(20), lat: 0, lon: 0.0005 },
      { at: at(40), lat: 0, lon: 0.0008 }, // 40 min at the generator: loading
      { at: at(50), lat: 0, lon: 1 },
      { at: at(70), lat: 0.0005, lon: 1 },
      { at: at(95), lat: 0.001, lon: 1.0005 }, // 45 min on the way
      { at: at(100), lat: 0, lon: 2 },
    ];
    expect(longStops(stopTrack, { exempt: [A, B] })).toEqual([{ from: at(50), to: at(95), minutes: 45, at: { lat: 0, lon: 1 } }]);
    expect(longStops(stopTrack, { exempt: [B] })).toHaveLength(2);
  });
});

describe('overtime and weighbridge', () => {
  const trip = { from: { lat: 0, lon: 0 }, to: { lat: 0, lon: 1 }, pickedUpAt: '2026-11-02T00:00:00Z', deliveredAt: null };

  it('allows the road distance at 50 km/h plus four hours', () => {
    const allowed = (DEG_KM * 1.3) / 50 + 4;
    expect(overtime(trip, '2026-11-02T06:00:00Z')).toEqual({ allowedHours: allowed, elapsedHours: 6, overdue: false });
    expect(overtime(trip, '2026-11-02T07:00:00Z').overdue).toBe(true);
    expect(overtime({ ...trip, deliveredAt: '2026-11-02T05:00:00Z' }, '2026-11-09T00:00:00Z')).toMatchObject({ elapsedHours: 5, overdue: false });
  });

  it('compares the net weights at both ends, the latest reading at each end counting', () => {
    const origin: WeighbridgeReading = { readingId: 'w1', at: '2026-11-02T00:30:00Z', end: 'origin', grossKg: 30_000, tareKg: 12_000 };
    const dest: WeighbridgeReading = { readingId: 'w2', at: '2026-11-02T05:00:00Z', end: 'destination', grossKg: 29_700, tareKg: 12_000 };
    expect(compareWeighbridge([origin])).toEqual({ status: 'incomplete', missing: ['destination'] });
    expect(compareWeighbridge([origin, dest])).toEqual({ status: 'mismatch', originNetKg: 18_000, destinationNetKg: 17_700, differenceKg: -300, differenceShare: -300 / 18_000, toleranceKg: 180 });
    const reweigh: WeighbridgeReading = { ...dest, readingId: 'w3', at: '2026-11-02T05:10:00Z', grossKg: 29_850 };
    expect(compareWeighbridge([origin, reweigh, dest]).status).toBe('within');
    expect(compareWeighbridge([origin, dest], { share: 0.02, minKg: 40 }).status).toBe('within');
  });
});
